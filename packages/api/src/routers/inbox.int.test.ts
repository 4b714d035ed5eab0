import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { DEFAULT_REPORTING_POLICY, type Actor, type Role } from '@liandong/domain';
import { AppError } from '../errors';
import { callerFor } from '../test-support/context';

// Read-model rows are inserted directly, as the measure workflows' projection writes them: the reads under
// test only look at those tables, and a fixed set of rows pins every count and position exactly.

let connection: Connection;
let temporal: Client;
let t: TestDatabase;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

const DAY = 86_400_000;
const actor = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}`, displayName: 'someone', agencyId, roles });
const as = (who: Actor) => callerFor({ db: t.db, temporal }, who);

async function rejection(promise: Promise<unknown>): Promise<{ code: string; fields: string[]; message: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const fields = cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : cause instanceof AppError && cause.field ? [cause.field] : [];
    return { code: (error as { code: string }).code, fields, message: (error as Error).message };
  }
  throw new Error('expected a rejection');
}

/**
 * One plan coordinated by `coordinator`, led by `lead`, with partners `partner`, `decliner` and `transferer`:
 * - 措施一 due in 2 days: partner pending acceptance and owing its report; the partner asked for an extension;
 * - 措施二 overdue by 3 days: the partner's report came back (退回); the transferer asked to transfer; partner escalated yellow;
 * - 措施三 due in 10 days: the partner's report awaits the lead's review; a subtask for the partner; the decliner declined;
 * - 措施四 withdrawn: nothing about it waits on anyone.
 */
async function world() {
  const tag = randomBytes(4).toString('hex');
  const agencies = await t.db
    .insertInto('agencies')
    .values(['coordinator', 'lead', 'partner', 'decliner', 'transferer', 'bystander'].map((name) => ({ code: `t-${tag}-${name}`, name: `${name}-${tag}`, level: 'city' as const, kind: 'department' as const })))
    .returning(['id', 'code'])
    .execute();
  const id = (name: string) => agencies.find((a) => a.code === `t-${tag}-${name}`)!.id;
  const [coordinator, lead, partner, decliner, transferer, bystander] = ['coordinator', 'lead', 'partner', 'decliner', 'transferer', 'bystander'].map(id) as [number, number, number, number, number, number];
  const plan = await t.db
    .insertInto('plans')
    .values({ title: `测试方案 ${tag}`, coordinatorAgencyId: coordinator, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: tag, sourceHash: randomBytes(32).toString('hex') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const now = Date.now();
  const measure = async (seq: number, number: string, due: number, status: 'active' | 'withdrawn' = 'active', cycleIndex = 0) =>
    (
      await t.db
        .insertInto('measures')
        .values({ planId: plan.id, seq, number, title: `${number}标题`, body: '', leadAgencyId: lead, coordinatorAgencyId: coordinator, status, cycleIndex, cycleDueAt: new Date(now + due) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const m1 = await measure(0, '措施一', 2 * DAY);
  const m2 = await measure(1, '措施二', -3 * DAY, 'active', 1);
  const m3 = await measure(2, '措施三', 10 * DAY);
  const m4 = await measure(3, '措施四', 2 * DAY, 'withdrawn');
  const assign = (measureId: string, agencyId: number, role: 'lead' | 'partner', status: 'pending' | 'accepted' | 'declined' | 'transfer_requested', due: number, escalationLevel: 'yellow' | null = null) =>
    t.db.insertInto('assignments').values({ measureId, agencyId, role, status, dueAt: new Date(now + due), escalationLevel }).execute();
  await assign(m1, lead, 'lead', 'accepted', 2 * DAY);
  await assign(m1, partner, 'partner', 'pending', 2 * DAY);
  await assign(m2, lead, 'lead', 'accepted', -3 * DAY);
  await assign(m2, partner, 'partner', 'accepted', -3 * DAY, 'yellow');
  await assign(m2, transferer, 'partner', 'transfer_requested', -3 * DAY);
  await assign(m3, lead, 'lead', 'accepted', 10 * DAY);
  await assign(m3, partner, 'partner', 'accepted', 10 * DAY);
  await assign(m3, decliner, 'partner', 'declined', 10 * DAY);
  await assign(m4, lead, 'lead', 'accepted', 2 * DAY);
  await assign(m4, bystander, 'partner', 'pending', 2 * DAY);
  const report = (measureId: string, cycleIndex: number, status: 'submitted' | 'returned', revision = 1) =>
    t.db
      .insertInto('reports')
      .values({ id: randomUUID(), measureId, agencyId: partner, cycleIndex, kind: 'partner', revision, status, progressStatus: 'on_track', percentDone: 50, kpiValues: '[]', submittedBy: 'p', submittedAt: new Date(now - DAY) })
      .execute();
  await report(m2, 0, 'returned'); // an earlier cycle's: not this cycle's business
  await report(m2, 1, 'returned');
  await report(m3, 0, 'submitted');
  await t.db.insertInto('subtasks').values({ id: randomUUID(), measureId: m3, assigneeAgencyId: partner, createdByAgencyId: lead, title: '子任务', dueAt: new Date(now + 5 * DAY) }).execute();
  await t.db
    .insertInto('extensionRequests')
    .values({ id: randomUUID(), measureId: m1, agencyId: partner, currentDueAt: new Date(now + 2 * DAY), requestedDueAt: new Date(now + 20 * DAY), reason: '需要更多时间', requestedAt: new Date(now - DAY) })
    .execute();
  return { planId: plan.id, coordinator, lead, partner, decliner, transferer, bystander, m1, m2, m3, m4 };
}

type World = Awaited<ReturnType<typeof world>>;
let w: World;
beforeAll(async () => {
  w = await world();
});

describe('inbox (工作台)', () => {
  it("counts and orders a partner's work most urgent first, with days left in working days", async () => {
    const officer = as(actor(w.partner, 'officer'));
    expect(await officer.inbox.counts()).toMatchObject({
      agencyId: w.partner,
      total: 4,
      byKind: { 'assignment.pending': 1, 'report.due': 1, 'report.returned': 1, 'report.review': 0, 'subtask.open': 1, 'extension.pending': 0 },
    });
    const { items, next } = await officer.inbox.items();
    expect(next).toBeNull();
    expect(items.map((i) => [i.kind, i.measureNumber])).toEqual([
      ['report.returned', '措施二'],
      ...(items[1]!.kind === 'assignment.pending'
        ? [['assignment.pending', '措施一'], ['report.due', '措施一']]
        : [['report.due', '措施一'], ['assignment.pending', '措施一']]),
      ['subtask.open', '措施三'],
    ]);
    expect(items[0]!.deadline).toMatchObject({ overdue: true });
    expect(items[0]!.deadline!.daysLeft).toBeLessThan(0);
    expect(items[3]!.deadline).toMatchObject({ overdue: false });
    expect(items[3]!.deadline!.daysLeft).toBeGreaterThanOrEqual(1);
    expect(items[3]!.deadline!.daysLeft).toBeLessThanOrEqual(5);
  });

  it("shows a lead its combined reports due, partner reports to review and the extension request waiting on it", async () => {
    const { items } = await as(actor(w.lead, 'officer')).inbox.items();
    expect(items.map((i) => [i.kind, i.measureNumber])).toEqual([
      ['report.due', '措施二'],
      ['report.due', '措施一'],
      ...(items[2]!.kind === 'report.due'
        ? [['report.due', '措施三'], ['report.review', '措施三']]
        : [['report.review', '措施三'], ['report.due', '措施三']]),
      ['extension.pending', '措施一'],
    ]);
    expect(items.find((i) => i.kind === 'report.review')!.agencyId).toBe(w.partner);
    expect(items.find((i) => i.kind === 'extension.pending')!.deadline).toBeNull();
  });

  it('gives the plan coordinator the extension, transfer and decline to decide, but not its officers without the role', async () => {
    expect((await as(actor(w.coordinator, 'coordinator')).inbox.counts()).byKind).toMatchObject({ 'extension.pending': 1, 'transfer.pending': 1, 'decline.pending': 1 });
    expect((await as(actor(w.coordinator, 'officer')).inbox.counts()).total).toBe(0);
    // The unit asking to transfer still owes this cycle's report until the transfer is decided.
    expect((await as(actor(w.transferer, 'officer')).inbox.counts()).byKind['report.due']).toBe(1);
  });

  it('asks nothing of anyone about a withdrawn measure', async () => {
    expect((await as(actor(w.bystander, 'officer')).inbox.counts()).total).toBe(0);
  });

  it('pages with the returned token and sees every item exactly once', async () => {
    const officer = as(actor(w.lead, 'officer'));
    const all = (await officer.inbox.items()).items.map((i) => i.refId + i.kind);
    const first = await officer.inbox.items({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await officer.inbox.items({ limit: 2, cursor: first.next! });
    const third = await officer.inbox.items({ limit: 2, cursor: second.next! });
    expect(third.next).toBeNull();
    expect([...first.items, ...second.items, ...third.items].map((i) => i.refId + i.kind)).toEqual(all);
  });

  it("lets an auditor read any agency's inbox and refuses an officer another agency's", async () => {
    const partnerView = await as(actor(w.partner, 'officer')).inbox.items();
    expect(await as(actor(w.bystander, 'auditor')).inbox.items({ agencyId: w.partner })).toEqual(partnerView);
    expect(await rejection(as(actor(w.partner, 'officer')).inbox.items({ agencyId: w.lead }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.partner, 'officer')).inbox.counts({ agencyId: w.lead }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.partner, 'coordinator')).inbox.measures({ agencyId: w.lead }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('my measures', () => {
  const numbers = (rows: { number: string }[]) => rows.map((r) => r.number);

  it("lists a partner's measures with its role, filtered by overdue and escalation level", async () => {
    const officer = as(actor(w.partner, 'officer'));
    const all = await officer.inbox.measures({ sort: 'number' });
    expect(all.total).toBe(3);
    expect(numbers(all.rows)).toEqual(['措施一', '措施二', '措施三']);
    expect(all.rows.every((r) => r.role === 'partner')).toBe(true);
    expect(numbers((await officer.inbox.measures({ overdue: true })).rows)).toEqual(['措施二']);
    expect(numbers((await officer.inbox.measures({ overdue: false, sort: 'number' })).rows)).toEqual(['措施一', '措施三']);
    expect(numbers((await officer.inbox.measures({ escalationLevel: 'yellow' })).rows)).toEqual(['措施二']);
    expect(numbers((await officer.inbox.measures({ sort: 'escalation' })).rows)[0]).toBe('措施二');
    expect((await officer.inbox.measures({ role: 'lead' })).total).toBe(0);
  });

  it('pages a lead\'s list with the total, and filters by status and plan', async () => {
    const officer = as(actor(w.lead, 'officer'));
    const page = await officer.inbox.measures({ sort: 'number', limit: 3, offset: 2 });
    expect(page.total).toBe(4);
    expect(numbers(page.rows)).toEqual(['措施三', '措施四']);
    expect(numbers((await officer.inbox.measures({ status: 'withdrawn' })).rows)).toEqual(['措施四']);
    expect((await officer.inbox.measures({ planId: w.planId })).total).toBe(4);
    expect((await officer.inbox.measures({ planId: randomUUID() })).total).toBe(0);
    expect((await officer.inbox.measures({ offset: 100_000 })).rows).toEqual([]);
  });

  it('shows a coordinator every measure of its plan, with the highest open level on each', async () => {
    const coordinator = as(actor(w.coordinator, 'coordinator'));
    const list = await coordinator.inbox.measures({ sort: 'number' });
    expect(numbers(list.rows)).toEqual(['措施一', '措施二', '措施三', '措施四']);
    expect(list.rows.every((r) => r.role === 'coordinator')).toBe(true);
    expect(numbers((await coordinator.inbox.measures({ escalationLevel: 'yellow' })).rows)).toEqual(['措施二']);
    expect(numbers((await coordinator.inbox.measures({ overdue: true })).rows)).toEqual(['措施二']);
    expect((await as(actor(w.coordinator, 'officer')).inbox.measures()).total).toBe(0);
  });

  it('refuses bad input with BAD_REQUEST naming the field', async () => {
    const officer = as(actor(w.partner, 'officer'));
    expect(await rejection(officer.inbox.measures({ limit: -1 }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['limit'] });
    expect(await rejection(officer.inbox.measures({ sort: 'cheapest' as never }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['sort'] });
    expect(await rejection(officer.inbox.measures({ offset: '99999999999999999999999' as never }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['offset'] });
    expect(await rejection(officer.inbox.measures({ offset: 1e12 }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['offset'] });
    expect(await rejection(officer.inbox.items({ limit: 0 }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['limit'] });
    expect(await rejection(officer.inbox.items({ cursor: 'not-a-token' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['cursor'] });
    // Tokens of the right shape that no list handed out: a kind holding NUL, instants that match the pattern but never were.
    const token = (position: object) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    const at = '2026-01-01T00:00:00.000000Z';
    const id = '00000000-0000-4000-8000-000000000000';
    for (const forged of [
      { dueAt: at, since: at, kind: 'report.due\u0000', refId: id },
      { dueAt: at, since: at, kind: 'no.such.kind', refId: id },
      { dueAt: '9999-99-99T99:99:99.999999Z', since: at, kind: 'report.due', refId: id },
      { dueAt: at, since: '2026-13-45T00:00:00.000000Z', kind: 'report.due', refId: id },
    ]) {
      expect(await rejection(officer.inbox.items({ cursor: token(forged) }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['cursor'] });
    }
    for (const createdAt of ['2026-13-45T00:00:00.000000Z', '2026-02-30T00:00:00.000000Z', '0000-01-01T00:00:00.000000Z']) {
      expect(await rejection(officer.notification.list({ cursor: token({ createdAt, id }) }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['cursor'] });
    }
    expect(await rejection(officer.notification.list({ limit: -5 }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['limit'] });
    expect(await rejection(officer.notification.markRead({ ids: ['x'] }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['ids.0'] });
  });
});

describe('notifications (站内提醒)', () => {
  it('lists newest first, counts unread, and marks only the agency\'s own read', async () => {
    const at = Date.now();
    const notify = (recipientAgencyId: number, message: string, ms: number, read = false) =>
      t.db
        .insertInto('notifications')
        .values({ notificationKey: randomUUID(), recipientAgencyId, measureId: w.m1, kind: 'report.returned', message, createdAt: new Date(at + ms), readAt: read ? new Date(at) : null })
        .returning('id')
        .executeTakeFirstOrThrow();
    const oldest = await notify(w.decliner, '一', 0, true);
    const same1 = await notify(w.decliner, '二', 1000);
    const same2 = await notify(w.decliner, '三', 1000);
    const others = await notify(w.bystander, '别人的', 2000);

    const decliner = as(actor(w.decliner, 'officer'));
    const list = await decliner.notification.list();
    expect(list.items.map((n) => n.message).slice(2)).toEqual(['一']);
    expect(list.items.map((n) => n.id).sort()).toEqual([oldest.id, same1.id, same2.id].sort());
    expect(list.items[0]!.measureNumber).toBe('措施一');
    const first = await decliner.notification.list({ limit: 2 });
    const second = await decliner.notification.list({ limit: 2, cursor: first.next! });
    expect([...first.items, ...second.items].map((n) => n.id)).toEqual(list.items.map((n) => n.id));
    expect(second.next).toBeNull();
    expect((await decliner.notification.list({ unreadOnly: true })).items).toHaveLength(2);
    expect(await decliner.notification.unreadCount()).toEqual({ unread: 2 });

    // Another agency's notification: nothing changes, whoever's ids are sent.
    expect(await as(actor(w.bystander, 'officer')).notification.markRead({ ids: [same1.id, same2.id] })).toEqual({ marked: 0 });
    expect(await decliner.notification.markRead({ ids: [others.id, same1.id] })).toEqual({ marked: 1 });
    expect(await as(actor(w.bystander, 'officer')).notification.unreadCount()).toEqual({ unread: 1 });
    expect(await rejection(as(actor(w.decliner, 'auditor')).notification.markRead({ ids: 'all' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await decliner.notification.unreadCount()).toEqual({ unread: 1 });
    expect(await decliner.notification.markRead({ ids: 'all' })).toEqual({ marked: 1 });
    expect(await decliner.notification.unreadCount()).toEqual({ unread: 0 });
    expect(await as(actor(w.lead, 'auditor')).notification.unreadCount({ agencyId: w.bystander })).toEqual({ unread: 1 });
    expect(await rejection(decliner.notification.list({ agencyId: w.bystander }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
