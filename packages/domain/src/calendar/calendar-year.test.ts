import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from './calendar';
import { buildWorkingCalendar, calendarYearSchema, uncoveredYears, type CalendarYear } from './calendar-year';

/** A 2027 schedule shaped like the notice's (the real one is published late in 2026). */
const year2027: CalendarYear = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    ...['06', '07', '08', '09', '10', '11', '12', '13', '14'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-20', name: '春节' }],
};

const packageOnly = new WorkingCalendar();

/** The first issue's field and message, as an admin reads them. */
function firstIssue(input: unknown): { field: string; message: string } {
  const parsed = calendarYearSchema.safeParse(input);
  if (parsed.success) throw new Error('expected the schedule to be refused');
  const issue = parsed.error.issues[0]!;
  return { field: issue.path.join('.'), message: issue.message };
}

describe("a year's holiday schedule entered by an admin", () => {
  it('accepts the notice as entered', () => {
    expect(calendarYearSchema.parse(year2027)).toEqual(year2027);
  });

  it('names the date outside the year', () => {
    expect(firstIssue({ ...year2027, holidays: [...year2027.holidays, { date: '2026-12-31', name: '元旦' }] })).toEqual({
      field: 'holidays.10.date',
      message: '2026-12-31 is not in 2027',
    });
  });

  it('names a date not written YYYY-MM-DD, and one that does not exist', () => {
    expect(firstIssue({ ...year2027, holidays: [{ date: '2027/02/06', name: '春节' }] })).toEqual({ field: 'holidays.0.date', message: 'must be a date written YYYY-MM-DD' });
    expect(firstIssue({ ...year2027, workdays: [{ date: '2027-02-30', name: '春节' }] })).toEqual({ field: 'workdays.0.date', message: 'is not a date in the calendar' });
  });

  it('refuses a day that is both a holiday and a make-up working day', () => {
    expect(firstIssue({ ...year2027, workdays: [{ date: '2027-02-13', name: '春节' }] })).toEqual({ field: 'workdays.0.date', message: '2027-02-13 is also listed as a holiday' });
  });

  it('refuses a make-up working day that is a weekday anyway (a typo in the date)', () => {
    expect(firstIssue({ ...year2027, workdays: [{ date: '2027-02-22', name: '春节' }] })).toMatchObject({
      field: 'workdays.0.date',
      message: expect.stringContaining('2027-02-22 is a Monday'),
    });
  });

  it('refuses a date listed twice, a missing name, a missing year and an empty holiday list', () => {
    expect(firstIssue({ ...year2027, holidays: [...year2027.holidays, { date: '2027-01-01', name: '元旦' }] })).toEqual({ field: 'holidays.10.date', message: '2027-01-01 is listed twice' });
    expect(firstIssue({ ...year2027, holidays: [{ date: '2027-01-01', name: ' ' }] })).toEqual({ field: 'holidays.0.name', message: 'must name the holiday, e.g. 春节' });
    expect(firstIssue({ holidays: year2027.holidays, workdays: [] })).toEqual({ field: 'year', message: 'must be a year such as 2027' });
    expect(firstIssue({ ...year2027, holidays: [] })).toMatchObject({ field: 'holidays', message: expect.stringContaining('at least one holiday') });
  });

  it('accepts a holiday that falls on a weekend anyway', () => {
    expect(calendarYearSchema.safeParse({ ...year2027, holidays: [{ date: '2027-02-06', name: '春节' }] }).success).toBe(true);
  });
});

describe('the calendar with entered years', () => {
  it('makes the 2027 Spring Festival days off and its make-up Saturday a working day', () => {
    // Without 2027 data, only weekends are days off.
    expect(packageOnly.isWorkingDay('2027-02-08')).toBe(true);
    expect(packageOnly.isWorkingDay('2027-02-20')).toBe(false);
    const calendar = buildWorkingCalendar([year2027]);
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false);
    expect(calendar.isWorkingDay('2027-02-12')).toBe(false);
    expect(calendar.isWorkingDay('2027-02-15')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true);
    expect(calendar.addWorkingDays('2027-02-05', 1)).toBe('2027-02-15');
    // The package's years are still there.
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
  });

  it("replaces the package's data for a year it enters", () => {
    const corrected = buildWorkingCalendar([{ year: 2026, holidays: [{ date: '2026-10-01', name: '国庆节' }], workdays: [] }]);
    expect(corrected.isWorkingDay('2026-10-01')).toBe(false);
    // The package's Spring Festival of 2026 is gone with the rest of its 2026 data.
    expect(corrected.isWorkingDay('2026-02-16')).toBe(true);
    expect(corrected.isWorkingDay('2026-02-14')).toBe(false);
    expect(corrected.isWorkingDay('2025-10-01')).toBe(false);
  });

  it('gets a new version when the entered data changes, and keeps it when it does not', () => {
    const entered = buildWorkingCalendar([year2027]);
    expect(buildWorkingCalendar([]).version).toBe(packageOnly.version);
    expect(entered.version).not.toBe(packageOnly.version);
    expect(buildWorkingCalendar([structuredClone(year2027)]).version).toBe(entered.version);
    const moved = buildWorkingCalendar([{ ...year2027, workdays: [{ date: '2027-02-21', name: '春节' }] }]);
    expect(moved.version).not.toBe(entered.version);
  });

  it('covers the package years and the entered ones', () => {
    expect(packageOnly.covers(2026)).toBe(true);
    expect(packageOnly.covers(2027)).toBe(false);
    expect(packageOnly.lastCoveredYear).toBe(2026);
    const calendar = buildWorkingCalendar([year2027]);
    expect(calendar.covers(2027)).toBe(true);
    expect(calendar.lastCoveredYear).toBe(2027);
    expect(calendar.coveredYears.slice(-3)).toEqual([2025, 2026, 2027]);
  });

  it('finds the years deadlines fall in that the calendar does not cover, in China time', () => {
    const deadlines = [new Date('2026-11-30T16:00:00Z'), new Date('2026-12-31T16:30:00Z'), '2028-03-01', new Date('2027-05-06T16:00:00Z')];
    // 2026-12-31T16:30Z is already 2027-01-01 in China.
    expect(uncoveredYears(packageOnly, deadlines)).toEqual([2027, 2028]);
    expect(uncoveredYears(buildWorkingCalendar([year2027]), deadlines)).toEqual([2028]);
    expect(uncoveredYears(packageOnly, [new Date('2026-12-31T15:59:00Z')])).toEqual([]);
  });
});
