// Entry point bundled by the worker: every workflow function, and nothing with I/O.
export { measureWorkflow } from './measure/measure.workflow';
