import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { computeCycle, WorkingCalendar } from '@liandong/domain';
import { TASK_QUEUE } from '../constants';
import { SEARCH_ATTRIBUTES } from '../search-attributes';
import { MEASURE_WORKFLOW_TYPE, measureWorkflowId, type MeasureWorkflowInput } from './measure.messages';
import type { measureWorkflowV2 } from './measure.workflow';

/**
 * Starts the measure's workflow, or finds it running: starting twice (a retried confirm, a restart
 * that starts workflows for stored plans) never makes a second one.
 */
export async function startMeasureWorkflow(
  client: Client,
  input: MeasureWorkflowInput,
  options: {
    taskQueue?: string;
    leadAgencyCodes?: string[];
    calendar?: WorkingCalendar;
    /**
     * A measure whose workflow runs already: its handle (the default), or WorkflowExecutionAlreadyStartedError, for a
     * caller that must tell a workflow it created (which runs exactly `input`) from one that was there.
     */
    whenRunning?: 'use-existing' | 'fail';
  } = {},
): Promise<WorkflowHandle<typeof measureWorkflowV2>> {
  const calendar = options.calendar ?? new WorkingCalendar();
  const firstCycle = input.firstCycle ?? { cycle: computeCycle(input.policy, calendar, new Date(input.startedAt), 0), calendarVersion: calendar.version };
  return client.workflow.start<typeof measureWorkflowV2>(MEASURE_WORKFLOW_TYPE, {
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId: measureWorkflowId(input.measureId),
    args: [{ ...input, firstCycle }],
    workflowIdConflictPolicy: options.whenRunning === 'fail' ? 'FAIL' : 'USE_EXISTING',
    // A closed measure's workflow has completed: it must not start over.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SEARCH_ATTRIBUTES.measureId, value: input.measureId },
      { key: SEARCH_ATTRIBUTES.planId, value: input.planId ?? 'none' },
      { key: SEARCH_ATTRIBUTES.leadAgency, value: options.leadAgencyCodes ?? input.parties.leadAgencyIds.map(String) },
      { key: SEARCH_ATTRIBUTES.status, value: 'active' },
    ]),
  });
}
