import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** Holidays and make-up working days (调休), keyed by `YYYY-MM-DD` in China time. */
export interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The data of the `chinese-days` package this build ships with. */
export const PACKAGE_CALENDAR_DATA: CalendarData = { holidays: (calendarData as CalendarData).holidays, workdays: (calendarData as CalendarData).workdays };

/** China has one time zone and no daylight saving: UTC+8 all year. */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The date (`YYYY-MM-DD`) an instant falls on in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China date begins (00:00 UTC+8). */
export function startOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** The instant a China date ends: a deadline "on" a date holds until midnight in China. */
export function endOfChinaDay(date: string): Date {
  return new Date(startOfChinaDay(date).getTime() + DAY_MS);
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Chinese working days: Monday–Friday, minus public holidays, plus make-up working days.
 * Built from the maintained `chinese-days` package (and years an admin entered, see
 * `buildWorkingCalendar`); a different data set gives a different `version`, which is how open
 * deadlines know they must be recomputed.
 */
export class WorkingCalendar {
  readonly version: string;
  readonly lastCoveredYear: number;
  /** Years with holiday data, ascending: outside them, only weekends are days off. */
  readonly coveredYears: readonly number[];
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;

  /** `alsoCovered`: years known complete even where the data has no date in them. */
  constructor(data: CalendarData = PACKAGE_CALENDAR_DATA, alsoCovered: Iterable<number> = []) {
    this.holidays = new Set(Object.keys(data.holidays));
    this.workdays = new Set(Object.keys(data.workdays));
    const years = new Set([...this.holidays, ...this.workdays].map((d) => Number(d.slice(0, 4))));
    for (const year of alsoCovered) years.add(year);
    this.coveredYears = [...years].sort((a, b) => a - b);
    this.lastCoveredYear = this.coveredYears.at(-1) ?? 0;
    // Only the dates count: the same days under other names compute the same deadlines.
    this.version = `cd-${fnv1a([...this.holidays].sort().join() + '|' + [...this.workdays].sort().join())}`;
  }

  /** Whether the calendar has the official holiday schedule of `year` (from the package or entered). */
  covers(year: number): boolean {
    return this.coveredYears.includes(year);
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The `n`-th working day after `date` (n ≥ 1); for n = 0, `date` itself if it is a working day, else the next one. */
  addWorkingDays(date: string, n: number): string {
    let day = date;
    if (n === 0) {
      while (!this.isWorkingDay(day)) day = addCalendarDays(day, 1);
      return day;
    }
    let left = n;
    while (left > 0) {
      day = addCalendarDays(day, 1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /** The `n`-th working day before `date` (n ≥ 1). */
  subtractWorkingDays(date: string, n: number): string {
    let day = date;
    let left = n;
    while (left > 0) {
      day = addCalendarDays(day, -1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /** Whole working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
