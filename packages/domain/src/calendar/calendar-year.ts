import { z } from 'zod';
import { chinaDate, PACKAGE_CALENDAR_DATA, WorkingCalendar, type CalendarData } from './calendar';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const isoDate = z
  .string({ message: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((date) => {
    const time = Date.parse(`${date}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
  }, { message: 'is not a date in the calendar', abort: true });

const calendarDay = z.object({
  date: isoDate,
  /** As the notice names it, e.g. 春节 or 国庆节. */
  name: z.string({ message: 'must name the holiday, e.g. 春节' }).trim().min(1, 'must name the holiday, e.g. 春节').max(40, 'must be at most 40 characters'),
});

export type CalendarDay = z.infer<typeof calendarDay>;

/**
 * One year's official holiday schedule, as the 国务院办公厅 notice (关于…部分节假日安排的通知) gives it:
 * the days off (`holidays`, weekends inside a holiday may be listed or not) and the weekend days
 * worked in lieu (`workdays`, 调休上班).
 */
export const calendarYearSchema = z
  .object({
    year: z.number({ message: 'must be a year such as 2027' }).int('must be a whole year such as 2027').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
    holidays: z.array(calendarDay, { message: 'must be a list of {date, name}' }).min(1, 'must list at least one holiday (the notice always has some)'),
    workdays: z.array(calendarDay, { message: 'must be a list of {date, name} (may be empty)' }),
  })
  .superRefine((schedule, ctx) => {
    const holidayDates = new Set<string>();
    for (const list of ['holidays', 'workdays'] as const) {
      const seen = new Set<string>();
      schedule[list].forEach(({ date }, i) => {
        const path = [list, i, 'date'];
        if (Number(date.slice(0, 4)) !== schedule.year) ctx.addIssue({ code: 'custom', path, message: `${date} is not in ${schedule.year}` });
        if (seen.has(date)) ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice` });
        seen.add(date);
        if (list === 'holidays') holidayDates.add(date);
        else if (holidayDates.has(date)) ctx.addIssue({ code: 'custom', path, message: `${date} is also listed as a holiday` });
        else {
          const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
          if (weekday !== 0 && weekday !== 6) {
            ctx.addIssue({ code: 'custom', path, message: `${date} is a ${WEEKDAYS[weekday]}, a working day anyway: a make-up working day (调休) falls on a weekend` });
          }
        }
      });
    }
  });

export type CalendarYear = z.infer<typeof calendarYearSchema>;

/**
 * The calendar in force: the `chinese-days` package's data, with each entered year replacing the
 * package's data for that year (an admin's entry is the correction or the missing year).
 */
export function buildWorkingCalendar(entered: readonly CalendarYear[], base: CalendarData = PACKAGE_CALENDAR_DATA): WorkingCalendar {
  if (entered.length === 0) return new WorkingCalendar(base);
  const replaced = new Set(entered.map((e) => e.year));
  const keep = (days: Record<string, string>) => Object.fromEntries(Object.entries(days).filter(([date]) => !replaced.has(Number(date.slice(0, 4)))));
  const data: CalendarData = { holidays: keep(base.holidays), workdays: keep(base.workdays) };
  for (const year of entered) {
    for (const day of year.holidays) data.holidays[day.date] = day.name;
    for (const day of year.workdays) data.workdays[day.date] = day.name;
  }
  return new WorkingCalendar(data, replaced);
}

/**
 * The years, ascending, that some of `dates` fall in (in China time) and the calendar has no
 * holiday schedule for: a deadline there counts only weekends as days off.
 */
export function uncoveredYears(calendar: WorkingCalendar, dates: Iterable<Date | string>): number[] {
  const years = new Set<number>();
  for (const date of dates) {
    // A bare `YYYY-MM-DD` is a China date already; an instant is placed in China time first.
    const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : chinaDate(new Date(date));
    const year = Number(day.slice(0, 4));
    if (!calendar.covers(year)) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}
