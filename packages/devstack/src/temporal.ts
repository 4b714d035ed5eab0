import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { defineSearchAttributeKey } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toolCacheDir } from './paths';
import { findChildProcess, watchExit, type ProcessExit } from './process';

/** The newest CLI whose go.mod has no `replace` directive, so `go install` accepts it (STACK.md). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type TemporalExecutable =
  | { type: 'existing-path'; path: string; source: 'env' | 'path' | 'cache' | 'built' }
  | { type: 'cached-download'; downloadDir: string; source: 'download' };

type Progress = (message: string) => void;

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

export function cachedTemporalPath(): string {
  return path.join(toolCacheDir(), 'bin', 'temporal');
}

/**
 * Finds a Temporal CLI: $LIANDONG_TEMPORAL_BIN, then `temporal` on PATH, then the cached
 * build, then builds it with Go, and only then falls back to the SDK's download.
 */
export async function resolveTemporalExecutable(progress: Progress = () => {}): Promise<TemporalExecutable> {
  const fromEnv = process.env.LIANDONG_TEMPORAL_BIN;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`LIANDONG_TEMPORAL_BIN=${fromEnv} is not an executable file`);
    return { type: 'existing-path', path: fromEnv, source: 'env' };
  }
  const found = onPath('temporal');
  if (found) return { type: 'existing-path', path: found, source: 'path' };
  const cached = cachedTemporalPath();
  if (isExecutable(cached)) return { type: 'existing-path', path: cached, source: 'cache' };
  const go = findGo();
  if (go) {
    await goInstall(go, { what: 'the Temporal CLI', packages: [TEMPORAL_CLI_MODULE], binDir: path.dirname(cached), targets: [cached] }, progress);
    return { type: 'existing-path', path: cached, source: 'built' };
  }
  progress('no `temporal` on PATH and no Go toolchain: letting the Temporal SDK download the CLI');
  return { type: 'cached-download', downloadDir: path.join(toolCacheDir(), 'download'), source: 'download' };
}

/** A Go toolchain: `go` on PATH, or the standard install location. */
export function findGo(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

export interface GoInstall {
  /** What is built, for progress lines: "the Temporal CLI". */
  what: string;
  /** `module/path/cmd/x@version`, all of one module version (one `go install` builds them together). */
  packages: string[];
  /** GOBIN: where the executables land. */
  binDir: string;
  /** The executables the build makes; a waiter stops waiting once they all exist. */
  targets: string[];
}

/**
 * `go install` into the cache, one builder per folder at a time (a `.building` lock folder holding the
 * builder's pid, so a killed build does not block the next), printing progress: the first build takes minutes.
 */
export async function goInstall(go: string, build: GoInstall, progress: Progress): Promise<void> {
  const { what, packages, binDir, targets } = build;
  const built = () => targets.every(isExecutable);
  await mkdir(binDir, { recursive: true });
  const lock = path.join(binDir, '.building');
  while (true) {
    try {
      await mkdir(lock);
      await writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      if (await abandoned(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      progress(`another process is building ${what}; waiting for it`);
      await new Promise((r) => setTimeout(r, 5_000));
      if (built()) return;
    }
  }
  try {
    if (built()) return;
    progress(`building ${what} (${packages.join(' ')}) with Go into ${binDir}; the first build takes several minutes`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', ...packages], {
        env: { ...process.env, GOBIN: binDir, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let downloads = 0;
      let tail = '';
      const ticker = setInterval(() => {
        progress(`  still building ${what}: ${Math.round((Date.now() - started) / 1000)} s, ${downloads} modules fetched`);
      }, 15_000);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        downloads += text.split('go: downloading').length - 1;
        tail = (tail + text).slice(-2_000);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', (error) => {
        clearInterval(ticker);
        reject(error);
      });
      child.on('close', (code) => {
        clearInterval(ticker);
        if (code === 0) resolve();
        else reject(new Error(`go install ${packages.join(' ')} failed (exit ${code}):\n${tail}`));
      });
    });
    progress(`built ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** A lock whose builder is gone. A lock without a pid yet is young (mkdir, then the write): not abandoned. */
async function abandoned(lock: string): Promise<boolean> {
  const pid = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface TemporalDevServerOptions {
  port?: number;
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFilename?: string;
  uiPort?: number;
  searchAttributes?: ReturnType<typeof defineSearchAttributeKey>[];
  /** Dynamic config overrides, e.g. `{ 'history.continueAsNewMinInterval': '0s' }` for fast tests. */
  dynamicConfig?: Record<string, string | number | boolean>;
  progress?: Progress;
}

export interface RunningTemporal {
  address: string;
  uiUrl: string | undefined;
  env: TestWorkflowEnvironment;
  executable: TemporalExecutable;
  /** The dev server's process id; undefined where it cannot be found (no /proc). */
  pid: number | undefined;
  /** Resolves when the dev server's process ends, whether it was stopped or died; never when `pid` is undefined. */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

/**
 * A file-backed dev server writes through SQLite; by default every transaction waits for a full fsync.
 * WAL with `synchronous=normal` stays crash-safe for the database file (a power cut may lose the last
 * transactions, never corrupt it) and raised the no-op Update floor from 87 to 139/s here (STACK.md).
 */
export const SQLITE_PRAGMAS = { journal_mode: 'wal', synchronous: 'normal' } as const;

/** The `start-dev` flags beyond those the SDK sets: dynamic config, and the SQLite pragmas when on a file. */
export function devServerExtraArgs(options: Pick<TemporalDevServerOptions, 'dbFilename' | 'dynamicConfig'>): string[] {
  const dynamic = Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
  // An in-memory database never touches the disk: nothing to tune.
  const pragmas = options.dbFilename ? Object.entries(SQLITE_PRAGMAS).flatMap(([name, value]) => ['--sqlite-pragma', `${name}=${value}`]) : [];
  return [...dynamic, ...pragmas];
}

/** A real Temporal dev server (`temporal server start-dev`), managed by the SDK's ephemeral-server support. */
export async function startTemporalDevServer(options: TemporalDevServerOptions = {}): Promise<RunningTemporal> {
  const executable = await resolveTemporalExecutable(options.progress);
  if (options.dbFilename) await mkdir(path.dirname(options.dbFilename), { recursive: true });
  const { source: _source, ...sdkExecutable } = executable;
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: sdkExecutable,
      ip: '127.0.0.1',
      port: options.port,
      dbFilename: options.dbFilename,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      searchAttributes: options.searchAttributes,
      namespace: 'default',
      log: { format: 'pretty', level: 'error' },
      extraArgs: devServerExtraArgs(options),
    },
  });
  // The SDK tells neither the server's pid nor when it ends: it is our child with the port it was given.
  const port = env.address.slice(env.address.lastIndexOf(':') + 1);
  const pid = findChildProcess((argv) => argv.includes('start-dev') && argv[argv.indexOf('--port') + 1] === port);
  // Once: a second teardown fails ("EphemeralServer already closed").
  let stopped: Promise<void> | undefined;
  return {
    address: env.address,
    uiUrl: options.uiPort !== undefined ? `http://127.0.0.1:${options.uiPort}` : undefined,
    env,
    executable,
    pid,
    exited: pid === undefined ? new Promise(() => {}) : watchExit(pid),
    stop: () => (stopped ??= env.teardown()),
  };
}

