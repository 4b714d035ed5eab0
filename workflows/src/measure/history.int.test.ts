import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureWorkflowId } from './measure.messages';
import * as m from './measure.messages';
import { recordHistory, setUpMeasureTests, startFixtureMeasure, waitFor, type MeasureTestContext } from './measure.test-support';

let ctx: MeasureTestContext;
beforeAll(async () => {
  ctx = await setUpMeasureTests();
});
afterAll(() => ctx?.stop());

describe('bounded histories', () => {
  it('runs ten years of monthly cycles without any run exceeding 10,000 events', { timeout: 180_000 }, async () => {
    // Started ten years ago with nobody reporting: the workflow races through 120 monthly cycles,
    // raising and climbing escalations on the way, continuing as new at every cycle boundary.
    const began = Date.now();
    const startedAt = new Date(Date.now() - 10 * 365.25 * 86_400_000);
    const f = await startFixtureMeasure(ctx, { startedAt });
    const state = await waitFor(async () => {
      const s = await f.handle.query(m.getMeasureStateQuery);
      // Cycle 119 (last month) is the one now collecting reports: 120 monthly cycles, 0 … 119.
      return s.cycle.index >= 119 && s;
    }, 150_000, 500);

    // Visibility (the list) is eventually consistent: wait until it shows every run.
    const query = `WorkflowId = '${measureWorkflowId(f.measure.id)}'`;
    await waitFor(async () => (await ctx.client.workflow.count(query)).count >= 120, 30_000, 500);
    const lengths: number[] = [];
    const runs: { runId: string; startTime: Date }[] = [];
    for await (const run of ctx.client.workflow.list({ query })) {
      const history = await ctx.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      lengths.push(history.events?.length ?? 0);
      runs.push(run);
    }
    expect(lengths.length).toBeGreaterThanOrEqual(120);
    expect(Math.max(...lengths)).toBeLessThan(10_000);
    // One open overdue escalation per silent agency, however many cycles it missed.
    expect(state.escalations.filter((e) => e.kind === 'overdue')).toHaveLength(3);
    const missed = await ctx.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('measureId', '=', f.measure.id).where('action', '=', 'cycle.missed').executeTakeFirstOrThrow();
    expect(Number(missed.n)).toBeGreaterThanOrEqual(3 * 119);
    console.log(`[history] ${lengths.length} runs, longest ${Math.max(...lengths)} events, ${((Date.now() - began) / 1000).toFixed(1)} s`);

    // Replay needs only a few runs: the first (started fresh), the second (carried over) and the latest.
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    const run = (i: number) => ctx.client.workflow.getHandle(measureWorkflowId(f.measure.id), runs.at(i)!.runId);
    await recordHistory(run(0), 'cycles-run-first');
    await recordHistory(run(1), 'cycles-run-second');
    await recordHistory(run(-1), 'cycles-run-latest');
  });
});
