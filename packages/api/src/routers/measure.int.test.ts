import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createDb, loadDemoPlans } from '@liandong/db';
import { findAgencyByCode, insertUserIfAbsent } from '@liandong/db/queries';
import type { TestDatabase } from '@liandong/db/testing';
import { freePort } from '@liandong/devstack';
import { addCalendarDays, chinaDate, type Actor, type Role } from '@liandong/domain';
import { AppError } from '../errors';
import { appRouter } from '../root';
import { callerFor } from '../test-support/context';
import { createAuditService } from '../services/audit';
import type { MeasureService } from '../services/measures';
import { startMeasureStack, type MeasureStack } from '../measure-stack.test-support';

let t: TestDatabase;
let service: MeasureService;
let planIds: string[];
let stack: MeasureStack;

beforeAll(async () => {
  stack = await startMeasureStack('api-measure-router');
  ({ t, service } = stack);
  ({ planIds } = await loadDemoPlans(t.db));
  await service.startWorkflows();
});
afterAll(() => stack?.stop());

const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: 'u', agencyId, roles });
const as = (actor: Actor) => callerFor(stack.deps, actor);

/** A measure of the Guangzhou plan, with who stands on it and an agency that does not. */
async function measure(number: string) {
  const row = await t.db.selectFrom('measures').select('id').where('planId', '=', planIds[0]!).where('number', '=', number).executeTakeFirstOrThrow();
  const state = await service.state(row.id);
  const on = new Set([...state.assignments.map((a) => a.agencyId), state.parties.coordinatorAgencyId]);
  const outsider = (await t.db.selectFrom('agencies').select('id').orderBy('id').execute()).map((a) => a.id).find((id) => !on.has(id))!;
  return {
    id: row.id,
    state,
    lead: state.parties.leadAgencyIds[0]!,
    partner: state.assignments.find((a) => a.role === 'partner')!.agencyId,
    coordinator: state.parties.coordinatorAgencyId,
    outsider,
  };
}

/** What a rejection names: its tRPC code, the fields (zod issues or the service's field) and the message. */
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

const report = { progressStatus: 'on_track' as const, percentDone: 40, kpiValues: [{ metric: '完成率', value: 40 }], summary: '按计划推进', problems: '', supportRequested: '' };
const future = () => new Date(Date.now() + 10 * 86_400_000).toISOString();

/** A well-formed input for every command procedure, acting for `agencyId`: what a hostile but valid client would send. */
const sampleInputs = (agencyId: number, other: number, cycleIndex: number): Record<string, Record<string, unknown>> => ({
  acceptAssignment: { agencyId },
  declineAssignment: { agencyId, reason: '不属于本单位职责' },
  arbitrateDecline: { agencyId, decision: 'insist', comment: '' },
  requestTransfer: { agencyId, toAgencyId: other, reason: '转办' },
  decideTransfer: { agencyId, approve: false, comment: '' },
  createSubtask: { assigneeAgencyId: agencyId, title: '分解任务', dueAt: future() },
  completeSubtask: { subtaskId: 'none', note: '' },
  submitReport: { agencyId, cycleIndex, content: report },
  reviewReport: { agencyId, cycleIndex, decision: 'accept', comment: '' },
  escalate: { agencyId, reason: '进展滞后' },
  acknowledgeEscalation: { escalationId: 'none' },
  resolveEscalation: { escalationId: 'none', decision: '已协调' },
  raiseIssue: { title: '需协调事项', description: '', neededAgencyIds: [other] },
  triageIssue: { issueId: 'none', responderAgencyIds: [other], dueAt: future() },
  resolveIssue: { issueId: 'none', resolution: '已解决' },
  respondIssue: { issueId: 'none', response: '本单位已按要求提供数据' },
  requestExtension: { agencyId, requestedDueAt: future(), reason: '延期' },
  decideExtension: { extensionId: 'none', approve: false, comment: '' },
  applyClosure: { evidence: '已完成', finalKpis: [] },
  decideClosure: { approve: true, comment: '' },
  withdrawMeasure: { reason: '撤销' },
  reinstateMeasure: { comment: '' },
});

type Procedure = (input: unknown) => Promise<unknown>;
const procedure = (actor: Actor, name: string): Procedure => (as(actor).measure as unknown as Record<string, Procedure>)[name]!;
const commandNames = Object.keys(appRouter._def.procedures)
  .filter((p) => p.startsWith('measure.') && p !== 'measure.get')
  .map((p) => p.slice('measure.'.length));

describe('measure commands through tRPC', () => {
  it('lets a partner accept its assignment and submit a report, and its lead review it', async () => {
    const m = await measure('(五)');
    const partner = person(m.partner, 'officer');
    const lead = person(m.lead, 'officer');
    await expect(as(partner).measure.acceptAssignment({ measureId: m.id, agencyId: m.partner })).resolves.toMatchObject({ events: ['assignment.accepted'] });
    const cycleIndex = m.state.cycle.index;
    const submitted = await as(partner).measure.submitReport({ measureId: m.id, agencyId: m.partner, cycleIndex, content: report });
    expect(submitted.events).toContain('report.submitted');
    await as(lead).measure.reviewReport({ measureId: m.id, agencyId: m.partner, cycleIndex, decision: 'accept', comment: '同意' });

    const page = await as(partner).measure.get({ measureId: m.id });
    const name = (await t.db.selectFrom('agencies').select('name').where('id', '=', m.partner).executeTakeFirstOrThrow()).name;
    expect(page).toMatchObject({ id: m.id, number: '(五)', status: 'active', plan: { id: planIds[0] } });
    expect(page.assignments.find((a) => a.agencyId === m.partner)).toMatchObject({ name, role: 'partner', status: 'accepted' });
    expect(page.cycle.duties.find((d) => d.agencyId === m.partner)).toMatchObject({ cycleIndex, name, report: { status: 'accepted', revision: 1 } });
    expect(page.coordinator.agencyId).toBe(m.coordinator);
  });

  it('has a sample input for every command procedure (a new procedure must join the matrix)', () => {
    expect(commandNames.sort()).toEqual(Object.keys(sampleInputs(1, 2, 0)).sort());
  });

  it('tells an officer of another agency 无权访问 on the page and on every command, and changes nothing', async () => {
    const m = await measure('(六)');
    const outsider = person(m.outsider, 'officer');
    expect(await rejection(as(outsider).measure.get({ measureId: m.id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('无权访问') });
    const inputs = sampleInputs(m.outsider, m.partner, m.state.cycle.index);
    for (const name of commandNames) {
      const result = await rejection(procedure(outsider, name)({ measureId: m.id, ...inputs[name] }));
      expect({ name, code: result.code, message: result.message }).toMatchObject({ name, code: 'FORBIDDEN', message: expect.stringContaining('无权访问') });
    }
    // Another plan's coordinator is an outsider too.
    const otherCoordinator = person(m.outsider, 'coordinator');
    expect((await rejection(as(otherCoordinator).measure.get({ measureId: m.id }))).code).toBe('FORBIDDEN');
    expect(await service.state(m.id)).toEqual(m.state);
  });

  it('lets an auditor read a measure but send no command, whatever other role it holds', async () => {
    const m = await measure('(七)');
    const auditor = person(m.outsider, 'auditor');
    const partnerAuditor = person(m.partner, 'officer', 'auditor');
    await expect(as(auditor).measure.get({ measureId: m.id })).resolves.toMatchObject({ id: m.id });
    for (const who of [auditor, partnerAuditor]) {
      const inputs = sampleInputs(who.agencyId, m.lead, m.state.cycle.index);
      for (const name of commandNames) {
        const result = await rejection(procedure(who, name)({ measureId: m.id, ...inputs[name] }));
        expect({ name, code: result.code }).toEqual({ name, code: 'FORBIDDEN' });
      }
    }
    expect(await service.state(m.id)).toEqual(m.state);
  });

  it('names the field of bad input with BAD_REQUEST and changes nothing', async () => {
    const m = await measure('(八)');
    const partner = as(person(m.partner, 'officer'));
    const cycleIndex = m.state.cycle.index;
    const cases: [string, Promise<unknown>][] = [
      ['reason', partner.measure.declineAssignment({ measureId: m.id, agencyId: m.partner, reason: '' })],
      ['reason', partner.measure.declineAssignment({ measureId: m.id, agencyId: m.partner, reason: '   ' })],
      ['reason', partner.measure.declineAssignment({ measureId: m.id, agencyId: m.partner, reason: '不属于\u0000本单位' })],
      ['content.summary', partner.measure.submitReport({ measureId: m.id, agencyId: m.partner, cycleIndex, content: { ...report, summary: '长'.repeat(100_000) } })],
      ['content.percentDone', partner.measure.submitReport({ measureId: m.id, agencyId: m.partner, cycleIndex, content: { ...report, percentDone: 150 } })],
      ['agencyId', partner.measure.acceptAssignment({ measureId: m.id, agencyId: -3 })],
      ['requestedDueAt', partner.measure.requestExtension({ measureId: m.id, agencyId: m.partner, requestedDueAt: 'next week', reason: '延期' })],
      ['measureId', partner.measure.acceptAssignment({ measureId: 'measure-5', agencyId: m.partner })],
      ['measureId', partner.measure.get({ measureId: 'not-a-uuid' })],
    ];
    for (const [field, promise] of cases) {
      const result = await rejection(promise);
      expect({ field, code: result.code, fields: result.fields }).toEqual({ field, code: 'BAD_REQUEST', fields: [field] });
    }
    // A reference the workflow cannot check: an agency missing from the directory, named by the service.
    expect(await rejection(partner.measure.requestTransfer({ measureId: m.id, agencyId: m.partner, toAgencyId: 987_654, reason: '转办' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['toAgencyId'],
    });
    expect(await service.state(m.id)).toEqual(m.state);
  });

  it('answers NOT_FOUND for a measure that does not exist', async () => {
    const officer = as(person((await measure('(五)')).partner, 'officer'));
    expect((await rejection(officer.measure.get({ measureId: randomUUID() }))).code).toBe('NOT_FOUND');
    expect((await rejection(officer.measure.acceptAssignment({ measureId: randomUUID(), agencyId: 1 }))).code).toBe('NOT_FOUND');
  });

  it('applies a repeated requestId once', async () => {
    const m = await measure('(九)');
    const partner = as(person(m.partner, 'officer'));
    const input = { measureId: m.id, agencyId: m.partner, reason: '请协调办明确分工', requestId: 'double-click-1' };
    const [first, second] = await Promise.all([partner.measure.declineAssignment(input), partner.measure.declineAssignment(input)]);
    expect(second).toEqual(first);
    const declined = await t.db.selectFrom('auditEvents').select('action').where('measureId', '=', m.id).where('action', '=', 'assignment.declined').execute();
    expect(declined).toHaveLength(1);
  });
});

describe('the measure page', () => {
  /** A signed-in person with a row in the directory of users, so the timeline can name them. */
  async function user(username: string, displayName: string, agencyId: number, ...roles: Role[]): Promise<Actor> {
    const row = await insertUserIfAbsent(t.db, { username, displayName, agencyId, roles, passwordHash: 'not-a-hash' });
    return { userId: row!.id, username, displayName, agencyId, roles };
  }

  it('shows what a partner reported, the lead’s review comment, the latest KPI value and the story of the measure', async () => {
    const m = await measure('(二十)');
    const [metric, otherMetric] = (await t.db.selectFrom('measureKpis').select('metric').where('measureId', '=', m.id).orderBy('seq').execute()).map((k) => k.metric);
    const partner = await user('page.partner', '王配合', m.partner, 'officer');
    const lead = await user('page.lead', '李牵头', m.lead, 'officer');
    const names = new Map((await t.db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', [m.partner, m.lead]).execute()).map((a) => [a.id, a.name]));
    const cycleIndex = m.state.cycle.index;
    const content = { progressStatus: 'at_risk' as const, percentDone: 35, kpiValues: [{ metric: metric!, value: 4.5 }], summary: '退税流程已梳理', problems: '部分企业资料不全', supportRequested: '请税务部门协助' };

    await as(partner).measure.acceptAssignment({ measureId: m.id, agencyId: m.partner });
    await as(partner).measure.submitReport({ measureId: m.id, agencyId: m.partner, cycleIndex, content });
    await as(lead).measure.reviewReport({ measureId: m.id, agencyId: m.partner, cycleIndex, decision: 'return', comment: '请补充一类企业的办理时间' });

    // The lead reviewing the report reads what was written; the partner reads the comment it must answer.
    for (const reader of [lead, partner]) {
      const page = await as(reader).measure.get({ measureId: m.id });
      expect(page.cycle.duties.find((d) => d.agencyId === m.partner)?.report).toEqual({
        status: 'returned',
        revision: 1,
        late: false,
        content,
        submittedAt: expect.any(String),
        reviewComment: '请补充一类企业的办理时间',
        reviewedAt: expect.any(String),
      });
      expect(page.kpis.map((k) => [k.metric, k.latest])).toEqual([
        [metric, { value: 4.5, cycleIndex, agency: { agencyId: m.partner, name: names.get(m.partner) }, kind: 'partner', status: 'returned', submittedAt: expect.any(String) }],
        [otherMetric, null],
      ]);
      expect(page.kpis[0]).toMatchObject({ target: 5, unit: '个工作日', comparator: '<=' });
      expect(page.history).toEqual([]);
    }

    const page = await as(partner).measure.get({ measureId: m.id });
    // Prefill (最多报一次) comes from the server, on any device.
    expect(page.lastReport).toEqual({ cycleIndex, kind: 'partner', revision: 1, status: 'returned', submittedAt: expect.any(String), content });
    expect((await as(lead).measure.get({ measureId: m.id })).lastReport).toBeNull();

    // Newest first: the return, the report, the acceptance, each with who did it; the start by 系统 before them.
    const told = page.timeline.map((e) => [e.action, e.actor.name, e.actor.agency?.agencyId ?? null, e.summary.agency?.agencyId ?? null]);
    expect(told.slice(0, 3)).toEqual([
      ['report.returned', '李牵头', m.lead, m.partner],
      ['report.submitted', '王配合', m.partner, m.partner],
      ['assignment.accepted', '王配合', m.partner, m.partner],
    ]);
    expect(told.at(-1)).toEqual(['measure.started', '系统', null, null]);
    expect(page.timeline.map((e) => e.actor.system)).toEqual(page.timeline.map((e) => e.action === 'measure.started'));
    expect(page.timeline[0]!.summary).toMatchObject({ cycleIndex, text: '请补充一类企业的办理时间' });
    expect(page.timeline[1]!.summary).toMatchObject({ cycleIndex, kind: 'partner', revision: 1, progressStatus: 'at_risk', percentDone: 35 });
    expect(Date.parse(page.timeline[0]!.at)).toBeGreaterThanOrEqual(Date.parse(page.timeline[1]!.at));
    expect(page.timelineHasMore).toBe(false);
    // A reader learns what happened, not how the log is kept.
    expect(JSON.stringify(page.timeline)).not.toMatch(/hash|workflowId|runId|reportId/i);

    // The revised report, accepted: the value and the comment follow the newest revision.
    await as(partner).measure.submitReport({ measureId: m.id, agencyId: m.partner, cycleIndex, content: { ...content, kpiValues: [{ metric: metric!, value: 3.5 }] } });
    await as(lead).measure.reviewReport({ measureId: m.id, agencyId: m.partner, cycleIndex, decision: 'accept', comment: '同意' });
    const revised = await as(lead).measure.get({ measureId: m.id });
    expect(revised.cycle.duties.find((d) => d.agencyId === m.partner)?.report).toMatchObject({ status: 'accepted', revision: 2, reviewComment: '同意', content: { kpiValues: [{ metric, value: 3.5 }] } });
    expect(revised.kpis[0]!.latest).toMatchObject({ value: 3.5, status: 'accepted' });
    expect(revised.timeline.slice(0, 2).map((e) => e.action)).toEqual(['report.accepted', 'report.submitted']);
  });

  it('shows a coordination issue with what it asks and whom it needs', async () => {
    const m = await measure('(二十一)');
    const lead = await user('issue.lead', '赵牵头', m.lead, 'officer');
    await as(lead).measure.acceptAssignment({ measureId: m.id, agencyId: m.lead });
    await as(lead).measure.raiseIssue({ measureId: m.id, title: '口岸数据共享', description: '需要海关开放通关数据接口', neededAgencyIds: [m.partner] });
    const page = await as(lead).measure.get({ measureId: m.id });
    const partnerName = (await t.db.selectFrom('agencies').select('name').where('id', '=', m.partner).executeTakeFirstOrThrow()).name;
    expect(page.issues).toEqual([
      expect.objectContaining({ status: 'open', title: '口岸数据共享', description: '需要海关开放通关数据接口', neededAgencies: [{ agencyId: m.partner, name: partnerName }], responders: [], dueAt: null }),
    ]);
    expect(page.timeline[0]).toMatchObject({ action: 'issue.raised', actor: { name: '赵牵头' }, summary: { text: '口岸数据共享' } });
  });

  it('tells 逾期未办结 (overdue) once the due date has passed in China, never for 长期, and no more once closed (销号)', async () => {
    const m = await measure('(十二)');
    const lead = person(m.lead, 'officer');
    const coordinator = person(m.coordinator, 'coordinator');
    const today = chinaDate(new Date());
    const setDeadline = (dueOn: string | null, ongoing: boolean, deadlineText: string) =>
      t.db.updateTable('measures').set({ dueOn, ongoing, deadlineText }).where('id', '=', m.id).execute();
    const read = async () => {
      const page = await as(lead).measure.get({ measureId: m.id });
      return { dueOn: page.dueOn, ongoing: page.ongoing, deadlineText: page.deadlineText, overdue: page.overdue };
    };
    const overdueOnPlanPage = async () => (await as(coordinator).plan.get({ id: planIds[0]! })).measures.find((x) => x.id === m.id)?.overdue;

    expect(await read()).toEqual({ dueOn: null, ongoing: false, deadlineText: null, overdue: false });
    await setDeadline(addCalendarDays(today, 1), false, '明天前');
    expect(await read()).toEqual({ dueOn: addCalendarDays(today, 1), ongoing: false, deadlineText: '明天前', overdue: false });
    await setDeadline(null, true, '长期坚持');
    expect(await read()).toEqual({ dueOn: null, ongoing: true, deadlineText: '长期坚持', overdue: false });
    const yesterday = addCalendarDays(today, -1);
    await setDeadline(yesterday, false, '昨天前');
    expect(await read()).toEqual({ dueOn: yesterday, ongoing: false, deadlineText: '昨天前', overdue: true });
    expect(await overdueOnPlanPage()).toBe(true);

    // Applying for closure (申请办结) is not closure: still overdue until the coordinator approves (销号).
    await as(lead).measure.applyClosure({ measureId: m.id, evidence: '已完成', finalKpis: [] });
    expect(await read()).toMatchObject({ overdue: true });
    await as(coordinator).measure.decideClosure({ measureId: m.id, approve: true, comment: '同意销号' });
    expect((await as(lead).measure.get({ measureId: m.id })).status).toBe('closed');
    expect(await read()).toMatchObject({ dueOn: yesterday, overdue: false });
    expect(await overdueOnPlanPage()).toBe(false);
  });

  it('still tells an outsider 无权访问, and keeps its attempt out of the measure’s timeline', async () => {
    const m = await measure('(二十)');
    const outsider = await user('page.outsider', '外单位', m.outsider, 'officer');
    expect(await rejection(as(outsider).measure.get({ measureId: m.id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('无权访问') });
    const recorded = await t.db.selectFrom('auditEvents').select('action').where('measureId', '=', m.id).where('action', '=', 'access.forbidden').execute();
    expect(recorded.length).toBeGreaterThan(0);
    const page = await as(await user('page.coordinator', '协调办', m.coordinator, 'coordinator')).measure.get({ measureId: m.id });
    expect(page.timeline.map((e) => e.action)).not.toContain('access.forbidden');
  });
});

describe('refusals in the audit log', () => {
  /** The access.forbidden events of one person (each `person()` has its own user id). */
  const forbiddenOf = async (who: Actor) =>
    (await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'access.forbidden').orderBy('id').execute()).filter((e) => e.payload.userId === who.userId);

  it('records an officer reading another agency’s measure as access.forbidden on that measure', async () => {
    const m = await measure('(十一)');
    const outsider = person(m.outsider, 'officer');
    expect((await rejection(as(outsider).measure.get({ measureId: m.id }))).code).toBe('FORBIDDEN');
    expect(await forbiddenOf(outsider)).toEqual([
      expect.objectContaining({
        actor: outsider.username,
        actorAgencyId: m.outsider,
        subjectType: 'measure',
        subjectId: m.id,
        measureId: m.id,
        payload: { procedure: 'measure.get', userId: outsider.userId, roles: ['officer'], measureId: m.id, message: expect.stringContaining('无权访问') },
      }),
    ]);
  });

  it('records a refused command and a failed role check, but not a NOT_FOUND or an UNAUTHORIZED', async () => {
    const m = await measure('(十一)');
    const outsider = person(m.outsider, 'officer');
    expect((await rejection(as(outsider).measure.acceptAssignment({ measureId: m.id, agencyId: m.outsider }))).code).toBe('FORBIDDEN');
    // The role check refuses before the input is read: an id of any shape is not taken for a subject.
    expect((await rejection(as(outsider).user.list())).code).toBe('FORBIDDEN');
    expect((await rejection(as(outsider).calendar.setYear({ year: 'x'.repeat(10_000), measureId: 'not-a-uuid' } as never))).code).toBe('FORBIDDEN');
    expect((await rejection(as(outsider).measure.get({ measureId: randomUUID() }))).code).toBe('NOT_FOUND');
    const before = await t.db.selectFrom('auditEvents').select('id').where('action', '=', 'access.forbidden').execute();
    expect((await rejection(callerFor(stack.deps, null).measure.get({ measureId: m.id }))).code).toBe('UNAUTHORIZED');
    expect(await t.db.selectFrom('auditEvents').select('id').where('action', '=', 'access.forbidden').execute()).toHaveLength(before.length);

    expect((await forbiddenOf(outsider)).map((e) => [e.payload.procedure, e.subjectType, e.subjectId, e.measureId])).toEqual([
      ['measure.acceptAssignment', 'measure', m.id, m.id],
      ['user.list', 'procedure', 'user.list', null],
      ['calendar.setYear', 'procedure', 'calendar.setYear', null],
    ]);
  });

  it('still answers FORBIDDEN when the audit log cannot be written, and logs that', async () => {
    const m = await measure('(十一)');
    const outsider = person(m.outsider, 'officer');
    const logged: string[] = [];
    const logger = { warn: () => {}, error: (_fields: object, message: string) => void logged.push(message) };
    const nowhere = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    try {
      const audit = createAuditService({ db: nowhere, temporal: stack.client, logger });
      const caller = callerFor(stack.deps, outsider, { services: { audit } });
      expect(await rejection(caller.measure.get({ measureId: m.id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('无权访问') });
    } finally {
      await nowhere.destroy();
    }
    expect(logged).toEqual(['audit event could not be recorded']);
  });
});

describe('confirming a plan', () => {
  it('starts a workflow for each of its measures before it answers', async () => {
    const commerce = (await findAgencyByCode(t.db, 'gz-commerce'))!.id;
    const coordinator = as(person(commerce, 'coordinator'));
    const text = ['广州市关于联动测试的若干措施', '(一)深化开放。内容一。(市商务局、市财政局)', '(二)扩大出口。内容二。(市科技局、市交通运输局)'].join('\n');
    const preview = await coordinator.plan.preview({ text });
    const code = (agency: (typeof preview.measures)[number]['leads'][number]) => (agency.resolution.status === 'resolved' ? agency.resolution.code : 'unresolved');
    const result = await coordinator.plan.confirm({
      sourceText: preview.sourceText,
      meta: { ...preview.meta, title: preview.meta.title ?? '联动测试', coordinatorAgencyCode: 'gz-commerce', jurisdictionCode: null },
      measures: preview.measures.map((m) => ({ number: m.number, title: m.title, body: m.body, leadCodes: m.leads.map(code), partnerCodes: m.partners.map(code), kpis: m.kpis })),
    });
    expect(result).toMatchObject({ created: true, measureCount: 2 });
    const stored = await t.db.selectFrom('measures').select(['id', 'workflowId']).where('planId', '=', result.planId).orderBy('seq').execute();
    expect(stored.map((m) => m.workflowId)).toEqual(stored.map((m) => `measure-${m.id}`));
    for (const { id } of stored) expect(await service.state(id)).toMatchObject({ measureId: id, planId: result.planId, status: 'active' });
  });
});
