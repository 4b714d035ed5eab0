import { context, propagation, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installTracing, spanProcessorsFor } from './tracing';

describe('tracing without an exporter (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const tracing = installTracing({ serviceName: 'liandong-test', env: {} });

  it('exports nothing, yet gives spans real ids and carries them in W3C headers', () => {
    expect(tracing.exporting).toBe(false);
    const carrier: Record<string, string> = {};
    trace.getTracer('test').startActiveSpan('request', (span) => {
      propagation.inject(context.active(), carrier);
      span.end();
      expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    });
    // What the next process reads back: the same trace.
    const continued = trace.getSpanContext(propagation.extract(context.active(), carrier));
    expect(continued?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(continued?.traceId).not.toBe('0'.repeat(32));
  });

  it('is installed once per process', () => {
    expect(() => installTracing({ serviceName: 'again' })).toThrow(/already installed/);
  });
});

describe('where spans go', () => {
  it('to the given exporter one by one; else over OTLP in batches when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; else nowhere', () => {
    expect(spanProcessorsFor({ exporter: new InMemorySpanExporter(), env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } }).map((p) => p.constructor)).toEqual([SimpleSpanProcessor]);
    expect(spanProcessorsFor({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } }).map((p) => p.constructor)).toEqual([BatchSpanProcessor]);
    expect(spanProcessorsFor({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' } }).map((p) => p.constructor)).toEqual([BatchSpanProcessor]);
    expect(spanProcessorsFor({ env: {} })).toEqual([]);
  });
});
