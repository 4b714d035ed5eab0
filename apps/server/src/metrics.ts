import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Services } from '@liandong/api';
import type { ApiMetrics, ReadinessReading } from '@liandong/telemetry';

/** How long one readiness check serves the scrapes: Prometheus (and several of them) cannot hammer Temporal. */
export const READINESS_CACHE_MS = 5_000;

/** Probes answer every few seconds: counted, but not traced. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route a request took, as a label: the registered pattern (`/api/v1/measures/:measureId/reports`), and for tRPC
 * the procedure when it is one the router has (`/trpc/measure.submitReport`) — never an id or other free text.
 */
export function routeOf(c: Context, procedures: ReadonlySet<string>): string {
  if (c.req.path.startsWith('/trpc/')) {
    const called = c.req.path.slice('/trpc/'.length);
    if (called.includes(',')) return '/trpc/(batch)';
    return procedures.has(called) ? `/trpc/${called}` : '/trpc/(unknown)';
  }
  const pattern = routePath(c);
  // Only the catch-all middleware saw it: no route answered.
  return pattern === '*' || pattern === '/*' && !c.res.ok ? '(unmatched)' : pattern;
}

/**
 * Per request: a server span (`POST /trpc/measure.submitReport`) continuing the caller's trace (W3C traceparent), so
 * that the Temporal client's, the workflow's and the activities' spans are its children; and the request's count
 * and duration by route.
 */
export function observeRequests(metrics: ApiMetrics, procedures: ReadonlySet<string>): MiddlewareHandler {
  const tracer = trace.getTracer('@liandong/server');
  return async (c, next) => {
    const began = performance.now();
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    const finish = () => {
      const route = routeOf(c, procedures);
      metrics.recordHttp({ method, route, status: c.res.status, seconds: (performance.now() - began) / 1000 });
      return route;
    };
    if (UNTRACED.has(c.req.path)) {
      await next();
      finish();
      return;
    }
    const parent = propagation.extract(context.active(), c.req.header());
    await tracer.startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent, async (span) => {
      try {
        await next();
      } finally {
        const route = finish();
        span.updateName(`${method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': c.res.status });
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
  };
}

/**
 * GET /metrics: this process's registry in Prometheus' text format, with the readiness gauges (stuck measures, each
 * dependency up or down) read at scrape time from a check at most READINESS_CACHE_MS old. Unauthenticated: served
 * on 127.0.0.1 by default; a production deployment keeps the path inside its own network.
 */
export function metricsEndpoint(metrics: ApiMetrics, system: Services['system']): MiddlewareHandler {
  let cached: { at: number; reading: Promise<ReadinessReading> } | undefined;
  return async (c) => {
    if (!cached || performance.now() - cached.at > READINESS_CACHE_MS) cached = { at: performance.now(), reading: system.readiness() };
    metrics.recordReadiness(await cached.reading);
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  };
}
