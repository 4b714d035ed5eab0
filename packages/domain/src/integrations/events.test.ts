import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeasureEvent, ReportContent } from '../measure/types';
import { webhookEventsOf } from './events';
import { parseWebhookEvents, WEBHOOK_EVENTS } from './index';

const none = { assignedAgencyIds: [] };

describe('the webhook events a measure event makes', () => {
  it('tells every assigned agency of a started measure that it was assigned, with the first due date', () => {
    expect(webhookEventsOf({ type: 'measure.started', cycleIndex: 0, dueAt: '2027-01-08T15:59:59.999Z', notify: [1, 2] }, { assignedAgencyIds: [1, 2, 3, 2] })).toEqual([
      { type: 'assignment.assigned', agencyIds: [1, 2, 3], data: { event: 'measure.started', cycleIndex: 0, dueAt: '2027-01-08T15:59:59.999Z' } },
    ]);
  });

  it('tells the new agency of a reassignment, each agency added by a sync with its role, and the assignee of a subtask', () => {
    expect(webhookEventsOf({ type: 'assignment.reassigned', fromAgencyId: 4, toAgencyId: 5, role: 'partner', comment: '改由市商务局配合' }, none)).toEqual([
      { type: 'assignment.assigned', agencyIds: [5], data: { event: 'assignment.reassigned', role: 'partner', comment: '改由市商务局配合' } },
    ]);
    expect(webhookEventsOf({ type: 'assignments.synced', added: [{ agencyId: 6, role: 'lead' }, { agencyId: 7, role: 'partner' }], withdrawn: [8] }, none)).toEqual([
      { type: 'assignment.assigned', agencyIds: [6], data: { event: 'assignments.synced', role: 'lead' } },
      { type: 'assignment.assigned', agencyIds: [7], data: { event: 'assignments.synced', role: 'partner' } },
    ]);
    expect(webhookEventsOf({ type: 'subtask.created', subtaskId: 's1', assigneeAgencyId: 9, createdByAgencyId: 1, title: '摸底调查', dueAt: '2027-02-01T00:00:00.000Z', notify: [9] }, none)).toEqual([
      { type: 'assignment.assigned', agencyIds: [9], data: { event: 'subtask.created', subtaskId: 's1', title: '摸底调查', dueAt: '2027-02-01T00:00:00.000Z' } },
    ]);
  });

  it('makes reminders due, missed cycles and overdue escalations overdue, for the agencies concerned', () => {
    expect(webhookEventsOf({ type: 'reminder.sent', agencyId: 3, cycleIndex: 2, dueAt: '2027-03-05T09:59:59.999Z', notify: [3] }, none)).toEqual([
      { type: 'report.due', agencyIds: [3], data: { event: 'reminder.sent', cycleIndex: 2, dueAt: '2027-03-05T09:59:59.999Z' } },
    ]);
    expect(webhookEventsOf({ type: 'cycle.missed', agencyId: 3, cycleIndex: 2 }, none)).toEqual([{ type: 'report.overdue', agencyIds: [3], data: { event: 'cycle.missed', cycleIndex: 2 } }]);
    const overdue: MeasureEvent = { type: 'escalation.raised', escalationId: 'e1', kind: 'overdue', level: 'blue', agencyId: 3, cycleIndex: 2, reason: '逾期 3 个工作日未报送', notify: [3, 1, 1] };
    expect(webhookEventsOf(overdue, none)).toEqual([
      { type: 'report.overdue', agencyIds: [3, 1], data: { event: 'escalation.raised', escalationId: 'e1', level: 'blue', cycleIndex: 2, reason: '逾期 3 个工作日未报送', escalatedAgencyId: 3 } },
    ]);
  });

  it('reports a review with its decision to the reporting agency', () => {
    const [accepted] = webhookEventsOf({ type: 'report.accepted', reportId: 'r1', agencyId: 2, cycleIndex: 0, comment: '', notify: [2] }, none);
    const [returned] = webhookEventsOf({ type: 'report.returned', reportId: 'r2', agencyId: 2, cycleIndex: 1, comment: '请补充数据', notify: [2] }, none);
    expect(accepted).toEqual({ type: 'report.reviewed', agencyIds: [2], data: { event: 'report.accepted', decision: 'accepted', reportId: 'r1', cycleIndex: 0, comment: '' } });
    expect(returned).toMatchObject({ type: 'report.reviewed', agencyIds: [2], data: { decision: 'returned', comment: '请补充数据' } });
  });

  it('makes manual escalations and climbs escalated, and an approved closure closed, for whoever they notify', () => {
    expect(webhookEventsOf({ type: 'escalation.raised', escalationId: 'e2', kind: 'manual', level: 'yellow', agencyId: null, cycleIndex: null, reason: '进度滞后', notify: [1, 50] }, none)).toEqual([
      { type: 'measure.escalated', agencyIds: [1, 50], data: { event: 'escalation.raised', escalationId: 'e2', level: 'yellow', cycleIndex: null, reason: '进度滞后', escalatedAgencyId: null } },
    ]);
    expect(webhookEventsOf({ type: 'escalation.climbed', escalationId: 'e2', level: 'red', notify: [1] }, none)).toEqual([
      { type: 'measure.escalated', agencyIds: [1], data: { event: 'escalation.climbed', escalationId: 'e2', level: 'red' } },
    ]);
    expect(webhookEventsOf({ type: 'closure.approved', closureId: 'c1', comment: '同意销号', notify: [1, 2] }, none)).toEqual([
      { type: 'measure.closed', agencyIds: [1, 2], data: { event: 'closure.approved', closureId: 'c1', comment: '同意销号' } },
    ]);
  });

  it('tells the reviewer a report arrived, naming the unit that reported', () => {
    expect(webhookEventsOf({ type: 'report.submitted', reportId: 'r', agencyId: 2, cycleIndex: 0, kind: 'partner', revision: 1, late: false, content: { progressStatus: 'on_track', percentDone: 1, kpiValues: [], summary: '', problems: '', supportRequested: '' }, notify: [1] }, none)).toEqual([
      { type: 'report.submitted', agencyIds: [1], data: { event: 'report.submitted', reportId: 'r', reportingAgencyId: 2, cycleIndex: 0, kind: 'partner', revision: 1, late: false } },
    ]);
  });

  it('makes nothing of events no outside system acts on, or of events that notify nobody', () => {
    expect(webhookEventsOf({ type: 'assignment.accepted', agencyId: 2, notify: [1] }, none)).toEqual([]);
    expect(webhookEventsOf({ type: 'closure.approved', closureId: 'c1', comment: '' }, none)).toEqual([]);
    expect(webhookEventsOf({ type: 'measure.started', cycleIndex: 0, dueAt: '2027-01-08T00:00:00.000Z' }, none)).toEqual([]);
  });
});

// Every kind of measure event, with arbitrary contents: a new kind fails to compile here until it is listed.
const id = fc.integer({ min: 1, max: 12 });
const ids = fc.array(id, { maxLength: 6 });
const text = fc.string({ maxLength: 8 });
const date = fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const role = fc.constantFrom('lead' as const, 'partner' as const);
const level = fc.constantFrom('blue' as const, 'yellow' as const, 'red' as const);
const index = fc.nat({ max: 40 });
const content = fc.constant<ReportContent>({ progressStatus: 'on_track', percentDone: 10, kpiValues: [], summary: '', problems: '', supportRequested: '' });
const kinds: { [K in MeasureEvent['type']]: fc.Arbitrary<Omit<Extract<MeasureEvent, { type: K }>, 'type' | 'notify'>> } = {
  'measure.started': fc.record({ cycleIndex: index, dueAt: date }),
  'measure.withdrawn': fc.record({ reason: text }),
  'measure.reinstated': fc.record({ status: fc.constantFrom('active' as const, 'closure_requested' as const), cycleIndex: index, dueAt: date, comment: text }),
  'assignment.accepted': fc.record({ agencyId: id }),
  'assignment.declined': fc.record({ agencyId: id, reason: text }),
  'assignment.decline_overruled': fc.record({ agencyId: id, comment: text }),
  'assignment.reassigned': fc.record({ fromAgencyId: id, toAgencyId: id, role, comment: text }),
  'assignment.transfer_requested': fc.record({ agencyId: id, toAgencyId: id, reason: text }),
  'assignment.transfer_rejected': fc.record({ agencyId: id, comment: text }),
  'assignments.synced': fc.record({ added: fc.array(fc.record({ agencyId: id, role }), { maxLength: 5 }), withdrawn: ids }),
  'subtask.created': fc.record({ subtaskId: text, assigneeAgencyId: id, createdByAgencyId: id, title: text, dueAt: date }),
  'subtask.due_moved': fc.record({ subtaskId: text, dueAt: date }),
  'subtask.reassigned': fc.record({ subtaskId: text, assigneeAgencyId: id }),
  'subtask.completed': fc.record({ subtaskId: text, note: text }),
  'report.submitted': fc.record({ reportId: text, agencyId: id, cycleIndex: index, kind: fc.constantFrom('partner' as const, 'combined' as const), revision: index, late: fc.boolean(), content }),
  'report.accepted': fc.record({ reportId: text, agencyId: id, cycleIndex: index, comment: text }),
  'report.returned': fc.record({ reportId: text, agencyId: id, cycleIndex: index, comment: text }),
  'reminder.sent': fc.record({ agencyId: id, cycleIndex: index, dueAt: date }),
  'escalation.raised': fc.record({ escalationId: text, kind: fc.constantFrom('overdue' as const, 'manual' as const), level, agencyId: fc.option(id), cycleIndex: fc.option(index), reason: text }),
  'escalation.climbed': fc.record({ escalationId: text, level }),
  'escalation.acknowledged': fc.record({ escalationId: text }),
  'escalation.resolved': fc.record({ escalationId: text, decision: text }),
  'issue.raised': fc.record({ issueId: text, raisedByAgencyId: id, title: text, description: text, neededAgencyIds: ids }),
  'issue.triaged': fc.record({ issueId: text, responderAgencyIds: ids, dueAt: date }),
  'issue.resolved': fc.record({ issueId: text, resolution: text }),
  'issue.responded': fc.record({ issueId: text, responseId: text, agencyId: id, response: text }),
  'extension.requested': fc.record({ extensionId: text, agencyId: id, currentDueAt: date, requestedDueAt: date, reason: text }),
  'extension.approved': fc.record({ extensionId: text, agencyId: id, dueAt: date, comment: text }),
  'extension.rejected': fc.record({ extensionId: text, agencyId: id, comment: text }),
  'closure.requested': fc.record({ closureId: text, evidence: text, finalKpis: fc.constant([]) }),
  'closure.approved': fc.record({ closureId: text, comment: text }),
  'closure.returned': fc.record({ closureId: text, comment: text }),
  'cycle.started': fc.record({ cycleIndex: index, periodStart: date, periodEnd: date, dueAt: date }),
  'cycle.missed': fc.record({ agencyId: id, cycleIndex: index }),
  'deadlines.recomputed': fc.record({ calendarVersion: text, previousVersion: text, changes: fc.constant([]) }),
};
const anyEvent: fc.Arbitrary<MeasureEvent> = fc
  .tuple(fc.constantFrom(...(Object.keys(kinds) as MeasureEvent['type'][])), fc.option(ids, { nil: undefined }))
  .chain(([type, notify]) => kinds[type].map((fields) => ({ type, ...fields, ...(notify ? { notify } : {}) }) as MeasureEvent));

/** The agency ids a measure event names, in any field. */
function agenciesNamedBy(event: MeasureEvent): Set<number> {
  const named = new Set<number>(event.notify ?? []);
  for (const [key, value] of Object.entries(event)) {
    if (/AgencyId$|^agencyId$/.test(key) && typeof value === 'number') named.add(value);
  }
  if (event.type === 'assignments.synced') for (const a of event.added) named.add(a.agencyId);
  return named;
}

describe('every measure event', () => {
  it('maps, without throwing, to catalogued types for agencies it names or the measure is assigned to, once per type and agency, never with its notify list', () => {
    fc.assert(
      fc.property(anyEvent, ids, (event, assigned) => {
        const out = webhookEventsOf(event, { assignedAgencyIds: assigned });
        const allowed = new Set([...agenciesNamedBy(event), ...assigned]);
        const pairs = new Set<string>();
        for (const { type, agencyIds, data } of out) {
          expect(Object.keys(WEBHOOK_EVENTS)).toContain(type);
          expect(agencyIds.length).toBeGreaterThan(0);
          for (const agencyId of agencyIds) {
            expect(allowed.has(agencyId)).toBe(true);
            const pair = `${type}@${agencyId}`;
            expect(pairs.has(pair)).toBe(false);
            pairs.add(pair);
          }
          expect(data).not.toHaveProperty('notify');
          expect(data.event).toBe(event.type);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseWebhookEvents', () => {
  it('reads a list or all, and names what is not an event type, inherited property names included', () => {
    expect(parseWebhookEvents('report.due, measure.closed，report.due')).toEqual({ events: ['report.due', 'measure.closed'] });
    expect(parseWebhookEvents(['report.due', 'all'])).toEqual({ events: ['all'] });
    expect(parseWebhookEvents('constructor,toString,__proto__,report.due')).toEqual({ unknown: ['constructor', 'toString', '__proto__'] });
    expect(parseWebhookEvents(' , ')).toEqual({ unknown: [''] });
  });
});

