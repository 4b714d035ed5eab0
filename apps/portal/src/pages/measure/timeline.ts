// The measure's timeline in words: each audit action the measure's workflow records has a message in both
// languages (the compiler holds the list to the decision core's events); anything else shows its raw name.
import type { MeasureEvent } from '@liandong/domain/measure';
import type { MessageKey } from '../../lib/messages';
import type { TimelineEntry } from './view';

const EVENT_MESSAGES = {
  'measure.started': 'mp.event.measure.started',
  'measure.withdrawn': 'mp.event.measure.withdrawn',
  'measure.reinstated': 'mp.event.measure.reinstated',
  'assignment.accepted': 'mp.event.assignment.accepted',
  'assignment.declined': 'mp.event.assignment.declined',
  'assignment.decline_overruled': 'mp.event.assignment.decline_overruled',
  'assignment.reassigned': 'mp.event.assignment.reassigned',
  'assignment.transfer_requested': 'mp.event.assignment.transfer_requested',
  'assignment.transfer_rejected': 'mp.event.assignment.transfer_rejected',
  'assignments.synced': 'mp.event.assignments.synced',
  'subtask.created': 'mp.event.subtask.created',
  'subtask.due_moved': 'mp.event.subtask.due_moved',
  'subtask.reassigned': 'mp.event.subtask.reassigned',
  'subtask.completed': 'mp.event.subtask.completed',
  'report.submitted': 'mp.event.report.submitted',
  'report.accepted': 'mp.event.report.accepted',
  'report.returned': 'mp.event.report.returned',
  'reminder.sent': 'mp.event.reminder.sent',
  'escalation.raised': 'mp.event.escalation.raised',
  'escalation.climbed': 'mp.event.escalation.climbed',
  'escalation.acknowledged': 'mp.event.escalation.acknowledged',
  'escalation.resolved': 'mp.event.escalation.resolved',
  'issue.raised': 'mp.event.issue.raised',
  'issue.triaged': 'mp.event.issue.triaged',
  'issue.responded': 'mp.event.issue.responded',
  'issue.resolved': 'mp.event.issue.resolved',
  'extension.requested': 'mp.event.extension.requested',
  'extension.approved': 'mp.event.extension.approved',
  'extension.rejected': 'mp.event.extension.rejected',
  'closure.requested': 'mp.event.closure.requested',
  'closure.approved': 'mp.event.closure.approved',
  'closure.returned': 'mp.event.closure.returned',
  'cycle.started': 'mp.event.cycle.started',
  'cycle.missed': 'mp.event.cycle.missed',
  'deadlines.recomputed': 'mp.event.deadlines.recomputed',
} as const satisfies Record<MeasureEvent['type'], MessageKey>;

/** The message naming an audit action, or null for an action the portal does not know (shown as recorded). */
export function eventMessage(action: string): MessageKey | null {
  return Object.hasOwn(EVENT_MESSAGES, action) ? EVENT_MESSAGES[action as keyof typeof EVENT_MESSAGES] : null;
}

/** How an event reads at a glance: a setback, something done, an escalation, or the ordinary course. */
export function eventTone(action: string): 'red' | 'green' | 'orange' | 'blue' | 'gray' {
  if (/\.(returned|declined|rejected|transfer_rejected|missed|withdrawn)$/.test(action)) return 'red';
  if (/\.(accepted|approved|resolved|completed|reinstated)$/.test(action)) return 'green';
  if (action.startsWith('escalation.') || action === 'reminder.sent') return 'orange';
  if (action.startsWith('cycle.') || action.startsWith('deadlines.') || action.startsWith('assignments.')) return 'gray';
  return 'blue';
}

/** Whether an event concerns another agency than the actor's own: then its line names that agency. */
export function concernsOther(entry: TimelineEntry): boolean {
  return entry.summary.agency !== null && entry.summary.agency.agencyId !== entry.actor.agency?.agencyId;
}
