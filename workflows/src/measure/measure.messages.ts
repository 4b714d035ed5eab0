import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CommandInput, MeasureCommandType, MeasureStart, MeasureState, MeasureStateV1, MeasureStatus } from '@liandong/domain/measure';
import type { CycleSchedule } from '@liandong/domain/ladder';

export type {
  AssignmentRole,
  AssignmentState,
  AssignmentStatus,
  CycleDuty,
  EscalationState,
  MeasureState,
  MeasureStatus,
  ProgressStatus,
  ReportContent,
} from '@liandong/domain/measure';

export interface MeasureWorkflowInput extends MeasureStart {
  /** Cycle 0, computed by the starter with the calendar in force (see computeCycle). */
  firstCycle?: { cycle: CycleSchedule; calendarVersion: string };
  /** Set by continue-as-new: the state carried into the next run. */
  carried?: MeasureState;
  /** Set when a first-version workflow moves onto the decision core: its state, converted at once. */
  legacy?: MeasureStateV1;
  /**
   * Updates a run accepts before it continues as new (UPDATES_PER_RUN when absent; Temporal refuses more than
   * 2,000 per run). Tests set it low to cross the boundary; it is carried into every later run.
   */
  updatesPerRun?: number;
}

/** What a command returns: small, never the whole state. `created` is the id of what it made, if anything. */
export interface CommandResult {
  /** The measure's event sequence after the command (the read model shows it once it reaches this). */
  seq: number;
  status: MeasureStatus;
  events: string[];
  created?: string;
}

export type WithActor = Pick<CommandInput<'acceptAssignment'>, 'actor'>;
const command = <T extends MeasureCommandType>(name: T) => defineUpdate<CommandResult, [CommandInput<T>]>(name);

export const getMeasureStateQuery = defineQuery<MeasureState>('getMeasureState');

/** 接收: an agency accepts its assignment (pending → accepted). */
export const acceptAssignmentUpdate = command('acceptAssignment');
/** 退回: an agency declines with a reason; the coordinator arbitrates. */
export const declineAssignmentUpdate = command('declineAssignment');
/** The coordinator's decision on a decline: reassign to another agency, or insist. */
export const arbitrateDeclineUpdate = command('arbitrateDecline');
/** 转办: an agency asks to hand its assignment to another agency; the coordinator decides. */
export const requestTransferUpdate = command('requestTransfer');
export const decideTransferUpdate = command('decideTransfer');
/** 分解/交办: a lead creates a subtask for a partner unit; the assignee completes it. */
export const createSubtaskUpdate = command('createSubtask');
export const completeSubtaskUpdate = command('completeSubtask');
/** A partner's report for a cycle, or the lead's combined report; reviewed by the lead / the coordinator. */
export const submitReportUpdate = command('submitReport');
export const reviewReportUpdate = command('reviewReport');
/** A lead or the coordinator escalates a stalled item by hand; the coordinator acknowledges and resolves. */
export const escalateUpdate = command('escalate');
export const acknowledgeEscalationUpdate = command('acknowledgeEscalation');
export const resolveEscalationUpdate = command('resolveEscalation');
/** 需协调事项: raised by a unit, triaged and resolved by the coordinator. */
export const raiseIssueUpdate = command('raiseIssue');
export const triageIssueUpdate = command('triageIssue');
export const resolveIssueUpdate = command('resolveIssue');
/** A responder agency's answer to a triaged issue (an agency may answer again: a new revision). */
export const respondIssueUpdate = command('respondIssue');
/** 延期申请 */
export const requestExtensionUpdate = command('requestExtension');
export const decideExtensionUpdate = command('decideExtension');
/** 申请办结 → 销号 */
export const applyClosureUpdate = command('applyClosure');
export const decideClosureUpdate = command('decideClosure');
/** After a plan revision (re-import): bring the assignments in line with the plan; an admin's or coordinator's act. */
export const syncAssignmentsUpdate = command('syncAssignments');
/** The plan no longer lists the measure: it stops reminding and escalating, and accepts nothing but reinstatement. */
export const withdrawMeasureUpdate = command('withdrawMeasure');
/** The plan lists it again: it picks up at the first cycle still due, so nobody is overdue for the pause. */
export const reinstateMeasureUpdate = command('reinstateMeasure');
/** After a calendar correction: recompute every open deadline from the current calendar. */
export const recomputeDeadlinesUpdate = command('recomputeDeadlines');
/** Moves a first-version workflow onto the decision core; `current` when it already runs on it. */
export const upgradeToCoreUpdate = defineUpdate<'upgrading' | 'current'>('upgradeToCore');

export const measureWorkflowId = (measureId: string) => `measure-${measureId}`;
/** The workflow type new measures start as; `measureWorkflow` is the first version, kept for replay. */
export const MEASURE_WORKFLOW_TYPE = 'measureWorkflowV2';
