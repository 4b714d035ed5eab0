import type { Client } from '@temporalio/client';
import type { Db } from '@liandong/db';
import { listLiveWebhookEndpointIds } from '@liandong/db/queries';
import { TASK_QUEUE } from '../constants';
import { wakeSignal, WEBHOOK_ENDPOINT_WORKFLOW_TYPE, webhookEndpointWorkflowId, type WebhookEndpointWorkflowInput } from './webhook.messages';

/**
 * Wakes the endpoint's delivery workflow, starting it if it is not running (signal-with-start): after an
 * endpoint is added, resumed, rotated or removed, and after events are written to its outbox. A finished run
 * (a removed endpoint's) is no obstacle: a new run starts, reads the endpoint and ends at once.
 */
export async function wakeWebhookEndpoint(client: Client, endpointId: string, options: { taskQueue?: string } = {}): Promise<void> {
  await client.workflow.signalWithStart(WEBHOOK_ENDPOINT_WORKFLOW_TYPE, {
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId: webhookEndpointWorkflowId(endpointId),
    args: [{ endpointId } satisfies WebhookEndpointWorkflowInput],
    signal: wakeSignal,
    signalArgs: [],
    // A running workflow is signalled; a completed one (the endpoint was removed) may run again.
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
}

/**
 * At start-up: wakes every endpoint that is not removed, so deliveries written while nothing ran (or whose
 * workflow was terminated) go out. Resolves with the endpoints woken.
 */
export async function wakeAllWebhookEndpoints(client: Client, db: Db, options: { taskQueue?: string } = {}): Promise<string[]> {
  const endpointIds = await listLiveWebhookEndpointIds(db);
  for (const endpointId of endpointIds) await wakeWebhookEndpoint(client, endpointId, options);
  return endpointIds;
}
