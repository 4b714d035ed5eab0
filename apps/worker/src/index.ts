// Standalone worker process, for running workers apart from `pnpm start` (scaled horizontally).
import { Client, Connection } from '@temporalio/client';
import { createDb } from '@liandong/db';
import { readEnv, readWebhookSettings } from './env';
import { createWorker } from './worker';

const env = readEnv();
const webhooks = readWebhookSettings();
const db = createDb(env.DATABASE_URL);
// A client of its own, to wake webhook endpoints' workflows when events are written to their outbox.
const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
const temporal = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
const { worker, connection } = await createWorker({
  temporalAddress: env.TEMPORAL_ADDRESS,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.LIANDONG_TASK_QUEUE,
  workflowBundle: env.LIANDONG_WORKFLOW_BUNDLE ? { codePath: env.LIANDONG_WORKFLOW_BUNDLE } : undefined,
  db,
  temporal,
  webhooks,
});
console.log(`worker polling task queue "${worker.options.taskQueue}" on ${env.TEMPORAL_ADDRESS}`);
await worker.run();
await connection.close();
await clientConnection.close();
await db.destroy();
