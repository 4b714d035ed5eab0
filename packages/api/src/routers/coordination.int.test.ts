// decision.pending (the coordinator's decisions screen) and issue.board (跨部门联动事项), against the demo plans
// on a real worker: what each reader sees, and that the measure's own commands move items along.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadDemoPlans } from '@liandong/db';
import { findAgencyByCode } from '@liandong/db/queries';
import type { TestDatabase } from '@liandong/db/testing';
import type { Actor, Role } from '@liandong/domain';
import { createCoordinationService } from '../services/coordination';
import { callerFor, startMeasureStack, type MeasureStack } from '../test-support';

let t: TestDatabase;
let stack: MeasureStack;
let planA: string;
let planB: string;

const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: 'u', agencyId, roles });
const as = (actor: Actor) => callerFor(stack.deps, actor);
const agencyId = async (code: string) => (await findAgencyByCode(t.db, code))!.id;

type Measure = { id: string; lead: number; partner: number };

/** Measures of the plan with exactly one lead and a partner unit, in plan order (optionally only those with KPIs). */
async function measuresOf(planId: string, options: { kpis?: boolean } = {}): Promise<Measure[]> {
  let q = t.db
    .selectFrom('measures as m')
    .select('m.id')
    .where('m.planId', '=', planId)
    .where(({ exists, selectFrom }) => exists(selectFrom('assignments as a').select('a.id').whereRef('a.measureId', '=', 'm.id').where('a.role', '=', 'partner')))
    .where(({ selectFrom }) => selectFrom('assignments as l').select((eb) => eb.fn.countAll<string>().as('n')).whereRef('l.measureId', '=', 'm.id').where('l.role', '=', 'lead'), '=', '1');
  if (options.kpis) q = q.where(({ exists, selectFrom }) => exists(selectFrom('measureKpis as k').select('k.id').whereRef('k.measureId', '=', 'm.id')));
  const rows = await q.orderBy('m.seq').orderBy('m.id').execute();
  return Promise.all(
    rows.map(async (row) => {
      const state = await stack.service.state(row.id);
      return { id: row.id, lead: state.parties.leadAgencyIds[0]!, partner: state.assignments.find((a) => a.role === 'partner')!.agencyId };
    }),
  );
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return { code: (error as { code: string }).code, fields: cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : [] };
  }
  throw new Error('expected a rejection');
}

let coordinatorA: Actor;
let coordinatorB: Actor;
let customs: number;
let declined: Measure;
let transferring: Measure;
let extending: Measure;
let closing: Measure;
let onPlanB: Measure;
let leadExtensionId: string;
let partnerExtensionId: string;
const officer = (agencyId: number) => person(agencyId, 'officer');

beforeAll(async () => {
  stack = await startMeasureStack('api-coordination');
  t = stack.t;
  [planA, planB] = (await loadDemoPlans(t.db)).planIds as [string, string];
  await stack.service.startWorkflows();
  coordinatorA = person(await agencyId('gz-commerce'), 'coordinator');
  coordinatorB = person(await agencyId('gd-commerce'), 'coordinator');
  customs = await agencyId('gz-customs');
  const plain = await measuresOf(planA);
  closing = (await measuresOf(planA, { kpis: true }))[0]!;
  [declined, transferring, extending] = plain.filter((m) => m.id !== closing.id) as [Measure, Measure, Measure];
  onPlanB = (await measuresOf(planB))[0]!;

  await as(officer(declined.partner)).measure.declineAssignment({ measureId: declined.id, agencyId: declined.partner, reason: '不属于本单位职责' });
  await as(officer(transferring.partner)).measure.requestTransfer({ measureId: transferring.id, agencyId: transferring.partner, toAgencyId: customs, reason: '应由海关承办' });
  const state = await stack.service.state(extending.id);
  const later = new Date(Date.parse(state.cycle.dueAt) + 3 * 86_400_000).toISOString();
  leadExtensionId = (await as(officer(extending.lead)).measure.requestExtension({ measureId: extending.id, agencyId: extending.lead, requestedDueAt: later, reason: '汇总数据延后' })).created!;
  partnerExtensionId = (await as(officer(extending.partner)).measure.requestExtension({ measureId: extending.id, agencyId: extending.partner, requestedDueAt: later, reason: '统计口径调整' })).created!;
  await as(officer(closing.lead)).measure.applyClosure({ measureId: closing.id, evidence: '已完成全部任务，见附件清单', finalKpis: [{ metric: '完成值', value: 42 }] });
  await as(officer(onPlanB.partner)).measure.declineAssignment({ measureId: onPlanB.id, agencyId: onPlanB.partner, reason: '乙方案退回' });
}, 180_000);
afterAll(() => stack?.stop());

describe('decision.pending (the coordinator’s decisions)', () => {
  it('lists the declines, transfers, extensions no lead may decide, and closures of the coordinator’s plans, with counts', async () => {
    const pending = await as(coordinatorA).decision.pending();
    expect(pending.mayDecide).toBe(true);
    expect(pending.declines.map((d) => d.measureId)).toEqual([declined.id]);
    expect(pending.declines[0]).toMatchObject({ agencyId: declined.partner, reason: '不属于本单位职责', planId: planA, agencyName: expect.any(String) });
    expect(pending.transfers).toEqual([expect.objectContaining({ measureId: transferring.id, agencyId: transferring.partner, toAgencyId: customs, mayApprove: true })]);
    // The partner's request is its lead's to decide; the lead's own request falls to the coordinator.
    expect(pending.extensions.map((e) => e.extensionId)).toEqual([leadExtensionId]);
    expect(pending.extensions.map((e) => e.extensionId)).not.toContain(partnerExtensionId);
    expect(pending.extensions[0]).toMatchObject({ agencyId: extending.lead, role: 'lead', reason: '汇总数据延后' });
    const targets = await t.db.selectFrom('measureKpis').select(['metric', 'target', 'unit']).where('measureId', '=', closing.id).orderBy('seq').execute();
    expect(pending.closures).toEqual([
      expect.objectContaining({ measureId: closing.id, evidence: '已完成全部任务，见附件清单', finalKpis: [{ metric: '完成值', value: 42 }], targets: targets.map((k) => expect.objectContaining(k)) }),
    ]);
    expect(pending.closures[0]!.targets.length).toBeGreaterThan(0);
    expect(pending.counts).toEqual({ decline: 1, transfer: 1, extension: 1, closure: 1 });
  });

  it('filters by kind and plan, and refuses a plan the coordinator does not coordinate', async () => {
    const onlyClosures = await as(coordinatorA).decision.pending({ kind: 'closure' });
    expect(onlyClosures).toMatchObject({ declines: [], transfers: [], extensions: [], counts: { decline: 0, transfer: 0, extension: 0, closure: 1 } });
    expect((await as(coordinatorA).decision.pending({ planId: planA })).counts.decline).toBe(1);
    expect(await rejection(as(coordinatorA).decision.pending({ planId: planB }))).toMatchObject({ code: 'FORBIDDEN' });
    const b = await as(coordinatorB).decision.pending();
    expect(b.declines.map((d) => d.measureId)).toEqual([onPlanB.id]);
    expect(b.counts).toEqual({ decline: 1, transfer: 0, extension: 0, closure: 0 });
  });

  it('shows auditors and admins every plan’s, read-only; refuses officers and strangers; names a bad field', async () => {
    for (const reader of [person(declined.lead, 'auditor'), person(coordinatorA.agencyId, 'admin')]) {
      const pending = await as(reader).decision.pending();
      expect(pending.mayDecide).toBe(false);
      expect(pending.declines.map((d) => d.measureId).sort()).toEqual([declined.id, onPlanB.id].sort());
    }
    expect(await rejection(as(officer(declined.lead)).decision.pending())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(callerFor(stack.deps, null).decision.pending())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await rejection(as(coordinatorA).decision.pending({ kind: 'bribe' } as never))).toEqual({ code: 'BAD_REQUEST', fields: ['kind'] });
    expect(await rejection(as(coordinatorA).decision.pending({ planId: 'a' }))).toEqual({ code: 'BAD_REQUEST', fields: ['planId'] });
    expect(await rejection(as(coordinatorA).decision.pending({ limit: 0 }))).toEqual({ code: 'BAD_REQUEST', fields: ['limit'] });
  });

  it('drops each item once decided with the measure’s own procedures', async () => {
    const c = as(coordinatorA);
    await c.measure.arbitrateDecline({ measureId: declined.id, agencyId: declined.partner, decision: 'insist', comment: '请按分工承办' });
    await c.measure.decideTransfer({ measureId: transferring.id, agencyId: transferring.partner, approve: false, comment: '维持原分工' });
    await c.measure.decideExtension({ measureId: extending.id, extensionId: leadExtensionId, approve: true, comment: '同意' });
    await c.measure.decideClosure({ measureId: closing.id, approve: true, comment: '同意销号' });
    const pending = await c.decision.pending();
    expect(pending.counts).toEqual({ decline: 0, transfer: 0, extension: 0, closure: 0 });
    expect((await t.db.selectFrom('measures').select('status').where('id', '=', closing.id).executeTakeFirstOrThrow()).status).toBe('closed');
  });
});

describe('issue.board (跨部门联动事项)', () => {
  let issueId: string;
  let measure: Measure;
  let dueAt: string;

  beforeAll(async () => {
    measure = (await measuresOf(planA)).at(-1)!;
    issueId = (await as(officer(measure.partner)).measure.raiseIssue({ measureId: measure.id, title: '通关数据共享', description: '需海关提供接口', neededAgencyIds: [customs] })).created!;
  });

  it('shows a raised issue in the open column to the coordinator and the raiser, not to other officers or plans', async () => {
    const board = await as(coordinatorA).issue.board({ measureId: measure.id });
    expect(board.columns.open.map((i) => i.id)).toEqual([issueId]);
    expect(board.columns.open[0]).toMatchObject({
      title: '通关数据共享',
      raisedBy: { agencyId: measure.partner },
      neededAgencies: [{ agencyId: customs, name: expect.any(String) }],
      responders: [],
      overdue: false,
      mayTriage: true,
      mayResolve: false,
      mayRespond: false,
    });
    expect(board.counts).toEqual({ open: 1, triaged: 0, resolved: 0 });
    expect((await as(officer(measure.partner)).issue.board()).columns.open.map((i) => i.id)).toContain(issueId);
    // Named as needed, but not yet a responder: customs sees nothing until the coordinator triages.
    expect((await as(officer(customs)).issue.board()).columns.open.map((i) => i.id)).not.toContain(issueId);
    expect((await as(coordinatorB).issue.board()).columns.open.map((i) => i.id)).not.toContain(issueId);
    expect(await rejection(as(coordinatorB).issue.board({ planId: planA }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('moves to triaged with responders and a due date; a named responder outside the measure answers; it is overdue while one is silent', async () => {
    dueAt = new Date(Date.now() + 60_000).toISOString();
    await as(coordinatorA).measure.triageIssue({ measureId: measure.id, issueId, responderAgencyIds: [customs, measure.lead], dueAt });
    const customsBoard = await as(officer(customs)).issue.board();
    const card = customsBoard.columns.triaged.find((i) => i.id === issueId)!;
    expect(card).toMatchObject({ mayRespond: true, mayTriage: false, mayResolve: false, dueAt: new Date(dueAt), overdue: false });
    expect(card.waitingFor.map((a) => a.agencyId).sort()).toEqual([customs, measure.lead].sort());

    // Not named: refused before the workflow; an auditor who is also a customs officer likewise.
    expect(await rejection(as(officer(measure.partner)).measure.respondIssue({ measureId: measure.id, issueId, response: '意见' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(customs, 'officer', 'auditor')).measure.respondIssue({ measureId: measure.id, issueId, response: '意见' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(officer(customs)).measure.respondIssue({ measureId: measure.id, issueId, response: '' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['response'] });

    // The same person sending the same form twice (a double click, a retry) answers once.
    const customsOfficer = officer(customs);
    const requestId = randomUUID();
    await as(customsOfficer).measure.respondIssue({ measureId: measure.id, issueId, response: '同意开放接口', requestId });
    await as(customsOfficer).measure.respondIssue({ measureId: measure.id, issueId, response: '同意开放接口', requestId });
    expect(await t.db.selectFrom('issueResponses').select('revision').where('issueId', '=', issueId).execute()).toEqual([{ revision: 1 }]);

    // The lead is still silent: past the due date the issue is overdue (a clock after it, on the same data).
    const after = createCoordinationService({ db: t.db, clock: () => new Date(Date.parse(dueAt) + 1000) });
    const late = (await after.board(coordinatorA, { measureId: measure.id, limit: 50 })).columns.triaged[0]!;
    expect(late.overdue).toBe(true);
    expect(late.waitingFor.map((a) => a.agencyId)).toEqual([measure.lead]);
    expect(late.responders.find((r) => r.agencyId === customs)).toMatchObject({ answered: true, named: true, latest: { response: '同意开放接口', revision: 1, late: false } });
    expect((await after.board(coordinatorA, { overdueOnly: true, limit: 50 })).columns.triaged.map((i) => i.id)).toContain(issueId);
    expect((await as(coordinatorA).issue.board({ overdueOnly: true })).columns.triaged.map((i) => i.id)).not.toContain(issueId);

    await as(officer(measure.lead)).measure.respondIssue({ measureId: measure.id, issueId, response: '牵头单位同意' });
    await as(officer(customs)).measure.respondIssue({ measureId: measure.id, issueId, response: '接口已开放' });
    const answered = (await after.board(coordinatorA, { measureId: measure.id, limit: 50 })).columns.triaged[0]!;
    expect(answered.overdue).toBe(false);
    expect(answered.waitingFor).toEqual([]);
    expect(answered.responders.find((r) => r.agencyId === customs)!.latest).toMatchObject({ response: '接口已开放', revision: 2 });
  });

  it('moves to resolved once the coordinator resolves it', async () => {
    await as(coordinatorA).measure.resolveIssue({ measureId: measure.id, issueId, resolution: '海关开放接口' });
    const board = await as(coordinatorA).issue.board({ measureId: measure.id });
    expect(board.columns.resolved).toEqual([expect.objectContaining({ id: issueId, resolution: '海关开放接口', mayTriage: false, mayResolve: false, mayRespond: false })]);
    expect(board.counts).toEqual({ open: 0, triaged: 0, resolved: 1 });
    expect(await rejection(as(officer(customs)).measure.respondIssue({ measureId: measure.id, issueId, response: '补充' }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('shows auditors every plan’s issues with no actions; names a bad field', async () => {
    const board = await as(person(customs, 'auditor')).issue.board({ measureId: measure.id });
    expect(board.columns.resolved.map((i) => i.id)).toEqual([issueId]);
    expect(await rejection(as(coordinatorA).issue.board({ measureId: 'x' }))).toEqual({ code: 'BAD_REQUEST', fields: ['measureId'] });
    expect(await rejection(as(coordinatorA).issue.board({ overdueOnly: 'yes' } as never))).toEqual({ code: 'BAD_REQUEST', fields: ['overdueOnly'] });
    expect(await rejection(callerFor(stack.deps, null).issue.board())).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
