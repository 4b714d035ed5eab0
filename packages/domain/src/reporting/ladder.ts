// Pure and import-free, so workflow code can use it inside Temporal's sandbox.

export type EscalationLevel = 'blue' | 'yellow' | 'red';
export const ESCALATION_LEVELS: readonly EscalationLevel[] = ['blue', 'yellow', 'red'];

/** When a report falls due and when the ladder climbs if it is missing; all instants as ISO strings. */
export interface DueSchedule {
  dueAt: string;
  remindAt: string;
  escalateAt: Record<EscalationLevel, string>;
}

/** One reporting cycle (报送周期) of a measure. */
export interface CycleSchedule extends DueSchedule {
  index: number;
  periodStart: string;
  periodEnd: string;
}

/** The highest rung whose instant has passed, or null before the first. */
export function escalationLevelAt(schedule: DueSchedule, now: Date): EscalationLevel | null {
  let level: EscalationLevel | null = null;
  for (const l of ESCALATION_LEVELS) if (Date.parse(schedule.escalateAt[l]) <= now.getTime()) level = l;
  return level;
}
