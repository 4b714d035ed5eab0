import { z } from 'zod';
import { DEFAULT_WEBHOOK_SETTINGS, TASK_QUEUE, type WebhookSettings } from '@liandong/workflows';

const schema = z.object({
  DATABASE_URL: z.string({ message: 'must be set to a postgres:// URL' }).url({ message: 'must be a postgres:// URL' }),
  TEMPORAL_ADDRESS: z.string({ message: 'must be set to host:port' }).min(1, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** The task queue to poll; the app starts its workflows on TASK_QUEUE ('liandong'). */
  LIANDONG_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  /**
   * A workflow bundle built ahead of time (`bundleWorkflowCode`). Unset, the worker built by `pnpm build` loads the
   * workflow-bundle.js beside it (workflow-bundle-traced.js when it exports spans), and one run from source bundles at
   * start-up.
   */
  LIANDONG_WORKFLOW_BUNDLE: z.string().min(1).optional(),
});

const milliseconds = (fallback: number) => z.coerce.number({ message: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(1, 'must be at least 1 ms').default(fallback);

const webhookSchema = z.object({
  /** Failed webhook attempts in a row after which an endpoint is paused and its agency told. */
  LIANDONG_WEBHOOK_MAX_FAILURES: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(DEFAULT_WEBHOOK_SETTINGS.maxFailures),
  /** The wait before the first retry; it doubles after every further failure, up to LIANDONG_WEBHOOK_RETRY_MAX_MS. */
  LIANDONG_WEBHOOK_RETRY_INITIAL_MS: milliseconds(DEFAULT_WEBHOOK_SETTINGS.retryInitialMs),
  LIANDONG_WEBHOOK_RETRY_MAX_MS: milliseconds(DEFAULT_WEBHOOK_SETTINGS.retryMaxMs),
  /** How long one webhook request may take. */
  LIANDONG_WEBHOOK_TIMEOUT_MS: milliseconds(DEFAULT_WEBHOOK_SETTINGS.timeoutMs),
});

export type WorkerEnv = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** How webhooks are retried and paused (LIANDONG_WEBHOOK_*), for any process that runs a worker. */
export function readWebhookSettings(source: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const parsed = webhookSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = parsed.data;
  return { maxFailures: e.LIANDONG_WEBHOOK_MAX_FAILURES, retryInitialMs: e.LIANDONG_WEBHOOK_RETRY_INITIAL_MS, retryMaxMs: Math.max(e.LIANDONG_WEBHOOK_RETRY_MAX_MS, e.LIANDONG_WEBHOOK_RETRY_INITIAL_MS), timeoutMs: e.LIANDONG_WEBHOOK_TIMEOUT_MS };
}
