import { z } from 'zod';
import { TASK_QUEUE } from '@liandong/workflows';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  TEMPORAL_ADDRESS: z.string().min(1, 'TEMPORAL_ADDRESS must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** The task queue to poll; the app starts its workflows on TASK_QUEUE ('liandong'). */
  LIANDONG_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  /** A workflow bundle built ahead of time (`bundleWorkflowCode`); unset, the worker bundles from source at start-up. */
  LIANDONG_WORKFLOW_BUNDLE: z.string().min(1).optional(),
});

export type WorkerEnv = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}
