import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar/calendar';
import { computeCycle, firstCycleDueAfter, scheduleFromDue } from './cycles';
import { escalationLevelAt } from './ladder';
import { DEFAULT_REPORTING_POLICY, reportingPolicySchema, type ReportingPolicy } from './policy';

const calendar = new WorkingCalendar();

describe('reporting cycles', () => {
  it('makes a monthly report due on the 5th working day of the next month', () => {
    // Started 2025-09-12: cycle 0 is September, due the 5th working day of October; National Day
    // (10-01…10-08 off) pushes that to 2025-10-14 (10-09, 10-10, 10-11 make-up Saturday, 10-13, 10-14).
    const cycle = computeCycle(DEFAULT_REPORTING_POLICY, calendar, new Date('2025-09-12T02:00:00Z'), 0);
    expect(cycle.periodStart).toBe('2025-08-31T16:00:00.000Z'); // 2025-09-01 00:00 China time
    expect(cycle.periodEnd).toBe('2025-09-30T16:00:00.000Z');
    expect(cycle.dueAt).toBe('2025-10-14T16:00:00.000Z'); // end of 2025-10-14 China time
  });

  it('numbers cycles forward by calendar month', () => {
    const cycle = computeCycle(DEFAULT_REPORTING_POLICY, calendar, new Date('2025-11-20T02:00:00Z'), 2);
    expect(cycle.periodStart).toBe('2025-12-31T16:00:00.000Z'); // January 2026
    expect(cycle.periodEnd).toBe('2026-01-31T16:00:00.000Z');
  });

  it('uses calendar quarters for a quarterly policy', () => {
    const policy: ReportingPolicy = { ...DEFAULT_REPORTING_POLICY, cadence: 'quarterly' };
    const cycle = computeCycle(policy, calendar, new Date('2025-05-10T02:00:00Z'), 0);
    expect(cycle.periodStart).toBe('2025-03-31T16:00:00.000Z'); // Q2 starts 2025-04-01
    expect(cycle.periodEnd).toBe('2025-06-30T16:00:00.000Z');
  });

  it('climbs blue, yellow, red after 3, 5 and 10 overdue working days', () => {
    const schedule = scheduleFromDue(DEFAULT_REPORTING_POLICY, calendar, new Date('2025-09-26T16:00:00Z')); // due end of Fri 2025-09-26
    // 09-28 (Sun, make-up day) is a working day; 10-01…10-08 are off.
    expect(schedule.escalateAt.blue).toBe('2025-09-30T16:00:00.000Z'); // 09-29, 09-30 … 3rd working day: 09-30
    expect(schedule.escalateAt.yellow).toBe('2025-10-10T16:00:00.000Z'); // 10-09, 10-10: 5th working day
    expect(escalationLevelAt(schedule, new Date('2025-09-29T00:00:00Z'))).toBeNull();
    expect(escalationLevelAt(schedule, new Date('2025-10-05T00:00:00Z'))).toBe('blue');
    expect(escalationLevelAt(schedule, new Date('2025-10-10T00:00:00Z'))).toBe('blue');
    expect(escalationLevelAt(schedule, new Date('2025-10-11T00:00:00Z'))).toBe('yellow');
  });

  it('reminds at 09:00 two working days before the due date', () => {
    const schedule = scheduleFromDue(DEFAULT_REPORTING_POLICY, calendar, new Date('2025-10-14T16:00:00Z')); // due end of 10-14
    // 10-13 and the make-up Saturday 10-11 are the two working days before: 10-11 09:00 China time.
    expect(schedule.remindAt).toBe('2025-10-11T01:00:00.000Z');
  });

  it('runs on seconds when the policy counts in seconds (tests)', () => {
    const policy = reportingPolicySchema.parse({ cadence: 'PT20S', unit: 'PT1S', dueOffsetWorkingDays: 2, reminderLeadWorkingDays: 1, escalation: { blue: 2, yellow: 4, red: 6 } });
    const start = new Date('2026-01-01T00:00:00Z');
    const cycle = computeCycle(policy, calendar, start, 1);
    expect(cycle.periodStart).toBe('2026-01-01T00:00:20.000Z');
    expect(cycle.periodEnd).toBe('2026-01-01T00:00:40.000Z');
    expect(cycle.dueAt).toBe('2026-01-01T00:00:42.000Z');
    expect(cycle.remindAt).toBe('2026-01-01T00:00:41.000Z');
    expect(cycle.escalateAt).toEqual({ blue: '2026-01-01T00:00:44.000Z', yellow: '2026-01-01T00:00:46.000Z', red: '2026-01-01T00:00:48.000Z' });
  });

  it('rejects a policy whose thresholds do not climb, naming the field', () => {
    const result = reportingPolicySchema.safeParse({ ...DEFAULT_REPORTING_POLICY, escalation: { blue: 5, yellow: 3, red: 10 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['escalation']);
  });
});

describe('ISO durations', () => {
  it('accept fractional seconds, for fast workflow tests', () => {
    const policy = reportingPolicySchema.parse({ cadence: 'PT0.2S', unit: 'PT0.05S', dueOffsetWorkingDays: 1, reminderLeadWorkingDays: 0, escalation: { blue: 1, yellow: 2, red: 3 } });
    const cycle = computeCycle(policy, calendar, new Date('2026-01-01T00:00:00Z'), 3);
    expect(cycle.periodEnd).toBe('2026-01-01T00:00:00.800Z');
    expect(cycle.dueAt).toBe('2026-01-01T00:00:00.850Z');
  });

  it('reject text that is not a duration, naming the field', () => {
    const result = reportingPolicySchema.safeParse({ ...DEFAULT_REPORTING_POLICY, cadence: 'weekly' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((i) => i.path[0] === 'cadence')).toBe(true);
  });
});

describe('firstCycleDueAfter', () => {
  const started = new Date('2025-09-12T02:00:00Z');

  it('keeps the given cycle while its report is still to come', () => {
    // Cycle 0 (September 2025) is due 2025-10-14 end of day, China time.
    const cycle = firstCycleDueAfter(DEFAULT_REPORTING_POLICY, calendar, started, new Date('2025-10-10T00:00:00Z'), 0);
    expect(cycle.index).toBe(0);
  });

  it('skips to the first cycle due after the instant, months later', () => {
    // Paused until 2026-03-20: February's report (cycle 5) was due in early March, March's (cycle 6) in April.
    const cycle = firstCycleDueAfter(DEFAULT_REPORTING_POLICY, calendar, started, new Date('2026-03-20T00:00:00Z'), 0);
    expect(cycle.index).toBe(6);
    expect(cycle.periodStart).toBe('2026-02-28T16:00:00.000Z'); // March 2026
    expect(Date.parse(computeCycle(DEFAULT_REPORTING_POLICY, calendar, started, 5).dueAt)).toBeLessThanOrEqual(Date.parse('2026-03-20T00:00:00Z'));
  });

  it('finds the cycle among thousands of short ones, never going back before fromIndex', () => {
    const policy = reportingPolicySchema.parse({ ...DEFAULT_REPORTING_POLICY, cadence: 'PT1M', unit: 'PT1S', dueOffsetWorkingDays: 10, reminderLeadWorkingDays: 5 });
    const start = new Date('2026-01-01T00:00:00Z');
    // Cycle k ends at start + (k + 1) min and is due 10 s later; 10,000 min + 5 s is past cycle 9,998's due instant.
    const cycle = firstCycleDueAfter(policy, calendar, start, new Date(start.getTime() + 10_000 * 60_000 + 5_000), 3);
    expect(cycle.index).toBe(9_999);
    expect(firstCycleDueAfter(policy, calendar, start, start, 3).index).toBe(3);
  });
});
