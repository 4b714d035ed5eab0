// Bench only (apps/cli/bench): the floor a command cannot go below on a given Temporal server.
// Bundled into its own worker and task queue; never part of src/workflows.ts.
import { condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** An Update whose handler does nothing: its cost is Temporal's alone (one workflow task, one history write). */
export const noopUpdate = defineUpdate<number, [number]>('noop');
export const stopSignal = defineSignal('stop');
/** A query that reads nothing: the live-workflows bench touches each idle workflow with it. */
export const idleQuery = defineQuery<number>('idle');

export async function noopWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(noopUpdate, (n) => n);
  setHandler(stopSignal, () => void (stopped = true));
  await condition(() => stopped);
}

/**
 * A live workflow that only waits, on a condition with a timer, as a measure waits for its next reminder: the
 * floor of what keeping many workflows alive on one worker costs.
 */
export async function idleWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(idleQuery, () => 0);
  setHandler(stopSignal, () => void (stopped = true));
  await condition(() => stopped, '30 days');
}
