import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadDemoPlans } from '@liandong/db';
import { findAgencyByCode, inboxItems } from '@liandong/db/queries';
import type { TestDatabase } from '@liandong/db/testing';
import type { Actor, Role } from '@liandong/domain';
import { callerFor, startMeasureStack, type MeasureStack } from '../test-support';

let t: TestDatabase;
let stack: MeasureStack;
let planA: string;
let planB: string;

const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: `用户${agencyId}`, agencyId, roles });
const as = (actor: Actor) => callerFor(stack.deps, actor);
const agencyId = async (code: string) => (await findAgencyByCode(t.db, code))!.id;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

type Measure = { id: string; lead: number; partner: number; planId: string };

/** A measure of the plan with a partner unit, by its place among them, with its lead and a partner. */
async function measureOf(planId: string, index: number): Promise<Measure> {
  const row = await t.db
    .selectFrom('measures as m')
    .select('m.id')
    .where('m.planId', '=', planId)
    .where(({ exists, selectFrom }) => exists(selectFrom('assignments as a').select('a.id').whereRef('a.measureId', '=', 'm.id').where('a.role', '=', 'partner')))
    .orderBy('m.seq')
    .orderBy('m.id')
    .offset(index)
    .limit(1)
    .executeTakeFirstOrThrow();
  const state = await stack.service.state(row.id);
  return { id: row.id, lead: state.parties.leadAgencyIds[0]!, partner: state.assignments.find((a) => a.role === 'partner')!.agencyId, planId };
}

/** What a rejection names: its tRPC code, the fields zod or the service named, and its message. */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; fields: string[]; message: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const fields = cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : cause && typeof cause === 'object' && 'field' in cause && cause.field ? [String(cause.field)] : [];
    return { code: (error as { code: string }).code, fields, message: (error as Error).message };
  }
  throw new Error('expected a rejection');
}

let coordinatorA: Actor;
let coordinatorB: Actor;
let year: number;
let m1: Measure;
let m2: Measure;
let m3: Measure;
let onPlanB: Measure;
/** The manual escalation of m1's partner that the first notice is issued from. */
let escalationId: string;

const issue = (actor: Actor, measure: Measure, extra: Partial<{ requestId: string; escalationId: string; requirement: string; answerDueAt: string; agencyId: number }> = {}) =>
  as(actor).supervision.issueNotice({
    measureId: measure.id,
    agencyId: measure.partner,
    requirement: '请于期限内报送进展并说明逾期原因。',
    answerDueAt: inDays(5),
    requestId: randomUUID(),
    ...extra,
  });

beforeAll(async () => {
  stack = await startMeasureStack('api-supervision-router');
  t = stack.t;
  [planA, planB] = (await loadDemoPlans(t.db)).planIds as [string, string];
  await stack.service.startWorkflows();
  coordinatorA = person(await agencyId('gz-commerce'), 'coordinator');
  coordinatorB = person(await agencyId('gd-commerce'), 'coordinator');
  [m1, m2, m3] = (await Promise.all([0, 1, 2].map((i) => measureOf(planA, i)))) as [Measure, Measure, Measure];
  onPlanB = await measureOf(planB, 0);
  await as(person(m1.lead, 'officer')).measure.escalate({ measureId: m1.id, agencyId: m1.partner, reason: '多次催办无果' });
  escalationId = (await as(coordinatorA).escalation.queue({ measureId: m1.id })).rows[0]!.id;
  year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}, 180_000);
afterAll(() => stack?.stop());

describe('supervision.issueNotice (下发督办单)', () => {
  it('numbers the notice in its plan and year, names the measure, the unit and what is overdue, and notifies the unit', async () => {
    const notice = await issue(coordinatorA, m1, { escalationId });
    const [measure, unit] = await Promise.all([
      t.db.selectFrom('measures').select(['number', 'title']).where('id', '=', m1.id).executeTakeFirstOrThrow(),
      t.db.selectFrom('agencies').select('name').where('id', '=', m1.partner).executeTakeFirstOrThrow(),
    ]);
    expect(notice).toMatchObject({
      number: `督办〔${year}〕第1号`,
      planId: planA,
      measure: { id: m1.id, number: measure.number, title: measure.title },
      agency: { id: m1.partner, name: unit.name },
      issuer: { id: coordinatorA.agencyId, name: '市商务局' },
      escalationId,
      status: 'issued',
      requirement: '请于期限内报送进展并说明逾期原因。',
      answerOverdue: false,
      concluded: false,
    });
    // A manual escalation: the overdue item is what it was raised for, since when it was raised.
    expect(notice.overdueItem).toMatch(/^督办事项：多次催办无果（\d{4}年\d{1,2}月\d{1,2}日起）$/);
    expect(notice.overdueSince).not.toBeNull();

    const notifications = await t.db.selectFrom('notifications').selectAll().where('recipientAgencyId', '=', m1.partner).where('kind', '=', 'notice.issued').execute();
    expect(notifications.map((n) => n.message)).toEqual([expect.stringContaining(`督办〔${year}〕第1号`)]);
  });

  it('gives the same request id back the same notice and number, and a new request the next number', async () => {
    const requestId = randomUUID();
    const first = await issue(coordinatorA, m2, { requestId });
    const again = await issue(coordinatorA, m2, { requestId, requirement: '重复提交' });
    expect(again.id).toBe(first.id);
    expect(again.number).toBe(first.number);
    expect(again.requirement).toBe(first.requirement);
    const next = await issue(coordinatorA, m2);
    expect(Number(/第(\d+)号/.exec(next.number)![1])).toBe(Number(/第(\d+)号/.exec(first.number)![1]) + 1);
    const count = await t.db.selectFrom('supervisionNotices').select((eb) => eb.fn.countAll<string>().as('n')).where('measureId', '=', m2.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('numbers notices issued at once 1..n, without gaps or repeats, a repeated request id counting once', async () => {
    // Plan B's own sequence: nothing else issues on it.
    const requestIds = Array.from({ length: 24 }, () => randomUUID());
    const sends = [...requestIds, ...requestIds.slice(0, 6)].map((requestId) => issue(coordinatorB, onPlanB, { requestId }));
    const notices = await Promise.all(sends);
    const distinct = new Map(notices.map((n) => [n.id, n.number]));
    expect(distinct.size).toBe(requestIds.length);
    const numbers = [...distinct.values()].map((n) => Number(/^督办〔\d{4}〕第(\d+)号$/.exec(n)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: requestIds.length }, (_, i) => i + 1));
    // The repeats got the same notice as their first sending.
    for (let i = 0; i < 6; i += 1) expect(notices[requestIds.length + i]!.id).toBe(notices[i]!.id);
  });

  it('refuses everyone but the plan’s coordinator, auditors even when they coordinate', async () => {
    for (const actor of [
      person(m1.partner, 'auditor'),
      person(coordinatorA.agencyId, 'coordinator', 'auditor'),
      coordinatorB,
      person(m1.lead, 'officer'),
      person(coordinatorA.agencyId, 'officer'),
      person(coordinatorA.agencyId, 'admin'),
    ]) {
      expect(await rejection(issue(actor, m1)), actor.roles.join('+')).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await rejection(callerFor(stack.deps, null).supervision.issueNotice({} as never))).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers bad input with a 400 naming the field', async () => {
    expect(await rejection(issue(coordinatorA, m1, { answerDueAt: inDays(-1) }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['answerDueAt'] });
    expect(await rejection(issue(coordinatorA, m1, { answerDueAt: '下周五' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['answerDueAt'] });
    expect(await rejection(issue(coordinatorA, m1, { requirement: '   ' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['requirement'] });
    expect(await rejection(issue(coordinatorA, m1, { requestId: '' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['requestId'] });
    expect(await rejection(issue(coordinatorA, m1, { agencyId: onPlanB.lead }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['agencyId'] });
    expect(await rejection(issue(coordinatorA, m1, { escalationId: randomUUID() }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['escalationId'] });
    expect(await rejection(issue(coordinatorA, m1, { escalationId: 'e-1' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['escalationId'] });
    expect(await rejection(issue(coordinatorA, { ...m1, id: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names the field once (the HTTP error prefixes it, so no "agencyId: agencyId: …"), and refuses an answer deadline years away', async () => {
    const refusals = [
      [await rejection(issue(coordinatorA, m1, { answerDueAt: inDays(-1) })), 'answerDueAt'],
      [await rejection(issue(coordinatorA, m1, { answerDueAt: '9999-12-31T23:59:59Z' })), 'answerDueAt'],
      [await rejection(issue(coordinatorA, m1, { answerDueAt: inDays(367) })), 'answerDueAt'],
      [await rejection(issue(coordinatorA, m1, { agencyId: onPlanB.lead })), 'agencyId'],
      [await rejection(issue(coordinatorA, m1, { agencyId: 2_000_000_000 })), 'agencyId'],
      // Neither whole (not a safe integer) nor in range: one issue, not the same message twice.
      [await rejection(issue(coordinatorA, m1, { agencyId: 1e20 })), 'agencyId'],
      [await rejection(issue(coordinatorA, m1, { escalationId: randomUUID() })), 'escalationId'],
    ] as const;
    for (const [refused, field] of refusals) {
      expect(refused).toMatchObject({ code: 'BAD_REQUEST', fields: [field] });
      expect(refused.message.startsWith(`${field}:`), refused.message).toBe(false);
    }
  });
});

describe('signing for and answering a notice (签收, 答复)', () => {
  it('moves issued → signed → answered for the unit’s officer, in its inbox until answered, each step audited', async () => {
    const notice = await issue(coordinatorA, m3);
    const officer = person(m3.partner, 'officer');
    const inbox = async () => (await inboxItems(t.db, m3.partner, { limit: 500 })).items.filter((i) => i.refId === notice.id).map((i) => ({ kind: i.kind, agencyId: i.agencyId, dueAt: i.dueAt?.toISOString() }));
    expect(await inbox()).toEqual([{ kind: 'notice.unsigned', agencyId: coordinatorA.agencyId, dueAt: notice.answerDueAt }]);
    expect((await as(officer).inbox.counts()).byKind['notice.unsigned']).toBeGreaterThanOrEqual(1);

    const signed = await as(officer).supervision.signNotice({ noticeId: notice.id, requestId: randomUUID() });
    expect(signed).toMatchObject({ status: 'signed', signedBy: '用户' + m3.partner, mayAnswer: true });
    expect(await inbox()).toEqual([{ kind: 'notice.unanswered', agencyId: coordinatorA.agencyId, dueAt: notice.answerDueAt }]);
    // Signing again changes nothing.
    expect(await as(officer).supervision.signNotice({ noticeId: notice.id, requestId: randomUUID() })).toMatchObject({ status: 'signed', signedAt: signed.signedAt });

    const requestId = randomUUID();
    const answered = await as(officer).supervision.answerNotice({ noticeId: notice.id, answer: '已于本周报送，逾期原因为数据口径调整。', requestId });
    expect(answered).toMatchObject({ status: 'answered', answer: '已于本周报送，逾期原因为数据口径调整。', mayAnswer: false, answerOverdue: false });
    expect(await inbox()).toEqual([]);
    // The same request again is the same answer; another answer is refused.
    expect(await as(officer).supervision.answerNotice({ noticeId: notice.id, answer: '已于本周报送，逾期原因为数据口径调整。', requestId })).toMatchObject({ status: 'answered' });
    const twice = await rejection(as(officer).supervision.answerNotice({ noticeId: notice.id, answer: '再次答复', requestId: randomUUID() }));
    expect(twice).toMatchObject({ code: 'CONFLICT' });
    expect(twice.message).toContain('已答复');

    const events = await t.db.selectFrom('auditEvents').select(['action', 'actor', 'measureId']).where('subjectType', '=', 'supervision_notice').where('subjectId', '=', notice.id).orderBy('id').execute();
    expect(events).toEqual([
      { action: 'supervision.notice_issued', actor: coordinatorA.username, measureId: m3.id },
      { action: 'supervision.notice_signed', actor: officer.username, measureId: m3.id },
      { action: 'supervision.notice_answered', actor: officer.username, measureId: m3.id },
    ]);
    const toCoordinator = await t.db.selectFrom('notifications').select('kind').where('recipientAgencyId', '=', coordinatorA.agencyId).where('message', 'like', `%${notice.number}%`).execute();
    expect(toCoordinator.map((n) => n.kind).sort()).toEqual(['notice.answered', 'notice.signed']);
  });

  it('signs an unsigned notice when it is answered', async () => {
    const notice = await issue(coordinatorA, m3);
    const answered = await as(person(m3.partner, 'officer')).supervision.answerNotice({ noticeId: notice.id, answer: '已落实', requestId: randomUUID() });
    expect(answered.status).toBe('answered');
    expect(answered.signedAt).toBe(answered.answeredAt);
  });

  it('lets no one but the unit’s officers sign or answer, auditors included', async () => {
    const notice = await issue(coordinatorA, m3);
    for (const actor of [person(m3.lead, 'officer'), coordinatorA, person(m3.partner, 'auditor'), person(m3.partner, 'officer', 'auditor'), person(m3.partner, 'coordinator')]) {
      expect(await rejection(as(actor).supervision.signNotice({ noticeId: notice.id, requestId: randomUUID() })), actor.roles.join('+')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await rejection(as(actor).supervision.answerNotice({ noticeId: notice.id, answer: '越权答复', requestId: randomUUID() }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await rejection(as(person(m3.partner, 'officer')).supervision.answerNotice({ noticeId: notice.id, answer: '', requestId: randomUUID() }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['answer'] });
    expect(await rejection(as(person(m3.partner, 'officer')).supervision.signNotice({ noticeId: randomUUID(), requestId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(coordinatorA).supervision.notice({ noticeId: notice.id })).notice.status).toBe('issued');
  });
});

describe('reading notices', () => {
  it('lists what each may read: the coordinator its plans’, the unit its own, auditors all; filters by plan, agency and status', async () => {
    const mine = await as(coordinatorA).supervision.notices({ limit: 100 });
    expect(mine.rows.every((n) => n.planId === planA)).toBe(true);
    expect(mine.total).toBe(mine.rows.length);
    const unit = await as(person(m3.partner, 'officer')).supervision.notices({ limit: 100 });
    expect(unit.rows.length).toBeGreaterThan(0);
    expect(unit.rows.every((n) => n.agency.id === m3.partner)).toBe(true);
    const stranger = await as(person(coordinatorB.agencyId, 'officer')).supervision.notices({ limit: 100 });
    expect(stranger.rows.some((n) => n.planId === planA)).toBe(false);
    const all = await as(person(m1.lead, 'auditor')).supervision.notices({ limit: 100 });
    expect(new Set(all.rows.map((n) => n.planId))).toEqual(new Set([planA, planB]));

    const answered = await as(coordinatorA).supervision.notices({ status: 'answered', limit: 100 });
    expect(answered.rows.length).toBeGreaterThan(0);
    expect(answered.rows.every((n) => n.status === 'answered')).toBe(true);
    expect((await as(coordinatorA).supervision.notices({ agencyId: m2.partner, planId: planA, limit: 100 })).rows.every((n) => n.agency.id === m2.partner)).toBe(true);
    const page = await as(coordinatorA).supervision.notices({ limit: 2, offset: 1 });
    expect(page.rows.map((n) => n.id)).toEqual(mine.rows.slice(1, 3).map((n) => n.id));
    expect(await rejection(as(coordinatorA).supervision.notices({ status: 'lost' } as never))).toMatchObject({ code: 'BAD_REQUEST', fields: ['status'] });
  });

  it('gives the notice with its document, refuses other agencies, and shows it concluded once its escalation is resolved', async () => {
    const [first] = (await as(coordinatorA).supervision.notices({ agencyId: m1.partner, limit: 100 })).rows.filter((n) => n.escalationId === escalationId);
    const { notice, document } = await as(person(m1.partner, 'officer')).supervision.notice({ noticeId: first!.id });
    expect(document).toMatchObject({ issuer: '市商务局', number: notice.number, addressee: notice.agency.name, signature: '市商务局' });
    expect(JSON.stringify(document.body)).toContain('多次催办无果');
    expect(JSON.stringify(document.body)).toContain(notice.requirement);
    expect(await rejection(as(person(m1.lead, 'officer')).supervision.notice({ noticeId: notice.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(coordinatorB).supervision.notice({ noticeId: notice.id }))).toMatchObject({ code: 'FORBIDDEN' });

    await as(coordinatorA).measure.acknowledgeEscalation({ measureId: m1.id, escalationId });
    await as(coordinatorA).measure.resolveEscalation({ measureId: m1.id, escalationId, decision: '已约谈并限期整改' });
    const after = await as(coordinatorA).supervision.notice({ noticeId: notice.id });
    expect(after.notice).toMatchObject({ concluded: true, decision: '已约谈并限期整改' });
    expect(JSON.stringify(after.document.body)).toContain('已办结');
    // A resolved escalation takes no new notice.
    expect(await rejection(issue(coordinatorA, m1, { escalationId }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('renders the notice as a PDF for whoever may read it', async () => {
    const [notice] = (await as(coordinatorA).supervision.notices({ limit: 1 })).rows;
    const file = await as(coordinatorA).supervision.noticePdf({ noticeId: notice!.id });
    expect(file).toMatchObject({ contentType: 'application/pdf', filename: `${notice!.number}.pdf` });
    expect(Buffer.from(file.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await rejection(as(coordinatorB).supervision.noticePdf({ noticeId: notice!.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
