// Standalone worker process, for running workers apart from `pnpm start` (scaled horizontally).
import { createDb } from '@liandong/db';
import { readEnv } from './env';
import { createWorker } from './worker';

const env = readEnv();
const db = createDb(env.DATABASE_URL);
const { worker, connection } = await createWorker({
  temporalAddress: env.TEMPORAL_ADDRESS,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.LIANDONG_TASK_QUEUE,
  workflowBundle: env.LIANDONG_WORKFLOW_BUNDLE ? { codePath: env.LIANDONG_WORKFLOW_BUNDLE } : undefined,
  db,
});
console.log(`worker polling task queue "${worker.options.taskQueue}" on ${env.TEMPORAL_ADDRESS}`);
await worker.run();
await connection.close();
await db.destroy();
