import { fileURLToPath } from 'node:url';

export * from './measure/measure.messages';
export type { MeasureEvent } from './measure/measure.events';
export { startMeasureWorkflow } from './measure/measure.client';
export { SEARCH_ATTRIBUTES, searchAttributeKeys } from './search-attributes';
export { TASK_QUEUE } from './constants';

/** Path the worker bundles workflow code from. */
export const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));
