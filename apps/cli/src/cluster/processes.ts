// The processes `liandong cluster start` supervises, each as a SupervisedRun: started means ready to serve.
import { fork, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { startEmbeddedPostgres, startTemporalServer, type EmbeddedPostgresOptions, type ProcessExit, type RunningPostgres, type TemporalServerOptions } from '@liandong/devstack';
import type { SupervisedRun } from './supervisor';

type Log = (line: string) => void;

/** How long a worker may drain (its activities get 5 s, the SDK gives up at 30 s) and an API may finish its requests. */
const WORKER_STOP_MS = 40_000;
const API_STOP_MS = 15_000;

/** Each line of a child's output, prefixed with its name: `  worker 1 | …`. */
function forwardLines(stream: Readable | null | undefined, prefix: string, log: Log, tail: string[]): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    log(`  ${prefix} | ${line}`);
  });
}

/** SIGTERM, then SIGKILL once `graceMs` passed; resolves when the process is gone. */
async function terminate(child: ChildProcess, exited: Promise<ProcessExit>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Ready when `ready` settles first; a process that exits before is a failed start, with its last lines as the reason. */
async function untilReady(name: string, ready: Promise<void>, exited: Promise<ProcessExit>, tail: string[]): Promise<void> {
  const outcome = await Promise.race([ready.then(() => undefined), exited]);
  if (outcome) {
    // The error, not the stack under it.
    const last = tail.filter((line) => line.trim() && !/^\s+at |^Node\.js v/.test(line)).slice(-2).join(' / ');
    throw new Error(`${name} exited while starting (${outcome.signal ?? `exit code ${outcome.code}`})${last ? `: ${last}` : ''}`);
  }
}

/** A worker process (apps/worker/dist/index.js) under plain node; ready when it says it polls. */
export async function startWorkerProcess({ index, entry, env, log }: { index: number; entry: string; env: NodeJS.ProcessEnv; log: Log }): Promise<SupervisedRun> {
  const name = `worker ${index}`;
  // IPC: the worker tells us it polls, and drains by itself if we go away.
  const child = fork(entry, [], { execArgv: [], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const tail: string[] = [];
  forwardLines(child.stdout, name, log, tail);
  forwardLines(child.stderr, name, log, tail);
  const ready = new Promise<void>((resolve) => child.on('message', (message) => (message as { ready?: boolean }).ready && resolve()));
  try {
    await untilReady(name, ready, exited, tail);
  } catch (error) {
    await terminate(child, exited, WORKER_STOP_MS);
    throw error;
  }
  return { pid: child.pid!, exited, stop: () => terminate(child, exited, WORKER_STOP_MS) };
}

/**
 * Makes this process the node:cluster primary of the API processes: they run apps/server/dist/index.js under
 * plain node (no TypeScript loader), and the port they listen on is the primary's, shared among them.
 */
export function setUpApiPrimary(entry: string): void {
  cluster.setupPrimary({ exec: entry, execArgv: [], args: [], silent: true });
}

/** One API process (a node:cluster worker); ready when it listens on the shared port. */
export async function startApiProcess({ index, env, log }: { index: number; env: NodeJS.ProcessEnv; log: Log }): Promise<SupervisedRun> {
  const name = `API ${index}`;
  const worker = cluster.fork(env);
  const child = worker.process;
  const exited = new Promise<ProcessExit>((resolve) => worker.once('exit', (code, signal) => resolve({ code, signal: (signal as NodeJS.Signals | null) ?? null })));
  const tail: string[] = [];
  forwardLines(child.stdout, name, log, tail);
  forwardLines(child.stderr, name, log, tail);
  const ready = new Promise<void>((resolve) => worker.once('listening', () => resolve()));
  try {
    await untilReady(name, ready, exited, tail);
  } catch (error) {
    await terminate(child, exited, API_STOP_MS);
    throw error;
  }
  return { pid: child.pid!, exited, stop: () => terminate(child, exited, API_STOP_MS) };
}

/** The Temporal server on PostgreSQL; startTemporalServer is idempotent, so a restart is the same call again. */
export async function startTemporal(options: TemporalServerOptions): Promise<SupervisedRun> {
  const server = await startTemporalServer(options);
  return { pid: server.pid, exited: server.exited, stop: server.stop };
}

/** The embedded PostgreSQL; a restart is another start on the same data directory and port. */
export async function startPostgres(options: EmbeddedPostgresOptions): Promise<SupervisedRun & { server: RunningPostgres }> {
  const server = await startEmbeddedPostgres(options);
  return { pid: server.pid!, exited: server.exited, stop: server.stop, server };
}
