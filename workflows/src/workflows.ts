// Entry point bundled by the worker: every workflow function, and nothing with I/O.
export { measureWorkflowV2 } from './measure/measure.workflow';
// The first version, kept so that measures started with it replay and can move onto the core.
export { measureWorkflow } from './measure/v1/measure.workflow.v1';
// One per webhook endpoint: its deliveries, in order.
export { webhookEndpointWorkflow } from './webhooks/webhook.workflow';
