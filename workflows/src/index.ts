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
 * What the workflow bundle is built from, in `bundleWorkflowCode`'s terms: the workflows and the interceptors bundled
 * with them (OpenTelemetry spans). The worker bundling at start-up, a prebuilt bundle and the replay tests take it
 * from here, so that they run the same code.
 */
export function workflowBundleOptions(): { workflowsPath: string; workflowInterceptorModules: string[] } {
  return { workflowsPath, workflowInterceptorModules: [fileURLToPath(new URL('./telemetry.workflow-interceptors.ts', import.meta.url))] };
}
