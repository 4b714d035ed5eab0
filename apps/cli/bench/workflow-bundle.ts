import { bundleWorkflowCode, DefaultLogger, type WorkerOptions } from '@temporalio/worker';
import { workflowBundleOptions } from '@liandong/workflows';

/** LIANDONG_BENCH_WORKFLOW_TRACING=on: Liandong's workflows with the tracing interceptors, as a worker that exports spans runs them. */
export const WITH_TRACING = process.env.LIANDONG_BENCH_WORKFLOW_TRACING === 'on';

/** How the benches' output names the variant. */
export const TRACING_NOTE = 'measure workflows WITH their tracing interceptors (LIANDONG_BENCH_WORKFLOW_TRACING=on)';

/**
 * The bundle a bench hands `createWorker`: none (it bundles the workflows without tracing, as a worker that exports no
 * spans does), or, with WITH_TRACING, the workflows with the tracing interceptors, to measure what tracing costs.
 */
export async function benchWorkflowBundle(): Promise<WorkerOptions['workflowBundle']> {
  if (!WITH_TRACING) return undefined;
  return { code: (await bundleWorkflowCode({ ...workflowBundleOptions({ tracing: true }), logger: new DefaultLogger('WARN') })).code };
}
