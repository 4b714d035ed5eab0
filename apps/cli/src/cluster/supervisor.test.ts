import { describe, expect, it } from 'vitest';
import type { ProcessExit } from '@liandong/devstack';
import { CLUSTER_RESTART_POLICY, supervise, type SupervisedRun } from './supervisor';

/** The cluster's policy, in milliseconds instead of seconds. */
const fast = { ...CLUSTER_RESTART_POLICY, firstDelayMs: 20, maxDelayMs: 80 };

/** Runs in memory: each start takes the next pid; `die` ends one as a signal would; `refuse` fails the next starts. */
function fakeProcesses() {
  let nextPid = 100;
  let refusals = 0;
  const runs: (SupervisedRun & { die(exit: ProcessExit): void; stopped: boolean })[] = [];
  const start = async (): Promise<SupervisedRun> => {
    if (refusals > 0) {
      refusals -= 1;
      throw new Error('port in use');
    }
    let end: (exit: ProcessExit) => void = () => {};
    const exited = new Promise<ProcessExit>((resolve) => (end = resolve));
    const run = {
      pid: nextPid++,
      exited,
      stopped: false,
      die: (exit: ProcessExit) => end(exit),
      stop: async () => {
        run.stopped = true;
        end({ code: 0, signal: null });
      },
    };
    runs.push(run);
    return run;
  };
  return { start, runs, refuse: (times: number) => (refusals = times) };
}

const until = async (check: () => boolean, timeoutMs = 2_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the process supervisor', () => {
  it('restarts a process that died, says so, and reports each pid', async () => {
    const fake = fakeProcesses();
    const log: string[] = [];
    const pids: (number | undefined)[] = [];
    const supervisor = await supervise({ name: 'worker 2', start: fake.start, log: (l) => log.push(l), onChange: (pid) => pids.push(pid), policy: fast });
    expect(supervisor.pid).toBe(100);

    fake.runs[0]!.die({ code: null, signal: 'SIGKILL' });
    await until(() => supervisor.pid === 101);
    expect(log).toEqual(['worker 2 (pid 100) exited (SIGKILL); restarting in 0.02 s', 'worker 2 restarted as pid 101']);
    expect(pids).toEqual([100, undefined, 101]);
    await supervisor.stop();
  });

  it('backs off while starts keep failing, and never gives up (where `start` would after 5)', async () => {
    const fake = fakeProcesses();
    const log: string[] = [];
    const supervisor = await supervise({ name: 'Temporal server', start: fake.start, log: (l) => log.push(l), policy: fast });
    fake.refuse(7);
    fake.runs[0]!.die({ code: 1, signal: null });
    await until(() => supervisor.pid === 101);
    expect(log).toEqual([
      'Temporal server (pid 100) exited (exit code 1); restarting in 0.02 s',
      'Temporal server could not start: port in use; retrying in 0.04 s',
      ...Array(6).fill('Temporal server could not start: port in use; retrying in 0.08 s'),
      'Temporal server restarted as pid 101',
    ]);
    await supervisor.stop();
  });

  it('stops the process it runs and restarts nothing after stop', async () => {
    const fake = fakeProcesses();
    const log: string[] = [];
    const supervisor = await supervise({ name: 'API 1', start: fake.start, log: (l) => log.push(l), policy: fast });
    await supervisor.stop();
    expect(fake.runs.map((r) => r.stopped)).toEqual([true]);
    await new Promise((r) => setTimeout(r, 3 * fast.maxDelayMs));
    expect(fake.runs).toHaveLength(1);
    expect(log).toEqual([]);
  });

  it('stopped while waiting to restart, starts nothing more', async () => {
    const fake = fakeProcesses();
    const supervisor = await supervise({ name: 'API 1', start: fake.start, log: () => {}, policy: { ...fast, firstDelayMs: 5_000 } });
    fake.runs[0]!.die({ code: null, signal: 'SIGKILL' });
    await until(() => supervisor.pid === undefined);
    await supervisor.stop();
    expect(fake.runs).toHaveLength(1);
  });

  it('leaves a process down that exits once the cluster is stopping (Ctrl-C reaches every process)', async () => {
    const fake = fakeProcesses();
    const log: string[] = [];
    let stopping = false;
    const supervisor = await supervise({ name: 'PostgreSQL', start: fake.start, log: (l) => log.push(l), keepRunning: () => !stopping, policy: fast });
    stopping = true;
    fake.runs[0]!.die({ code: null, signal: 'SIGINT' });
    await until(() => supervisor.pid === undefined);
    await new Promise((r) => setTimeout(r, 3 * fast.maxDelayMs));
    await supervisor.stop();
    expect(fake.runs).toHaveLength(1);
    expect(log).toEqual(['PostgreSQL (pid 100) exited (SIGINT)']);
  });

  it('throws when the first start fails: a cluster that cannot start says why', async () => {
    const fake = fakeProcesses();
    fake.refuse(1);
    await expect(supervise({ name: 'worker 1', start: fake.start, log: () => {}, policy: fast })).rejects.toThrow('port in use');
  });
});
