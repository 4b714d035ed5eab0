import { fileURLToPath } from 'node:url';

export { idleQuery, idleWorkflow, noopUpdate, stopSignal, noopWorkflow } from './noop.workflow';

/** What a bench worker bundles: the no-op and idle workflows alone. */
export const noopWorkflowsPath = fileURLToPath(new URL('./noop.workflow.ts', import.meta.url));
