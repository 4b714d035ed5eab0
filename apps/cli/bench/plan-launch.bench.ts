// `pnpm bench` (bench/all.ts), or `pnpm --filter @liandong/cli bench:plan-launch -- --temporal dev|postgres`: a
// generated plan of 1,000 measures read by the importer (plan.preview), confirmed through the plan service
// (plan.confirm), and every measure's workflow running with `measure.started` recorded; against as many bare
// workflow starts of a no-op workflow on the same server, at the concurrency the service starts measures with.
// Target: the whole import and launch within 60 s. Prints figures; never fails on the target.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createMeasureService } from '@liandong/api';
import { createWorker } from '@liandong/worker';
import { noopWorkflowsPath } from '@liandong/workflows/bench';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { openBenchDatabase, startBenchPostgres } from './database';
import { recordFigure, verdict } from './figures';
import { runBounded, untilCount } from './load';
import { countStarted, importGeneratedPlans, MEASURES_PER_DOCUMENT } from './plan-import';
import { startBenchTemporal, temporalTarget } from './temporal';
import { benchWorkflowBundle, TRACING_NOTE, WITH_TRACING } from './workflow-bundle';

const MEASURES = Number(process.env.LIANDONG_BENCH_PLAN_MEASURES ?? 1_000);
const TARGET_SECONDS = 60;
/** What `startWorkflows` runs a plan's starts with (START_CONCURRENCY in packages/api measures.ts). */
const START_CONCURRENCY = 8;
const NOOP_TASK_QUEUE = 'bench-noop';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const target = temporalTarget();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cpus = os.cpus();
  console.log(`plan launch bench (--temporal ${target}): ${MEASURES} measures in documents of at most ${MEASURES_PER_DOCUMENT}; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  const stops: Stoppable[] = [];
  try {
    const bundled = bundleWorkflowCode({ workflowsPath: noopWorkflowsPath, logger: new DefaultLogger('WARN') });
    bundled.catch(() => {}); // awaited below, after the servers started
    const { dataDir, postgres } = await startBenchPostgres(`plan-launch-${target}`, stops);
    const { client, address, description } = await startBenchTemporal(target, { dataDir, postgres, stops });
    console.log(`  ${description}; PostgreSQL ready${WITH_TRACING ? `; ${TRACING_NOTE}` : ''}`);
    const db = await openBenchDatabase(postgres, stops);

    const { worker, connection: workerConnection } = await createWorker({ temporalAddress: address, db, workflowBundle: await benchWorkflowBundle() });
    const noopWorker = await Worker.create({ connection: workerConnection, taskQueue: NOOP_TASK_QUEUE, workflowBundle: { code: (await bundled).code } });
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
    const measures = createMeasureService({ db, temporal: client });
    const startNoop = () => client.workflow.start('noopWorkflow', { taskQueue: NOOP_TASK_QUEUE, workflowId: `bench-noop-${randomUUID()}` });

    // Both paths once at small size first, so that neither pays for connections, bundles and JIT warming up.
    await runBounded(START_CONCURRENCY, 20, startNoop);
    await importGeneratedPlans(db, measures, 20, 900);

    console.log(`baseline: ${MEASURES} bare starts of a no-op workflow, ${START_CONCURRENCY} at a time`);
    const baseline = await runBounded(START_CONCURRENCY, MEASURES, startNoop);
    console.log(`  ${baseline.done} started in ${baseline.seconds.toFixed(1)} s (p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms)${baseline.errors ? `, ${baseline.errors} errors (first: ${baseline.firstError})` : ''}`);

    console.log(`Liandong: ${MEASURES} generated measures imported, confirmed and launched`);
    const began = performance.now();
    const times = await importGeneratedPlans(db, measures, MEASURES);
    const confirmed = performance.now();
    const started = await untilCount('measures with measure.started recorded', times.measures, () => countStarted(db, times.planIds));
    const totalMs = performance.now() - began;
    const launchMs = times.startMs + (performance.now() - confirmed);
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
    console.log(`| baseline: ${MEASURES} bare no-op workflow starts, ${START_CONCURRENCY} at a time | ${seconds(baselineMs)} |`);
    console.log('');
    console.log(`total / baseline: ${ratio.toFixed(1)}`);
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
