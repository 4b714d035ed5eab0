import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric the API process exports starts with this, Node's own included. */
export const METRIC_PREFIX = 'liandong_';

/** What became of a procedure call: answered, refused with a code the caller can act on, or a fault of ours. */
export type CommandOutcome = 'ok' | 'refused' | 'error';
/** How the call came: the portal's tRPC over HTTP, or a REST operation calling the procedure in process. */
export type CommandTransport = 'trpc' | 'rest';
export const DEPENDENCIES = ['database', 'temporal', 'worker'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export interface DependencyCheck {
  ok: boolean;
  /** How long the check took. */
  ms: number;
  /** Why it is not ok, in a few words. */
  error?: string;
}

/** What /readyz checks, as the gauges read it. */
export interface ReadinessReading extends Record<Dependency, DependencyCheck> {
  stuckMeasures: number;
}

/** The tRPC error codes that are an answer (bad input, refusals, overload); only an internal error is a fault. */
export function commandOutcome(code: string | null): CommandOutcome {
  if (code === null) return 'ok';
  return code === 'INTERNAL_SERVER_ERROR' ? 'error' : 'refused';
}

/** Seconds, from a few milliseconds (a read) to the 10 s a command may wait on its workflow. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The API process's metrics: one registry per process (two API processes behind one port each answer /metrics for
 * themselves; Prometheus scrapes each). Labels take only bounded values: procedure names, codes, route patterns,
 * never an id.
 */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const commandDuration = new Histogram({
    name: `${METRIC_PREFIX}command_duration_seconds`,
    help: 'Time to answer a tRPC procedure (REST operations call them too), by outcome',
    labelNames: ['procedure', 'outcome', 'transport'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: `${METRIC_PREFIX}command_refusals_total`,
    help: 'Procedure calls answered with an error code other than an internal error (FORBIDDEN, BAD_REQUEST, CONFLICT, …)',
    labelNames: ['procedure', 'code', 'transport'] as const,
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: `${METRIC_PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const stuckMeasures = new Gauge({
    name: `${METRIC_PREFIX}stuck_measures`,
    help: 'Running measures that cannot record what they decided (LiandongStuck), as of the last readiness check',
    registers: [registry],
  });
  const dependencyUp = new Gauge({
    name: `${METRIC_PREFIX}dependency_up`,
    help: 'Whether a dependency answered the last readiness check (1) or not (0)',
    labelNames: ['dependency'] as const,
    registers: [registry],
  });
  const dependencyCheckSeconds = new Gauge({
    name: `${METRIC_PREFIX}dependency_check_seconds`,
    help: 'How long the last readiness check of a dependency took',
    labelNames: ['dependency'] as const,
    registers: [registry],
  });

  return {
    registry,
    recordCommand({ procedure, transport, code, seconds }: { procedure: string; transport: CommandTransport; code: string | null; seconds: number }): void {
      const outcome = commandOutcome(code);
      commandDuration.observe({ procedure, outcome, transport }, seconds);
      if (outcome === 'refused') refusals.inc({ procedure, code: code!, transport });
    },
    recordHttp({ method, route, status, seconds }: { method: string; route: string; status: number; seconds: number }): void {
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, seconds);
    },
    recordReadiness(reading: ReadinessReading): void {
      stuckMeasures.set(reading.stuckMeasures);
      for (const dependency of DEPENDENCIES) {
        dependencyUp.set({ dependency }, reading[dependency].ok ? 1 : 0);
        dependencyCheckSeconds.set({ dependency }, reading[dependency].ms / 1000);
      }
    },
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

let processMetrics: ApiMetrics | undefined;

/** This process's API metrics, made on first use: what the procedures record and GET /metrics serves. */
export function apiMetrics(): ApiMetrics {
  processMetrics ??= createApiMetrics();
  return processMetrics;
}
