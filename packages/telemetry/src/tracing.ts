import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` of every span this process exports (liandong-api, liandong-worker, liandong). */
  serviceName: string;
  /** Where spans go (tests pass an InMemorySpanExporter); every span is handed over as it ends. */
  exporter?: SpanExporter;
  /**
   * The standard OpenTelemetry variables: with OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) set and no
   * `exporter`, spans go there over OTLP/HTTP in batches (the exporter reads its other OTEL_EXPORTER_OTLP_* itself).
   */
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  provider: NodeTracerProvider;
  resource: Resource;
  /** Whether spans leave the process; without, trace context still travels API → workflow → activity. */
  exporting: boolean;
  /** Sends what is still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/** Where this process's spans go: the given exporter, one at a time; else OTLP/HTTP in batches when configured; else nowhere. */
export function spanProcessorsFor({ exporter, env = process.env }: Pick<TracingOptions, 'exporter' | 'env'>): SpanProcessor[] {
  if (exporter) return [new SimpleSpanProcessor(exporter)];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return [new BatchSpanProcessor(new OTLPTraceExporter())];
  return [];
}

/**
 * Installs the process's OpenTelemetry tracer provider (the global one: the HTTP middleware, the Temporal client and
 * activity interceptors, and the workflow span sink all use it), with W3C trace-context propagation. Once per process.
 */
export function installTracing({ serviceName, exporter, env = process.env }: TracingOptions): Tracing {
  if (installed) throw new Error(`tracing is already installed in this process (as ${String(installed.resource.attributes['service.name'])})`);
  const spanProcessors = spanProcessorsFor({ exporter, env });
  const resource = Resource.default().merge(new Resource({ 'service.name': serviceName }));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  provider.register();
  installed = { provider, resource, exporting: spanProcessors.length > 0, shutdown: () => provider.shutdown() };
  return installed;
}

/** The tracing installed in this process, if any. */
export function installedTracing(): Tracing | undefined {
  return installed;
}
