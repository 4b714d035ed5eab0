import { chinaDate, endOfChinaDay, type WorkingCalendar } from '../calendar/calendar';
import { computeCycle, firstCycleDueAfter, scheduleFromDue, shiftByUnits } from '../reporting/cycles';
import type { ReportingPolicy } from '../reporting/policy';
import { shiftKey, type CalendarAnswers, type CalendarNeeds } from './types';

/**
 * Answers a decision's calendar look-ups under one calendar. Runs in an activity: the answers are
 * recorded in the workflow's history, so a later calendar never changes a replay.
 */
export function answerCalendarNeeds(policy: ReportingPolicy, startedAt: string, calendar: WorkingCalendar, needs: CalendarNeeds): CalendarAnswers {
  const start = new Date(startedAt);
  const answers: CalendarAnswers = { calendarVersion: calendar.version, cycles: {}, schedules: {}, shifts: {} };
  for (const index of needs.cycles ?? []) answers.cycles[index] = computeCycle(policy, calendar, start, index);
  for (const dueAt of needs.schedulesFromDue ?? []) answers.schedules[dueAt] = scheduleFromDue(policy, calendar, new Date(dueAt));
  if (needs.firstCycleDueAfter) {
    const { after, fromIndex } = needs.firstCycleDueAfter;
    answers.firstCycleDueAfter = firstCycleDueAfter(policy, calendar, start, new Date(after), fromIndex);
  }
  for (const { from, units } of needs.shifts ?? []) {
    // Working days count from the end of today (China time); other units from the instant itself.
    const base = policy.unit === 'workingDay' ? endOfChinaDay(chinaDate(new Date(from))) : new Date(from);
    answers.shifts[shiftKey(from, units)] = shiftByUnits(policy, calendar, base, units).toISOString();
  }
  return answers;
}
