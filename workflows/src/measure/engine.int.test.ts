import type { UpdateDefinition } from '@temporalio/common';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeasure } from '@liandong/db/queries';
import { computeCycle, reportingPolicySchema, WorkingCalendar } from '@liandong/domain';
import { SEARCH_ATTRIBUTES } from '../search-attributes';
import * as m from './measure.messages';
import * as v1 from './v1/measure.messages.v1';
import { agencyId, auditActions, content, recordHistory, refusal, setUpMeasureTests, startFixtureMeasure, waitFor, type MeasureTestContext } from './measure.test-support';

let ctx: MeasureTestContext;
beforeAll(async () => {
  ctx = await setUpMeasureTests();
});
afterAll(() => ctx?.stop());

/** Cycle 0 ends 5 s after the test starts it (period 20 s, started 15 s ago): reminded at +7 s, due at +9 s. */
const SOON = reportingPolicySchema.parse({ cadence: 'PT20S', unit: 'PT1S', dueOffsetWorkingDays: 4, reminderLeadWorkingDays: 2, escalation: { blue: 30, yellow: 40, red: 50 } });

describe('no input can wedge a measure', () => {
  it('refuses each bad input with its reason, changes nothing, and the next reminder still fires', { timeout: 60_000 }, async () => {
    const f = await startFixtureMeasure(ctx, { policy: SOON, startedAt: new Date(Date.now() - 15_000) });
    const before = await f.handle.query(m.getMeasureStateQuery);
    const partner = f.partners[0]!;
    const send = <A>(update: UpdateDefinition<m.CommandResult, [A]>, args: NoInfer<A>) => refusal(f.handle.executeUpdate(update, { args: [args] }));

    // Well-formed references to agencies the directory does not have: the database refuses the record, the command fails.
    expect(await send(m.requestTransferUpdate, { actor: f.partnerOfficer(0), agencyId: partner, toAgencyId: 987_654, reason: '转办' })).toMatch(/not recorded: it names something that does not exist/);
    await f.handle.executeUpdate(m.declineAssignmentUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[1]!, reason: '不属于本单位职责' }] });
    expect(await send(m.arbitrateDeclineUpdate, { actor: f.coordinatorUser, agencyId: f.partners[1]!, decision: 'reassign', reassignToAgencyId: 987_655, comment: '' })).toMatch(/does not exist/);
    const issueId = (await f.handle.executeUpdate(m.raiseIssueUpdate, { args: [{ actor: f.partnerOfficer(0), title: '需协调', description: '', neededAgencyIds: [f.lead] }] })).created!;
    expect(await send(m.triageIssueUpdate, { actor: f.coordinatorUser, issueId, responderAgencyIds: [987_656], dueAt: new Date(Date.now() + 86_400_000).toISOString() })).toMatch(/does not exist/);
    // Malformed input never reaches the database: the core names the field.
    expect(await send(m.requestTransferUpdate, { actor: f.partnerOfficer(0), agencyId: partner, toAgencyId: -1, reason: '转办' })).toMatch(/^toAgencyId:/);
    expect(await send(m.submitReportUpdate, { actor: f.partnerOfficer(0), agencyId: partner, cycleIndex: 0, content: content(10, 'NUL\u0000here') })).toMatch(/^content\.summary: contains a character/);
    expect(await send(m.createSubtaskUpdate, { actor: f.leadOfficer, assigneeAgencyId: partner, title: 'x'.repeat(100_000), dueAt: new Date(Date.now() + 86_400_000).toISOString() })).toMatch(/^title: is 100000 characters long/);
    expect(await send(m.createSubtaskUpdate, { actor: f.leadOfficer, assigneeAgencyId: partner, title: '子任务', dueAt: 'next week' })).toMatch(/^dueAt:/);

    const after = await f.handle.query(m.getMeasureStateQuery);
    expect(after.assignments.find((a) => a.agencyId === partner)?.status).toBe('pending');
    expect(after.subtasks).toEqual(before.subtasks);
    expect(after.issues).toEqual([{ id: issueId, raisedByAgencyId: partner, status: 'open' }]);

    // The measure keeps its timers: the reminder for cycle 0 reaches the partner that still owes its report.
    await waitFor(() => ctx.db.selectFrom('notifications').select('id').where('measureId', '=', f.measure.id).where('recipientAgencyId', '=', partner).where('kind', '=', 'reminder.sent').executeTakeFirst(), 20_000);
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'assignment.declined', 'issue.raised', 'reminder.sent', 'reminder.sent']);
    const description = await f.handle.describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('flags a measure whose timers cannot record (LiandongStuck), keeps trying, and clears the flag once it can', { timeout: 60_000 }, async () => {
    const f = await startFixtureMeasure(ctx, { policy: SOON, startedAt: new Date(Date.now() - 15_000) });
    const trigger = `refuse_${f.measure.id.replaceAll('-', '')}`;
    // The database refuses every audit event of this measure, as a broken constraint would.
    await sql
      .raw(
        `create function ${trigger}() returns trigger language plpgsql as $$ begin if new.measure_id = '${f.measure.id}' then raise exception 'refused by test' using errcode = '23514'; end if; return new; end $$;
         create trigger ${trigger} before insert on audit_events for each row execute function ${trigger}();`,
      )
      .execute(ctx.db);
    try {
      await waitFor(async () => (await f.handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.stuck) === 'stuck', 20_000, 200);
    } finally {
      await sql.raw(`drop trigger ${trigger} on audit_events; drop function ${trigger}();`).execute(ctx.db);
    }
    await waitFor(() => ctx.db.selectFrom('auditEvents').select('id').where('measureId', '=', f.measure.id).where('action', '=', 'reminder.sent').executeTakeFirst(), 30_000);
    await waitFor(async () => (await f.handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.stuck) === undefined, 10_000, 200);
  });
});

describe('running measures move onto the decision core', () => {
  it('continues a first-version measure as new on the core, with its state, and its commands work there', { timeout: 60_000 }, async () => {
    const lead = await agencyId(ctx.db, 'gz-commerce');
    const coordinator = await agencyId(ctx.db, 'gd-commerce');
    const partner = await agencyId(ctx.db, 'gz-port');
    const measure = await createMeasure(ctx.db, { number: '(一)', title: '先行先试', leadAgencyId: lead, partnerAgencyIds: [partner] });
    const calendar = new WorkingCalendar();
    const policy = reportingPolicySchema.parse({ cadence: 'monthly', dueOffsetWorkingDays: 5, reminderLeadWorkingDays: 2, escalation: { blue: 3, yellow: 5, red: 10 } });
    const startedAt = new Date().toISOString();
    const handle = await ctx.client.workflow.start('measureWorkflow', {
      taskQueue: ctx.taskQueue,
      workflowId: m.measureWorkflowId(measure.id),
      args: [
        {
          measureId: measure.id,
          planId: null,
          parties: { leadAgencyIds: [lead], coordinatorAgencyId: coordinator },
          assignments: [
            { agencyId: lead, role: 'lead' },
            { agencyId: partner, role: 'partner' },
          ],
          policy,
          startedAt,
          firstCycle: { cycle: computeCycle(policy, calendar, new Date(startedAt), 0), calendarVersion: calendar.version },
        } satisfies v1.MeasureWorkflowInput,
      ],
    });
    const officer = { userId: 'u', username: 'port-officer', displayName: '港务局', agencyId: partner, roles: ['officer' as const] };
    await handle.executeUpdate(v1.acceptAssignmentUpdate, { args: [{ actor: officer, agencyId: partner }] });

    expect(await handle.executeUpdate(m.upgradeToCoreUpdate)).toBe('upgrading');
    const upgraded = await waitFor(async () => {
      const d = await ctx.client.workflow.getHandle(handle.workflowId).describe();
      return d.type === m.MEASURE_WORKFLOW_TYPE && d.status.name === 'RUNNING' && d;
    });
    expect(upgraded.runId).not.toBe(handle.firstExecutionRunId);
    const core = ctx.client.workflow.getHandle(handle.workflowId);
    const state = await core.query(m.getMeasureStateQuery);
    expect(state).toMatchObject({ version: 2, measureId: measure.id, status: 'active', carried: [], seq: 0 });
    expect(state.assignments.find((a) => a.agencyId === partner)?.status).toBe('accepted');
    expect(state.cycle.duties.every((d) => d.cycleIndex === state.cycle.index)).toBe(true);
    expect(Date.parse(state.cycle.closesAt)).toBeGreaterThan(Date.parse(state.cycle.dueAt));
    // Asked again, it is already there.
    expect(await core.executeUpdate(m.upgradeToCoreUpdate)).toBe('current');

    await core.executeUpdate(m.submitReportUpdate, { args: [{ actor: officer, agencyId: partner, cycleIndex: state.cycle.index, content: content(20) }] });
    expect(await auditActions(ctx.db, measure.id)).toEqual(['measure.started', 'assignment.accepted', 'report.submitted']);
    const row = await ctx.db.selectFrom('measures').select('eventSeq').where('id', '=', measure.id).executeTakeFirstOrThrow();
    expect(row.eventSeq).toBe(1);
    // The first-version run that moved (with its patch marker), and the core's run it continued as.
    await recordHistory(ctx.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId), 'upgrade-first-version-run');
    await recordHistory(core, 'upgrade-core-run');
  });
});

describe('the read model follows decision order', () => {
  it('numbers every recorded batch and applies them in that order, whatever the concurrency', { timeout: 60_000 }, async () => {
    const f = await startFixtureMeasure(ctx);
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => f.handle.executeUpdate(m.createSubtaskUpdate, { args: [{ actor: f.leadOfficer, assigneeAgencyId: f.partners[i % 2]!, title: `子任务 ${i + 1}`, dueAt }] })),
    );
    // Each command got its own place in the order: 1 is the start, then 2 … 9.
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const row = await ctx.db.selectFrom('measures').select('eventSeq').where('id', '=', f.measure.id).executeTakeFirstOrThrow();
    expect(row.eventSeq).toBe(9);
    // The audit log holds them in the same order as the workflow decided them.
    const created = await ctx.db.selectFrom('auditEvents').select('subjectId').where('measureId', '=', f.measure.id).where('action', '=', 'subtask.created').orderBy('id').execute();
    const bySeq = [...results].sort((a, b) => a.seq - b.seq).map((r) => r.created);
    expect(created.map((c) => c.subjectId)).toEqual(bySeq);
  });
});
