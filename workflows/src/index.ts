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
export function workflowBundleOptions({ tracing }: { tracing: boolean }): { workflowsPath: string; workflowInterceptorModules: string[] } {
  return { workflowsPath, workflowInterceptorModules: tracing ? [fileURLToPath(new URL('./telemetry.workflow-interceptors.ts', import.meta.url))] : [] };
}
