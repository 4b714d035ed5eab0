// The fault tests' world: the production topology (`liandong cluster start`: a Temporal server on PostgreSQL,
// two workers, two API processes behind one port) on a PostgreSQL the test owns, so it can stop it; clients
// that retry the way a careful integration does (the same Idempotency-Key); and the database's own answer
// to "did every acknowledged command happen exactly once".
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { freePort, startEmbeddedPostgres, withClient, type RunningPostgres } from '@liandong/devstack';
import { repoRoot, stopDetached } from '../tests/support/stack';

const DEMO_PASSWORD = 'liandong-demo';

// ---- PostgreSQL the test can stop ----------------------------------------------------------------------------

export interface TestPostgres {
  url: string;
  appUrl: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** An embedded PostgreSQL on a free port, kept on disk so it can be stopped and started again. */
export async function startOwnPostgres(dataDir: string): Promise<TestPostgres> {
  const port = await freePort();
  const options = { dataDir: path.join(dataDir, 'postgres'), port, persistent: true, database: 'liandong' };
  let running: RunningPostgres | undefined = await startEmbeddedPostgres(options);
  const first = running;
  return {
    url: first.url,
    appUrl: first.appUrl,
    port,
    stop: async () => {
      await running?.stop();
      running = undefined;
    },
    start: async () => {
      running ??= await startEmbeddedPostgres(options);
    },
  };
}

// ---- the cluster -------------------------------------------------------------------------------------------

/** What `liandong cluster start` writes to `<dataDir>/cluster.json`, rewritten on every restart. */
export interface ClusterState {
  pid: number;
  url: string;
  port: number;
  temporal: { address: string; pid?: number; metricsUrl?: string };
  postgres: { embedded: boolean; pid?: number; port: number };
  /** 1-based, as the cluster's log names them; a pid is absent while its process restarts. */
  workers: { index: number; pid?: number; metricsUrl?: string }[];
  apis: { index: number; pid?: number }[];
}

export interface Cluster {
  url: string;
  dataDir: string;
  output(): string;
  state(): Promise<ClusterState>;
  /** Waits until the command's output matches, after `from` characters of it. */
  waitForOutput(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  /** SIGTERM, then waits for the exit code (SIGKILL to its group after the timeout). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** `liandong cluster start` on free ports, its own data directory, and the test's PostgreSQL. */
export async function startCluster(dataDir: string, postgres: TestPostgres, extraEnv: Record<string, string> = {}, timeoutMs = 600_000): Promise<Cluster> {
  const [port, temporalPort] = await Promise.all([freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIANDONG_DATA_DIR: path.join(dataDir, 'cluster'),
    PORT: String(port),
    LIANDONG_TEMPORAL_PORT: String(temporalPort),
    DATABASE_URL: postgres.url,
    LIANDONG_APP_DATABASE_URL: postgres.appUrl,
    LIANDONG_DEMO: 'true',
    // Hundreds of requests a minute from one token: the fault tests are one busy system, not an abuser.
    LIANDONG_API_RATE_LIMIT: '100000/60',
    ...extraEnv,
  };
  delete env.TEMPORAL_ADDRESS;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'cluster', 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const statePath = path.join(dataDir, 'cluster', 'cluster.json');

  const waitForOutput = async (pattern: RegExp, waitMs = 120_000, from = 0): Promise<string> => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const match = output.slice(from).match(pattern);
      if (match) return match[0];
      if (child.exitCode !== null) throw new Error(`liandong cluster start exited with ${child.exitCode} while waiting for ${pattern}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`waited ${waitMs / 1000} s for ${pattern} in the cluster's output:\n${output.slice(-6_000)}`);
      await sleep(200);
    }
  };
  try {
    await waitForOutput(/Liandong (cluster )?is ready/, timeoutMs);
  } catch (error) {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => output,
    state: async () => JSON.parse(await readFile(statePath, 'utf8')) as ClusterState,
    waitForOutput,
    stop: (stopTimeoutMs = 120_000) => stopDetached(child, exited, 'liandong cluster start', () => output, stopTimeoutMs),
  };
}

export async function freshDir(name: string): Promise<string> {
  const dir = path.join(repoRoot, 'e2e', 'output', 'faults', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` returns a value that is not undefined. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}${lastError ? `; last error: ${String(lastError)}` : ''}`);
    await sleep(everyMs);
  }
}

// ---- clients --------------------------------------------------------------------------------------------------

export interface Answer<T = unknown> {
  status: number;
  body: T;
  /** How many times the request was sent (1 when the first answer was final). */
  attempts: number;
  /** Each attempt's outcome before the final one: a status code or a network error's text. */
  failures: string[];
}

/**
 * One HTTP request as a careful client sends it: the same body and Idempotency-Key on every attempt, again
 * after a network error (a process killed under it) or a 502/503/504 (a dependency away), for up to `budgetMs`.
 */
export async function send<T = unknown>(
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: unknown; idempotencyKey?: string },
  budgetMs = 180_000,
): Promise<Answer<T>> {
  const deadline = Date.now() + budgetMs;
  const failures: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await fetch(url, {
        method: init.method,
        headers: {
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
          ...init.headers,
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      if ([502, 503, 504].includes(res.status) && Date.now() < deadline) {
        failures.push(String(res.status));
      } else {
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T, attempts: attempt, failures };
      }
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      failures.push(cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
      if (Date.now() >= deadline) throw new Error(`${init.method} ${url} failed ${attempt} times: ${failures.join(', ')}`, { cause: error });
    }
    await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
}

/** A signed-in person over tRPC (the portal's own protocol): the session cookie and the same-origin header. */
export class Person {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
  ) {}

  static async signIn(base: string, username: string, password = DEMO_PASSWORD): Promise<Person> {
    const answer = await send<unknown>(`${base}/trpc/auth.signIn`, { method: 'POST', headers: { origin: base }, body: { username, password } });
    if (answer.status !== 200) throw new Error(`${username} could not sign in: ${answer.status} ${JSON.stringify(answer.body)}`);
    // Sign in again to read the cookie: `send` keeps only the body.
    const res = await fetch(`${base}/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username, password }) });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('liandong_session='));
    if (!cookie) throw new Error(`${username} could not sign in: ${res.status}`);
    return new Person(base, cookie);
  }

  async mutate<T>(procedure: string, input: unknown): Promise<T> {
    const answer = await send<{ result?: { data: T }; error?: { message: string } }>(`${this.base}/trpc/${procedure}`, { method: 'POST', headers: { origin: this.base, cookie: this.cookie }, body: input });
    if (!answer.body.result) throw new Error(`${procedure}: ${answer.status} ${answer.body.error?.message}`);
    return answer.body.result.data;
  }

  async query<T>(procedure: string, input: unknown): Promise<T> {
    const answer = await send<{ result?: { data: T }; error?: { message: string } }>(`${this.base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { method: 'GET', headers: { cookie: this.cookie } });
    if (!answer.body.result) throw new Error(`${procedure}: ${answer.status} ${answer.body.error?.message}`);
    return answer.body.result.data;
  }
}

/** Another system, with an agency's API token, over /api/v1. */
export class Integration {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  /** `budgetMs` 0: one attempt, whatever the answer. */
  call<T = unknown>(method: 'GET' | 'POST', pathname: string, body?: unknown, idempotencyKey: string | undefined = method === 'POST' ? randomUUID() : undefined, budgetMs?: number): Promise<Answer<T>> {
    return send<T>(`${this.base}/api/v1${pathname}`, { method, headers: { authorization: `Bearer ${this.token}` }, body, idempotencyKey }, budgetMs);
  }
}

// ---- the plan the faults happen to ------------------------------------------------------------------------------

/** Partner agencies of the fault plan, each with its own API token. */
export const PARTNER_CODES = ['gz-data', 'gz-finance', 'gz-health', 'gz-justice', 'gz-education', 'gz-housing', 'gz-port', 'gz-industry-it', 'gz-civil-affairs', 'gz-human-resources'] as const;
export const LEAD_CODE = 'gz-development-reform';

export interface FaultPlan {
  planId: string;
  measureIds: string[];
  /** The current reporting cycle of every measure (they start together). */
  cycleIndex: number;
  partners: { code: string; agencyId: number; api: Integration }[];
}

/**
 * The admin confirms a plan of `measures` measures, each led by 市发展改革委 with the ten partners, under
 * `reportingPolicy` when given; each partner gets an API token and accepts its assignments.
 */
export async function createFaultPlan(base: string, title: string, measures: number, reportingPolicy?: Record<string, unknown>): Promise<FaultPlan> {
  const admin = await Person.signIn(base, 'admin');
  const rows = Array.from({ length: measures }, (_, i) => ({ number: String(i + 1), title: `${title}第${i + 1}项措施`, leadCodes: [LEAD_CODE], partnerCodes: [...PARTNER_CODES] }));
  const input = {
    sourceText: `${title}\n${rows.map((m) => `${m.number}.${m.title}。`).join('\n')}`,
    meta: { title, coordinatorAgencyCode: 'gz-commerce', ...(reportingPolicy ? { reportingPolicy } : {}) },
    measures: rows,
  };
  const { planId } = await admin.mutate<{ planId: string }>('plan.confirm', input);
  const partners: FaultPlan['partners'] = [];
  for (const code of PARTNER_CODES) {
    const { token } = await admin.mutate<{ token: string }>('apiToken.create', { agency: code, name: `故障测试 ${code}` });
    const api = new Integration(base, token);
    const me = await api.call<{ agency: { id: number } }>('GET', '/me');
    if (me.status !== 200) throw new Error(`GET /me for ${code}: ${me.status} ${JSON.stringify(me.body)}`);
    partners.push({ code, agencyId: me.body.agency.id, api });
  }
  // The plan's measures, as the first partner's assignments list them (every partner has every measure).
  const listed = await waitFor(`the ${measures} measures of ${title} to be assigned`, async () => {
    const answer = await partners[0]!.api.call<{ rows: { id: string; cycleIndex: number | null }[]; total: number }>('GET', `/assignments?role=partner&planId=${planId}&limit=100`);
    return answer.status === 200 && answer.body.total === measures && answer.body.rows.every((r) => r.cycleIndex !== null) ? answer.body.rows : undefined;
  });
  const measureIds = listed.map((r) => r.id);
  const cycleIndex = listed[0]!.cycleIndex!;
  await Promise.all(
    partners.flatMap((p) =>
      measureIds.map(async (measureId) => {
        const accepted = await p.api.call('POST', `/measures/${measureId}/accept`, {});
        // 409: accepted already (a retried start); anything else is a failure of the set-up.
        if (accepted.status !== 200 && accepted.status !== 409) throw new Error(`${p.code} accept ${measureId}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      }),
    ),
  );
  return { planId, measureIds, cycleIndex, partners };
}

// ---- the database's answer ---------------------------------------------------------------------------------------

/** How many report rows carry each summary, and how many `report.submitted` audit events the measures have. */
export async function reportLedger(url: string, measureIds: string[]): Promise<{ bySummary: Map<string, number>; reports: number; audited: number }> {
  return withClient(url, async (client) => {
    const rows = await client.query<{ summary: string; n: string }>('select summary, count(*) as n from reports where measure_id = any($1) group by summary', [measureIds]);
    const audited = await client.query<{ n: string }>("select count(*) as n from audit_events where action = 'report.submitted' and measure_id = any($1)", [measureIds]);
    const bySummary = new Map(rows.rows.map((r) => [r.summary, Number(r.n)]));
    return { bySummary, reports: [...bySummary.values()].reduce((a, b) => a + b, 0), audited: Number(audited.rows[0]!.n) };
  });
}
