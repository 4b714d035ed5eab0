import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { trpcServer } from '@hono/trpc-server';
import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { appRouter, createServices, type ProcessCalendar, type Services } from '@liandong/api';
import type { Db } from '@liandong/db';
import { apiMetrics, DEPENDENCIES } from '@liandong/telemetry';
import { createApiContext } from './api-context';
import { auditDownloads } from './audit-downloads';
import { sameOriginGuard } from './csrf';
import { silentLogger, type Logger } from './logger';
import { metricsEndpoint, observeRequests } from './metrics';
import { restApi } from './rest/rest';

export interface AppDeps {
  db: Db;
  temporal: Client;
  /** The built portal (apps/portal/dist); the API alone runs without it. */
  portalDir?: string | null;
  taskQueue?: string;
  /** Where failures (and, at debug, every request) are logged; silent when not given. */
  logger?: Logger;
  /**
   * When the host serves while it is still starting the measure workflows (`liandong start`): how far
   * it got. /readyz is not ready until they all run.
   */
  workflowStartup?: () => WorkflowStartup;
  /** The working-day calendar the worker reads (`liandong start`): an entered holiday schedule refreshes it and recomputes deadlines at once. */
  calendar?: ProcessCalendar;
  /**
   * The services, when the caller built them already from these same dependencies (`liandong start` uses
   * them for its start-up work too); built here otherwise.
   */
  services?: Services;
  /** Each API token's allowance (LIANDONG_API_RATE_LIMIT), for services built here. */
  apiRateLimit?: { requests: number; windowSeconds: number };
}

export interface WorkflowStartup {
  done: number;
  total: number;
  finished: boolean;
}

/** The largest request body: a plan document (5 MB, base64 in JSON) fits; anything larger is refused before it is read. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** The most procedures one batched tRPC request may call (the portal's link sends at most as many). */
export const MAX_BATCH_SIZE = 50;

export const defaultPortalDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../portal/dist');

/** The HTTP host: /trpc for the portal, /api/v1 for other systems, health probes, and the portal itself. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const logger = deps.logger ?? silentLogger;
  // Once for the process; every request's context carries the same services.
  const services = deps.services ?? createServices({ db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, calendar: deps.calendar, logger, apiRateLimit: deps.apiRateLimit });

  // Traces and request metrics, around everything else (the log line below included).
  const metrics = apiMetrics();
  app.use('*', observeRequests(metrics, new Set(Object.keys(appRouter._def.procedures))));
  app.use('*', async (c, next) => {
    const began = performance.now();
    await next();
    const entry = { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - began) };
    // A readiness probe answering 503 while the host starts is an answer, not a failure.
    if (c.res.status >= 500 && c.req.path !== '/readyz') logger.warn(entry, 'request failed');
    else logger.debug(entry, 'request');
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    // Each dependency: { ok, ms, error? }.
    const checks = await services.system.readiness();
    const startup = deps.workflowStartup?.();
    const ready = DEPENDENCIES.every((d) => checks[d].ok) && (startup?.finished ?? true);
    // Ready, but some measure cannot record what it decided: still serving, and saying so.
    const status = !ready ? 'not ready' : checks.stuckMeasures > 0 ? 'degraded' : 'ready';
    const body = startup
      ? { status, checks: { ...checks, workflows: startup.finished }, ...(startup.finished ? {} : { workflows: `starting: ${startup.done}/${startup.total}` }) }
      : { status, checks };
    return c.json(body, ready ? 200 : 503);
  });
  // Prometheus, for this process (each API process of a cluster answers for itself).
  app.get('/metrics', metricsEndpoint(metrics, services.system));

  app.use('/trpc/*', sameOriginGuard());
  app.use('/api/*', sameOriginGuard());
  const tooLarge = bodyLimit({
    maxSize: MAX_REQUEST_BYTES,
    onError: (c) => c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `the request body is larger than ${MAX_REQUEST_BYTES / 1024 / 1024} MB`, fields: null } }, 413),
  });
  app.use('/trpc/*', tooLarge);
  app.use('/api/*', tooLarge);
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: (opts, c) => createApiContext(services, opts, c),
      // What a user can cause (bad input, refusals) is answered, not logged; a fault is logged with its cause.
      onError: ({ error, path, type }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, procedure: path, type }, 'tRPC procedure failed');
      },
    }),
  );

  // REST for other systems: the OpenAPI document, the directory, and the operations behind an agency's API token.
  app.route('/api/v1', restApi(services, logger));
  // 审计 downloads (the log's export, a measure's raw history): files, streamed, behind the session cookie.
  app.route('/api/audit', auditDownloads(services, logger));
  app.all('/api/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));

  const portalDir = deps.portalDir === undefined ? defaultPortalDir : deps.portalDir;
  if (portalDir && existsSync(path.join(portalDir, 'index.html'))) {
    app.use('/*', serveStatic({ root: portalDir }));
    // Client-side routes: every other GET gets the app shell.
    app.get('/*', serveStatic({ root: portalDir, path: 'index.html' }));
  }

  app.onError((error, c) => {
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
  });
  return app;
}

export { closeServer } from './close';
export { createLogger, silentLogger, type Logger } from './logger';
