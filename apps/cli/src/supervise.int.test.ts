// `liandong start` on the dev-server default, exactly as `pnpm start` runs it: kill -9 its Temporal dev server, then
// its PostgreSQL, and each comes back on its own with the data it had; the API answers again; SIGTERM stops it all.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findRepoRoot, freePort } from '@liandong/devstack';

const repoRoot = findRepoRoot();
const dataDir = path.join(repoRoot, '.data', 'test', `supervise-${process.pid}-${randomBytes(4).toString('hex')}`);
let child: ChildProcess;
let output = '';
let base: string;
let exited: Promise<number | null>;

/** The first match of `pattern` in the output after `from` characters, waiting for it. */
async function waitForOutput(pattern: RegExp, from: number, timeoutMs = 120_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = output.slice(from).match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`liandong start exited with ${child.exitCode} while waiting for ${pattern}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${pattern}:\n${output.slice(-6_000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signs in as a demo user over tRPC, as the portal does: the session cookie. */
async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username, password: 'liandong-demo' }), signal: AbortSignal.timeout(10_000) });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('liandong_session='));
  if (res.status !== 200 || !cookie) throw new Error(`${username} could not sign in: ${res.status} ${await res.text()}`);
  return cookie;
}

async function query<T>(cookie: string, procedure: string, input?: unknown): Promise<T> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${base}/trpc/${procedure}${search}`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${procedure}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}

/** A read through the whole stack: the plan from PostgreSQL, the measure's state from its workflow (Temporal and the worker). */
async function readAMeasure(): Promise<{ id: string; status: string }> {
  const cookie = await signIn('admin');
  const [plan] = await query<{ id: string }[]>(cookie, 'plan.list');
  const { measures } = await query<{ measures: { id: string }[] }>(cookie, 'plan.get', { id: plan!.id });
  return query<{ id: string; status: string }>(cookie, 'measure.get', { measureId: measures[0]!.id });
}

async function readyz(): Promise<number> {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
  return res.status;
}

/** Kills a server with SIGKILL; once it is restarted, the API answers a read through it and /readyz is ready again. */
async function killAndRecover(name: string, pid: number): Promise<number> {
  const from = output.length;
  process.kill(pid, 'SIGKILL');
  await waitForOutput(new RegExp(`${name} \\(pid ${pid}\\) exited \\(SIGKILL\\); restarting in 1 s …`), from, 30_000);
  const [, fresh] = await waitForOutput(new RegExp(`${name} restarted \\(pid (\\d+)\\)`), from, 60_000);
  const restarted = Number(fresh);
  expect(restarted).not.toBe(pid);
  expect(alive(restarted)).toBe(true);
  await vi.waitFor(() => readAMeasure(), { timeout: 60_000, interval: 500 });
  await vi.waitFor(async () => expect(await readyz()).toBe(200), { timeout: 60_000, interval: 500 });
  return restarted;
}

beforeAll(async () => {
  const [port, pgPort, temporalPort, temporalUiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIANDONG_DATA_DIR: dataDir,
    PORT: String(port),
    LIANDONG_PG_PORT: String(pgPort),
    LIANDONG_TEMPORAL_PORT: String(temporalPort),
    LIANDONG_TEMPORAL_UI_PORT: String(temporalUiPort),
    LIANDONG_DEMO: 'true',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a stack that will not stop is killed with its PostgreSQL and Temporal.
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  await waitForOutput(/Liandong is ready/, 0, 300_000);
}, 320_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('liandong start keeps its own servers running', () => {
  let temporalPid: number;
  let postgresPid: number;

  it('restarts a killed Temporal dev server on the same port and SQLite file; the workflows are still there', async () => {
    try {
      const [, pid] = output.match(/Temporal {5}\S+ \(dev server pid (\d+), restarted if it dies\)/) ?? [];
      expect(pid).toBeDefined();
      expect(await readyz()).toBe(200);
      const { id, status } = await readAMeasure();
      temporalPid = await killAndRecover('Temporal dev server', Number(pid));
      expect(await readAMeasure()).toMatchObject({ id, status });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- liandong start said:\n${output.slice(-6_000)}`, { cause: error });
    }
  }, 180_000);

  it('restarts a killed PostgreSQL on the same data directory; sign-in (a write) and reads work again', async () => {
    try {
      const pid = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      expect(output).toContain(`(pid ${pid}, restarted if it dies)`);
      postgresPid = await killAndRecover('PostgreSQL', pid);
      expect(Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0])).toBe(postgresPid);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- liandong start said:\n${output.slice(-6_000)}`, { cause: error });
    }
  }, 180_000);

  it('stops on SIGTERM with exit code 0 and leaves no server behind', async () => {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'overdue'>((resolve) => (timer = setTimeout(() => resolve('overdue'), 90_000)))]);
    clearTimeout(timer);
    expect(code, output.slice(-3_000)).toBe(0);
    expect(output).toContain('all stopped');
    expect([temporalPid, postgresPid].filter((pid) => pid && alive(pid))).toEqual([]);
    // Nothing else that works on this data directory either (a PostgreSQL backend, a Temporal server).
    const left = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dataDir);
        } catch {
          return false;
        }
      });
    expect(left).toEqual([]);
  }, 120_000);
});
