import type { MeasureParties } from '../authorization/measure-rules';
import type { CycleSchedule, DueSchedule, EscalationLevel } from '../reporting/ladder';
import type { ReportingPolicy } from '../reporting/policy';
import { closesAt } from './state';
import type { AssignmentState, MeasureState } from './types';

/** The state the first measure workflow (type `measureWorkflow`) kept; running measures carry it. */
export interface MeasureStateV1 {
  measureId: string;
  planId: string | null;
  status: 'active' | 'closure_requested' | 'closed' | 'withdrawn';
  parties: MeasureParties;
  policy: ReportingPolicy;
  startedAt: string;
  calendarVersion: string;
  assignments: AssignmentState[];
  subtasks: { id: string; assigneeAgencyId: number; title: string; dueAt: string; status: 'open' | 'done' }[];
  cycle: CycleSchedule & {
    duties: { agencyId: number; schedule: DueSchedule; extendedDueAt?: string; report: null | { reportId: string; status: 'submitted' | 'accepted' | 'returned'; revision: number; late: boolean }; reminded: boolean; escalationId?: string }[];
  };
  escalations: { id: string; kind: 'overdue' | 'manual'; agencyId: number | null; cycleIndex: number | null; level: EscalationLevel; status: 'open' | 'acknowledged'; climbAt: Partial<Record<EscalationLevel, string>> }[];
  issues: { id: string; raisedByAgencyId: number; status: 'open' | 'triaged' }[];
  extensions: { id: string; agencyId: number; requestedDueAt: string }[];
  closure: null | { id: string; status: 'pending' | 'returned' };
  run: number;
  appliedUpdateIds?: string[];
}

/** Moves a running measure's first-version state onto the decision core (at its upgrade, `now`). */
export function fromV1State(v1: MeasureStateV1, now: number): MeasureState {
  const index = v1.cycle.index;
  const { duties, ...schedule } = v1.cycle;
  const opened = Math.min(now, Date.parse(v1.cycle.periodEnd));
  return {
    version: 2,
    measureId: v1.measureId,
    planId: v1.planId,
    status: v1.status,
    parties: v1.parties,
    policy: v1.policy,
    startedAt: v1.startedAt,
    calendarVersion: v1.calendarVersion,
    assignments: v1.assignments,
    subtasks: v1.subtasks,
    cycle: { ...schedule, opensAt: new Date(opened).toISOString(), closesAt: closesAt(v1.policy, v1.startedAt, schedule), duties: duties.map((d) => ({ ...d, cycleIndex: index })) },
    carried: [],
    escalations: v1.escalations,
    issues: v1.issues,
    extensions: v1.extensions.map((e) => ({ ...e, cycleIndex: index })),
    closure: v1.closure,
    withdrawnAt: v1.status === 'withdrawn' ? new Date(now).toISOString() : null,
    seq: 0,
    run: v1.run,
    appliedUpdateIds: v1.appliedUpdateIds ?? [],
  };
}
