// The benches' tracing variant: `createWorker({ workflowTracing: WITH_TRACING })` bundles the measure workflows with
// the OpenTelemetry interceptors, as a worker that exports spans runs them, to measure what tracing costs.

/** LIANDONG_BENCH_WORKFLOW_TRACING=on: Liandong's workflows with the tracing interceptors. */
export const WITH_TRACING = process.env.LIANDONG_BENCH_WORKFLOW_TRACING === 'on';

/** How the benches' output names the variant. */
export const TRACING_NOTE = 'measure workflows WITH their tracing interceptors (LIANDONG_BENCH_WORKFLOW_TRACING=on)';
