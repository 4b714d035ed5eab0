// `pnpm bench`: how many commands per second one machine carries, against the floor Temporal itself
// sets. Real servers (a file-backed Temporal dev server with the SQLite pragmas, embedded PostgreSQL),
// a real worker, the demo plans; prints figures and targets, and never fails on a target.
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createMeasureService, type MeasureService } from '@liandong/api';
import { createDb, loadDemoPlans, migrateToLatest, seedReferenceData } from '@liandong/db';
import { findRepoRoot, freePort, startEmbeddedPostgres, startTemporalDevServer, type RunningPostgres, type RunningTemporal } from '@liandong/devstack';
import type { Actor } from '@liandong/domain';
import { createWorker } from '@liandong/worker';
import { searchAttributeKeys } from '@liandong/workflows';
import { noopUpdate, noopWorkflowsPath, stopSignal } from '@liandong/workflows/bench';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { measureLoad, type LoadFigures } from './load';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 2);
const CALLERS = [1, 16] as const;
const NOOP_TASK_QUEUE = 'bench-noop';
const TARGETS = { commandsPerSecond: 100, ratioToBaseline: 0.7, p50Ms: 30 };

type Figures = Omit<LoadFigures, 'calls'> & { commands: number };
type Command = (i: number) => Promise<unknown>;

/** The load's figures, counted as commands. */
async function measure(callers: number, seconds: number, command: Command): Promise<Figures> {
  const { calls, ...rest } = await measureLoad(callers, seconds, command);
  return { ...rest, commands: calls };
}

async function run(label: string, command: Command): Promise<Figures[]> {
  const results: Figures[] = [];
  for (const callers of CALLERS) {
    if (WARMUP_SECONDS > 0) await measure(callers, WARMUP_SECONDS, command);
    const figures = await measure(callers, SECONDS, command);
    console.log(
      `  ${label}, ${String(callers).padStart(2)} caller(s): ${figures.perSecond.toFixed(1)} commands/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms` +
        (figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''),
    );
    results.push(figures);
  }
  return results;
}

/** A lead unit's officer and a partner unit per measure: creating a subtask is legal while the measure is open. */
async function subtaskCommands(service: MeasureService, measureIds: string[]): Promise<Command> {
  const targets: { measureId: string; lead: Actor; partnerAgencyId: number }[] = [];
  for (const measureId of measureIds) {
    const state = await service.state(measureId);
    const leadAgencyId = state.parties.leadAgencyIds[0];
    const partner = state.assignments.find((a) => a.role === 'partner' && a.status !== 'withdrawn');
    if (state.status !== 'active' || leadAgencyId === undefined || !partner) continue;
    const lead: Actor = { userId: randomUUID(), username: `bench-lead-${leadAgencyId}`, displayName: '压测牵头单位', agencyId: leadAgencyId, roles: ['officer'] };
    targets.push({ measureId, lead, partnerAgencyId: partner.agencyId });
  }
  if (targets.length === 0) throw new Error('no open demo measure with a lead and a partner unit');
  console.log(`  commands go to ${targets.length} measures (createSubtask by the lead unit's officer)`);
  const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  // Round robin over the measures: 16 callers keep one or two Updates in flight per workflow (Temporal allows 10).
  return (i) => {
    const t = targets[i % targets.length]!;
    return service.createSubtask(t.lead, t.measureId, { assigneeAgencyId: t.partnerAgencyId, title: `压测子任务 ${i}`, dueAt }, randomUUID());
  };
}

function table(baseline: Figures[], liandong: Figures[]): void {
  const row = (name: string, f: Figures) =>
    `| ${name.padEnd(30)} | ${String(f.callers).padStart(7)} | ${f.perSecond.toFixed(1).padStart(10)} | ${f.p50.toFixed(1).padStart(7)} | ${f.p99.toFixed(1).padStart(7)} | ${String(f.errors).padStart(6)} |`;
  console.log('');
  console.log(`| what                           | callers | commands/s | p50 ms  | p99 ms  | errors |`);
  console.log(`| ------------------------------ | ------- | ---------- | ------- | ------- | ------ |`);
  for (const f of baseline) console.log(row('no-op Update (baseline)', f));
  for (const f of liandong) console.log(row('Liandong createSubtask', f));
  const at = (list: Figures[], callers: number) => list.find((f) => f.callers === callers)!;
  const ratio = at(liandong, 16).perSecond / at(baseline, 16).perSecond;
  console.log('');
  console.log(`Liandong / baseline at 16 callers: ${ratio.toFixed(2)}`);
  console.log('');
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'BELOW');
  const checks: [string, string, boolean][] = [
    [`≥ ${TARGETS.commandsPerSecond} commands/s at 16 callers`, at(liandong, 16).perSecond.toFixed(1), at(liandong, 16).perSecond >= TARGETS.commandsPerSecond],
    [`≥ ${TARGETS.ratioToBaseline} of the no-op baseline at 16 callers`, ratio.toFixed(2), ratio >= TARGETS.ratioToBaseline],
    [`p50 ≤ ${TARGETS.p50Ms} ms at 1 caller`, `${at(liandong, 1).p50.toFixed(1)} ms`, at(liandong, 1).p50 <= TARGETS.p50Ms],
  ];
  console.log('targets (Liandong commands):');
  for (const [target, value, ok] of checks) console.log(`  ${target.padEnd(44)} ${value.padStart(9)}  ${verdict(ok)}`);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cpus = os.cpus();
  console.log(`commands bench: ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}`);
  const dataDir = path.join(findRepoRoot(), '.data', 'bench', `run-${process.pid}-${randomBytes(4).toString('hex')}`);
  const stops: Stoppable[] = [{ name: 'bench data', stop: () => rm(dataDir, { recursive: true, force: true }) }];
  try {
    // Started side by side; each is stopped even when another fails to start.
    const [pgStarted, temporalStarted, bundled] = await Promise.allSettled([
      startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: await freePort(), persistent: false, database: 'liandong_bench' }),
      startTemporalDevServer({ port: await freePort(), dbFilename: path.join(dataDir, 'temporal.sqlite'), searchAttributes: searchAttributeKeys }),
      bundleWorkflowCode({ workflowsPath: noopWorkflowsPath, logger: new DefaultLogger('WARN') }),
    ]);
    if (pgStarted.status === 'fulfilled') stops.push({ name: 'PostgreSQL', stop: pgStarted.value.stop });
    if (temporalStarted.status === 'fulfilled') stops.push({ name: 'Temporal dev server', stop: temporalStarted.value.stop });
    for (const outcome of [pgStarted, temporalStarted, bundled]) if (outcome.status === 'rejected') throw outcome.reason;
    const postgres = (pgStarted as PromiseFulfilledResult<RunningPostgres>).value;
    const temporal = (temporalStarted as PromiseFulfilledResult<RunningTemporal>).value;
    const noopBundle = (bundled as PromiseFulfilledResult<{ code: string }>).value;
    console.log(`  Temporal dev server ${temporal.address} (SQLite file, WAL, synchronous=normal); PostgreSQL ready`);

    const db = createDb(postgres.url);
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    await migrateToLatest(db);
    await seedReferenceData(db);
    await loadDemoPlans(db);

    const connection = await Connection.connect({ address: temporal.address });
    stops.push({ name: 'Temporal client', stop: () => connection.close() });
    const client = new Client({ connection });

    const { worker, connection: workerConnection } = await createWorker({ temporalAddress: temporal.address, db });
    const noopWorker = await Worker.create({ connection: workerConnection, taskQueue: NOOP_TASK_QUEUE, workflowBundle: { code: noopBundle.code } });
    const workers = [worker.run(), noopWorker.run()];
    stops.push({
      name: 'workers',
      stop: async () => {
        worker.shutdown();
        noopWorker.shutdown();
        await Promise.all(workers);
        await workerConnection.close();
      },
    });

    const service = createMeasureService({ db, temporal: client });
    const startedAt = performance.now();
    const { measures } = await service.startWorkflows();
    console.log(`  ${measures} measure workflows started in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    const measureIds = (await db.selectFrom('measures').select('id').where('workflowId', 'is not', null).orderBy('id').execute()).map((r) => r.id);

    // As many no-op workflows as measures, addressed the same way, so the two differ only in the command.
    const noopHandles = await Promise.all(
      measureIds.map((_, i) => client.workflow.start('noopWorkflow', { taskQueue: NOOP_TASK_QUEUE, workflowId: `bench-noop-${i}-${randomUUID()}` })),
    );
    stops.push({ name: 'no-op workflows', stop: () => Promise.all(noopHandles.map((h) => h.signal(stopSignal))) });

    console.log('baseline: a no-op Update on a trivial workflow');
    const baseline = await run('no-op Update', (i) => noopHandles[i % noopHandles.length]!.executeUpdate(noopUpdate, { args: [i] }));
    console.log('Liandong commands through the measure service');
    const liandong = await run('createSubtask', await subtaskCommands(service, measureIds));
    table(baseline, liandong);
  } finally {
    console.log('');
    await stopInOrder(stops, (line) => console.log(line));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
