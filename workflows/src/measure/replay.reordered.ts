// A deliberately incompatible measureWorkflow for replay.test.ts: the current code, but a timer
// comes before its first command, as a careless edit would, so recorded histories no longer match.
import { sleep } from '@temporalio/workflow';
import type { MeasureState, MeasureWorkflowInput } from './measure.messages';
import { measureWorkflow as current } from './measure.workflow';

export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureState> {
  await sleep('1 second');
  return current(input);
}
