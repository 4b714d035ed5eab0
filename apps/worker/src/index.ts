// Standalone worker process, for running workers apart from `pnpm start` (scaled horizontally; `liandong cluster
// start` runs several). SIGINT or SIGTERM drains it: the SDK's Runtime shuts the worker down, then we close.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '@liandong/db';
import { readEnv, readWebhookSettings, type WorkerEnv } from './env';
import { installedTracing, temporalClientInterceptors } from '@liandong/telemetry';
import { WORKFLOW_BUNDLE_FILES } from './bundle-files';
import { createWorker, installWorkerRuntime, readWorkerRuntimeSettings } from './worker';

let env: WorkerEnv;
let webhooks: ReturnType<typeof readWebhookSettings>;
let runtimeSettings: ReturnType<typeof readWorkerRuntimeSettings>;
try {
  env = readEnv();
  webhooks = readWebhookSettings();
  runtimeSettings = readWorkerRuntimeSettings();
} catch (error) {
  console.error(`worker: bad environment: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// Before the first connection: the SDK's metrics (LIANDONG_WORKER_METRICS_ADDRESS) and tracing.
installWorkerRuntime(runtimeSettings);
// Workflows carry the tracing interceptors only when spans leave the process (workflowBundleOptions says why).
const workflowTracing = installedTracing()?.exporting ?? false;

// Built by `pnpm build` (dist/index.js), the workflow bundles lie beside us: production never bundles at start-up.
const prebuilt = fileURLToPath(new URL(`./${workflowTracing ? WORKFLOW_BUNDLE_FILES.traced : WORKFLOW_BUNDLE_FILES.plain}`, import.meta.url));
const workflowBundlePath = env.LIANDONG_WORKFLOW_BUNDLE ?? (existsSync(prebuilt) ? prebuilt : undefined);

const db = createDb(env.DATABASE_URL);
// A client of its own, to wake webhook endpoints' workflows when events are written to their outbox.
const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
const temporal = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE, interceptors: temporalClientInterceptors() });
const { worker, connection, calendar } = await createWorker({
  temporalAddress: env.TEMPORAL_ADDRESS,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.LIANDONG_TASK_QUEUE,
  workflowBundle: workflowBundlePath ? { codePath: workflowBundlePath } : undefined,
  workflowTracing,
  db,
  temporal,
  webhooks,
});
const workflowsFrom = workflowBundlePath ? `workflows from ${path.basename(workflowBundlePath)}` : `workflows bundled from source${workflowTracing ? ', traced' : ''}`;
console.log(`worker (pid ${process.pid}) polling task queue "${worker.options.taskQueue}" on ${env.TEMPORAL_ADDRESS} (${workflowsFrom})`);
const running = worker.run();
// Started by a supervisor over IPC (`liandong cluster start`): tell it we poll, and drain when it goes away.
if (process.send) {
  process.send({ ready: true });
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel?.unref(); // the channel alone must not keep a stopped worker alive
}
await running;
calendar.stop();
await connection.close();
await clientConnection.close();
await db.destroy();
console.log(`worker (pid ${process.pid}) stopped`);
