// Temporal takes at most 2,000 Updates per run and deduplicates Update ids within a run only. A measure
// continues as new after `updatesPerRun` accepted updates (1,000 in production, 3 here: the same code path),
// and a request sent again with the same id is applied once, whichever run it reaches.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m from './measure.messages';
import { auditActions, content, recordHistory, setUpMeasureTests, startFixtureMeasure, waitFor, type MeasureTestContext } from './measure.test-support';

let ctx: MeasureTestContext;
beforeAll(async () => {
  ctx = await setUpMeasureTests();
});
afterAll(() => ctx?.stop());

const PARTNERS = ['gz-development-reform', 'gz-market-regulation', 'gz-finance', 'gz-education', 'gz-health', 'gz-housing', 'gz-justice', 'gz-customs'];

describe('updates per run', () => {
  it('continues as new after its allowance of updates, and a request sent again is applied once across the boundary', async () => {
    const f = await startFixtureMeasure(ctx, { partners: PARTNERS, updatesPerRun: 3 });
    const workflowId = m.measureWorkflowId(f.measure.id);
    const firstRunId = (await f.handle.describe()).runId;
    const submit = (i: number) =>
      f.handle.executeUpdate(m.submitReportUpdate, { updateId: `report-${i}`, args: [{ actor: f.partnerOfficer(i), agencyId: f.partners[i]!, cycleIndex: 0, content: content(10 + i) }] });

    // Four one after another (the first run ends after the third), then four at once: those the server had
    // admitted when a run continued as new are sent on to the next run, not lost.
    for (const i of [0, 1, 2, 3]) expect((await submit(i)).events).toEqual(['report.submitted']);
    const burst = await Promise.all([4, 5, 6, 7].map(submit));
    expect(burst.map((r) => r.events)).toEqual(Array(4).fill(['report.submitted']));

    const runs = await waitFor(async () => {
      const n = (await ctx.client.workflow.count(`WorkflowId = '${workflowId}'`)).count;
      return n >= 3 && n;
    }, 20_000, 200);
    const first = await ctx.client.workflow.getHandle(workflowId, firstRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
    const before = await f.handle.query(m.getMeasureStateQuery);
    expect(before.cycle.duties.filter((d) => d.report?.status === 'submitted')).toHaveLength(PARTNERS.length);

    // Every request again, at once, with the same ids: the current run answers its own from Temporal's
    // record; earlier runs' come back AlreadyApplied (the carried state remembers them). Nothing is decided twice.
    const again = await Promise.allSettled(PARTNERS.map((_, i) => submit(i)));
    const refusals = again.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const alreadyApplied = (e: unknown) => e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && e.cause.type === 'AlreadyApplied';
    expect(refusals.filter((e) => !alreadyApplied(e))).toEqual([]);
    expect(refusals.length).toBeGreaterThanOrEqual(3); // reports 0–2 were taken by the first run
    const after = await f.handle.query(m.getMeasureStateQuery);
    expect(after.seq).toBe(before.seq);
    const reports = await ctx.db.selectFrom('reports').select(['agencyId', 'revision']).where('measureId', '=', f.measure.id).orderBy('agencyId').execute();
    expect(reports).toEqual(f.partners.map((agencyId) => ({ agencyId, revision: 1 })).sort((a, b) => a.agencyId - b.agencyId));
    expect((await auditActions(ctx.db, f.measure.id)).filter((a) => a === 'report.submitted')).toHaveLength(PARTNERS.length);
    console.log(`[updates-per-run] ${runs} runs for ${PARTNERS.length} reports at 3 updates per run`);

    await recordHistory(ctx.client.workflow.getHandle(workflowId, firstRunId), 'updates-continue-as-new');
  });
});
