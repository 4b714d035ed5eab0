// FROZEN with measure.workflow.v1.ts: the first workflow's state and messages.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, MeasureParties } from '@liandong/domain/authorization';
import type { CycleSchedule } from '@liandong/domain/ladder';
import type { AssignmentRole, MeasureStateV1, ProgressStatus } from '@liandong/domain/measure';
import type { ReportingPolicy } from '@liandong/domain/reporting';

// The state's shape lives beside its converter (`fromV1State`) in the decision core's package.
export type { AssignmentRole, AssignmentState, AssignmentStatus, ProgressStatus } from '@liandong/domain/measure';
export type MeasureState = MeasureStateV1;
export type CycleDuty = MeasureStateV1['cycle']['duties'][number];
export type EscalationState = MeasureStateV1['escalations'][number];

export interface MeasureWorkflowInput {
  measureId: string;
  planId: string | null;
  parties: MeasureParties;
  assignments: { agencyId: number; role: AssignmentRole }[];
  policy: ReportingPolicy;
  /** Anchor of the reporting cycles (usually when the plan was confirmed). */
  startedAt: string;
  /** Cycle 0, computed by the starter with the calendar in force (see computeCycle). */
  firstCycle?: { cycle: CycleSchedule; calendarVersion: string };
  /** Set by continue-as-new: the state carried into the next run. */
  carried?: MeasureState;
}

// ---- command inputs: every command names the actor; the workflow checks the rules ----

export interface WithActor {
  actor: Actor;
}
export interface ReportContent {
  progressStatus: ProgressStatus;
  percentDone: number;
  kpiValues: { metric: string; value: number }[];
  summary: string;
  problems: string;
  supportRequested: string;
}

export const getMeasureStateQuery = defineQuery<MeasureState>('getMeasureState');

/** 接收: an agency accepts its assignment (pending → accepted). */
export const acceptAssignmentUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number }]>('acceptAssignment');
/** 退回: an agency declines with a reason; the coordinator arbitrates. */
export const declineAssignmentUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; reason: string }]>('declineAssignment');
/** The coordinator's decision on a decline: reassign to another agency, or insist. */
export const arbitrateDeclineUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; decision: 'reassign' | 'insist'; reassignToAgencyId?: number; comment: string }]>(
  'arbitrateDecline',
);
/** 转办: an agency asks to hand its assignment to another agency. */
export const requestTransferUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; toAgencyId: number; reason: string }]>('requestTransfer');
export const decideTransferUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; approve: boolean; comment: string }]>('decideTransfer');
/** 分解/交办: a lead creates a subtask for a partner unit. */
export const createSubtaskUpdate = defineUpdate<MeasureState, [WithActor & { assigneeAgencyId: number; title: string; dueAt: string }]>('createSubtask');
/** The assignee marks a subtask done. */
export const completeSubtaskUpdate = defineUpdate<MeasureState, [WithActor & { subtaskId: string; note: string }]>('completeSubtask');
/** A partner's report for the current cycle, or the lead's combined report. */
export const submitReportUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; cycleIndex: number; content: ReportContent }]>('submitReport');
export const reviewReportUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; cycleIndex: number; decision: 'accept' | 'return'; comment: string }]>('reviewReport');
/** A lead or the coordinator escalates a stalled item by hand. */
export const escalateUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number | null; reason: string }]>('escalate');
export const acknowledgeEscalationUpdate = defineUpdate<MeasureState, [WithActor & { escalationId: string }]>('acknowledgeEscalation');
export const resolveEscalationUpdate = defineUpdate<MeasureState, [WithActor & { escalationId: string; decision: string }]>('resolveEscalation');
/** 需协调事项 */
export const raiseIssueUpdate = defineUpdate<MeasureState, [WithActor & { title: string; description: string; neededAgencyIds: number[] }]>('raiseIssue');
export const triageIssueUpdate = defineUpdate<MeasureState, [WithActor & { issueId: string; responderAgencyIds: number[]; dueAt: string }]>('triageIssue');
export const resolveIssueUpdate = defineUpdate<MeasureState, [WithActor & { issueId: string; resolution: string }]>('resolveIssue');
/** 延期申请 */
export const requestExtensionUpdate = defineUpdate<MeasureState, [WithActor & { agencyId: number; requestedDueAt: string; reason: string }]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<MeasureState, [WithActor & { extensionId: string; approve: boolean; comment: string }]>('decideExtension');
/** 申请办结 → 销号 */
export const applyClosureUpdate = defineUpdate<MeasureState, [WithActor & { evidence: string; finalKpis: { metric: string; value: number }[] }]>('applyClosure');
export const decideClosureUpdate = defineUpdate<MeasureState, [WithActor & { approve: boolean; comment: string }]>('decideClosure');
/** After a plan revision (re-import): bring the assignments in line with the plan; an admin's or coordinator's act. */
export const syncAssignmentsUpdate = defineUpdate<MeasureState, [WithActor & { assignments: { agencyId: number; role: AssignmentRole }[] }]>('syncAssignments');
/** After a calendar correction: recompute every open deadline from the current calendar. */
/** The plan no longer lists the measure: it stops reminding and escalating, and accepts nothing but reinstatement. */
export const withdrawMeasureUpdate = defineUpdate<MeasureState, [WithActor & { reason: string }]>('withdrawMeasure');
/** The plan lists it again: it picks up at the first cycle still due, so nobody is overdue for the pause. */
export const reinstateMeasureUpdate = defineUpdate<MeasureState, [WithActor & { comment: string }]>('reinstateMeasure');

export const recomputeDeadlinesUpdate = defineUpdate<MeasureState, [WithActor]>('recomputeDeadlines');

/** Moves a running first-version measure onto the decision core (continue-as-new as `measureWorkflowV2`). */
export const upgradeToCoreUpdate = defineUpdate<'upgrading' | 'current'>('upgradeToCore');
