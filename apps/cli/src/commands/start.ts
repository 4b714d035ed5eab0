import path from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createServices, createUserService, SYSTEM_ACTOR } from '@liandong/api';
import { createDb, loadAuditKey, loadDemoPlans, migrateToLatest, seedReferenceData } from '@liandong/db';
import { startAuditAnchoring } from '@liandong/db/queries';
import { assertPortFree, startEmbeddedPostgres, startTemporalDevServer } from '@liandong/devstack';
import { closeServer, createApp, createLogger, type WorkflowStartup } from '@liandong/server';
import { createCalendarProvider, createWorker, readWebhookSettings } from '@liandong/worker';
import type { WorkingCalendar } from '@liandong/domain';
import { searchAttributeKeys, wakeAllWebhookEndpoints } from '@liandong/workflows';
import { demoDataEnabled, demoDataReason, signInLines } from '../demo';
import { readStartEnv } from '../env';
import { ensurePortalBuilt } from '../portal-build';
import { uncoveredCalendarLines } from './calendar';
import { stopInOrder, type Stoppable } from '../shutdown';

type Log = (line: string) => void;

/**
 * `pnpm start`: PostgreSQL and Temporal (embedded unless DATABASE_URL / TEMPORAL_ADDRESS),
 * migrations, reference data, demo data where enabled (demo.ts), then the worker and the API
 * serving the portal. Ctrl-C or SIGTERM stops everything it started, in reverse order.
 */
export async function startCommand(log: Log = (line) => console.log(line)): Promise<void> {
  const env = readStartEnv();
  const stops: Stoppable[] = [];
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log(`\nstopping (${reason}) …`);
      const { clean } = await stopInOrder(stops, log);
      log(clean ? 'all stopped' : 'stopped, but not everything cleanly (see above)');
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  // `pnpm start` runs us under a shell that does not pass SIGTERM on: when our parent goes
  // away we are re-parented, and take that as the signal to stop.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process exited').then(() => process.exit(0));
  }, 1_000).unref();
  // The worker must not react to signals by itself (we stop it in order), and its INFO logs are noise here.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });

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
      const postgres = await startEmbeddedPostgres({
        dataDir: path.join(env.dataDir, 'postgres'),
        port: env.LIANDONG_PG_PORT,
        persistent: true,
        database: 'liandong',
      });
      stops.push({ name: 'PostgreSQL', stop: postgres.stop });
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
      const temporal = await startTemporalDevServer({
        port: env.LIANDONG_TEMPORAL_PORT,
        uiPort: env.LIANDONG_TEMPORAL_UI_PORT,
        dbFilename: path.join(env.dataDir, 'temporal.sqlite'),
        searchAttributes: searchAttributeKeys,
        progress: (line) => log(`  Temporal: ${line}`),
      });
      stops.push({ name: 'Temporal dev server', stop: temporal.stop });
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    } else {
      log(`  Temporal: using TEMPORAL_ADDRESS=${temporalAddress}`);
    }

    const owner = createDb(databaseUrl, { max: 2 });
    const migrated = await migrateToLatest(owner).finally(() => owner.destroy());
    log(`  migrations: ${migrated.results?.length ?? 0} applied`);
    const db = createDb(appDatabaseUrl ?? databaseUrl);
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    // Signed checkpoints anchor the audit chain's head; the key never enters the database.
    const auditKey = await loadAuditKey({ secret: env.LIANDONG_AUDIT_KEY, file: path.join(env.dataDir, 'audit-anchor.key') });
    if (auditKey.source === 'created') log(`  audit log: new checkpoint key in ${path.join(env.dataDir, 'audit-anchor.key')} (keep it: checkpoints cannot be verified without it)`);
    const anchoring = startAuditAnchoring(db, auditKey, { onError: (error) => log(`audit checkpoint failed: ${error instanceof Error ? error.message : String(error)}`) });
    stops.push({ name: 'audit checkpoints', stop: anchoring.stop });
    const seeded = await seedReferenceData(db);
    log(`  agency directory: ${seeded.agenciesInserted} new agencies`);
    if (demoDataEnabled(env)) {
      const demoPlans = await loadDemoPlans(db);
      log(`  demo plans: ${demoPlans.loaded} loaded`);
      const demo = await createUserService({ db }).ensureDemoUsers();
      log(`  demo users: ${demo.created.length} new (${demoDataReason(env)})`);
    } else {
      log(`  demo data: off (${demoDataReason(env)})`);
    }

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push({ name: 'Temporal client', stop: () => connection.close() });
    const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });

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

    // Every open measure of every stored plan runs as a workflow (idempotent across restarts).
    let progressLoggedAt = Date.now();
    const workflows = await services.measures.startWorkflows(undefined, SYSTEM_ACTOR, {
      onProgress: (done, total) => {
        Object.assign(workflowStartup, { done, total });
        if (done < total && Date.now() - progressLoggedAt >= 2_000) {
          progressLoggedAt = Date.now();
          log(`  measure workflows: ${done}/${total} …`);
        }
      },
    });
    const dormant = workflows.withdrawn > 0 ? `, ${workflows.withdrawn} withdrawn ones put to sleep` : '';
    log(`  measure workflows: ${workflows.measures} running${dormant} (Temporal UI: search LiandongPlanId)`);
    // A newer calendar release (holidays, 调休) since deadlines were computed: recompute them, audited.
    const { recomputed } = await services.measures.recomputeStaleDeadlines(SYSTEM_ACTOR, calendar.current());
    if (recomputed.length > 0) log(`  calendar changed: deadlines recomputed for ${recomputed.length} measures`);
    onCalendarChange = async (fresh) => {
      const again = await services.measures.recomputeStaleDeadlines(SYSTEM_ACTOR, fresh).catch((error: unknown) => {
        log(`calendar changed (${fresh.version}), but recomputing deadlines failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (again) log(`calendar changed (${fresh.version}): deadlines recomputed for ${again.recomputed.length} measures`);
    };
    // Deadlines in a year the calendar has no holiday schedule for count only weekends as days off.
    for (const line of uncoveredCalendarLines(await services.calendar.uncovered(SYSTEM_ACTOR))) log(line);
    workflowStartup.finished = true;

    log('');
    log(`Liandong is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`  portal       ${base}/`);
    log(`  API (tRPC)   ${base}/trpc   REST ${base}/api/v1   health ${base}/healthz ${base}/readyz`);
    if (temporalUi) log(`  Temporal UI  ${temporalUi}`);
    log(`  PostgreSQL   ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
    for (const line of signInLines(env)) log(line);
    log('Press Ctrl-C to stop.');
  } catch (error) {
    await shutdown('start-up failed');
    throw error;
  }
}

