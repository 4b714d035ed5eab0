import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import type { defineSearchAttributeKey } from '@temporalio/common';
// The SDK's own test server registers search attributes with these; the package root does not export them.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { toolCacheDir } from './paths';
import { assertPortFree } from './ports';
import type { ProcessExit } from './process';
import { findGo, goInstall, isExecutable } from './temporal';

/** The server the CLI (1.5.1) embeds: one Go module cache serves both builds. */
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

type Progress = (line: string) => void;
type SearchAttributeKey = ReturnType<typeof defineSearchAttributeKey>;

/**
 * Closed runs stay visible (UI, `workflow describe`) for 30 days. A measure lives for years, but as a chain
 * of continued-as-new runs: only the closed links age out. Liandong's audit log in PostgreSQL is the permanent
 * record, so a month covers inspecting recent runs without growing Temporal's history tables for ever.
 */
const RETENTION_DAYS = 30;
const READY_TIMEOUT_MS = 120_000;
const DEFAULT_HISTORY_SHARDS = 4;
const STOP_GRACE_MS = 15_000;

/** Built executables of one server version: `server` and the schema tool `sql`. */
export function temporalServerBinDir(): string {
  return path.join(toolCacheDir(), 'bin', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/**
 * Finds or builds the Temporal server and its schema tool. $LIANDONG_TEMPORAL_SERVER_BIN and
 * $LIANDONG_TEMPORAL_SQL_BIN come first; what is missing is built with Go into temporalServerBinDir().
 */
export async function resolveTemporalServerBinaries(progress: Progress = () => {}): Promise<{ server: string; sqlTool: string }> {
  const binDir = temporalServerBinDir();
  const pick = (variable: string, name: string) => {
    const fromEnv = process.env[variable];
    if (fromEnv && !isExecutable(fromEnv)) throw new Error(`${variable}=${fromEnv} is not an executable file`);
    return { file: fromEnv || path.join(binDir, name), package: `${TEMPORAL_SERVER_MODULE}/cmd/${name === 'sql' ? 'tools/sql' : name}@${TEMPORAL_SERVER_VERSION}` };
  };
  const server = pick('LIANDONG_TEMPORAL_SERVER_BIN', 'server');
  const sqlTool = pick('LIANDONG_TEMPORAL_SQL_BIN', 'sql');
  const missing = [server, sqlTool].filter((binary) => !isExecutable(binary.file));
  if (missing.length > 0) {
    const go = findGo();
    if (!go) {
      throw new Error(
        `the Temporal server ${TEMPORAL_SERVER_VERSION} is not built and there is no Go toolchain to build it; install Go, or set LIANDONG_TEMPORAL_SERVER_BIN and LIANDONG_TEMPORAL_SQL_BIN`,
      );
    }
    const build = { what: 'the Temporal server', packages: missing.map((b) => b.package), binDir, targets: missing.map((b) => b.file) };
    await goInstall(go, build, progress);
  }
  return { server: server.file, sqlTool: sqlTool.file };
}

export interface TemporalServerOptions {
  /** Admin credentials on the PostgreSQL that holds Temporal's own databases (created when missing). */
  postgres: { host: string; port: number; user: string; password: string };
  /** Default `temporal` and `temporal_visibility`. */
  databases?: { main: string; visibility: string };
  /** Where config files (and logs) go; reused across restarts. */
  dataDir: string;
  /**
   * Frontend gRPC port (the address clients use); the other services' ports are free ports chosen at the
   * first start and kept in dataDir, so a restarted server takes the place of the one it replaces in the ring.
   */
  port: number;
  /** Default `default`; registered when missing. */
  namespace?: string;
  /** Registered when missing. */
  searchAttributes?: SearchAttributeKey[];
  /** Default 4. Fixed when the cluster is first set up (kept in dataDir): Temporal refuses to start with another count. */
  historyShards?: number;
  /** Merged over ours (DEFAULT_DYNAMIC_CONFIG); each value applies without constraints. */
  dynamicConfig?: Record<string, unknown>;
  /** The server's Prometheus endpoint, when given. */
  metricsPort?: number;
  progress?: Progress;
  /** Server stdout/stderr lines (JSON, warnings and errors); also appended to dataDir/logs/temporal-server.log. */
  onLog?: (line: string) => void;
}

export interface RunningTemporalServer {
  /** 127.0.0.1:<port> */
  address: string;
  pid: number;
  metricsUrl?: string;
  /** Whether this start created the schema (`created`) or found it (`existing`). */
  setup: 'created' | 'existing';
  /** Resolves when the process exits, for any reason (a supervisor restarts it by calling startTemporalServer again with the same options). */
  exited: Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/**
 * What the dev server turns on that Liandong relies on: Updates (and waiting for their acceptance only), and
 * visibility reads above the default 10/s per namespace (the portal lists measures through visibility). The
 * dev server's `system.forceSearchAttributesCacheRefreshOnRead` is left off: Temporal says not in production.
 */
export const DEFAULT_DYNAMIC_CONFIG: Readonly<Record<string, unknown>> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
  'frontend.namespaceRPS.visibility': 100,
};

const PORT_NAMES = ['frontendMembership', 'frontendHttp', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership'] as const;

/** The ports of one cluster besides the frontend's, chosen once: see TemporalServerOptions.port. */
export type ServerPorts = Record<(typeof PORT_NAMES)[number], number>;

interface ClusterState {
  ports: ServerPorts;
  historyShards: number;
}

const ENV = 'liandong';

/**
 * Where the ports of a cluster's own services come from. Temporal keeps each host's membership port in a
 * SMALLINT column (cluster_membership.rpc_port): above 32767 the server dies at start-up. Below Linux's
 * ephemeral range (32768+), a kept port is also not taken by some outgoing connection between restarts.
 */
const LOW_PORTS = { from: 20_000, to: 32_767 };

/** The server's static config (YAML is a superset of JSON): modelled on the module's config/development-postgres12.yaml. */
export function renderServerConfig(input: {
  postgres: TemporalServerOptions['postgres'];
  databases: { main: string; visibility: string };
  port: number;
  ports: ServerPorts;
  historyShards: number;
  metricsPort?: number;
  dynamicConfigFile: string;
}): string {
  const { postgres, databases, port, ports } = input;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${postgres.host}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      password: postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...extra },
  });
  const config = {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: input.historyShards,
      datastores: { 'postgres-default': store(databases.main, 20), 'postgres-visibility': store(databases.visibility, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      ...(input.metricsPort !== undefined && {
        metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${input.metricsPort}` } },
      }),
    },
    services: {
      frontend: service(port, ports.frontendMembership, { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.historyMembership),
      matching: service(ports.matching, ports.matchingMembership),
      worker: service(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${port}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Dynamic config file: ours, then the caller's over it. */
export function renderDynamicConfig(overrides: Record<string, unknown> = {}): string {
  const merged = { ...DEFAULT_DYNAMIC_CONFIG, ...overrides };
  return `${JSON.stringify(Object.fromEntries(Object.entries(merged).map(([key, value]) => [key, [{ value }]])), null, 2)}\n`;
}

/** Processes this one started and has not stopped: told to stop if this process exits first. */
const running = new Set<ChildProcess>();
let exitHook = false;

/**
 * A Temporal server (frontend, history, matching and worker in one process) on PostgreSQL: the production
 * shape. Creates or upgrades its databases' schema, starts it, waits until the frontend answers, and registers
 * the namespace and search attributes that are missing. Every step is idempotent: a supervisor restarts it by
 * calling this again with the same options.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const progress = options.progress ?? (() => {});
  const databases = options.databases ?? { main: 'temporal', visibility: 'temporal_visibility' };
  const namespace = options.namespace ?? 'default';
  validate(options, databases, namespace);

  const binaries = await resolveTemporalServerBinaries(progress);
  const dataDir = path.resolve(options.dataDir);
  const configDir = path.join(dataDir, 'config');
  await mkdir(configDir, { recursive: true });
  await mkdir(path.join(dataDir, 'logs'), { recursive: true });
  await assertNotRunning(dataDir);
  const state = await loadClusterState(dataDir, options.historyShards);

  for (const [field, port] of [['port', options.port], ['metricsPort', options.metricsPort]] as const) {
    const clash = PORT_NAMES.find((name) => state.ports[name] === port);
    if (clash) throw new Error(`${field}: ${port} is this cluster's ${clash} port (${dataDir}/cluster.json); choose another`);
  }
  await assertPortFree(options.port, 'the Temporal server (frontend)');
  for (const name of PORT_NAMES) await assertPortFree(state.ports[name], `the Temporal server (${name}, kept in ${dataDir}/cluster.json)`);
  if (options.metricsPort !== undefined) await assertPortFree(options.metricsPort, 'the Temporal server metrics');

  await assertPostgresReachable(options.postgres);
  const setup = await setUpSchema(binaries.sqlTool, options.postgres, databases, progress);

  const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
  await writeFile(dynamicConfigFile, renderDynamicConfig(options.dynamicConfig));
  const serverConfig = renderServerConfig({ ...options, databases, ports: state.ports, historyShards: state.historyShards, dynamicConfigFile });
  await writeFile(path.join(configDir, `${ENV}.yaml`), serverConfig, { mode: 0o600 }); // holds the database password

  const address = `127.0.0.1:${options.port}`;
  progress(`starting the Temporal server ${TEMPORAL_SERVER_VERSION} on ${address} (PostgreSQL ${options.postgres.host}:${options.postgres.port})`);
  const child = spawn(binaries.server, ['--root', dataDir, '--config', 'config', '--env', ENV, '--allow-no-auth', 'start'], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      // Gone before `exited` resolves, so a restart that follows writes its own.
      void rm(path.join(dataDir, 'server.pid'), { force: true }).finally(() => resolve({ code, signal }));
    });
  });
  const spawned = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', reject);
  });
  running.add(child);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const server of running) server.kill('SIGTERM');
    });
  }
  await writeFile(path.join(dataDir, 'server.pid'), String(spawned));

  const tail: string[] = [];
  const logFile = createWriteStream(path.join(dataDir, 'logs', 'temporal-server.log'), { flags: 'a' });
  logFile.on('error', () => {}); // a copy: the lines still reach onLog and the error message's tail
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      logFile.write(`${line}\n`);
      options.onLog?.(line);
    });
  }
  child.once('close', () => logFile.end()); // after the last output, unlike 'exit'

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      void exited.then(() => clearTimeout(timer));
    }
    await exited;
  };

  try {
    await whenReady(address, exited, tail);
    await registerNamespace(address, namespace, options.searchAttributes ?? [], progress);
  } catch (error) {
    await stop();
    throw error;
  }
  progress(`Temporal server ready on ${address} (pid ${spawned}, namespace ${namespace}, schema ${setup})`);
  return {
    address,
    pid: spawned,
    metricsUrl: options.metricsPort !== undefined ? `http://127.0.0.1:${options.metricsPort}/metrics` : undefined,
    setup,
    exited,
    stop,
  };
}

function validate(options: TemporalServerOptions, databases: { main: string; visibility: string }, namespace: string): void {
  const isPort = (value: unknown) => Number.isInteger(value) && (value as number) > 0 && (value as number) < 65_536;
  if (!isPort(options.port)) throw new Error(`port: expected a TCP port (1–65535), got ${options.port}`);
  if (options.metricsPort !== undefined && !isPort(options.metricsPort)) throw new Error(`metricsPort: expected a TCP port (1–65535), got ${options.metricsPort}`);
  if (options.metricsPort === options.port) throw new Error('metricsPort: must differ from port');
  if (!isPort(options.postgres.port)) throw new Error(`postgres.port: expected a TCP port (1–65535), got ${options.postgres.port}`);
  if (!options.postgres.host) throw new Error('postgres.host: required');
  if (!options.postgres.user) throw new Error('postgres.user: required');
  const shards = options.historyShards;
  if (shards !== undefined && !(Number.isInteger(shards) && shards > 0)) throw new Error(`historyShards: expected a positive integer, got ${shards}`);
  for (const [field, name] of [['databases.main', databases.main], ['databases.visibility', databases.visibility]] as const) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`${field}: expected a lower-case PostgreSQL identifier, got ${JSON.stringify(name)}`);
  }
  if (databases.main === databases.visibility) throw new Error('databases.visibility: must differ from databases.main');
  if (!namespace.trim()) throw new Error('namespace: required');
  if (!options.dataDir) throw new Error('dataDir: required');
}

/** The port map and shard count chosen at the first start; see TemporalServerOptions.port and historyShards. */
async function loadClusterState(dataDir: string, historyShards: number | undefined): Promise<ClusterState> {
  const file = path.join(dataDir, 'cluster.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text !== undefined) {
    let state: ClusterState;
    try {
      state = JSON.parse(text) as ClusterState;
    } catch {
      throw new Error(`${file} is not valid JSON; remove it only together with the cluster's databases`);
    }
    const valid = (port: unknown) => Number.isInteger(port) && (port as number) >= 1 && (port as number) <= LOW_PORTS.to;
    if (!state.ports || PORT_NAMES.some((name) => !valid(state.ports[name])) || !Number.isInteger(state.historyShards)) {
      throw new Error(`${file} is incomplete (expected ports.{${PORT_NAMES.join(',')}} and historyShards)`);
    }
    if (historyShards !== undefined && state.historyShards !== historyShards) {
      throw new Error(`historyShards: this cluster was set up with ${state.historyShards} (${file}); the count cannot change, got ${historyShards}`);
    }
    return state;
  }
  const taken = new Set<number>();
  const port = async () => {
    while (true) {
      const candidate = LOW_PORTS.from + Math.floor(Math.random() * (LOW_PORTS.to - LOW_PORTS.from + 1));
      if (taken.has(candidate) || !(await assertPortFree(candidate, '').then(() => true, () => false))) continue;
      taken.add(candidate);
      return candidate;
    }
  };
  const ports = {} as ServerPorts;
  for (const name of PORT_NAMES) ports[name] = await port();
  const state: ClusterState = { ports, historyShards: historyShards ?? DEFAULT_HISTORY_SHARDS };
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/** A server left running from this data dir (its parent was killed): say so instead of failing on a busy port. */
async function assertNotRunning(dataDir: string): Promise<void> {
  const pid = Number(await readFile(path.join(dataDir, 'server.pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes(dataDir)) return; // the pid was reused by something else
  throw new Error(`a Temporal server (pid ${pid}) is already running on ${dataDir} (left by an earlier run that was killed?); stop it with: kill ${pid}`);
}

async function assertPostgresReachable(postgres: TemporalServerOptions['postgres']): Promise<void> {
  const client = new pg.Client({ ...postgres, database: 'postgres', connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot connect to the Temporal server's PostgreSQL at ${postgres.host}:${postgres.port} as ${postgres.user}: ${reason}`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates the two databases when missing, the versioning tables only when `schema_version` is absent, then
 * applies the schema versions the tool embeds (postgresql/v12/…) that are not applied yet: a no-op when current,
 * an upgrade after a server version bump.
 */
async function setUpSchema(
  sqlTool: string,
  postgres: TemporalServerOptions['postgres'],
  databases: { main: string; visibility: string },
  progress: Progress,
): Promise<'created' | 'existing'> {
  let created = false;
  for (const [database, schema] of [[databases.main, 'temporal'], [databases.visibility, 'visibility']] as const) {
    const run = (args: string[]) => runSqlTool(sqlTool, postgres, database, args);
    await run(['create-database']);
    if (!(await hasSchemaVersionTable(postgres, database))) {
      progress(`creating the Temporal schema in ${database} on ${postgres.host}:${postgres.port}`);
      await run(['setup-schema', '-v', '0.0']);
      created = true;
    }
    await run(['update-schema', '--schema-name', `postgresql/v12/${schema}`]);
  }
  return created ? 'created' : 'existing';
}

async function runSqlTool(sqlTool: string, postgres: TemporalServerOptions['postgres'], database: string, args: string[]): Promise<void> {
  const connection = ['--plugin', 'postgres12', '--ep', postgres.host, '-p', String(postgres.port), '-u', postgres.user, '--db', database];
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    // The password goes through the environment, not the command line that `ps` shows.
    const child = spawn(sqlTool, [...connection, ...args], { env: { ...process.env, SQL_PASSWORD: postgres.password }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4_000)));
    child.stderr.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4_000)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, text }));
  });
  if (output.code === 0 || (args[0] === 'create-database' && output.text.includes('already exists'))) return;
  const errors = output.text.split('\n').filter((line) => /ERROR|FATAL|panic/.test(line));
  throw new Error(`temporal sql tool ${args[0]} on ${database} at ${postgres.host}:${postgres.port} failed (exit ${output.code}):\n${(errors.length ? errors : [output.text]).join('\n')}`);
}

async function hasSchemaVersionTable(postgres: TemporalServerOptions['postgres'], database: string): Promise<boolean> {
  const client = new pg.Client({ ...postgres, database, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(`select to_regclass('schema_version') as found`);
    return rows[0]?.found != null;
  } finally {
    await client.end();
  }
}

/** Polls the frontend until it answers; fails with the server's last log lines when it exits or takes too long. */
async function whenReady(address: string, exited: Promise<ProcessExit>, tail: string[]): Promise<void> {
  let exit: ProcessExit | undefined;
  void exited.then((result) => (exit = result));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (true) {
    if (exit) throw new Error(`the Temporal server exited (code ${exit.code}, signal ${exit.signal}) before it was ready; last log lines:\n${tail.join('\n')}`);
    if (Date.now() > deadline) {
      throw new Error(`the Temporal server on ${address} was not ready after ${READY_TIMEOUT_MS / 1000} s (${lastError}); last log lines:\n${tail.join('\n')}`);
    }
    const connection = Connection.lazy({ address, connectTimeout: '2s' });
    try {
      await connection.withDeadline(Date.now() + 3_000, () => connection.workflowService.getSystemInfo({}));
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await connection.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function registerNamespace(address: string, namespace: string, searchAttributes: SearchAttributeKey[], progress: Progress): Promise<void> {
  const connection = await Connection.connect({ address });
  const service = connection.workflowService;
  try {
    let changed = false;
    const found = await service.describeNamespace({ namespace }).then(
      () => true,
      (error: { code?: number }) => {
        if (error.code === NOT_FOUND) return false;
        throw error;
      },
    );
    if (!found) {
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${RETENTION_DAYS} days`) }).catch((error: { code?: number }) => {
        if (error.code !== ALREADY_EXISTS) throw error; // another starter was first
      });
      progress(`registered the Temporal namespace ${namespace} (closed workflows kept ${RETENTION_DAYS} days)`);
      changed = true;
    }
    if (searchAttributes.length > 0) {
      const { customAttributes } = await untilKnown(() => connection.operatorService.listSearchAttributes({ namespace }));
      const missing: Record<string, number> = {};
      for (const key of searchAttributes) {
        const wanted = encodeSearchAttributeIndexedValueType(key.type)!;
        const existing = customAttributes?.[key.name];
        if (existing === undefined) missing[key.name] = wanted;
        else if (existing !== wanted) throw new Error(`searchAttributes: ${key.name} exists in namespace ${namespace} with another type than ${key.type}`);
      }
      if (Object.keys(missing).length > 0) {
        await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
        progress(`registered search attributes ${Object.keys(missing).join(', ')} in ${namespace}`);
        changed = true;
      }
    }
    // Servers learn of new namespaces and search attributes from a cache refreshed every 2 s: ready means usable.
    if (changed) {
      const query = searchAttributes.map((key) => `${key.name} IS NULL`).join(' AND ');
      await untilKnown(() => service.countWorkflowExecutions({ namespace, query }));
    }
  } finally {
    await connection.close();
  }
}

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/** Retries a call the server refuses while its caches do not know the namespace or a search attribute yet. */
async function untilKnown<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  while (true) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { code?: number }).code;
      if ((code !== NOT_FOUND && code !== INVALID_ARGUMENT) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
