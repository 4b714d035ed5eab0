// The live-workflows bench's worker process (live-worker.ts), seen from the bench: starting it, asking it for its
// memory, scraping its metrics, stopping it.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@liandong/devstack';
import type { Stoppable } from '../src/shutdown';

/** The idle workflows' own task queue. */
export const IDLE_TASK_QUEUE = 'bench-idle';

export type WorkerKind = 'liandong' | 'idle';

export interface WorkerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export type ToWorker = { type: 'memory' } | { type: 'stop' };
export type FromWorker = { type: 'ready'; maxCachedWorkflows: number } | ({ type: 'memory' } & WorkerMemory);

export interface BenchWorker {
  pid: number;
  maxCachedWorkflows: number;
  /** Resolves, saying how, if the process ends before it is told to stop (a crash). */
  died: Promise<string>;
  /** The process's memory after a full garbage collection. */
  memory(): Promise<WorkerMemory>;
  /** The SDK's Prometheus metrics, as text. */
  metrics(): Promise<string>;
}

const STOP_TIMEOUT_MS = 60_000;

function next<T extends FromWorker['type']>(child: ChildProcess, type: T): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message as Extract<FromWorker, { type: T }>);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`the bench worker (pid ${child.pid}) exited with code ${code} before it answered ${type}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks live-worker.ts (with `--expose-gc`, so that its memory is read after a full collection) and waits until it
 * polls. Its stop (drain, then SIGKILL after a minute) is pushed onto `stops`.
 */
export async function startBenchWorker(kind: WorkerKind, { address, databaseUrl, stops }: { address: string; databaseUrl?: string; stops: Stoppable[] }): Promise<BenchWorker> {
  const metricsPort = await freePort();
  const child = fork(fileURLToPath(new URL('./live-worker.ts', import.meta.url)), [], {
    // LIANDONG_BENCH_WORKER_PROFILE=<dir>: a V8 CPU profile of the worker's main thread and each workflow thread there.
    execArgv: ['--expose-gc', '--import', 'tsx', ...(process.env.LIANDONG_BENCH_WORKER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LIANDONG_BENCH_WORKER_PROFILE}`] : [])],
    env: { ...process.env, LIANDONG_BENCH_WORKER: kind, TEMPORAL_ADDRESS: address, LIANDONG_BENCH_METRICS_PORT: String(metricsPort), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`)));
  stops.push({
    name: `bench worker (${kind}, pid ${child.pid})`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.send({ type: 'stop' } satisfies ToWorker);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  });
  const { maxCachedWorkflows } = await next(child, 'ready');
  return {
    pid: child.pid!,
    maxCachedWorkflows,
    died: exited.then((how) => (stopping ? new Promise<string>(() => {}) : how)),
    memory: async () => {
      const answer = next(child, 'memory');
      child.send({ type: 'memory' } satisfies ToWorker);
      const { type: _type, ...memory } = await answer;
      return memory;
    },
    metrics: async () => {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      return response.text();
    },
  };
}
