import path from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import { createServices } from '@liandong/api';
import { createDb, loadAuditKey } from '@liandong/db';
import { startAuditAnchoring } from '@liandong/db/queries';
import { assertPortFree, startEmbeddedPostgres, startTemporalDevServer } from '@liandong/devstack';
import { closeServer, createApp, createLogger, type WorkflowStartup } from '@liandong/server';
import { temporalClientInterceptors } from '@liandong/telemetry';
import { createCalendarProvider, createWorker, installWorkerRuntime, readWebhookSettings, readWorkerRuntimeSettings } from '@liandong/worker';
import type { WorkingCalendar } from '@liandong/domain';
import { searchAttributeKeys, wakeAllWebhookEndpoints } from '@liandong/workflows';
import { signInLines } from '../demo';
import { readStartEnv } from '../env';
import { ensurePortalBuilt } from '../portal-build';
import { prepareDatabase, recomputeDeadlines, startMeasureWorkflows } from '../setup';
import { stopOnSignals, type Stoppable } from '../shutdown';
import { supervise, type Supervisor } from '../supervise';

type Log = (line: string) => void;

/**
 * `pnpm start`: PostgreSQL and Temporal (embedded unless DATABASE_URL / TEMPORAL_ADDRESS),
 * migrations, reference data, demo data where enabled (demo.ts), then the worker and the API
 * serving the portal. Ctrl-C or SIGTERM stops everything it started, in reverse order.
 */
export async function startCommand(log: Log = (line) => console.log(line)): Promise<void> {
  const env = readStartEnv();
  const stops: Stoppable[] = [];
  // Aborted the moment stopping begins: a server that dies from then on (Ctrl-C reaches them too) is not restarted.
  const stopRequested = new AbortController();
  const { shutdown } = stopOnSignals(stops, log, { beforeStop: () => stopRequested.abort() });
  // The worker must not react to signals by itself (we stop it in order), and its INFO logs are noise here.
  // Also the SDK's metrics (LIANDONG_WORKER_METRICS_ADDRESS) and tracing for the API and the worker alike.
  installWorkerRuntime({ shutdownSignals: [], logger: new DefaultLogger('WARN'), serviceName: 'liandong', ...readWorkerRuntimeSettings() });

  // The servers started here are restarted when they die (supervise.ts); if they cannot be, everything stops.
  const supervision = {
    log,
    stopping: stopRequested.signal,
    giveUp: (reason: string) => void shutdown(reason).then(() => process.exit(1)),
  };
  let postgresServer: Supervisor<{ pid: number | undefined }> | undefined;
  let temporalServer: Supervisor<{ pid: number | undefined }> | undefined;

  try {
    await assertPortFree(env.PORT, 'the API and portal (PORT)');
    const started = Date.now();
    log(`Liandong 联动 — starting (data in ${env.dataDir})`);
    // First, so a broken portal build fails before anything else starts.
    const portalDir = await ensurePortalBuilt(log);

    // The owner migrates; everything else runs as the app role, which may only read and append the audit log.
    let databaseUrl = env.DATABASE_URL;
    let appDatabaseUrl = env.LIANDONG_APP_DATABASE_URL;
    if (!databaseUrl) {
      await assertPortFree(env.LIANDONG_PG_PORT, 'PostgreSQL (LIANDONG_PG_PORT)');
      log(`  PostgreSQL: starting embedded server on 127.0.0.1:${env.LIANDONG_PG_PORT}`);
      // A restart reuses the data directory; PostgreSQL's crash recovery runs as it starts.
      const postgresOptions = { dataDir: path.join(env.dataDir, 'postgres'), port: env.LIANDONG_PG_PORT, persistent: true, database: 'liandong' };
      const postgres = await startEmbeddedPostgres(postgresOptions);
      postgresServer = supervise({
        name: 'PostgreSQL',
        first: postgres,
        start: () => startEmbeddedPostgres(postgresOptions),
        reconnects: 'the database pools replace their broken connections by themselves',
        ...supervision,
      });
      stops.push({ name: 'PostgreSQL', stop: postgresServer.stop });
      databaseUrl = postgres.url;
      appDatabaseUrl = postgres.appUrl;
    } else {
      log(`  PostgreSQL: using DATABASE_URL${appDatabaseUrl ? ', the app as LIANDONG_APP_DATABASE_URL' : ''}`);
      if (!appDatabaseUrl) log('  PostgreSQL: LIANDONG_APP_DATABASE_URL is not set, so the app runs as the owner, who can rewrite the audit log (README: Configuration)');
    }

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi: string | undefined;
    if (!temporalAddress) {
      await assertPortFree(env.LIANDONG_TEMPORAL_PORT, 'Temporal (LIANDONG_TEMPORAL_PORT)');
      await assertPortFree(env.LIANDONG_TEMPORAL_UI_PORT, 'the Temporal UI (LIANDONG_TEMPORAL_UI_PORT)');
      log(`  Temporal: starting dev server on 127.0.0.1:${env.LIANDONG_TEMPORAL_PORT}`);
      // A restart reuses the port and the SQLite file: the workflows are durable and carry on.
      const temporalOptions = {
        port: env.LIANDONG_TEMPORAL_PORT,
        uiPort: env.LIANDONG_TEMPORAL_UI_PORT,
        dbFilename: path.join(env.dataDir, 'temporal.sqlite'),
        searchAttributes: searchAttributeKeys,
        progress: (line: string) => log(`  Temporal: ${line}`),
      };
      const temporal = await startTemporalDevServer(temporalOptions);
      temporalServer = supervise({
        name: 'Temporal dev server',
        first: temporal,
        start: () => startTemporalDevServer(temporalOptions),
        reconnects: 'the worker and API reconnect by themselves',
        ...supervision,
      });
      stops.push({ name: 'Temporal dev server', stop: temporalServer.stop });
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    } else {
      log(`  Temporal: using TEMPORAL_ADDRESS=${temporalAddress}`);
    }

    const db = createDb(appDatabaseUrl ?? databaseUrl);
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    await prepareDatabase({ ownerUrl: databaseUrl, db, env, log });
    // Signed checkpoints anchor the audit chain's head; the key never enters the database.
    const auditKey = await loadAuditKey({ secret: env.LIANDONG_AUDIT_KEY, file: path.join(env.dataDir, 'audit-anchor.key') });
    if (auditKey.source === 'created') log(`  audit log: new checkpoint key in ${path.join(env.dataDir, 'audit-anchor.key')} (keep it: checkpoints cannot be verified without it)`);
    const anchoring = startAuditAnchoring(db, auditKey, { onError: (error) => log(`audit checkpoint failed: ${error instanceof Error ? error.message : String(error)}`) });
    stops.push({ name: 'audit checkpoints', stop: anchoring.stop });

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push({ name: 'Temporal client', stop: () => connection.close() });
    const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, interceptors: temporalClientInterceptors() });

    // Holiday schedules entered with `liandong calendar set` on top of the chinese-days package, re-read every
    // minute; one entered from another process changes the calendar here, and open deadlines follow.
    let onCalendarChange: (calendar: WorkingCalendar) => Promise<void> = async () => {};
    const calendar = await createCalendarProvider({
      db,
      onChange: (fresh) => onCalendarChange(fresh),
      onError: (error) => log(`calendar: could not read the entered holiday schedules: ${error instanceof Error ? error.message : String(error)}`),
    });
    stops.push({ name: 'calendar re-read', stop: async () => calendar.stop() });
    log('  worker: bundling workflows');
    // The worker wakes webhook endpoints' workflows through the client when events reach their outbox.
    const { worker, connection: workerConnection } = await createWorker({ temporalAddress, namespace: env.TEMPORAL_NAMESPACE, db, calendar, temporal, webhooks: readWebhookSettings() });
    const running = worker.run();
    stops.push({ name: 'worker', stop: async () => { worker.shutdown(); await running; await workerConnection.close(); } });
    // A Temporal server that is down (and being restarted) does not fail the worker: its polls retry until the
    // server answers again. What does fail it would fail again at once, so it stops everything instead.
    running.catch((error: unknown) => {
      log(`worker failed: ${error instanceof Error ? error.message : String(error)}`);
      void shutdown('worker failure').then(() => process.exit(1));
    });
    // One delivery workflow per webhook endpoint: started, or woken to send what was written while Liandong was stopped.
    const webhookEndpoints = await wakeAllWebhookEndpoints(temporal, db).catch((error: unknown) => {
      log(`webhooks: could not start the delivery workflows (they start when an event is recorded): ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    if (webhookEndpoints.length > 0) log(`  webhooks: ${webhookEndpoints.length} endpoints delivering`);
    // The API serves before the measure workflows are brought in line (hundreds take a while);
    // /readyz answers "not ready" with the progress until they all run.
    const workflowStartup: WorkflowStartup = { done: 0, total: 0, finished: false };
    // One set of services for the API and for the start-up work below.
    const logger = createLogger();
    const services = createServices({ db, temporal, calendar, logger, auditKey, apiRateLimit: env.LIANDONG_API_RATE_LIMIT });
    const app = createApp({ db, temporal, services, portalDir, logger, workflowStartup: () => ({ ...workflowStartup }), calendar });
    const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
    stops.push({ name: 'API server', stop: () => closeServer(server) });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://${env.HOST}:${env.PORT}`;
    log(`  API: serving ${base} while the measure workflows start`);

    // Every open measure of every stored plan runs as a workflow (idempotent across restarts); stale deadlines follow the calendar.
    await startMeasureWorkflows({ services, calendar: calendar.current(), log, onProgress: (done, total) => Object.assign(workflowStartup, { done, total }) });
    onCalendarChange = (fresh) => recomputeDeadlines(services, fresh, log);
    workflowStartup.finished = true;

    log('');
    log(`Liandong is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`  portal       ${base}/`);
    log(`  API (tRPC)   ${base}/trpc   REST ${base}/api/v1   health ${base}/healthz ${base}/readyz`);
    const pid = (server: Supervisor<{ pid: number | undefined }>) => `pid ${server.current().pid ?? 'unknown'}, restarted if it dies`;
    log(`  Temporal     ${temporalAddress}${temporalServer ? ` (dev server ${pid(temporalServer)})` : ''}`);
    if (temporalUi) log(`  Temporal UI  ${temporalUi}`);
    log(`  PostgreSQL   ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}${postgresServer ? ` (${pid(postgresServer)})` : ''}`);
    for (const line of signInLines(env)) log(line);
    log('Press Ctrl-C to stop.');
  } catch (error) {
    await shutdown('start-up failed');
    throw error;
  }
}

