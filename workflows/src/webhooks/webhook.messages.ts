import { defineSignal } from '@temporalio/workflow';

/** The workflow type of an endpoint's delivery workflow (its function name in workflows.ts). */
export const WEBHOOK_ENDPOINT_WORKFLOW_TYPE = 'webhookEndpointWorkflow';

/** One workflow per endpoint, so its deliveries go out in order. */
export const webhookEndpointWorkflowId = (endpointId: string): string => `webhook-endpoint-${endpointId}`;

export interface WebhookEndpointWorkflowInput {
  endpointId: string;
}

/** New deliveries are in the outbox, or the endpoint was resumed, rotated or removed: look again now. */
export const wakeSignal = defineSignal('wake');

/** How an endpoint's deliveries are retried and when it is paused; the worker reads them from its environment. */
export interface WebhookSettings {
  /** Failed attempts in a row (across deliveries) after which the endpoint is paused and its agency told. */
  maxFailures: number;
  /** The wait after the first failure; it doubles with every further failure in a row, up to `retryMaxMs`. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** How long one request may take, response body included. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { maxFailures: 10, retryInitialMs: 5_000, retryMaxMs: 3_600_000, timeoutMs: 10_000 };

/** The wait before retrying after `failures` failed attempts in a row (1, 2, …): initial, ×2, capped. */
export function webhookRetryDelayMs(settings: Pick<WebhookSettings, 'retryInitialMs' | 'retryMaxMs'>, failures: number): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 40);
  return Math.min(settings.retryInitialMs * 2 ** doublings, settings.retryMaxMs);
}
