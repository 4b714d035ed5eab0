import { fileURLToPath } from 'node:url';

export * from './measure/measure.messages';
export type { MeasureEvent } from './measure/measure.events';
export { startMeasureWorkflow } from './measure/measure.client';
export { wakeWebhookEndpoint, wakeAllWebhookEndpoints } from './webhooks/webhook.client';
export {
  DEFAULT_WEBHOOK_SETTINGS,
  wakeSignal,
  webhookEndpointWorkflowId,
  WEBHOOK_ENDPOINT_WORKFLOW_TYPE,
  type WebhookEndpointWorkflowInput,
  type WebhookSettings,
} from './webhooks/webhook.messages';
export { SEARCH_ATTRIBUTES, searchAttributeKeys } from './search-attributes';
export { TASK_QUEUE } from './constants';

/** Path the worker bundles workflow code from. */
export const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));
/**
 * What the workflow bundle is built from, in `bundleWorkflowCode`'s terms: the workflows, and with `tracing` the
 * OpenTelemetry interceptors bundled with them (a span per run, Update, signal, query and scheduled activity). The
 * worker bundling at start-up, the prebuilt bundles and the replay tests take it from here, so that they run the
 * same code.
 *
 * Tracing is for a worker whose spans leave the process (OTEL_EXPORTER_OTLP_ENDPOINT): the interceptors run
 * OpenTelemetry and an AsyncLocalStorage inside every workflow, which made launching 1,000 measures 2.6–3.8 times
 * slower (docs/BENCHMARKS.md), and are pure cost when nothing exports their spans. They schedule nothing, so a history
 * replays with them and without (the replay tests check both).
 */
export function workflowBundleOptions({ tracing }: { tracing: boolean }): { workflowsPath: string; workflowInterceptorModules: string[]; preloadModules: string[] } {
  return {
    workflowsPath,
    workflowInterceptorModules: tracing ? [fileURLToPath(new URL('./telemetry.workflow-interceptors.ts', import.meta.url))] : [],
    preloadModules: [...PRELOADED_MODULES],
  };
}

/**
 * preload.ts: the decision core and what it imports (the rules, the calendar with its holiday data, cycles, the
 * ladder), loaded once per worker thread and shared by every workflow in it (the SDK's reusable V8 context, `preloadModules`).
 * Otherwise each new workflow evaluates all of them again in its own module cache: about 10 ms of a new measure's
 * first workflow task on 2 cores, most of the time a plan launch spent in the workflow threads.
 *
 * Only pure modules belong here: no state at module scope, nothing read from the workflow (time, randomness, info)
 * while loading, and exports never written to (the SDK deep-freezes them).
 */
export const PRELOADED_MODULES = [fileURLToPath(new URL('./preload.ts', import.meta.url))] as const;
