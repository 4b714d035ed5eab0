// `pnpm bench` (bench/all.ts), or `pnpm --filter @liandong/cli bench:live -- --temporal dev|postgres`: 10,000 live
// measure workflows on one worker (LIANDONG_BENCH_LIVE_WORKFLOWS), each idle until its cycle's next timer as real
// ones are most of the time; against as many idle no-op workflows (a condition with a timer) on the same worker
// settings. Each side runs on a fresh stack (PostgreSQL, the target's Temporal server) with its worker in a process
// of its own (live-worker.ts): the worker's memory after all are running and after a sweep that queries each once
// (loading it into the worker's cache, or replaying it), the workflow-task latency from the SDK's Prometheus
// metrics against the 5 s deadlock limit, and the time to start them. Where the server cannot carry them all, the
// figures are for as many as it did carry, with the error. Never fails on a target.
import os from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMeasureService, START_CONCURRENCY } from '@liandong/api';
import { idleQuery } from '@liandong/workflows/bench';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { openBenchDatabase, startBenchPostgres } from './database';
import { recordFigure, verdict } from './figures';
import { runBounded, untilCount, type BoundedFigures } from './load';
import { countStarted, importGeneratedPlans } from './plan-import';
import { histogramQuantile, histogramSince, readHistogram, type Histogram } from './prometheus';
import { startBenchTemporal, temporalTarget, type TemporalTarget } from './temporal';
import { TRACING_NOTE, WITH_TRACING } from './workflow-bundle';
import { IDLE_TASK_QUEUE, startBenchWorker, type BenchWorker, type WorkerKind, type WorkerMemory } from './worker-process';

const WORKFLOWS = Number(process.env.LIANDONG_BENCH_LIVE_WORKFLOWS ?? 10_000);
/** Starts and the sweep's queries, as many at a time as `startWorkflows` starts a plan's measures. */
const CONCURRENCY = START_CONCURRENCY;
/** The SDK's isolateExecutionTimeout: a workflow activation that runs longer fails as a potential deadlock. */
const DEADLOCK_LIMIT_MS = 5_000;
/** "Well under" the limit: a tenth of it. */
const TARGET_P99_MS = DEADLOCK_LIMIT_MS / 10;
const TASK_LATENCY = 'temporal_workflow_task_execution_latency';

interface Side {
  kind: WorkerKind;
  carried: number;
  startSeconds: number;
  /** Why not all started, or why the figures stop: a server's refusals, the worker process crashing. */
  error?: string;
  maxCachedWorkflows: number;
  /** The worker's figures; absent when its process died before the sweep was done. */
  measured?: {
    running: WorkerMemory;
    swept: WorkerMemory;
    sweep: BoundedFigures;
    tasks: Histogram;
    sweepTasks: Histogram;
  };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const ms = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(value < 10 ? 1 : 0));
/** A quantile as the bucket it falls in: `≤ 200`, or `> 10000` past the last bound. */
function bucket(histogram: Histogram, q: number): string {
  const bound = histogramQuantile(histogram, q);
  if (bound === Infinity) return `> ${histogram.buckets.at(-2)?.[0] ?? 0}`;
  return Number.isNaN(bound) ? '—' : `≤ ${bound}`;
}

async function taskCount(worker: BenchWorker): Promise<number> {
  return readHistogram(await worker.metrics(), TASK_LATENCY).count;
}

/** One side on a fresh stack: start the workflows, read the worker's memory, sweep them once, read it again. */
async function measureSide(kind: WorkerKind, target: TemporalTarget): Promise<Side> {
  const stops: Stoppable[] = [];
  try {
    const { dataDir, postgres } = await startBenchPostgres(`live-${target}-${kind}`, stops);
    const { client, address, description } = await startBenchTemporal(target, { dataDir, postgres, stops });
    const db = kind === 'liandong' ? await openBenchDatabase(postgres, stops) : undefined;
    const worker = await startBenchWorker(kind, { address, databaseUrl: postgres.url, stops });
    console.log(`  ${description}; worker pid ${worker.pid}, maxCachedWorkflows ${worker.maxCachedWorkflows}`);

    // A crash of the worker process ends the side: its figures are how far it got, and how it ended.
    const died = worker.died.then((how) => Promise.reject(new Error(`the worker process ${how}`)));
    died.catch(() => {});
    const whileAlive = <T>(work: Promise<T>) => Promise.race([work, died]);
    let error: string | undefined;
    let workerDied = false;
    const failed = (e: unknown) => {
      error = e instanceof Error ? e.message : String(e);
      workerDied ||= error.startsWith('the worker process');
    };

    let carried = 0;
    let touch: (i: number) => Promise<unknown>;
    const began = performance.now();
    if (kind === 'idle') {
      try {
        const started = await whileAlive(runBounded(CONCURRENCY, WORKFLOWS, (i) => client.workflow.start('idleWorkflow', { taskQueue: IDLE_TASK_QUEUE, workflowId: `bench-idle-${i}` })));
        if (started.firstError) error = `${started.errors} starts failed (first: ${started.firstError})`;
        // Each idle workflow runs one workflow task and waits: all have run when the worker has completed as many.
        carried = Math.min(started.done, await whileAlive(untilCount('idle workflows running', started.done, () => taskCount(worker))));
      } catch (e) {
        failed(e);
      }
      touch = (i) => client.workflow.getHandle(`bench-idle-${i}`).query(idleQuery);
    } else {
      const service = createMeasureService({ db: db!, temporal: client });
      try {
        await whileAlive(importGeneratedPlans(db!, service, WORKFLOWS));
      } catch (e) {
        failed(e);
      }
      const launched = await db!.selectFrom('measures').select('id').where('workflowId', 'is not', null).orderBy('id').execute();
      if (!workerDied) await whileAlive(untilCount('measures with measure.started recorded', launched.length, () => countStarted(db!))).catch(failed);
      carried = await countStarted(db!);
      touch = (i) => service.state(launched[i]!.id);
    }
    const startSeconds = (performance.now() - began) / 1000;
    console.log(`  ${carried} ${kind === 'idle' ? 'idle workflows' : 'measure workflows'} running after ${startSeconds.toFixed(1)} s${error ? `; ${error}` : ''}`);
    const side = { kind, carried, startSeconds, maxCachedWorkflows: worker.maxCachedWorkflows };
    if (workerDied) return { ...side, error };

    try {
      const running = await whileAlive(worker.memory());
      const beforeSweep = await whileAlive(worker.metrics());
      const sweep = await whileAlive(runBounded(CONCURRENCY, carried, touch));
      const afterSweep = await whileAlive(worker.metrics());
      const tasks = readHistogram(afterSweep, TASK_LATENCY);
      const swept = await whileAlive(worker.memory());
      console.log(
        `  sweep: ${sweep.done} queried in ${sweep.seconds.toFixed(1)} s, p50 ${ms(sweep.p50)} ms, p99 ${ms(sweep.p99)} ms${sweep.errors ? `, ${sweep.errors} errors (first: ${sweep.firstError})` : ''}`,
      );
      const sweepTasks = histogramSince(readHistogram(beforeSweep, TASK_LATENCY), tasks);
      return { ...side, error, measured: { running, swept, sweep, tasks, sweepTasks } };
    } catch (e) {
      failed(e);
      console.log(`  sweep: ${error}`);
      return { ...side, error };
    }
  } finally {
    await stopInOrder(stops, (line) => console.log(line));
  }
}

type Measured = NonNullable<Side['measured']>;

function report(target: TemporalTarget, baseline: Side, liandong: Side): void {
  // Each row: how a side shows, and the number its ratio is taken of; NaN where the worker died first.
  const of = (read: (m: Measured) => number) => (side: Side) => (side.measured ? read(side.measured) : Number.NaN);
  const shownAs = (format: (value: number) => string, value: (side: Side) => number) => (side: Side) => (side.measured ? format(value(side)) : '—');
  const inBuckets = (read: (m: Measured) => Histogram, q: number) => (side: Side) => (side.measured ? bucket(read(side.measured), q) : '—');
  const quantile = (read: (m: Measured) => Histogram, q: number) => of((m) => histogramQuantile(read(m), q));
  const rows: [string, (side: Side) => string, (side: Side) => number][] = [
    ['workflows running', (s) => String(s.carried), (s) => s.carried],
    ['time to start them (s)', (s) => s.startSeconds.toFixed(1), (s) => s.startSeconds],
    ['worker RSS, all running (MB)', shownAs(mb, of((m) => m.running.rss)), of((m) => m.running.rss)],
    ['worker heap used, all running (MB; main thread only)', shownAs(mb, of((m) => m.running.heapUsed)), of((m) => m.running.heapUsed)],
    ['worker RSS after the sweep (MB)', shownAs(mb, of((m) => m.swept.rss)), of((m) => m.swept.rss)],
    ['worker heap used after the sweep (MB; main thread only)', shownAs(mb, of((m) => m.swept.heapUsed)), of((m) => m.swept.heapUsed)],
    ['workflow tasks run', shownAs(String, of((m) => m.tasks.count)), of((m) => m.tasks.count)],
    ['workflow-task latency p50, whole run (ms)', inBuckets((m) => m.tasks, 0.5), quantile((m) => m.tasks, 0.5)],
    ['workflow-task latency p99, whole run (ms)', inBuckets((m) => m.tasks, 0.99), quantile((m) => m.tasks, 0.99)],
    ['workflow-task latency p99, sweep (ms)', inBuckets((m) => m.sweepTasks, 0.99), quantile((m) => m.sweepTasks, 0.99)],
    ['sweep query p50 (ms)', shownAs(ms, of((m) => m.sweep.p50)), of((m) => m.sweep.p50)],
    ['sweep query p99 (ms)', shownAs(ms, of((m) => m.sweep.p99)), of((m) => m.sweep.p99)],
  ];
  console.log('');
  console.log(`| what | idle workflows (baseline) | Liandong measures | ratio |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const [what, shown, value] of rows) {
    const ratio = value(liandong) / value(baseline);
    console.log(`| ${what} | ${shown(baseline)} | ${shown(liandong)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'} |`);
  }
  console.log(`(worker heap: the main thread's; workflow code runs in the SDK's worker threads, whose memory counts in RSS only)`);
  console.log(`(maxCachedWorkflows: ${liandong.maxCachedWorkflows}; workflows beyond it are evicted and replayed when touched)`);
  for (const side of [baseline, liandong]) if (side.error) console.log(`${side.kind}: carried ${side.carried} of ${WORKFLOWS}; ${side.error}`);

  const p99 = quantile((m) => m.tasks, 0.99)(liandong);
  const met = liandong.carried === WORKFLOWS && p99 <= TARGET_P99_MS;
  const carried = `${liandong.carried} of ${WORKFLOWS} measure workflows`;
  console.log('');
  console.log(
    `target: ${WORKFLOWS} measure workflows on one worker, workflow-task p99 ≤ ${TARGET_P99_MS} ms (a tenth of the ${DEADLOCK_LIMIT_MS / 1000} s deadlock limit): ${liandong.carried} running, p99 ${inBuckets((m) => m.tasks, 0.99)(liandong)} ms  ${verdict(met)}`,
  );
  const common = { bench: 'live workflows', temporal: target } as const;
  const rss = of((m) => m.swept.rss);
  recordFigure({
    ...common,
    what: `${carried}, worker RSS after the sweep${liandong.error ? ` (${liandong.error})` : ''}`,
    value: liandong.measured ? `${mb(rss(liandong))} MB` : '—',
    baseline: `${baseline.measured ? mb(rss(baseline)) : '—'} MB (${baseline.carried} idle workflows)`,
    ratio: rss(liandong) / rss(baseline),
    target: '',
    verdict: '',
  });
  recordFigure({
    ...common,
    what: `${carried}, workflow-task p99`,
    value: `${inBuckets((m) => m.tasks, 0.99)(liandong)} ms`,
    baseline: `${inBuckets((m) => m.tasks, 0.99)(baseline)} ms (idle workflows)`,
    ratio: p99 / quantile((m) => m.tasks, 0.99)(baseline),
    target: `all running, p99 ≤ ${TARGET_P99_MS} ms`,
    verdict: verdict(met),
  });
  recordFigure({
    ...common,
    what: `${carried}, time to start`,
    value: `${liandong.startSeconds.toFixed(1)} s`,
    baseline: `${baseline.startSeconds.toFixed(1)} s (idle workflows)`,
    ratio: liandong.startSeconds / baseline.startSeconds,
    target: '',
    verdict: '',
  });
}

async function main(): Promise<void> {
  // A side whose worker died stops its client with calls still retrying; their timers then throw this from nowhere.
  process.on('uncaughtException', (error) => {
    if (error.message === 'Channel has been shut down') return;
    console.error(error);
    process.exit(1);
  });
  const target = temporalTarget();
  // The bench process itself runs no worker; its clients log warnings only.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cpus = os.cpus();
  console.log(`live workflows bench (--temporal ${target}): ${WORKFLOWS} workflows on one worker; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  if (WITH_TRACING) console.log(`  ${TRACING_NOTE}`);
  console.log(`baseline: ${WORKFLOWS} idle no-op workflows`);
  const baseline = await measureSide('idle', target);
  console.log(`Liandong: ${WORKFLOWS} measure workflows from generated plans`);
  const liandong = await measureSide('liandong', target);
  report(target, baseline, liandong);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
