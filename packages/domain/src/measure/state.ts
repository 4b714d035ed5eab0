// The measure's state over time: its start, its timers (reminders, the overdue ladder, cycle
// rollover) and the settling of escalations. Pure: the shell supplies the time and the calendar.
import type { MeasureParties } from '../authorization/measure-rules';
import { cycleWindow } from '../reporting/cycles';
import { ESCALATION_LEVELS, type CycleSchedule } from '../reporting/ladder';
import type { ReportingPolicy } from '../reporting/policy';
import { holds, outstanding } from './holding';
import { LIMITS } from './validate';
import type { AssignmentRole, CalendarAnswers, CalendarNeeds, CurrentCycle, CycleDuty, MeasureEvent, MeasureState } from './types';

export { holds, outstanding };

const holder = (s: MeasureState, agencyId: number) => s.assignments.find((a) => a.agencyId === agencyId && holds(a));

export function newDuty(cycle: CycleSchedule, agencyId: number): CycleDuty {
  return { agencyId, cycleIndex: cycle.index, schedule: { dueAt: cycle.dueAt, remindAt: cycle.remindAt, escalateAt: { ...cycle.escalateAt } }, report: null, reminded: false };
}

/**
 * A cycle collects reports until the next period ends (January's until 1 March), and never
 * before its own report is due: then the next cycle opens.
 */
export function closesAt(policy: ReportingPolicy, startedAt: string, cycle: CycleSchedule): string {
  const nextPeriodEnd = cycleWindow(policy, new Date(startedAt), cycle.index + 1).end.getTime();
  return new Date(Math.max(nextPeriodEnd, Date.parse(cycle.dueAt) + 1)).toISOString();
}

export interface MeasureStart {
  measureId: string;
  planId: string | null;
  parties: MeasureParties;
  assignments: { agencyId: number; role: AssignmentRole }[];
  policy: ReportingPolicy;
  startedAt: string;
}

/** A new measure: every assignment pending, cycle 0 open from the start. */
export function initialState(start: MeasureStart, first: { cycle: CycleSchedule; calendarVersion: string }): MeasureState {
  const cycle: CurrentCycle = { ...first.cycle, opensAt: start.startedAt, closesAt: closesAt(start.policy, start.startedAt, first.cycle), duties: [] };
  cycle.duties = start.assignments.map((a) => newDuty(cycle, a.agencyId));
  return {
    version: 2,
    measureId: start.measureId,
    planId: start.planId,
    status: 'active',
    parties: start.parties,
    policy: start.policy,
    startedAt: start.startedAt,
    calendarVersion: first.calendarVersion,
    assignments: start.assignments.map((a) => ({ ...a, status: 'pending' })),
    subtasks: [],
    cycle,
    carried: [],
    escalations: [],
    issues: [],
    extensions: [],
    closure: null,
    withdrawnAt: null,
    seq: 0,
    run: 1,
    appliedUpdateIds: [],
  };
}

const running = (s: MeasureState) => s.status === 'active' || s.status === 'closure_requested';
const allDuties = (s: MeasureState) => [...s.cycle.duties, ...s.carried];

/** The next instant a timer has something to do, or null when the measure keeps no timers (closed, withdrawn). */
export function nextWakeUp(s: MeasureState): number | null {
  if (!running(s)) return null;
  const times: number[] = [Date.parse(s.cycle.closesAt)];
  for (const d of allDuties(s)) {
    if (!outstanding(d) || !holder(s, d.agencyId)) continue;
    if (!d.reminded && d.cycleIndex === s.cycle.index) times.push(Date.parse(d.schedule.remindAt));
    if (!d.escalationId) times.push(Date.parse(d.schedule.escalateAt.blue));
  }
  for (const e of s.escalations) {
    const next = ESCALATION_LEVELS[ESCALATION_LEVELS.indexOf(e.level) + 1];
    const at = next && e.climbAt[next];
    if (at) times.push(Date.parse(at));
  }
  return Math.min(...times);
}

/**
 * Overdue escalations stop when nothing they chase is still overdue: the report arrived, an
 * approved extension moved the date past now, or the duty is no longer the agency's.
 */
export function settleEscalations(s: MeasureState, now: number): MeasureEvent[] {
  const events: MeasureEvent[] = [];
  for (const e of [...s.escalations]) {
    if (e.kind !== 'overdue') continue;
    const chased = allDuties(s).filter((d) => d.escalationId === e.id);
    const stillOverdue = chased.some((d) => outstanding(d) && holder(s, d.agencyId) && now >= Date.parse(d.schedule.dueAt));
    if (stillOverdue) continue;
    const decision = chased.some((d) => !outstanding(d))
      ? '逾期后已报送 (late report received)'
      : chased.some((d) => d.extendedDueAt && Date.parse(d.schedule.dueAt) > now)
        ? '延期已批准 (extension approved)'
        : '任务已调整，不再督办 (no longer owed by this agency)';
    s.escalations = s.escalations.filter((x) => x !== e);
    for (const d of chased) delete d.escalationId;
    events.push({ type: 'escalation.resolved', escalationId: e.id, decision, notify: e.agencyId === null ? [] : [e.agencyId, ...s.parties.leadAgencyIds] });
  }
  return events;
}

function recipients(s: MeasureState, level: string, agencyId: number | null): number[] {
  const unit = agencyId === null ? [] : [agencyId];
  return level === 'blue' ? [...unit, ...s.parties.leadAgencyIds] : [...unit, ...s.parties.leadAgencyIds, s.parties.coordinatorAgencyId];
}

/** What the timers do at `now`: reminders (催办), overdue escalations, climbs up the ladder. */
export function tick(state: MeasureState, now: number, newId: () => string): { state: MeasureState; events: MeasureEvent[] } {
  const s = JSON.parse(JSON.stringify(state)) as MeasureState;
  const events: MeasureEvent[] = [];
  if (!running(s)) return { state: s, events };
  for (const d of s.cycle.duties) {
    if (!outstanding(d) || !holder(s, d.agencyId) || d.reminded || now < Date.parse(d.schedule.remindAt)) continue;
    d.reminded = true;
    // Past the due date a reminder is moot: the ladder takes over.
    if (now < Date.parse(d.schedule.dueAt)) events.push({ type: 'reminder.sent', agencyId: d.agencyId, cycleIndex: d.cycleIndex, dueAt: d.schedule.dueAt, notify: [d.agencyId] });
  }
  for (const d of allDuties(s)) {
    if (!outstanding(d) || !holder(s, d.agencyId) || d.escalationId || now < Date.parse(d.schedule.escalateAt.blue)) continue;
    // One open overdue escalation per agency: the open one stands for every duty it misses.
    const open = s.escalations.find((e) => e.kind === 'overdue' && e.agencyId === d.agencyId);
    if (open) {
      d.escalationId = open.id;
      continue;
    }
    const id = newId();
    const { blue: _blue, ...higher } = d.schedule.escalateAt;
    s.escalations.push({ id, kind: 'overdue', agencyId: d.agencyId, cycleIndex: d.cycleIndex, level: 'blue', status: 'open', climbAt: higher });
    d.escalationId = id;
    events.push({
      type: 'escalation.raised',
      escalationId: id,
      kind: 'overdue',
      level: 'blue',
      agencyId: d.agencyId,
      cycleIndex: d.cycleIndex,
      reason: `report for cycle ${d.cycleIndex} overdue since ${d.schedule.dueAt}`,
      notify: recipients(s, 'blue', d.agencyId),
    });
  }
  for (const e of s.escalations) {
    // An unresolved escalation keeps climbing, acknowledged or not.
    for (let next = ESCALATION_LEVELS[ESCALATION_LEVELS.indexOf(e.level) + 1]; next; next = ESCALATION_LEVELS[ESCALATION_LEVELS.indexOf(e.level) + 1]) {
      const at = e.climbAt[next];
      if (!at || Date.parse(at) > now) break;
      e.level = next;
      events.push({ type: 'escalation.climbed', escalationId: e.id, level: next, notify: recipients(s, next, e.agencyId) });
    }
  }
  events.push(...settleEscalations(s, now));
  return { state: s, events };
}

/** Is the current cycle's window over? Then `rollover` opens the next one. */
export const rolloverDue = (s: MeasureState, now: number): boolean => running(s) && now >= Date.parse(s.cycle.closesAt);
export const rolloverNeeds = (s: MeasureState): CalendarNeeds => ({ cycles: [s.cycle.index + 1] });

/**
 * Closes the current cycle and opens the next. What is still owed is counted missed and stays
 * in play (carried, so a late or revised report can still come and is still chased); a report
 * awaiting review stays reviewable; pending extensions of the closed cycle lapse.
 */
export function rollover(state: MeasureState, now: number, answers: CalendarAnswers): { state: MeasureState; events: MeasureEvent[] } {
  const s = JSON.parse(JSON.stringify(state)) as MeasureState;
  const index = s.cycle.index;
  const next = answers.cycles[index + 1];
  if (!next) throw new Error(`calendar answers lack cycle ${index + 1}`);
  const events: MeasureEvent[] = [];
  for (const d of s.cycle.duties) {
    if (outstanding(d) && holder(s, d.agencyId)) events.push({ type: 'cycle.missed', agencyId: d.agencyId, cycleIndex: index, notify: [d.agencyId, ...s.parties.leadAgencyIds] });
  }
  const carried = [...s.carried, ...s.cycle.duties.filter((d) => d.report?.status === 'submitted' || (outstanding(d) && holder(s, d.agencyId)))];
  // Bounded: per agency, the latest few closed cycles stay in play; an open escalation still stands for older ones.
  const kept: CycleDuty[] = [];
  for (const d of [...carried].reverse()) {
    if (kept.filter((k) => k.agencyId === d.agencyId).length < LIMITS.carriedCyclesPerAgency) kept.unshift(d);
  }
  s.carried = kept;
  events.push(
    ...s.extensions.map((e): MeasureEvent => ({ type: 'extension.rejected', extensionId: e.id, agencyId: e.agencyId, comment: '报送周期已结束，延期申请自动失效 (the cycle closed before a decision)', notify: [e.agencyId] })),
  );
  s.extensions = [];
  s.subtasks = s.subtasks.filter((t) => t.status === 'open');
  s.cycle = { ...next, opensAt: s.cycle.closesAt, closesAt: closesAt(s.policy, s.startedAt, next), duties: [] };
  s.cycle.duties = s.assignments.filter(holds).map((a) => newDuty(next, a.agencyId));
  s.calendarVersion = answers.calendarVersion;
  events.push({ type: 'cycle.started', cycleIndex: next.index, periodStart: next.periodStart, periodEnd: next.periodEnd, dueAt: next.dueAt });
  events.push(...settleEscalations(s, now));
  return { state: s, events };
}

/** Remembers an applied update id (bounded), so a retry after continue-as-new is refused as already applied. */
export function rememberUpdate(s: MeasureState, updateId: string): void {
  s.appliedUpdateIds = [...s.appliedUpdateIds, updateId].slice(-LIMITS.rememberedUpdateIds);
}
