// Bench only (apps/cli/bench): the floor a command cannot go below on a given Temporal server.
// Bundled into its own worker and task queue; never part of src/workflows.ts.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** An Update whose handler does nothing: its cost is Temporal's alone (one workflow task, one history write). */
export const noopUpdate = defineUpdate<number, [number]>('noop');
export const stopSignal = defineSignal('stop');

export async function noopWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(noopUpdate, (n) => n);
  setHandler(stopSignal, () => void (stopped = true));
  await condition(() => stopped);
}
