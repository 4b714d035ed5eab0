import type { ProcessExit } from '@liandong/devstack';

/**
 * When to restart a server `start` runs itself (the Temporal dev server, the embedded PostgreSQL) after it
 * died: after 1 s, doubling up to 30 s while restarts keep failing; after `maxFailures` failed restarts in a
 * row, give up (and `start` stops everything) rather than serve errors for ever. A restart failed when the
 * server did not start, or died again within `stableMs`; one that stayed up that long starts the count afresh.
 */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  maxFailures: number;
  stableMs: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: 5, stableMs: 60_000 };

export interface RestartState {
  /** Failed restarts in a row. */
  failures: number;
  /** When the running server came up by a restart; -Infinity for the first one, which no restart brought. */
  upSince: number;
  stopping: boolean;
}

export type RestartEvent =
  | { type: 'exited'; at: number }
  | { type: 'start-failed'; at: number }
  | { type: 'started'; at: number }
  | { type: 'stop' };

export type RestartDecision = { action: 'restart'; delayMs: number; attempt: number } | { action: 'give-up'; failures: number } | { action: 'none' };

export const initialRestartState: RestartState = { failures: 0, upSince: Number.NEGATIVE_INFINITY, stopping: false };

/** The restart policy as a pure step: what happened, and when → the new state and what to do. */
export function nextRestart(state: RestartState, event: RestartEvent, policy: RestartPolicy = RESTART_POLICY): { state: RestartState; decision: RestartDecision } {
  const none = { action: 'none' } as const;
  if (event.type === 'stop') return { state: { ...state, stopping: true }, decision: none };
  if (state.stopping) return { state, decision: none };
  if (event.type === 'started') return { state: { ...state, upSince: event.at }, decision: none };
  const failed = event.type === 'start-failed' || event.at - state.upSince < policy.stableMs;
  const failures = failed ? state.failures + 1 : 0;
  const next = { ...state, failures };
  if (failures >= policy.maxFailures) return { state: next, decision: { action: 'give-up', failures } };
  const delayMs = Math.min(policy.firstDelayMs * 2 ** failures, policy.maxDelayMs);
  return { state: next, decision: { action: 'restart', delayMs, attempt: failures + 1 } };
}

/** `SIGKILL`, `exit code 1`, or `exit status unknown`. */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal) return exit.signal;
  return exit.code === null ? 'exit status unknown' : `exit code ${exit.code}`;
}

/** A server process `start` runs: how to tell it ended, and how to stop it. */
export interface Supervisable {
  pid: number | undefined;
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

export interface SuperviseOptions<T extends Supervisable> {
  /** As the user knows it: "Temporal dev server", "PostgreSQL". */
  name: string;
  first: T;
  /** Starts it again, on the same port and the same data. */
  start: () => Promise<T>;
  /** What reconnects by itself once it is back, for the "restarted" line. */
  reconnects: string;
  log: (line: string) => void;
  /** Called once the policy gives up; `start` then stops everything and exits 1. */
  giveUp: (reason: string) => void;
  /** Aborted the moment `start` begins to stop: from then on nothing is restarted. */
  stopping: AbortSignal;
  policy?: RestartPolicy;
  now?: () => number;
}

export interface Supervisor<T> {
  current(): T;
  /** Stops the server (after any restart under way) and restarts nothing afterwards. */
  stop(): Promise<void>;
}

/** Restarts a server that ended by itself, by RESTART_POLICY, and says what it does in one line each time. */
export function supervise<T extends Supervisable>(options: SuperviseOptions<T>): Supervisor<T> {
  const { name, log, policy = RESTART_POLICY, now = Date.now } = options;
  let state = initialRestartState;
  let current = options.first;
  let pending: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  // A dead server is stopped too (its connections closed, its process reaped), and `stop` may follow: once each.
  const stops = new WeakMap<T, Promise<void>>();
  const stopOnce = (server: T) => {
    let stopped = stops.get(server);
    if (!stopped) {
      stopped = server.stop();
      stops.set(server, stopped);
    }
    return stopped;
  };

  const step = (event: RestartEvent) => {
    const next = nextRestart(state, event, policy);
    state = next.state;
    return next.decision;
  };
  const act = (decision: RestartDecision, what: string) => {
    // Stopping may have begun while the dead server was being cleaned up.
    if (decision.action === 'none' || state.stopping) return;
    if (decision.action === 'give-up') {
      log(`${what}; giving up after ${decision.failures} failed restarts in a row`);
      options.giveUp(`${name} could not be restarted`);
      return;
    }
    log(`${what}; restarting in ${decision.delayMs / 1000} s …`);
    pending = setTimeout(() => {
      pending = undefined;
      restarting = restart().finally(() => (restarting = undefined));
    }, decision.delayMs);
  };
  const watch = (server: T) => {
    void server.exited.then(async (exit) => {
      if (server !== current) return;
      const decision = step({ type: 'exited', at: now() });
      if (decision.action === 'none') return;
      await stopOnce(server).catch(() => {});
      act(decision, `${name} (pid ${server.pid ?? '?'}) exited (${describeExit(exit)})`);
    });
  };
  const restart = async () => {
    let fresh: T;
    try {
      fresh = await options.start();
    } catch (error) {
      act(step({ type: 'start-failed', at: now() }), `${name} did not restart: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (state.stopping) {
      await stopOnce(fresh);
      return;
    }
    current = fresh;
    step({ type: 'started', at: now() });
    log(`${name} restarted (pid ${fresh.pid ?? '?'}); ${options.reconnects}`);
    watch(fresh);
  };

  const halt = () => {
    step({ type: 'stop' });
    clearTimeout(pending);
    pending = undefined;
  };
  if (options.stopping.aborted) halt();
  else options.stopping.addEventListener('abort', halt, { once: true });
  watch(current);

  return {
    current: () => current,
    stop: async () => {
      halt();
      await restarting;
      await stopOnce(current);
    },
  };
}
