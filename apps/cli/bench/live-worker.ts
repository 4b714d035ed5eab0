// Bench only (live.bench.ts): one worker in a process of its own, so that the memory it reports is the worker's.
// LIANDONG_BENCH_WORKER=liandong runs the real worker (`createWorker`) on Liandong's task queue; =idle the bench's
// idle workflows on IDLE_TASK_QUEUE with the same worker options. The SDK's Prometheus metrics are served on
// 127.0.0.1:LIANDONG_BENCH_METRICS_PORT. Over IPC it answers `memory` (after a full collection) and stops on `stop`.
// LIANDONG_BENCH_WORKFLOW_TRACING=on runs Liandong's workflows with their tracing interceptors (workflow-bundle.ts).
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDb } from '@liandong/db';
import { createWorker } from '@liandong/worker';
import { noopWorkflowsPath } from '@liandong/workflows/bench';
import { WITH_TRACING } from './workflow-bundle';
import { IDLE_TASK_QUEUE, type FromWorker, type ToWorker } from './worker-process';

const kind = process.env.LIANDONG_BENCH_WORKER;
const address = process.env.TEMPORAL_ADDRESS;
const metricsPort = process.env.LIANDONG_BENCH_METRICS_PORT;
if ((kind !== 'liandong' && kind !== 'idle') || !address || !metricsPort || !process.send) {
  console.error('live-worker: set LIANDONG_BENCH_WORKER=liandong|idle, TEMPORAL_ADDRESS and LIANDONG_BENCH_METRICS_PORT, and start it with an IPC channel');
  process.exit(2);
}
const send = (message: FromWorker) => process.send!(message);

// The SDK's workflow-task buckets end at 1 s; the bench reads latencies against the 5 s deadlock limit.
const TASK_BUCKETS_MS = [1, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000];
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: {
    metrics: {
      prometheus: {
        bindAddress: `127.0.0.1:${metricsPort}`,
        histogramBucketOverrides: { workflow_task_execution_latency: TASK_BUCKETS_MS },
      },
    },
  },
});

let worker: Worker;
let close: () => Promise<void>;
if (kind === 'liandong') {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('live-worker: DATABASE_URL is not set');
  const db = createDb(databaseUrl);
  const created = await createWorker({ temporalAddress: address, db, workflowTracing: WITH_TRACING });
  worker = created.worker;
  close = async () => {
    created.calendar.stop();
    await created.connection.close();
    await db.destroy();
  };
} else {
  // createWorker's options, on the idle workflows' queue: only the workflows differ.
  const connection = await NativeConnection.connect({ address });
  const { code } = await bundleWorkflowCode({ workflowsPath: noopWorkflowsPath, logger: new DefaultLogger('WARN') });
  worker = await Worker.create({ connection, taskQueue: IDLE_TASK_QUEUE, workflowBundle: { code }, shutdownGraceTime: '5s', shutdownForceTime: '30s' });
  close = () => connection.close();
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'memory') {
    globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed, heapTotal, external });
  } else if (message.type === 'stop') {
    worker.shutdown();
  }
});

const running = worker.run();
send({ type: 'ready', maxCachedWorkflows: worker.options.maxCachedWorkflows });
await running;
await close();
process.disconnect();
