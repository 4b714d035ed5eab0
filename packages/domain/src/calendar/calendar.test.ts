import { describe, expect, it } from 'vitest';
import { chinaDate, endOfChinaDay, WorkingCalendar } from './calendar';

const calendar = new WorkingCalendar();

describe('the Chinese working-day calendar', () => {
  it('treats the National Day holiday as days off and its make-up Saturday as a working day', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    // 2025-09-28 is a Sunday worked in lieu (调休).
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
  });

  it('counts ordinary weekends as days off', () => {
    expect(calendar.isWorkingDay('2025-06-07')).toBe(false);
    expect(calendar.isWorkingDay('2025-06-09')).toBe(true);
  });

  it('finds the 5th working day of a month after the Spring Festival', () => {
    // Spring Festival 2026: 2026-02-15 … 2026-02-23 off, 2026-02-14 and 2026-02-28 worked.
    expect(calendar.addWorkingDays('2026-02-01', 5)).toBe('2026-02-06');
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('counts overdue working days across a holiday', () => {
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    expect(calendar.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
    expect(calendar.subtractWorkingDays('2025-10-09', 1)).toBe('2025-09-30');
  });

  it('moves a zero offset from a day off to the next working day', () => {
    expect(calendar.addWorkingDays('2025-10-04', 0)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-10-09', 0)).toBe('2025-10-09');
  });

  it('places China dates in UTC+8', () => {
    expect(chinaDate(new Date('2025-06-30T16:30:00Z'))).toBe('2025-07-01');
    expect(endOfChinaDay('2025-07-01').toISOString()).toBe('2025-07-01T16:00:00.000Z');
  });

  it('gets a new version when the calendar data is corrected', () => {
    const corrected = new WorkingCalendar({ holidays: { '2026-12-31': 'extra' }, workdays: {} });
    expect(corrected.version).not.toBe(calendar.version);
    expect(corrected.isWorkingDay('2026-12-31')).toBe(false);
    expect(new WorkingCalendar().version).toBe(calendar.version);
  });
});
