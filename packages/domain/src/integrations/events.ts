import type { MeasureEvent } from '../measure/types';
import type { WebhookEventType } from './index';

/** One public webhook event made from a measure event, and the agencies it goes to. */
export interface WebhookEventOf {
  type: WebhookEventType;
  agencyIds: number[];
  /** The source event's useful fields, with its type as `event`; never its `notify` list. */
  data: Record<string, unknown>;
}

export interface WebhookEventContext {
  /** The measure's assignments once the event is applied: who a started measure is assigned to. */
  assignedAgencyIds: readonly number[];
}

const unique = (ids: readonly (number | null | undefined)[]): number[] => [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
const one = (type: WebhookEventType, agencyIds: readonly (number | null | undefined)[], data: Record<string, unknown>): WebhookEventOf[] => {
  const ids = unique(agencyIds);
  return ids.length === 0 ? [] : [{ type, agencyIds: ids, data }];
};

/**
 * The public webhook events a measure event makes, for other government systems (OA, 粤政易/浙政钉) to push to an
 * officer's phone. Events no outside system acts on (an accepted assignment, a subtask done) make none.
 * A (type, agency) pair appears at most once per measure event: it is part of the delivery's dedupe key.
 */
export function webhookEventsOf(event: MeasureEvent, ctx: WebhookEventContext): WebhookEventOf[] {
  const notify = event.notify ?? [];
  const source = { event: event.type };
  switch (event.type) {
    case 'measure.started':
      return one('assignment.assigned', ctx.assignedAgencyIds, { ...source, cycleIndex: event.cycleIndex, dueAt: event.dueAt });
    case 'assignment.reassigned':
      return one('assignment.assigned', [event.toAgencyId], { ...source, role: event.role, comment: event.comment });
    case 'assignments.synced': {
      // One event per added agency: each carries its own role.
      const seen = new Set<number>();
      return event.added.flatMap(({ agencyId, role }) => {
        if (seen.has(agencyId)) return [];
        seen.add(agencyId);
        return one('assignment.assigned', [agencyId], { ...source, role });
      });
    }
    case 'subtask.created':
      return one('assignment.assigned', [event.assigneeAgencyId], { ...source, subtaskId: event.subtaskId, title: event.title, dueAt: event.dueAt });
    case 'subtask.reassigned':
      return one('assignment.assigned', [event.assigneeAgencyId], { ...source, subtaskId: event.subtaskId });
    case 'reminder.sent':
      return one('report.due', [event.agencyId], { ...source, cycleIndex: event.cycleIndex, dueAt: event.dueAt });
    case 'cycle.missed':
      return one('report.overdue', [event.agencyId], { ...source, cycleIndex: event.cycleIndex });
    case 'report.submitted':
      // To whoever reviews it: the lead for a partner's report, the coordinator for the lead's combined one.
      return one('report.submitted', notify, { ...source, reportId: event.reportId, reportingAgencyId: event.agencyId, cycleIndex: event.cycleIndex, kind: event.kind, revision: event.revision, late: event.late });
    case 'report.accepted':
    case 'report.returned':
      return one('report.reviewed', [event.agencyId], {
        ...source,
        decision: event.type === 'report.accepted' ? 'accepted' : 'returned',
        reportId: event.reportId,
        cycleIndex: event.cycleIndex,
        comment: event.comment,
      });
    case 'escalation.raised': {
      const data = { ...source, escalationId: event.escalationId, level: event.level, cycleIndex: event.cycleIndex, reason: event.reason, escalatedAgencyId: event.agencyId };
      return one(event.kind === 'overdue' ? 'report.overdue' : 'measure.escalated', notify, data);
    }
    case 'escalation.climbed':
      return one('measure.escalated', notify, { ...source, escalationId: event.escalationId, level: event.level });
    case 'closure.approved':
      return one('measure.closed', notify, { ...source, closureId: event.closureId, comment: event.comment });
    default:
      return [];
  }
}
