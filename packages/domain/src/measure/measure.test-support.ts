// Fixtures for the decision core's tests: agencies, actors, a measure's start, and a shell that feeds
// commands and timers exactly as the workflow does (validate → calendar look-ups → decide; after time
// passes: tick, then rollover while one is due).
import type { Actor, Role } from '../authorization/roles';
import { WorkingCalendar } from '../calendar/calendar';
import { computeCycle } from '../reporting/cycles';
import type { ReportingPolicy } from '../reporting/policy';
import {
  answerCalendarNeeds,
  calendarNeeds,
  decide,
  initialState,
  nextWakeUp,
  rollover,
  rolloverDue,
  rolloverNeeds,
  tick,
  validate,
  type CommandInput,
  type DecideRules,
  type MeasureCommand,
  type MeasureCommandType,
  type MeasureEvent,
  type MeasureState,
  type Refusal,
  type ReportContent,
} from './index';

export const calendar = new WorkingCalendar();

/** The plan's coordinator agency (协调办), another plan's coordinator, agencies outside the measure, an admin's agency. */
export const COORDINATOR = 50;
export const OTHER_COORDINATOR = 70;
export const OUTSIDERS = [61, 62] as const;
export const ADMIN_AGENCY = 90;

export function person(agencyId: number, ...roles: Role[]): Actor {
  const name = `${roles.join('+')}@${agencyId}`;
  return { userId: `u-${name}`, username: name, displayName: name, agencyId, roles };
}
export const officerOf = (agencyId: number) => person(agencyId, 'officer');
export const coordinator = person(COORDINATOR, 'coordinator');
export const admin = person(ADMIN_AGENCY, 'admin');

export const MONTHLY: ReportingPolicy = { cadence: 'monthly', unit: 'workingDay', dueOffsetWorkingDays: 5, reminderLeadWorkingDays: 2, escalation: { blue: 3, yellow: 5, red: 10 } };
/** Hourly cycles counted in minutes: due 10 minutes after the hour, reminded 3 minutes before. */
export const HOURLY: ReportingPolicy = { cadence: 'PT1H', unit: 'PT1M', dueOffsetWorkingDays: 10, reminderLeadWorkingDays: 3, escalation: { blue: 2, yellow: 5, red: 9 } };

export const goodReport: ReportContent = { progressStatus: 'on_track', percentDone: 40, kpiValues: [{ metric: '完成率', value: 40 }], summary: '按计划推进', problems: '', supportRequested: '' };

export interface MeasureSetup {
  policy?: ReportingPolicy;
  startedAt: string;
  leads?: number[];
  partners?: number[];
}

export function startMeasure({ policy = MONTHLY, startedAt, leads = [1], partners = [] }: MeasureSetup): MeasureState {
  return initialState(
    {
      measureId: 'measure-1',
      planId: 'plan-1',
      parties: { leadAgencyIds: leads, coordinatorAgencyId: COORDINATOR },
      assignments: [...leads.map((agencyId) => ({ agencyId, role: 'lead' as const })), ...partners.map((agencyId) => ({ agencyId, role: 'partner' as const }))],
      policy,
      startedAt,
    },
    { cycle: computeCycle(policy, calendar, new Date(startedAt), 0), calendarVersion: calendar.version },
  );
}

export const answersFor = (s: MeasureState, command: MeasureCommand, now: number) => {
  const needs = calendarNeeds(s, command, now);
  return needs ? answerCalendarNeeds(s.policy, s.startedAt, calendar, needs) : undefined;
};

/** Processes the timers at `now` as the workflow does: tick, then rollover while one is due. */
export function processTimers(state: MeasureState, now: number, newId: () => string, onRollover?: (before: MeasureState, after: MeasureState, events: MeasureEvent[]) => void) {
  let s = state;
  const events: MeasureEvent[] = [];
  for (let round = 0; ; round++) {
    if (round > 1_000) throw new Error('the timers never settle');
    const ticked = tick(s, now, newId);
    s = ticked.state;
    events.push(...ticked.events);
    if (!rolloverDue(s, now)) return { state: s, events };
    const rolled = rollover(s, now, answerCalendarNeeds(s.policy, s.startedAt, calendar, rolloverNeeds(s)));
    onRollover?.(s, rolled.state, rolled.events);
    s = rolled.state;
    events.push(...rolled.events);
  }
}

/** A measure driven by hand: commands by name, time by instant; keeps every event. */
export class MeasureShell {
  state: MeasureState;
  now: number;
  readonly events: MeasureEvent[] = [];
  private ids = 0;
  readonly newId = () => `id-${++this.ids}`;
  /** The rules the workflow turns on behind `patched()`; a test sets them as a new run would. */
  rules: DecideRules | undefined;

  constructor(setup: MeasureSetup, rules?: DecideRules) {
    this.rules = rules;
    this.state = startMeasure(setup);
    this.now = Date.parse(setup.startedAt);
  }

  /** Applies a command if the validator lets it through; returns the refusal or the command's events. */
  run<T extends MeasureCommandType>(type: T, input: CommandInput<T>): { refusal: Refusal | null; events: MeasureEvent[] } {
    const command = { type, ...input } as unknown as MeasureCommand;
    const refusal = validate(this.state, command, this.now, this.rules);
    if (refusal) return { refusal, events: [] };
    const decision = decide(this.state, command, { now: this.now, newId: this.newId, answers: answersFor(this.state, command, this.now), rules: this.rules });
    if (!decision.ok) throw new Error(`validate let through what decide refused: ${decision.refusal.message}`);
    this.state = decision.state;
    const timers = processTimers(this.state, this.now, this.newId);
    this.state = timers.state;
    const events = [...decision.events, ...timers.events];
    this.events.push(...events);
    return { refusal: null, events };
  }

  /** Like `run`, but the command must succeed. */
  ok<T extends MeasureCommandType>(type: T, input: CommandInput<T>): MeasureEvent[] {
    const { refusal, events } = this.run(type, input);
    if (refusal) throw new Error(`${type} was refused: ${refusal.kind} ${refusal.message}`);
    return events;
  }

  /** Lets time pass to `at`, waking at every timer on the way as the workflow does; returns the events. */
  advanceTo(at: string | number): MeasureEvent[] {
    const target = typeof at === 'number' ? at : Date.parse(at);
    const events: MeasureEvent[] = [];
    for (;;) {
      const wake = nextWakeUp(this.state);
      this.now = wake !== null && wake > this.now && wake < target ? wake : target;
      const timers = processTimers(this.state, this.now, this.newId);
      this.state = timers.state;
      events.push(...timers.events);
      if (this.now >= target) break;
    }
    this.events.push(...events);
    return events;
  }
}

export const ofType = <T extends MeasureEvent['type']>(events: MeasureEvent[], type: T) => events.filter((e): e is Extract<MeasureEvent, { type: T }> => e.type === type);
