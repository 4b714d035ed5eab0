import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { WebhookActivities } from './webhook.activities';
import { wakeSignal, webhookRetryDelayMs, type WebhookEndpointWorkflowInput } from './webhook.messages';

// A fault of the worker's own infrastructure (the database down) is retried for as long as it lasts; a receiver's
// failure is not an activity failure but an outcome, retried by the workflow with its own backoff.
const infrastructureRetry: ActivityOptions['retry'] = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };

const { readWebhookOutbox, pauseFailingWebhookEndpoint } = proxyActivities<WebhookActivities>({ startToCloseTimeout: '30 seconds', retry: infrastructureRetry });

/** Activities and timers per run before the history is carried into a new run. */
const STEPS_PER_RUN = 500;
/** With nothing to deliver, the outbox is read again after this long even without a wake (a wake may be lost). */
const POLL_INTERVAL = '1 minute';
/** A paused endpoint is looked at again after this long, in case it was resumed without a wake. */
const PAUSED_POLL_INTERVAL = '1 hour';

/**
 * Delivers one endpoint's webhooks (推送) in order, for as long as the endpoint exists: each delivery is retried with
 * exponential backoff until it succeeds, and the next waits for it. Too many failures in a row pause the endpoint
 * (its agency is told); `wake` after a resume carries on where it stopped.
 */
export async function webhookEndpointWorkflow(input: WebhookEndpointWorkflowInput): Promise<void> {
  let woken = false;
  setHandler(wakeSignal, () => {
    woken = true;
  });

  for (let steps = 0; ; ) {
    if (steps >= STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      // A wake received in this run is not lost: the next run reads the outbox first.
      return continueAsNew<typeof webhookEndpointWorkflow>(input);
    }
    // Cleared before the read: a wake during it means there may be more than the read saw.
    woken = false;
    const outbox = await readWebhookOutbox({ endpointId: input.endpointId });
    steps += 1;
    if (outbox.status === 'removed' || outbox.status === 'missing') return;
    if (outbox.status === 'paused') {
      await condition(() => woken, PAUSED_POLL_INTERVAL);
      continue;
    }
    if (outbox.deliveryIds.length === 0) {
      await condition(() => woken, POLL_INTERVAL);
      continue;
    }

    const { settings } = outbox;
    // The request's own timeout, plus room to read and record: the settings come from the worker, via the read.
    const { attemptWebhookDelivery } = proxyActivities<WebhookActivities>({ startToCloseTimeout: settings.timeoutMs + 30_000, retry: infrastructureRetry });
    for (const deliveryId of outbox.deliveryIds) {
      const result = await attemptWebhookDelivery({ deliveryId });
      steps += 1;
      if (result.outcome === 'failed') {
        const { workflowId, runId } = workflowInfo();
        if (result.consecutiveFailures >= settings.maxFailures) {
          await pauseFailingWebhookEndpoint({ endpointId: input.endpointId, maxFailures: settings.maxFailures, workflowId, runId });
        } else {
          await sleep(webhookRetryDelayMs(settings, result.consecutiveFailures));
        }
        // Read again: the failed delivery is still first (order per endpoint), or the endpoint was paused or removed.
        break;
      }
      if (result.outcome === 'skipped' && result.reason === 'endpoint-inactive') break;
      if (steps >= STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) break;
    }
  }
}
