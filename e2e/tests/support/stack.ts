import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findRepoRoot, freePort } from '@liandong/devstack';

export const repoRoot = findRepoRoot();
export const outputDir = path.join(repoRoot, 'e2e', 'output');

export interface Stack {
  baseUrl: string;
  dataDir: string;
  /** The environment it runs with (its ports): a `pnpm liandong …` command given it reaches this stack. */
  env: NodeJS.ProcessEnv;
  output: () => string;
  /** SIGTERM, then waits; resolves with the exit code, or fails with the output after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Runs `liandong start` exactly as `pnpm start` does, on free ports and its own data directory. */
export async function startStack(dataDir: string, timeoutMs = 240_000, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const [port, pgPort, temporalPort, temporalUiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIANDONG_DATA_DIR: dataDir,
    PORT: String(port),
    LIANDONG_PG_PORT: String(pgPort),
    LIANDONG_TEMPORAL_PORT: String(temporalPort),
    LIANDONG_TEMPORAL_UI_PORT: String(temporalUiPort),
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  // The journeys sign in as demo users, which the embedded PostgreSQL gets by default.
  delete env.LIANDONG_DEMO;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a stack that will not stop can be killed with its PostgreSQL and Temporal.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Liandong is ready')) {
    if (child.exitCode !== null) throw new Error(`liandong start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      await exited;
      throw new Error(`liandong start was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    env,
    output: () => output,
    stop: (stopTimeoutMs = 90_000) => stopDetached(child, exited, 'liandong start', () => output, stopTimeoutMs),
  };
}

/**
 * SIGTERM to a command started `detached` (its own process group), then its exit code; past `timeoutMs` its whole
 * group is killed (with what it started) and the wait fails with the command's output.
 */
export async function stopDetached(child: ChildProcess, exited: Promise<number | null>, what: string, output: () => string, timeoutMs: number): Promise<number | null> {
  if (child.exitCode === null) child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${what} did not exit within ${timeoutMs / 1000} s of SIGTERM:\n${output().slice(-6_000)}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([exited, overdue]);
  } finally {
    clearTimeout(timer);
  }
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

/** Debian's chromium (never a downloaded browser); fails with the install command when missing. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('Chromium is not installed: run `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium binary');
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Without the networking flags Chromium floods a closed network with requests (STACK.md).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
