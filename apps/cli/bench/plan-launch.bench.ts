// `pnpm bench` (bench/all.ts), or `pnpm --filter @liandong/cli bench:plan-launch -- --temporal dev|postgres`: a
// generated plan of 1,000 measures read by the importer (plan.preview), confirmed through the plan service
// (plan.confirm), and every measure's workflow running with `measure.started` recorded; against as many bare
// workflow starts of an idle workflow on the same server, at the concurrency the service starts measures with. The
// bench process plays the API; each worker runs in a process of its own (worker-process.ts), as in production.
// Target: the whole import and launch within 60 s. Prints figures; never fails on the target.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMeasureService, START_CONCURRENCY } from '@liandong/api';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { openBenchDatabase, startBenchPostgres } from './database';
import { recordFigure, verdict } from './figures';
import { runBounded, untilCount } from './load';
import { countStarted, importGeneratedPlans, MEASURES_PER_DOCUMENT } from './plan-import';
import { histogramQuantile, histogramSince, readHistogram } from './prometheus';
import { startBenchTemporal, temporalTarget } from './temporal';
import { IDLE_TASK_QUEUE, startBenchWorker } from './worker-process';
import { TRACING_NOTE, WITH_TRACING } from './workflow-bundle';

const MEASURES = Number(process.env.LIANDONG_BENCH_PLAN_MEASURES ?? 1_000);
const TARGET_SECONDS = 60;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const target = temporalTarget();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cpus = os.cpus();
  console.log(`plan launch bench (--temporal ${target}): ${MEASURES} measures in documents of at most ${MEASURES_PER_DOCUMENT}; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  const stops: Stoppable[] = [];
  try {
    const { dataDir, postgres } = await startBenchPostgres(`plan-launch-${target}`, stops);
    const { client, address, description } = await startBenchTemporal(target, { dataDir, postgres, stops });
    const db = await openBenchDatabase(postgres, stops);
    // Each worker in a process of its own, as in production (the API, here the bench, starts; the worker runs):
    // Liandong's real worker, and one for the baseline's idle workflows.
    const [worker, idleWorker] = await Promise.all([
      startBenchWorker('liandong', { address, databaseUrl: postgres.url, stops }),
      startBenchWorker('idle', { address, stops }),
    ]);
    console.log(`  ${description}; PostgreSQL ready; worker pids ${worker.pid} (Liandong) and ${idleWorker.pid} (idle)${WITH_TRACING ? `; ${TRACING_NOTE}` : ''}`);
    const measures = createMeasureService({ db, temporal: client });
    const startNoop = () => client.workflow.start('idleWorkflow', { taskQueue: IDLE_TASK_QUEUE, workflowId: `bench-idle-${randomUUID()}` });

    // Both paths once at small size first, so that neither pays for connections, bundles and JIT warming up.
    await runBounded(START_CONCURRENCY, 20, startNoop);
    await importGeneratedPlans(db, measures, 20, 900);

    console.log(`baseline: ${MEASURES} bare starts of an idle workflow, ${START_CONCURRENCY} at a time`);
    const baseline = await runBounded(START_CONCURRENCY, MEASURES, startNoop);
    console.log(`  ${baseline.done} started in ${baseline.seconds.toFixed(1)} s (p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms)${baseline.errors ? `, ${baseline.errors} errors (first: ${baseline.firstError})` : ''}`);

    console.log(`Liandong: ${MEASURES} generated measures imported, confirmed and launched`);
    const metricsBefore = await worker.metrics();
    const began = performance.now();
    const times = await importGeneratedPlans(db, measures, MEASURES);
    const confirmed = performance.now();
    const started = await untilCount('measures with measure.started recorded', times.measures, () => countStarted(db, times.planIds));
    const totalMs = performance.now() - began;
    const launchMs = times.startMs + (performance.now() - confirmed);
    const metricsAfter = await worker.metrics();
    const running = await db.selectFrom('measures').select((eb) => eb.fn.countAll<string>().as('n')).where('planId', 'in', times.planIds).where('workflowId', 'is not', null).executeTakeFirstOrThrow();
    console.log(`  ${times.measures} measures in ${times.planIds.length} documents; ${running.n} with a workflow, ${started} with measure.started in the audit log`);

    const baselineMs = baseline.seconds * 1000;
    const ratio = totalMs / baselineMs;
    const met = totalMs <= TARGET_SECONDS * 1000 && started === MEASURES;
    console.log('');
    console.log('| step | s |');
    console.log('| --- | --- |');
    console.log(`| parse (plan.preview: importer and directory review) | ${seconds(times.parseMs)} |`);
    console.log(`| confirm (plan.confirm up to its commit) | ${seconds(times.storeMs)} |`);
    console.log(`| launch (startWorkflows, then until every measure.started is recorded) | ${seconds(launchMs)} |`);
    console.log(`| total | ${seconds(totalMs)} |`);
    console.log(`| baseline: ${MEASURES} bare starts of an idle workflow, ${START_CONCURRENCY} at a time | ${seconds(baselineMs)} |`);
    console.log('');
    console.log(`total / baseline: ${ratio.toFixed(1)}`);
    // Where the launch waited: the worker's workflow tasks on Liandong's queue (queued, then run) and its recordings.
    console.log('');
    console.log('the worker during the import and launch (Temporal SDK metrics, Liandong task queue; p50 and p99 as their bucket):');
    for (const [name, what] of [
      ['temporal_workflow_task_schedule_to_start_latency', 'workflow task queued (schedule to start)'],
      ['temporal_workflow_task_execution_latency', 'workflow task run (activation)'],
      ['temporal_local_activity_execution_latency', 'local activity (recording, calendar)'],
    ] as const) {
      const h = histogramSince(readHistogram(metricsBefore, name, 'task_queue="liandong"'), readHistogram(metricsAfter, name, 'task_queue="liandong"'));
      const mean = h.count ? (h.sum / h.count).toFixed(1) : '–';
      console.log(`  ${what}: ${h.count} observed, mean ${mean} ms, p50 ≤ ${histogramQuantile(h, 0.5)} ms, p99 ≤ ${histogramQuantile(h, 0.99)} ms`);
    }
    console.log(`target: all ${MEASURES} launched within ${TARGET_SECONDS} s: ${seconds(totalMs)} s, ${started} recorded  ${verdict(met)}`);
    recordFigure({
      bench: 'plan launch',
      temporal: target,
      what: `import and launch ${MEASURES} measures (parse ${seconds(times.parseMs)} s, confirm ${seconds(times.storeMs)} s, launch ${seconds(launchMs)} s)`,
      value: `${seconds(totalMs)} s`,
      baseline: `${seconds(baselineMs)} s (${MEASURES} bare starts)`,
      ratio,
      target: `≤ ${TARGET_SECONDS} s`,
      verdict: verdict(met),
    });
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
