import type { ProcessExit } from '@liandong/devstack';
import { describeExit, initialRestartState, nextRestart, RESTART_POLICY, type RestartEvent, type RestartPolicy } from '../supervise';

/**
 * `start`'s restart policy (1 s, doubling to 30 s, afresh after a minute up), except that a cluster never gives up
 * on a process: a province's API and workers are brought back however long their database or Temporal is away.
 */
export const CLUSTER_RESTART_POLICY: RestartPolicy = { ...RESTART_POLICY, maxFailures: Number.POSITIVE_INFINITY };

/** One run of a supervised process: started (ready to serve) when `start` resolves. */
export interface SupervisedRun {
  pid: number;
  exited: Promise<ProcessExit>;
  /** Stops it gracefully; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  /** As the log names it: `worker 2`, `API 1`, `Temporal server`, `PostgreSQL`. */
  name: string;
  /** Starts one run; rejects when it cannot (the supervisor retries after the backoff). */
  start: () => Promise<SupervisedRun>;
  log: (line: string) => void;
  /** Called with the new pid after every (re)start, and with undefined while it is down. */
  onChange?: (pid: number | undefined) => void;
  /** False once the whole cluster is stopping: a process that exits then (Ctrl-C reaches them all) stays down. */
  keepRunning?: () => boolean;
  policy?: RestartPolicy;
  now?: () => number;
}

export interface Supervisor {
  readonly name: string;
  /** The running process; undefined while it is down. */
  readonly pid: number | undefined;
  /** Stops supervising, then stops the process (or the restart in progress). */
  stop(): Promise<void>;
}

/**
 * Starts a process and keeps it running: one that dies is restarted after CLUSTER_RESTART_POLICY's wait, and the log
 * says so (`worker 2 (pid 1234) exited (SIGKILL); restarting in 1 s`, then `worker 2 restarted as pid 1250`).
 * The first start's failure is thrown: a cluster that cannot start at all should say why, not retry for ever.
 */
export async function supervise({ name, start, log, onChange = () => {}, keepRunning = () => true, policy = CLUSTER_RESTART_POLICY, now = Date.now }: SupervisorOptions): Promise<Supervisor> {
  let run: SupervisedRun | undefined = await start();
  let stopping = false;
  let wake: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => (wake = resolve));
  const pause = (ms: number) => Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), stopRequested]);
  let state = initialRestartState;
  /** The policy's next wait, or undefined when it gives up (never, under CLUSTER_RESTART_POLICY). */
  const step = (event: RestartEvent): number | undefined => {
    const next = nextRestart(state, event, policy);
    state = next.state;
    return next.decision.action === 'restart' ? next.decision.delayMs : undefined;
  };

  const loop = (async () => {
    while (run) {
      const ended = await Promise.race([run.exited, stopRequested.then(() => undefined)]);
      if (stopping) {
        await run.stop();
        return;
      }
      const exited = `${name} (pid ${run.pid}) exited (${describeExit(ended!)})`;
      run = undefined;
      onChange(undefined);
      let delay = keepRunning() ? step({ type: 'exited', at: now() }) : undefined;
      log(delay === undefined ? exited : `${exited}; restarting in ${delay / 1000} s`);
      while (delay !== undefined) {
        await pause(delay);
        if (stopping) return;
        try {
          run = await start();
        } catch (error) {
          if (stopping) return;
          delay = step({ type: 'start-failed', at: now() });
          log(`${name} could not start: ${error instanceof Error ? error.message : String(error)}${delay === undefined ? '; giving up' : `; retrying in ${delay / 1000} s`}`);
          continue;
        }
        step({ type: 'started', at: now() });
        log(`${name} restarted as pid ${run.pid}`);
        onChange(run.pid);
        break;
      }
    }
  })();
  onChange(run.pid);

  return {
    name,
    get pid() {
      return run?.pid;
    },
    stop: async () => {
      stopping = true;
      wake();
      // The loop stops the running process, or the one a restart in progress is starting.
      await loop;
    },
  };
}
