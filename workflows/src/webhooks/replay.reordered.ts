// A deliberately incompatible endpoint workflow for replay.test.ts: the real one, but a timer comes before the
// first command, as a careless edit would, so recorded histories no longer match.
import { sleep } from '@temporalio/workflow';
import type { WebhookEndpointWorkflowInput } from './webhook.messages';
import { webhookEndpointWorkflow as current } from './webhook.workflow';

export async function webhookEndpointWorkflow(input: WebhookEndpointWorkflowInput): Promise<void> {
  await sleep('1 second');
  return current(input);
}
