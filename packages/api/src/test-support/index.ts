// Test support for other packages' tests (`@liandong/api/test-support`): the measure stack and a procedure's context.
// Needs vitest's provided pgAdminUrl, temporalAddress and workflowBundle (@liandong/workflows/vitest-global-setup).
export { startMeasureStack, type MeasureStack } from '../measure-stack.test-support';
export { callerFor, contextFor, servicesFor, type ContextOptions } from './context';
