import type { Outputs } from '../../lib/api';
import type { MessageKey } from '../../lib/messages';

/** One in-app notification (站内提醒) of the agency, as `notification.list` returns it. */
export type NotificationItem = Outputs['notification']['list']['items'][number];

/** How often the bell asks for the unread count while the page is visible. */
export const UNREAD_POLL_MS = 30_000;
/** Notifications per page of the bell's list. */
export const NOTIFICATION_PAGE = 10;

/** The event types that notify someone, by their heading; the message under it says the rest (in Chinese, as recorded). */
const KIND_TITLES: Record<string, MessageKey> = {
  'measure.started': 'notification.kind.measure.started',
  'measure.withdrawn': 'notification.kind.measure.withdrawn',
  'measure.reinstated': 'notification.kind.measure.reinstated',
  'assignment.accepted': 'notification.kind.assignment.accepted',
  'assignment.declined': 'notification.kind.assignment.declined',
  'assignment.decline_overruled': 'notification.kind.assignment.decline_overruled',
  'assignment.reassigned': 'notification.kind.assignment.reassigned',
  'assignment.transfer_requested': 'notification.kind.assignment.transfer_requested',
  'assignment.transfer_rejected': 'notification.kind.assignment.transfer_rejected',
  'assignments.synced': 'notification.kind.assignments.synced',
  'subtask.created': 'notification.kind.subtask.created',
  'subtask.completed': 'notification.kind.subtask.completed',
  'subtask.reassigned': 'notification.kind.subtask.reassigned',
  'subtask.due_moved': 'notification.kind.subtask.due_moved',
  'report.submitted': 'notification.kind.report.submitted',
  'report.accepted': 'notification.kind.report.accepted',
  'report.returned': 'notification.kind.report.returned',
  'reminder.sent': 'notification.kind.reminder.sent',
  'cycle.started': 'notification.kind.cycle.started',
  'cycle.missed': 'notification.kind.cycle.missed',
  'escalation.raised': 'notification.kind.escalation.raised',
  'escalation.climbed': 'notification.kind.escalation.climbed',
  'escalation.acknowledged': 'notification.kind.escalation.acknowledged',
  'escalation.resolved': 'notification.kind.escalation.resolved',
  'issue.raised': 'notification.kind.issue.raised',
  'issue.triaged': 'notification.kind.issue.triaged',
  'issue.responded': 'notification.kind.issue.responded',
  'issue.resolved': 'notification.kind.issue.resolved',
  'extension.requested': 'notification.kind.extension.requested',
  'extension.approved': 'notification.kind.extension.approved',
  'extension.rejected': 'notification.kind.extension.rejected',
  'closure.requested': 'notification.kind.closure.requested',
  'closure.approved': 'notification.kind.closure.approved',
  'closure.returned': 'notification.kind.closure.returned',
  'deadlines.recomputed': 'notification.kind.deadlines.recomputed',
  'notice.issued': 'notification.kind.notice.issued',
  'notice.signed': 'notification.kind.notice.signed',
  'notice.answered': 'notification.kind.notice.answered',
  'circular.issued': 'notification.kind.circular.issued',
  'webhook.paused': 'notification.kind.webhook.paused',
};

/** The heading of a notification; a kind this portal does not know yet gets a plain one, never a raw type name. */
export function notificationTitle(kind: string): MessageKey {
  return Object.hasOwn(KIND_TITLES, kind) ? KIND_TITLES[kind]! : 'notification.kind.other';
}

/** Where a notification leads: its measure's page; a circular (通报) to the circulars; nowhere for others about no measure. */
export function notificationLink(item: Pick<NotificationItem, 'measureId'> & { kind?: string }): string | null {
  if (item.measureId) return `/measures/${encodeURIComponent(item.measureId)}`;
  // A paused webhook (webhook.paused) also reaches the endpoint's officers, who may not open the admin page: no link.
  return item.kind === 'circular.issued' ? '/supervision?tab=circulars' : null;
}

/** The badge's number: 99+ past 99, nothing at 0. */
export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}
