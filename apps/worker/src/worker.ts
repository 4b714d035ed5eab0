import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Db } from '@liandong/db';
import { installedTracing, workerTelemetry } from '@liandong/telemetry';
import { TASK_QUEUE, wakeWebhookEndpoint, workflowBundleOptions, type WebhookSettings } from '@liandong/workflows';
import { createActivities } from '@liandong/workflows/activities';
import { createCalendarProvider, type CalendarProvider } from './calendar';

export { createCalendarProvider, type CalendarProvider, type CalendarProviderOptions } from './calendar';
export { readWebhookSettings } from './env';
export { installWorkerRuntime, readWorkerRuntimeSettings, type WorkerRuntimeOptions } from './runtime';

export interface WorkerDeps {
  temporalAddress: string;
  namespace?: string;
  taskQueue?: string;
  db: Db;
  /**
   * Prebuilt workflow bundle, built with `workflowBundleOptions()` (`pnpm build` writes one without and one with the
   * tracing interceptors); bundling from source takes a few seconds.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * Whether workflows bundled from source carry the tracing interceptors (ignored with `workflowBundle`, whose builder
   * chose). By default, when this process exports spans (installTracing with an exporter or OTEL_EXPORTER_OTLP_ENDPOINT).
   */
  workflowTracing?: boolean;
  /** The working-day calendar (package data + entered years); by default one of its own, re-read every minute. */
  calendar?: CalendarProvider;
  /** Wakes webhook endpoints' workflows when events are written to their outbox; without it they find them by polling. */
  temporal?: Client;
  /** How webhooks are retried and paused (readWebhookSettings); defaults where absent. */
  webhooks?: Partial<WebhookSettings>;
}

/** A Temporal worker polling Liandong's task queue with the real activities. */
export async function createWorker(deps: WorkerDeps): Promise<{ worker: Worker; connection: NativeConnection; calendar: CalendarProvider }> {
  const calendar = deps.calendar ?? (await createCalendarProvider({ db: deps.db, onError: (error) => console.error(`calendar: could not read the entered holiday schedules: ${error instanceof Error ? error.message : String(error)}`) }));
  const connection = await NativeConnection.connect({ address: deps.temporalAddress });
  const taskQueue = deps.taskQueue ?? TASK_QUEUE;
  const temporal = deps.temporal;
  const wakeWebhooks = temporal ? async (endpointIds: string[]) => void (await Promise.all(endpointIds.map((id) => wakeWebhookEndpoint(temporal, id, { taskQueue })))) : undefined;
  // Traces: a span per activity run, and the sink through which the workflow interceptors, when bundled, export theirs.
  const telemetry = workerTelemetry();
  const { workflowsPath, workflowInterceptorModules, preloadModules } = workflowBundleOptions({ tracing: deps.workflowTracing ?? installedTracing()?.exporting ?? false });
  const worker = await Worker.create({
    connection,
    namespace: deps.namespace ?? 'default',
    taskQueue,
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle, interceptors: telemetry.interceptors }
      : { workflowsPath, bundlerOptions: { preloadModules }, interceptors: { ...telemetry.interceptors, workflowModules: workflowInterceptorModules } }),
    sinks: telemetry.sinks,
    activities: createActivities({ db: deps.db, calendar: () => calendar.current(), wakeWebhooks, webhookSettings: deps.webhooks }),
    // On shutdown, activities in flight get 5 s, then are cancelled and retried by the next
    // worker (they are idempotent); past 30 s the worker gives up waiting instead of hanging.
    shutdownGraceTime: '5s',
    shutdownForceTime: '30s',
  });
  return { worker, connection, calendar };
}
