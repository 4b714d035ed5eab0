import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createServices } from '@liandong/api';
import { createDb, loadAuditKey } from '@liandong/db';
import { assertPortFree, findRepoRoot, freePort, type RunningPostgres, type TemporalServerOptions } from '@liandong/devstack';
import type { WorkingCalendar } from '@liandong/domain';
import { createLogger } from '@liandong/server';
import { buildServer } from '@liandong/server/build';
import { createCalendarProvider } from '@liandong/worker';
import { buildWorker } from '@liandong/worker/build';
import { searchAttributeKeys, wakeAllWebhookEndpoints } from '@liandong/workflows';
import { setUpApiPrimary, startApiProcess, startPostgres, startTemporal, startWorkerProcess } from '../cluster/processes';
import { writeClusterState, clusterStateFile, removeClusterState, type ClusterState } from '../cluster/state';
import { supervise, type Supervisor } from '../cluster/supervisor';
import { signInLines } from '../demo';
import { readStartEnv } from '../env';
import { ensurePortalBuilt } from '../portal-build';
import { prepareDatabase, recomputeDeadlines, startMeasureWorkflows } from '../setup';
import { stopOnSignals, type Stoppable } from '../shutdown';
import { UsageError } from './arguments';

type Log = (line: string) => void;

export const CLUSTER_USAGE = `usage: liandong cluster start [--workers N] [--apis M] [--no-build]
  The production topology on this machine: PostgreSQL (embedded, or DATABASE_URL's), a Temporal server on it in
  databases of its own, N worker processes (default 2) and M API processes (default 2) sharing one port (PORT),
  all restarted when they die. Data in .data-cluster (LIANDONG_DATA_DIR), what runs in <data dir>/cluster.json.
  --no-build   run the apps/server and apps/worker dist/ built before (pnpm build) instead of building them now`;

export interface ClusterOptions {
  workers: number;
  apis: number;
  build: boolean;
}

/** `cluster start [--workers N] [--apis M] [--no-build]`; anything else is a UsageError. */
export function parseClusterArgs(args: string[]): ClusterOptions {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { workers: { type: 'string' }, apis: { type: 'string' }, 'no-build': { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'start') throw new UsageError(parsed.positionals.length === 0 ? 'which cluster command?' : `unknown cluster command: ${parsed.positionals.join(' ')}`);
  const count = (option: 'workers' | 'apis') => {
    const value = parsed.values[option];
    if (value === undefined) return 2;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 16) throw new UsageError(`--${option} must be a whole number from 1 to 16, got ${value}`);
    return Number(value);
  };
  return { workers: count('workers'), apis: count('apis'), build: !parsed.values['no-build'] };
}

/** `liandong cluster …`: exit code 2 with the usage on wrong arguments; start-up failures are thrown. */
export async function clusterCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  let options: ClusterOptions;
  try {
    options = parseClusterArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  await startCluster(options, io.stdout);
  return 0;
}

/**
 * Brings the cluster up, in the order `pnpm start` does, then supervises every process: one that dies is
 * restarted after a backoff (supervisor.ts) and cluster.json rewritten. Ctrl-C or SIGTERM stops the API
 * processes, the workers, Temporal and PostgreSQL, in that order.
 */
export async function startCluster({ workers: workerCount, apis: apiCount, build }: ClusterOptions, log: Log = (line) => console.log(line)): Promise<void> {
  const env = readStartEnv();
  // Its own data directory: a cluster never shares PostgreSQL files or Temporal state with `pnpm start`'s .data.
  const dataDir = env.LIANDONG_DATA_DIR ? env.dataDir : path.join(findRepoRoot(), '.data-cluster');
  const stops: Stoppable[] = [];
  const { shutdown, stopping } = stopOnSignals(stops, log, { afterStop: () => removeClusterState(dataDir) });

  // Everything cluster.json says, kept current by the supervisors from the first "ready" on.
  const live: { postgres?: Supervisor; temporal?: Supervisor; workers: Supervisor[]; apis: Supervisor[] } = { workers: [], apis: [] };
  let describe: (() => ClusterState) | undefined;
  const save = () => describe && !stopping() && writeClusterState(dataDir, describe());
  const supervised = { log, onChange: save, keepRunning: () => !stopping() };

  try {
    await assertPortFree(env.PORT, 'the API and portal (PORT)');
    const started = Date.now();
    log(`Liandong 联动 — starting a cluster of ${workerCount} workers and ${apiCount} API processes (data in ${dataDir})`);
    await ensurePortalBuilt(log);
    const entries = build ? await buildApps(log) : prebuiltApps();

    // The owner migrates and owns Temporal's databases; the workers and APIs run as the app role.
    let ownerUrl = env.DATABASE_URL;
    let appUrl = env.LIANDONG_APP_DATABASE_URL;
    if (!ownerUrl) {
      await assertPortFree(env.LIANDONG_PG_PORT, 'PostgreSQL (LIANDONG_PG_PORT)');
      log(`  PostgreSQL: starting embedded server on 127.0.0.1:${env.LIANDONG_PG_PORT}`);
      let server: RunningPostgres | undefined;
      const options = { dataDir: path.join(dataDir, 'postgres'), port: env.LIANDONG_PG_PORT, persistent: true, database: 'liandong' };
      const start = async () => {
        const run = await startPostgres(options);
        server = run.server;
        return run;
      };
      live.postgres = await supervise({ name: 'PostgreSQL', start, ...supervised });
      stops.push({ name: 'PostgreSQL', stop: live.postgres.stop });
      ownerUrl = server!.url;
      appUrl = server!.appUrl;
    } else {
      log(`  PostgreSQL: using DATABASE_URL${appUrl ? ', the app as LIANDONG_APP_DATABASE_URL' : ''}`);
      if (!appUrl) log('  PostgreSQL: LIANDONG_APP_DATABASE_URL is not set, so the app runs as the owner, who can rewrite the audit log (README: Configuration)');
    }

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalMetricsUrl: string | undefined;
    if (!temporalAddress) {
      const owner = new URL(ownerUrl);
      const metricsPort = await freePort();
      // In databases of its own (temporal, temporal_visibility) on the same server, created by the owner (CREATEDB).
      const options: TemporalServerOptions = {
        postgres: { host: owner.hostname, port: Number(owner.port || 5432), user: decodeURIComponent(owner.username), password: decodeURIComponent(owner.password) },
        dataDir: path.join(dataDir, 'temporal'),
        port: env.LIANDONG_TEMPORAL_PORT,
        searchAttributes: searchAttributeKeys,
        metricsPort,
        progress: (line) => log(`  Temporal: ${line}`),
      };
      live.temporal = await supervise({ name: 'Temporal server', start: () => startTemporal(options), ...supervised });
      stops.push({ name: 'Temporal server', stop: live.temporal.stop });
      temporalAddress = `127.0.0.1:${env.LIANDONG_TEMPORAL_PORT}`;
      temporalMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    } else {
      log(`  Temporal: using TEMPORAL_ADDRESS=${temporalAddress}`);
    }

    const db = createDb(appUrl ?? ownerUrl);
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    await prepareDatabase({ ownerUrl, db, env, log });
    // The API processes sign audit checkpoints with it; the key never enters the database.
    const keyFile = path.join(dataDir, 'audit-anchor.key');
    const auditKey = await loadAuditKey({ secret: env.LIANDONG_AUDIT_KEY, file: keyFile });
    if (auditKey.source === 'created') log(`  audit log: new checkpoint key in ${keyFile} (keep it: checkpoints cannot be verified without it)`);

    // This process does the start-up work and follows the calendar, as `pnpm start` does; it serves nothing.
    const connection = await Connection.connect({ address: temporalAddress });
    stops.push({ name: 'Temporal client', stop: () => connection.close() });
    const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    let onCalendarChange: (calendar: WorkingCalendar) => Promise<void> = async () => {};
    const calendar = await createCalendarProvider({
      db,
      onChange: (fresh) => onCalendarChange(fresh),
      onError: (error) => log(`calendar: could not read the entered holiday schedules: ${error instanceof Error ? error.message : String(error)}`),
    });
    stops.push({ name: 'calendar re-read', stop: async () => calendar.stop() });
    const services = createServices({ db, temporal, calendar, logger: createLogger() });

    const shared: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: appUrl ?? ownerUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE };
    const workerMetricsPorts = await distinctFreePorts(workerCount);
    log(`  workers: starting ${workerCount} (${entries.worker})`);
    live.workers = await Promise.all(
      workerMetricsPorts.map((metricsPort, i) => {
        const workerEnv = { ...shared, LIANDONG_WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}` };
        return supervise({ name: `worker ${i + 1}`, start: () => startWorkerProcess({ index: i + 1, entry: entries.worker, env: workerEnv, log }), ...supervised });
      }),
    );
    stops.push({ name: 'workers', stop: () => Promise.all(live.workers.map((w) => w.stop())) });
    const webhookEndpoints = await wakeAllWebhookEndpoints(temporal, db).catch((error: unknown) => {
      log(`webhooks: could not start the delivery workflows (they start when an event is recorded): ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    if (webhookEndpoints.length > 0) log(`  webhooks: ${webhookEndpoints.length} endpoints delivering`);

    log(`  API: starting ${apiCount} processes on ${env.HOST}:${env.PORT} (${entries.server})`);
    setUpApiPrimary(entries.server);
    // Temporal takes at most 10 Updates in flight per workflow: the API processes share them (4 each for two).
    const updatesInFlight = String(Math.max(1, Math.min(4, Math.floor(9 / apiCount))));
    const apiEnv = { ...shared, PORT: String(env.PORT), HOST: env.HOST, LIANDONG_AUDIT_KEY: auditKey.key.toString('utf8'), LIANDONG_UPDATES_IN_FLIGHT: updatesInFlight };
    live.apis = await Promise.all(Array.from({ length: apiCount }, (_, i) => supervise({ name: `API ${i + 1}`, start: () => startApiProcess({ index: i + 1, env: apiEnv, log }), ...supervised })));
    stops.push({ name: 'API processes', stop: () => Promise.all(live.apis.map((a) => a.stop())) });

    await startMeasureWorkflows({ services, calendar: calendar.current(), log });
    onCalendarChange = (fresh) => recomputeDeadlines(services, fresh, log);

    const base = `http://${env.HOST}:${env.PORT}`;
    const owner = new URL(ownerUrl);
    describe = () => ({
      pid: process.pid,
      url: base,
      port: env.PORT,
      temporal: { address: temporalAddress, pid: live.temporal?.pid, metricsUrl: temporalMetricsUrl },
      postgres: { embedded: live.postgres !== undefined, pid: live.postgres?.pid, port: Number(owner.port || 5432) },
      workers: live.workers.map((w, i) => ({ index: i + 1, pid: w.pid, metricsUrl: `http://127.0.0.1:${workerMetricsPorts[i]}/metrics` })),
      apis: live.apis.map((a, i) => ({ index: i + 1, pid: a.pid })),
    });
    save();

    const pids = (supervisors: Supervisor[]) => supervisors.map((s) => s.pid).join(', ');
    log('');
    log(`Liandong cluster is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`  portal       ${base}/`);
    log(`  API (tRPC)   ${base}/trpc   REST ${base}/api/v1   health ${base}/healthz ${base}/readyz`);
    log(`  metrics      ${base}/metrics (the API process that answers)${temporalMetricsUrl ? `   Temporal ${temporalMetricsUrl}` : ''}   workers: cluster.json`);
    log(`  processes    API ${pids(live.apis)} · workers ${pids(live.workers)}${live.temporal ? ` · Temporal server ${live.temporal.pid}` : ''}${live.postgres ? ` · PostgreSQL ${live.postgres.pid}` : ''} (${clusterStateFile(dataDir)})`);
    log(`  Temporal     ${temporalAddress}`);
    log(`  PostgreSQL   ${ownerUrl.replace(/:[^:@/]+@/, ':***@')}`);
    for (const line of signInLines(env)) log(line);
    log('Press Ctrl-C to stop.');
  } catch (error) {
    await shutdown('start-up failed');
    throw error;
  }
}

/** Compiles the API and the worker (and the workflow bundle), so no process of the cluster runs TypeScript. */
async function buildApps(log: Log): Promise<{ server: string; worker: string }> {
  log('  build: compiling the API and the worker to JavaScript (pnpm build; --no-build skips this)');
  const began = Date.now();
  const [server, worker] = await Promise.all([buildServer(), buildWorker()]);
  log(`  build: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return { server: server.entry, worker: worker.entry };
}

function prebuiltApps(): { server: string; worker: string } {
  const root = findRepoRoot();
  const entries = { server: path.join(root, 'apps/server/dist/index.js'), worker: path.join(root, 'apps/worker/dist/index.js') };
  for (const entry of Object.values(entries)) {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run pnpm build first, or leave out --no-build`);
  }
  return entries;
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
