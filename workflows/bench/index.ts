import { fileURLToPath } from 'node:url';

export { noopUpdate, stopSignal, noopWorkflow } from './noop.workflow';

/** What a bench worker bundles: the no-op workflow alone. */
export const noopWorkflowsPath = fileURLToPath(new URL('./noop.workflow.ts', import.meta.url));
