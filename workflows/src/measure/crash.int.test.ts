// The worker process dies with reports in flight (SIGKILL: no shutdown, no flush). After a restart,
// every report a client was told about, and every audit event, must exist exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { verifyAuditChain } from '@liandong/db/queries';
import { findRepoRoot } from '@liandong/devstack';
import * as m from './measure.messages';
import { content, recordHistory, setUpMeasureTests, startFixtureMeasure, waitFor, type MeasureTestContext } from './measure.test-support';

/** The standalone worker (apps/worker), run as its own process so that it can be killed. */
const WORKER_APP = path.join(findRepoRoot(), 'apps', 'worker');
const PARTNERS = ['gz-development-reform', 'gz-market-regulation', 'gz-finance', 'gz-tax', 'gz-customs', 'gz-port'];

interface WorkerProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

let ctx: MeasureTestContext;
let scratch: string;
let bundlePath: string;
const workers: WorkerProcess[] = [];
const output: string[] = [];

beforeAll(async () => {
  ctx = await setUpMeasureTests({ worker: false });
  // The prebuilt bundle spares each worker process a few seconds of bundling at start-up.
  scratch = path.join(findRepoRoot(), '.data', 'test', `crash-${randomUUID()}`);
  await mkdir(scratch, { recursive: true });
  bundlePath = path.join(scratch, 'workflow-bundle.js');
  await writeFile(bundlePath, inject('workflowBundle'));
});

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
  await ctx?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function startWorkerProcess(name: string): WorkerProcess {
  // `node --import tsx` (not the tsx CLI, which forks): the PID spawned is the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: WORKER_APP,
    env: {
      ...process.env,
      DATABASE_URL: ctx.t.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: 'default',
      LIANDONG_TASK_QUEUE: ctx.taskQueue,
      LIANDONG_WORKFLOW_BUNDLE: bundlePath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = (chunk: Buffer) => output.push(...chunk.toString().trimEnd().split('\n').map((line) => `[worker ${name}] ${line}`));
  child.stdout?.on('data', log);
  child.stderr?.on('data', log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const w = { name, child, exited };
  workers.push(w);
  return w;
}

/** Sends the same submission (same update id) until the workflow answers; a refusal is a real answer and fails. */
async function untilAnswered<T>(send: () => Promise<T>, timeoutMs = 50_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe('a worker crash in the middle of report submissions', () => {
  it('keeps every acknowledged report, audit event and notification exactly once after a restart', { timeout: 60_000 }, async () => {
    onTestFailed(() => console.log(output.join('\n')));
    const began = Date.now();
    const first = startWorkerProcess('A');
    const f = await startFixtureMeasure(ctx, { partners: PARTNERS });
    const workflowId = f.handle.workflowId;
    const updateIds = f.partners.map(() => randomUUID());
    const submit = (i: number) =>
      f.handle.executeUpdate(m.submitReportUpdate, {
        updateId: updateIds[i]!,
        args: [{ actor: f.partnerOfficer(i), agencyId: f.partners[i]!, cycleIndex: 0, content: content(10 + i, `第 ${i + 1} 家配合单位进展`) }],
      });
    const reportCount = async () => Number((await ctx.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('measureId', '=', f.measure.id).executeTakeFirstOrThrow()).n);

    /** Answers the clients received before the crash: partner index → the report id the update returned. */
    const acknowledged = new Map<number, string | undefined>();
    let killed = false;
    for (const i of [0, 1]) acknowledged.set(i, (await submit(i)).created);
    // Three partners submit at once; the worker dies as soon as the first of their reports is committed,
    // while the others are mid-activity or waiting for a workflow task.
    const inFlight = [2, 3, 4].map((i) =>
      submit(i).then((result) => {
        if (!killed) acknowledged.set(i, result.created);
        return result;
      }),
    );
    await waitFor(async () => (await reportCount()) >= 3, 20_000, 5);
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    const inFlightAtKill = [2, 3, 4].filter((i) => !acknowledged.has(i));
    const killedAt = Date.now();

    // The last partner submits while no worker runs; then a new worker process starts.
    const duringOutage = submit(5);
    // Awaited below; a test that fails before then must not also report them as unhandled.
    for (const p of [...inFlight, duringOutage]) p.catch(() => {});
    startWorkerProcess('B');
    // Clients that got no answer send the same submission again, with the same update id.
    const unanswered = [0, 1, 2, 3, 4, 5].filter((i) => !acknowledged.has(i));
    const answers = new Map(await Promise.all(unanswered.map(async (i) => [i, (await untilAnswered(() => submit(i))).created] as const)));
    const originals = await Promise.allSettled([...inFlight, duringOutage]);
    for (const o of originals) if (o.status === 'rejected') expect(o.reason).not.toBeInstanceOf(WorkflowUpdateFailedError);
    const recoveredIn = Date.now() - killedAt;

    // The workflow's own record: one report per partner, and the report id each client was told.
    const state = await f.handle.query(m.getMeasureStateQuery);
    const reportIdOf = (s: m.MeasureState, agencyId: number) => s.cycle.duties.find((d) => d.agencyId === agencyId)?.report?.reportId;
    const reportIds = f.partners.map((agencyId) => reportIdOf(state, agencyId));
    expect(reportIds.every((id) => id !== undefined)).toBe(true);
    for (const [i, answer] of [...acknowledged, ...answers]) expect(answer).toBe(reportIds[i]);
    // Late answers to the first attempts name the same reports.
    originals.forEach((o, k) => {
      if (o.status === 'fulfilled') expect(o.value.created).toBe(reportIds[[2, 3, 4, 5][k]!]);
    });

    // The read model agrees: one row per agency, cycle and revision, with the ids the workflow holds.
    const rows = await ctx.db.selectFrom('reports').select(['id', 'agencyId', 'cycleIndex', 'revision', 'percentDone']).where('measureId', '=', f.measure.id).orderBy('percentDone').execute();
    expect(rows).toEqual(f.partners.map((agencyId, i) => ({ id: reportIds[i], agencyId, cycleIndex: 0, revision: 1, percentDone: 10 + i })));

    // The audit log: one report.submitted per report, keyed by the submission's update id; the chain holds.
    const events = await ctx.db.selectFrom('auditEvents').select(['eventKey', 'action', 'subjectId']).where('measureId', '=', f.measure.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['measure.started', ...f.partners.map(() => 'report.submitted')]);
    const submitted = events.filter((e) => e.action === 'report.submitted');
    expect(submitted.map((e) => e.subjectId).sort()).toEqual([...reportIds].sort());
    expect(submitted.map((e) => e.eventKey).sort()).toEqual(updateIds.map((id) => `${workflowId}/${id}#0`).sort());
    expect(new Set(events.map((e) => e.eventKey)).size).toBe(events.length);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, checked: events.length });

    // Notifications: the lead hears of each report once.
    const notes = await ctx.db.selectFrom('notifications').select(['notificationKey', 'recipientAgencyId']).where('measureId', '=', f.measure.id).where('kind', '=', 'report.submitted').execute();
    expect(notes.map((n) => n.notificationKey).sort()).toEqual(updateIds.map((id) => `${workflowId}/${id}#0@${f.lead}`).sort());
    const started = await ctx.db.selectFrom('notifications').select('recipientAgencyId').where('measureId', '=', f.measure.id).where('kind', '=', 'measure.started').execute();
    expect(started.map((n) => n.recipientAgencyId).sort()).toEqual([f.lead, ...f.partners].sort());

    await recordHistory(f.handle, 'crash-restart');
    const history = await f.handle.fetchHistory();
    const retriedActivities = history.events?.filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length;
    console.log(
      `[crash] answered before the kill: ${acknowledged.size}, in flight: ${inFlightAtKill.length}, activities retried: ${retriedActivities}, ` +
        `recovered in ${(recoveredIn / 1000).toFixed(1)} s, total ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
  });
});
