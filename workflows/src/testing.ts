// Test support: a real Temporal dev server for a test run (STACK.md: no time skipping here).
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { startTemporalDevServer, type RunningTemporal } from '@liandong/devstack';
import { searchAttributeKeys, workflowBundleOptions } from './index';

export async function startTestTemporal(): Promise<RunningTemporal> {
  return startTemporalDevServer({
    searchAttributes: searchAttributeKeys,
    // The server spaces continue-as-new runs at least 1 s apart; the bounded-history test runs 120 cycles back to back.
    dynamicConfig: { 'history.workflowIdReuseMinimalInterval': '0s' },
    progress: (line) => console.log(`[temporal] ${line}`),
  });
}

/** Bundles the workflow code once per run, as a worker without tracing does; every test worker reuses it. */
export async function bundleWorkflowsForTests(): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions({ tracing: false }), logger: new DefaultLogger('WARN') });
  return code;
}
