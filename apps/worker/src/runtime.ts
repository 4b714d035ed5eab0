import { Runtime, type Logger } from '@temporalio/worker';
import { z } from 'zod';
import { installTracing } from '@liandong/telemetry';

export interface WorkerRuntimeOptions {
  logger?: Logger;
  /** Signals on which the SDK shuts its workers down by itself; `[]` when the process stops them in order. */
  shutdownSignals?: NodeJS.Signals[];
  /**
   * host:port for the Temporal SDK's Prometheus endpoint (GET /metrics): workflow and activity task latencies,
   * `temporal_activity_execution_failed`, pollers, sticky cache. Not served when absent.
   */
  metricsAddress?: string;
  /** `service.name` of the spans this process exports. */
  serviceName?: string;
}

/**
 * The process-wide set-up a worker needs before its first connection, once per process: the Temporal runtime (its
 * logger, and its metrics for Prometheus) and OpenTelemetry tracing (installTracing: exported over OTLP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set).
 */
export function installWorkerRuntime({ logger, shutdownSignals, metricsAddress, serviceName = 'liandong-worker' }: WorkerRuntimeOptions = {}): void {
  Runtime.install({
    logger,
    shutdownSignals,
    // Seconds, as Prometheus has it and as the API's own histograms do; counters keep the SDK's names (no _total).
    telemetryOptions: metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress, useSecondsForDurations: true } } } : undefined,
  });
  installTracing({ serviceName });
}

const address = z
  .string()
  .regex(/^(?:(\[[0-9a-f:]+\]|[\w.-]+):)?\d{1,5}$/i, { message: 'must be host:port or a port (127.0.0.1:9464, 9464)' })
  .transform((value) => (/^\d+$/.test(value) ? `127.0.0.1:${value}` : value))
  .refine((value) => Number(value.slice(value.lastIndexOf(':') + 1)) <= 65535, { message: 'must be a port number up to 65535' });

const schema = z.object({
  /** Where the worker serves its Temporal SDK metrics for Prometheus; a bare port binds 127.0.0.1 (production sets 0.0.0.0:PORT behind its network). */
  LIANDONG_WORKER_METRICS_ADDRESS: address.optional(),
});

/** The worker runtime's settings from the environment (LIANDONG_WORKER_METRICS_ADDRESS), for `installWorkerRuntime`. */
export function readWorkerRuntimeSettings(source: NodeJS.ProcessEnv = process.env): Pick<WorkerRuntimeOptions, 'metricsAddress'> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data.LIANDONG_WORKER_METRICS_ADDRESS ? { metricsAddress: parsed.data.LIANDONG_WORKER_METRICS_ADDRESS } : {};
}
