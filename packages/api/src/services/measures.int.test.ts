import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPlans } from '@liandong/db';
import { findAgencyByCode } from '@liandong/db/queries';
import type { TestDatabase } from '@liandong/db/testing';
import type { Actor, Role } from '@liandong/domain';
import type { MeasureService } from './measures';
import { startMeasureStack, type MeasureStack } from '../measure-stack.test-support';

let t: TestDatabase;
let client: Client;
let service: MeasureService;
let planIds: string[];
let stack: MeasureStack;

beforeAll(async () => {
  stack = await startMeasureStack('api-measures');
  ({ t, client, service } = stack);
  ({ planIds } = await loadDemoPlans(t.db));
});
afterAll(() => stack?.stop());

const actor = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}`, displayName: 'u', agencyId, roles });
const agency = async (code: string) => (await findAgencyByCode(t.db, code))!.id;
const measureOf = (planId: string, number: string) =>
  t.db.selectFrom('measures').select(['id', 'workflowId']).where('planId', '=', planId).where('number', '=', number).executeTakeFirstOrThrow();

describe('measure workflows for stored plans', () => {
  it('starts one workflow per measure of the demo plans, findable by plan in Temporal', async () => {
    const progress: number[] = [];
    expect(await service.startWorkflows(undefined, undefined, { onProgress: (done) => progress.push(done) })).toEqual({ measures: 42, withdrawn: 0 });
    // When it returns, every measure's first workflow task ran: measure.started is recorded, once each.
    const started = await t.db.selectFrom('auditEvents').select('measureId').where('action', '=', 'measure.started').execute();
    expect(started).toHaveLength(42);
    expect(new Set(started.map((e) => e.measureId)).size).toBe(42);
    expect(progress).toEqual(Array.from({ length: 43 }, (_, i) => i));
    const [guangzhou] = planIds;
    const found = async () => {
      let n = 0;
      for await (const _ of client.workflow.list({ query: `LiandongPlanId = '${guangzhou}' AND ExecutionStatus = 'Running'` })) n += 1;
      return n;
    };
    await expect.poll(found, { timeout: 15_000 }).toBe(22);
    const m2 = await measureOf(guangzhou!, '(二)');
    expect(m2.workflowId).toBe(`measure-${m2.id}`);
  });

  it('starts nothing twice when asked again (a restart of `start`)', async () => {
    expect(await service.startWorkflows()).toEqual({ measures: 42, withdrawn: 0 });
    expect(await t.db.selectFrom('auditEvents').select('measureId').where('action', '=', 'measure.started').execute()).toHaveLength(42);
    let runs = 0;
    for await (const _ of client.workflow.list({ query: `LiandongPlanId = '${planIds[0]}'` })) runs += 1;
    expect(runs).toBe(22);
  });
});

describe('commands through the service', () => {
  it('lets the partner accept and names the reason when the workflow refuses', async () => {
    const m2 = await measureOf(planIds[0]!, '(二)');
    const ndrcOfficer = actor(await agency('gz-development-reform'), 'officer');
    const commerceOfficer = actor(await agency('gz-commerce'), 'officer');
    const result = await service.acceptAssignment(commerceOfficer, m2.id, { agencyId: commerceOfficer.agencyId });
    expect(result.events).toEqual(['assignment.accepted']);
    const state = await service.state(m2.id);
    expect(state.assignments.find((a) => a.agencyId === commerceOfficer.agencyId)?.status).toBe('accepted');
    await expect(service.acceptAssignment(ndrcOfficer, m2.id, { agencyId: commerceOfficer.agencyId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.acceptAssignment(commerceOfficer, m2.id, { agencyId: commerceOfficer.agencyId })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('already accepted'),
    });
    await expect(service.state(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a reference to an agency that is not in the directory, naming the field, and changes nothing', async () => {
    const m4 = await measureOf(planIds[0]!, '(四)');
    const state = await service.state(m4.id);
    const holder = state.assignments.find((a) => a.role === 'partner')!;
    const officer = actor(holder.agencyId, 'officer');
    await expect(service.requestTransfer(officer, m4.id, { agencyId: holder.agencyId, toAgencyId: 987_654, reason: '转办' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'toAgencyId',
      message: expect.stringContaining('987654'),
    });
    await expect(service.requestTransfer(officer, m4.id, { agencyId: holder.agencyId, toAgencyId: 1.5, reason: '转办' })).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'toAgencyId' });
    await expect(service.declineAssignment(officer, m4.id, { agencyId: holder.agencyId, reason: 'bad\u0000text' })).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'reason' });
    expect(await service.state(m4.id)).toEqual(state);
  });

  it('applies a repeated request id once', async () => {
    const m3 = await measureOf(planIds[0]!, '(三)');
    const officer = actor(await agency('gz-market-regulation'), 'officer');
    const input = { agencyId: officer.agencyId, reason: '请协调办明确分工' };
    await Promise.all([service.declineAssignment(officer, m3.id, input, 'req-1'), service.declineAssignment(officer, m3.id, input, 'req-1')]);
    const events = await t.db.selectFrom('auditEvents').select('action').where('measureId', '=', m3.id).where('action', '=', 'assignment.declined').execute();
    expect(events).toHaveLength(1);
  });

  it('never restarts the workflow of a closed measure', async () => {
    const m22 = await measureOf(planIds[0]!, '(二十二)');
    const lead = actor(await agency('gz-commerce'), 'officer');
    const coordinator = actor(await agency('gz-commerce'), 'coordinator');
    await service.applyClosure(lead, m22.id, { evidence: '跨部门工作联系机制已建立', finalKpis: [] });
    await service.decideClosure(coordinator, m22.id, { approve: true, comment: '同意销号' });
    await client.workflow.getHandle(`measure-${m22.id}`).result();
    await service.startWorkflows(planIds[0]);
    const description = await client.workflow.getHandle(`measure-${m22.id}`).describe();
    expect(description.status.name).toBe('COMPLETED');
    await expect(service.escalate(coordinator, m22.id, { agencyId: null, reason: '再次督办' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});

describe('audit and notifications', () => {
  it("gives an auditor a measure's timeline beside its raw workflow history, and a verified chain", async () => {
    const { createAuditService } = await import('./audit');
    const audit = createAuditService({ db: t.db, temporal: client });
    const m2 = await measureOf(planIds[0]!, '(二)');
    const auditor = actor(await agency('gd-commerce'), 'auditor');
    const timeline = await audit.timeline(auditor, m2.id);
    expect(timeline.events.map((e) => e.action)).toEqual(['measure.started', 'assignment.accepted']);
    expect(timeline.runs).toHaveLength(1);
    expect(timeline.runs[0]!.events[0]?.eventType).toBe('WorkflowExecutionStarted');
    expect(timeline.events.every((e) => e.workflowId === `measure-${m2.id}` && e.runId === timeline.runs[0]!.runId)).toBe(true);
    await expect(audit.verify(auditor, { from: 'start' })).resolves.toMatchObject({ ok: true });
    const history = JSON.parse(await audit.historyJson(auditor, m2.id)) as { measureId: string; runs: { history: { events: unknown[] } }[] };
    expect(history.measureId).toBe(m2.id);
    expect(history.runs[0]!.history.events.length).toBeGreaterThan(0);
  });

  it("lists an agency's own notifications and marks only its own read", async () => {
    const { createNotificationService } = await import('./notifications');
    const notifications = createNotificationService({ db: t.db });
    const ndrc = actor(await agency('gz-development-reform'), 'officer');
    const commerce = actor(await agency('gz-commerce'), 'officer');
    const { items: mine } = await notifications.list(ndrc, { unreadOnly: true });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((n) => n.kind === 'measure.started' && n.measureNumber === '(二)')).toBe(true);
    expect(await notifications.markRead(commerce, mine.map((n) => n.id))).toBe(0);
    expect(await notifications.markRead(ndrc, mine.map((n) => n.id))).toBe(mine.length);
    expect((await notifications.list(ndrc, { unreadOnly: true })).items).toEqual([]);
  });
});

describe('calendar corrections', () => {
  it('recomputes the deadlines of measures computed with an older calendar, and only those', async () => {
    const { DEMO_PLANS } = await import('@liandong/db');
    const { listMeasuresToRun } = await import('@liandong/db/queries');
    const { WorkingCalendar } = await import('@liandong/domain');
    const { startMeasureWorkflow, getMeasureStateQuery } = await import('@liandong/workflows');
    const base = DEMO_PLANS[1]!;
    const { planIds: [planId] } = await loadDemoPlans(t.db, [{ ...base, key: 'calendar-test', sourceHash: 'c'.repeat(64), title: '日历更正测试方案', documentNumber: null, measures: base.measures.slice(0, 1) }]);
    // Deadlines computed before a calendar release: a calendar with another version.
    const old = new WorkingCalendar({ holidays: {}, workdays: {} });
    const [measure] = await listMeasuresToRun(t.db, planId);
    await startMeasureWorkflow(
      client,
      {
        measureId: measure!.measureId,
        planId: planId!,
        parties: { leadAgencyIds: measure!.assignments.filter((a) => a.role === 'lead').map((a) => a.agencyId), coordinatorAgencyId: measure!.coordinatorAgencyId },
        assignments: measure!.assignments.map((a) => ({ agencyId: a.agencyId, role: a.role })),
        policy: measure!.policy,
        startedAt: measure!.startedAt.toISOString(),
      },
      { taskQueue: stack.taskQueue, calendar: old },
    );
    const admin = actor(await agency('gd-commerce'), 'admin');
    const { recomputed } = await service.recomputeStaleDeadlines(admin);
    expect(recomputed).toEqual([measure!.measureId]);
    const state = await client.workflow.getHandle(`measure-${measure!.measureId}`).query(getMeasureStateQuery);
    expect(state.calendarVersion).toBe(new WorkingCalendar().version);
    const audited = await t.db.selectFrom('auditEvents').select('action').where('measureId', '=', measure!.measureId).where('action', '=', 'deadlines.recomputed').execute();
    expect(audited).toHaveLength(1);
    expect((await service.recomputeStaleDeadlines(admin)).recomputed).toEqual([]);
  });
});

describe('plan revisions', () => {
  it('tells a running measure about an agency a revision added, who can then accept', async () => {
    const m6 = await measureOf(planIds[0]!, '(六)');
    const justice = await agency('gz-justice');
    // What applyPlanRevision writes for a partner added by a re-import.
    await t.db.insertInto('assignments').values({ measureId: m6.id, agencyId: justice, role: 'partner' }).execute();
    await service.startWorkflows(planIds[0]);
    const state = await service.state(m6.id);
    expect(state.assignments.find((a) => a.agencyId === justice)).toMatchObject({ role: 'partner', status: 'pending' });
    await service.acceptAssignment(actor(justice, 'officer'), m6.id, { agencyId: justice });
    const audited = await t.db.selectFrom('auditEvents').select('action').where('measureId', '=', m6.id).orderBy('id').execute();
    expect(audited.map((e) => e.action)).toEqual(['measure.started', 'assignments.synced', 'assignment.accepted']);
    // Nothing changed since: asking again records nothing.
    await service.startWorkflows(planIds[0]);
    expect(await t.db.selectFrom('auditEvents').select('id').where('measureId', '=', m6.id).execute()).toHaveLength(3);
  });

  it('puts the workflow of a measure a revision removed to sleep, audited under who confirmed it, and wakes it when the plan lists it again', async () => {
    const m7 = await measureOf(planIds[0]!, '(七)');
    const confirmer = actor(await agency('gz-commerce'), 'coordinator');
    const partner = actor(await agency('gz-market-regulation'), 'officer');
    // What applyPlanRevision writes for a measure a re-import drops.
    await t.db.updateTable('measures').set({ status: 'withdrawn' }).where('id', '=', m7.id).execute();
    expect(await service.startWorkflows(planIds[0], confirmer)).toMatchObject({ measures: 20, withdrawn: 1 });
    expect((await service.state(m7.id)).status).toBe('withdrawn');
    await expect(service.escalate(confirmer, m7.id, { agencyId: null, reason: '督办' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('withdrawn') });
    // Asked again (a restart of `start`): nothing more happens.
    expect(await service.startWorkflows(planIds[0], confirmer)).toMatchObject({ withdrawn: 0 });

    await t.db.updateTable('measures').set({ status: 'active' }).where('id', '=', m7.id).execute();
    await service.startWorkflows(planIds[0], confirmer);
    expect((await service.state(m7.id)).status).toBe('active');
    const audited = await t.db.selectFrom('auditEvents').select(['action', 'actor']).where('measureId', '=', m7.id).orderBy('id').execute();
    expect(audited).toEqual([
      { action: 'measure.started', actor: 'system' },
      { action: 'measure.withdrawn', actor: confirmer.username },
      { action: 'measure.reinstated', actor: confirmer.username },
    ]);
    const partnerNotes = await t.db.selectFrom('notifications').select('kind').where('measureId', '=', m7.id).where('recipientAgencyId', '=', partner.agencyId).orderBy('id').execute();
    expect(partnerNotes.map((n) => n.kind)).toEqual(expect.arrayContaining(['measure.withdrawn', 'measure.reinstated']));
  });
});
