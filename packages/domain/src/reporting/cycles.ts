import { addCalendarDays, chinaDate, endOfChinaDay, startOfChinaDay, type WorkingCalendar } from '../calendar/calendar';
import { parseIsoDuration } from './duration';
import type { CycleSchedule, DueSchedule } from './ladder';
import type { ReportingPolicy } from './policy';

function addMonthsToDate(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The window of cycle `index`, counted from the plan's start: calendar months or quarters in China
 * time (the cycle holding the start is cycle 0), or fixed durations from the start instant.
 */
export function cycleWindow(policy: ReportingPolicy, startedAt: Date, index: number): { start: Date; end: Date } {
  if (policy.cadence === 'monthly' || policy.cadence === 'quarterly') {
    const months = policy.cadence === 'monthly' ? 1 : 3;
    const startDate = chinaDate(startedAt);
    const [y, m] = startDate.split('-').map(Number) as [number, number];
    const firstMonth = policy.cadence === 'monthly' ? m : Math.floor((m - 1) / 3) * 3 + 1;
    const periodStart = addMonthsToDate(`${y}-${String(firstMonth).padStart(2, '0')}-01`, index * months);
    const periodEnd = addMonthsToDate(periodStart, months);
    return { start: startOfChinaDay(periodStart), end: startOfChinaDay(periodEnd) };
  }
  const { months, ms } = parseIsoDuration(policy.cadence);
  if (months > 0) {
    // A duration with calendar months: step whole months in China time from the start date.
    const base = chinaDate(startedAt);
    const first = addMonthsToDate(base, index * months);
    return { start: startOfChinaDay(first), end: startOfChinaDay(addMonthsToDate(first, months)) };
  }
  return { start: new Date(startedAt.getTime() + index * ms), end: new Date(startedAt.getTime() + (index + 1) * ms) };
}

/** Moves a deadline by `units` of the policy's unit (negative moves back). Working days land at end of day. */
export function shiftByUnits(policy: ReportingPolicy, calendar: WorkingCalendar, from: Date, units: number): Date {
  if (policy.unit === 'workingDay') {
    // `from` is an end-of-day deadline: the day it closes is the day before its instant.
    const day = addCalendarDays(chinaDate(from), -1);
    const shifted = units >= 0 ? calendar.addWorkingDays(day, units) : calendar.subtractWorkingDays(day, -units);
    return endOfChinaDay(shifted);
  }
  return new Date(from.getTime() + units * parseIsoDuration(policy.unit).ms);
}

/** Reminder and ladder instants around a due instant: also used when an extension moves the due date. */
export function scheduleFromDue(policy: ReportingPolicy, calendar: WorkingCalendar, dueAt: Date): DueSchedule {
  let remindAt = shiftByUnits(policy, calendar, dueAt, -policy.reminderLeadWorkingDays);
  if (policy.unit === 'workingDay') remindAt = new Date(remindAt.getTime() - 86_400_000 + 9 * 3600_000); // 09:00 that day
  return {
    dueAt: dueAt.toISOString(),
    remindAt: remindAt.toISOString(),
    escalateAt: {
      blue: shiftByUnits(policy, calendar, dueAt, policy.escalation.blue).toISOString(),
      yellow: shiftByUnits(policy, calendar, dueAt, policy.escalation.yellow).toISOString(),
      red: shiftByUnits(policy, calendar, dueAt, policy.escalation.red).toISOString(),
    },
  };
}

/** Cycle `index`: its period, and its report due `dueOffsetWorkingDays` units after the period ends. */
export function computeCycle(policy: ReportingPolicy, calendar: WorkingCalendar, startedAt: Date, index: number): CycleSchedule {
  const { start, end } = cycleWindow(policy, startedAt, index);
  let dueAt: Date;
  if (policy.unit === 'workingDay') {
    // Last day of the period, then the n-th working day after it (n = 0: that day or the next working day).
    const lastDay = addCalendarDays(chinaDate(end), -1);
    dueAt = endOfChinaDay(calendar.addWorkingDays(lastDay, policy.dueOffsetWorkingDays));
  } else {
    dueAt = shiftByUnits(policy, calendar, end, policy.dueOffsetWorkingDays);
  }
  return { index, periodStart: start.toISOString(), periodEnd: end.toISOString(), ...scheduleFromDue(policy, calendar, dueAt) };
}

/**
 * The first cycle from `fromIndex` on whose report is due after `after`: where a measure picks up
 * again after a pause (a withdrawn measure reinstated), so nobody is overdue for the time it was
 * paused. Due instants grow with the index: gallop, then bisect.
 */
export function firstCycleDueAfter(policy: ReportingPolicy, calendar: WorkingCalendar, startedAt: Date, after: Date, fromIndex: number): CycleSchedule {
  const dueAfter = (index: number) => Date.parse(computeCycle(policy, calendar, startedAt, index).dueAt) > after.getTime();
  if (dueAfter(fromIndex)) return computeCycle(policy, calendar, startedAt, fromIndex);
  let low = fromIndex; // due at or before `after`
  let step = 1;
  while (!dueAfter(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step; // due after `after`
  while (high - low > 1) {
    const mid = low + Math.floor((high - low) / 2);
    if (dueAfter(mid)) high = mid;
    else low = mid;
  }
  return computeCycle(policy, calendar, startedAt, high);
}
