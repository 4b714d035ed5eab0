// Deliberately incompatible measure workflows for replay.test.ts: the real ones, but a timer comes
// before the first command, as a careless edit would, so recorded histories no longer match.
import { sleep } from '@temporalio/workflow';
import { measureWorkflowV2 as core } from './measure.workflow';
import type { MeasureState as StateV1, MeasureWorkflowInput as InputV1 } from './v1/measure.messages.v1';
import { measureWorkflow as first } from './v1/measure.workflow.v1';
import type { MeasureState, MeasureWorkflowInput } from './measure.messages';

export async function measureWorkflow(input: InputV1): Promise<StateV1> {
  await sleep('1 second');
  return first(input);
}

export async function measureWorkflowV2(input: MeasureWorkflowInput): Promise<MeasureState> {
  await sleep('1 second');
  return core(input);
}
