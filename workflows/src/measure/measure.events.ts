import type { EscalationLevel } from '@liandong/domain/ladder';
import type { ReportContent } from './measure.messages';

/**
 * What happened on a measure. The workflow decides; one activity projects each event into the
 * read model, appends it to the audit log and notifies `notify`, in one transaction.
 */
export type MeasureEvent = (
  | { type: 'measure.started'; cycleIndex: number; dueAt: string }
  | { type: 'measure.withdrawn'; reason: string }
  | { type: 'measure.reinstated'; status: 'active' | 'closure_requested'; cycleIndex: number; dueAt: string; comment: string }
  | { type: 'assignment.accepted'; agencyId: number }
  | { type: 'assignment.declined'; agencyId: number; reason: string }
  | { type: 'assignment.decline_overruled'; agencyId: number; comment: string }
  | { type: 'assignment.reassigned'; fromAgencyId: number; toAgencyId: number; role: 'lead' | 'partner'; comment: string }
  | { type: 'assignment.transfer_requested'; agencyId: number; toAgencyId: number; reason: string }
  | { type: 'assignment.transfer_rejected'; agencyId: number; comment: string }
  | { type: 'assignments.synced'; added: { agencyId: number; role: 'lead' | 'partner' }[]; withdrawn: number[] }
  | { type: 'subtask.created'; subtaskId: string; assigneeAgencyId: number; createdByAgencyId: number; title: string; dueAt: string }
  | { type: 'subtask.due_moved'; subtaskId: string; dueAt: string }
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
  | { type: 'extension.requested'; extensionId: string; agencyId: number; currentDueAt: string; requestedDueAt: string; reason: string }
  | { type: 'extension.approved'; extensionId: string; agencyId: number; dueAt: string; comment: string }
  | { type: 'extension.rejected'; extensionId: string; agencyId: number; comment: string }
  | { type: 'closure.requested'; closureId: string; evidence: string; finalKpis: { metric: string; value: number }[] }
  | { type: 'closure.approved'; closureId: string; comment: string }
  | { type: 'closure.returned'; closureId: string; comment: string }
  | { type: 'cycle.started'; cycleIndex: number; periodStart: string; periodEnd: string; dueAt: string }
  | { type: 'cycle.missed'; agencyId: number; cycleIndex: number }
  | { type: 'deadlines.recomputed'; calendarVersion: string; previousVersion: string; changes: { agencyId: number; from: string; to: string }[] }
) & { notify?: readonly number[] };

export interface RecordEventsInput {
  /** Idempotency key: workflow id plus update id, or a business key for timer transitions. */
  key: string;
  measureId: string;
  workflowId: string;
  runId: string;
  /** Workflow time of the decision. */
  occurredAt: string;
  actor: { name: string; agencyId: number | null };
  events: MeasureEvent[];
}
