// Metrics (Prometheus) and traces (OpenTelemetry) shared by the API and the worker processes.
export { apiMetrics, commandOutcome, createApiMetrics, DEPENDENCIES, METRIC_PREFIX, type ApiMetrics, type CommandOutcome, type CommandTransport, type Dependency, type DependencyCheck, type ReadinessReading } from './metrics';
export { installedTracing, installTracing, type Tracing, type TracingOptions } from './tracing';
export { temporalClientInterceptors, workerTelemetry } from './temporal';
// For tests that look at the spans a request made.
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
