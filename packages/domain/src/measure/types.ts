// The measure's state, commands and events: the decision core's vocabulary, shared by the workflow
// shell (workflows/measure), the API's services and the portal. Pure types, import-free of I/O.
import type { Actor } from '../authorization/roles';
import type { MeasureParties } from '../authorization/measure-rules';
import type { CycleSchedule, DueSchedule, EscalationLevel } from '../reporting/ladder';
import type { ReportingPolicy } from '../reporting/policy';

export type AssignmentRole = 'lead' | 'partner';
export type AssignmentStatus = 'pending' | 'accepted' | 'declined' | 'transfer_requested' | 'withdrawn';
export type ProgressStatus = 'on_track' | 'at_risk' | 'blocked' | 'done';
export type MeasureStatus = 'active' | 'closure_requested' | 'closed' | 'withdrawn';

export interface AssignmentState {
  agencyId: number;
  role: AssignmentRole;
  status: AssignmentStatus;
  declineReason?: string;
  transferToAgencyId?: number;
}

export interface ReportState {
  reportId: string;
  status: 'submitted' | 'accepted' | 'returned';
  revision: number;
  late: boolean;
}

/** What one agency owes for one cycle: a partner report, or for a lead the combined report. */
export interface CycleDuty {
  agencyId: number;
  cycleIndex: number;
  schedule: DueSchedule;
  /** Set when an approved extension (延期) moved this duty's due date; recomputations keep it. */
  extendedDueAt?: string;
  report: ReportState | null;
  reminded: boolean;
  /** The overdue escalation chasing this duty, once raised (raised at most once per duty). */
  escalationId?: string;
}

export interface EscalationState {
  id: string;
  kind: 'overdue' | 'manual';
  agencyId: number | null;
  cycleIndex: number | null;
  level: EscalationLevel;
  status: 'open' | 'acknowledged';
  /** When each higher rung is reached if still unresolved. */
  climbAt: Partial<Record<EscalationLevel, string>>;
}

/** The current reporting cycle (报送周期): its period, its report window and what each agency owes. */
export interface CurrentCycle extends CycleSchedule {
  /** Reports for this cycle are collected from `opensAt` until `closesAt`; then the next cycle opens. */
  opensAt: string;
  closesAt: string;
  duties: CycleDuty[];
}

export interface SubtaskState {
  id: string;
  assigneeAgencyId: number;
  title: string;
  dueAt: string;
  status: 'open' | 'done';
}

export interface ExtensionState {
  id: string;
  agencyId: number;
  cycleIndex: number;
  requestedDueAt: string;
}

export interface MeasureState {
  /** The state's shape: 2 for the decision core (1 was the first workflow's own state). */
  version: 2;
  measureId: string;
  planId: string | null;
  /** `withdrawn`: removed from its plan by a revision; dormant (no timers, no commands) until reinstated. */
  status: MeasureStatus;
  parties: MeasureParties;
  policy: ReportingPolicy;
  startedAt: string;
  calendarVersion: string;
  assignments: AssignmentState[];
  subtasks: SubtaskState[];
  cycle: CurrentCycle;
  /** Duties of closed cycles still in play: a report awaiting review, returned for revision, or missing. */
  carried: CycleDuty[];
  /** Open and acknowledged escalations; resolved ones live only in the read model. */
  escalations: EscalationState[];
  /** Open coordination issues; `responderAgencyIds` is set by triage (absent on issues triaged before responses were recorded). */
  issues: { id: string; raisedByAgencyId: number; status: 'open' | 'triaged'; responderAgencyIds?: number[] }[];
  extensions: ExtensionState[];
  closure: null | { id: string; status: 'pending' | 'returned' };
  /** When the measure was withdrawn (for the pause to be nobody's fault on reinstatement). */
  withdrawnAt: string | null;
  /** Events decided so far: the read model applies batches in this order. */
  seq: number;
  /** How many runs (continue-as-new) this measure has had. */
  run: number;
  /** Update ids applied in this and earlier runs (bounded), so a retry after continue-as-new is not applied twice. */
  appliedUpdateIds: string[];
}

export interface ReportContent {
  progressStatus: ProgressStatus;
  percentDone: number;
  kpiValues: { metric: string; value: number }[];
  summary: string;
  problems: string;
  supportRequested: string;
}

/** Every command names its actor; the core decides whether that person may, and whether it is legal now. */
export type MeasureCommand = { actor: Actor } & (
  | { type: 'acceptAssignment'; agencyId: number }
  | { type: 'declineAssignment'; agencyId: number; reason: string }
  | { type: 'arbitrateDecline'; agencyId: number; decision: 'reassign' | 'insist'; reassignToAgencyId?: number; comment: string }
  | { type: 'requestTransfer'; agencyId: number; toAgencyId: number; reason: string }
  | { type: 'decideTransfer'; agencyId: number; approve: boolean; comment: string }
  | { type: 'createSubtask'; assigneeAgencyId: number; title: string; dueAt: string }
  | { type: 'completeSubtask'; subtaskId: string; note: string }
  | { type: 'submitReport'; agencyId: number; cycleIndex: number; content: ReportContent }
  | { type: 'reviewReport'; agencyId: number; cycleIndex: number; decision: 'accept' | 'return'; comment: string }
  | { type: 'escalate'; agencyId: number | null; reason: string }
  | { type: 'acknowledgeEscalation'; escalationId: string }
  | { type: 'resolveEscalation'; escalationId: string; decision: string }
  | { type: 'raiseIssue'; title: string; description: string; neededAgencyIds: number[] }
  | { type: 'triageIssue'; issueId: string; responderAgencyIds: number[]; dueAt: string }
  | { type: 'resolveIssue'; issueId: string; resolution: string }
  | { type: 'respondIssue'; issueId: string; response: string }
  | { type: 'requestExtension'; agencyId: number; requestedDueAt: string; reason: string }
  | { type: 'decideExtension'; extensionId: string; approve: boolean; comment: string }
  | { type: 'applyClosure'; evidence: string; finalKpis: { metric: string; value: number }[] }
  | { type: 'decideClosure'; approve: boolean; comment: string }
  | { type: 'syncAssignments'; assignments: { agencyId: number; role: AssignmentRole }[] }
  | { type: 'withdrawMeasure'; reason: string }
  | { type: 'reinstateMeasure'; comment: string }
  | { type: 'recomputeDeadlines' }
);

export type MeasureCommandType = MeasureCommand['type'];
/** One command's input, without its type tag: what the update carries. */
export type CommandInput<T extends MeasureCommandType> = Omit<Extract<MeasureCommand, { type: T }>, 'type'>;

/**
 * What happened on a measure. The core decides; the shell records each batch (read model, audit
 * log, notifications to `notify`) in one transaction.
 */
export type MeasureEvent = (
  | { type: 'measure.started'; cycleIndex: number; dueAt: string }
  | { type: 'measure.withdrawn'; reason: string }
  | { type: 'measure.reinstated'; status: 'active' | 'closure_requested'; cycleIndex: number; dueAt: string; comment: string }
  | { type: 'assignment.accepted'; agencyId: number }
  | { type: 'assignment.declined'; agencyId: number; reason: string }
  | { type: 'assignment.decline_overruled'; agencyId: number; comment: string }
  | { type: 'assignment.reassigned'; fromAgencyId: number; toAgencyId: number; role: AssignmentRole; comment: string }
  | { type: 'assignment.transfer_requested'; agencyId: number; toAgencyId: number; reason: string }
  | { type: 'assignment.transfer_rejected'; agencyId: number; comment: string }
  | { type: 'assignments.synced'; added: { agencyId: number; role: AssignmentRole }[]; withdrawn: number[] }
  | { type: 'subtask.created'; subtaskId: string; assigneeAgencyId: number; createdByAgencyId: number; title: string; dueAt: string }
  | { type: 'subtask.due_moved'; subtaskId: string; dueAt: string }
  | { type: 'subtask.reassigned'; subtaskId: string; assigneeAgencyId: number }
  | { type: 'subtask.completed'; subtaskId: string; note: string }
  | { type: 'report.submitted'; reportId: string; agencyId: number; cycleIndex: number; kind: 'partner' | 'combined'; revision: number; late: boolean; content: ReportContent }
  | { type: 'report.accepted'; reportId: string; agencyId: number; cycleIndex: number; comment: string }
  | { type: 'report.returned'; reportId: string; agencyId: number; cycleIndex: number; comment: string }
  | { type: 'reminder.sent'; agencyId: number; cycleIndex: number; dueAt: string }
  | { type: 'escalation.raised'; escalationId: string; kind: 'overdue' | 'manual'; level: EscalationLevel; agencyId: number | null; cycleIndex: number | null; reason: string }
  | { type: 'escalation.climbed'; escalationId: string; level: EscalationLevel }
  | { type: 'escalation.acknowledged'; escalationId: string }
  | { type: 'escalation.resolved'; escalationId: string; decision: string }
  | { type: 'issue.raised'; issueId: string; raisedByAgencyId: number; title: string; description: string; neededAgencyIds: number[] }
  | { type: 'issue.triaged'; issueId: string; responderAgencyIds: number[]; dueAt: string }
  | { type: 'issue.resolved'; issueId: string; resolution: string }
  /** A responder agency's answer to a triaged issue; an agency may answer again (a new revision). */
  | { type: 'issue.responded'; issueId: string; responseId: string; agencyId: number; response: string }
  | { type: 'extension.requested'; extensionId: string; agencyId: number; currentDueAt: string; requestedDueAt: string; reason: string }
  | { type: 'extension.approved'; extensionId: string; agencyId: number; dueAt: string; comment: string }
  | { type: 'extension.rejected'; extensionId: string; agencyId: number; comment: string }
  | { type: 'closure.requested'; closureId: string; evidence: string; finalKpis: { metric: string; value: number }[] }
  | { type: 'closure.approved'; closureId: string; comment: string }
  | { type: 'closure.returned'; closureId: string; comment: string }
  | { type: 'cycle.started'; cycleIndex: number; periodStart: string; periodEnd: string; dueAt: string }
  | { type: 'cycle.missed'; agencyId: number; cycleIndex: number }
  | { type: 'deadlines.recomputed'; calendarVersion: string; previousVersion: string; changes: { agencyId: number; from: string; to: string }[]; cycleDueAt?: string }
) & { notify?: readonly number[] };

/** Why a command was refused: the kind (mapped to 403 / 409 / 400) and, for bad input, the field. */
export interface Refusal {
  kind: 'Forbidden' | 'InvalidTransition' | 'InvalidInput';
  message: string;
  field?: string;
}

/** Calendar look-ups a decision needs (computed by the shell in an activity, kept in state). */
export interface CalendarNeeds {
  cycles?: number[];
  schedulesFromDue?: string[];
  firstCycleDueAfter?: { after: string; fromIndex: number };
  /** Working-day (or unit) shifts of an end-of-day deadline: manual escalation climbs. */
  shifts?: { from: string; units: number }[];
}

/** The answers to `CalendarNeeds`, under one calendar version. */
export interface CalendarAnswers {
  calendarVersion: string;
  cycles: Record<number, CycleSchedule>;
  schedules: Record<string, DueSchedule>;
  firstCycleDueAfter?: CycleSchedule;
  shifts: Record<string, string>;
}

export const shiftKey = (from: string, units: number) => `${from}+${units}`;
