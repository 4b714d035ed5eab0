import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type { ProcessExit } from '@liandong/devstack';
import { initialRestartState, nextRestart, RESTART_POLICY, supervise, type RestartDecision, type RestartEvent, type RestartPolicy } from './supervise';

// The policy's state space is small: every sequence up to a length is checked, not a sample of them.
function* sequences<T>(alphabet: readonly T[], maxLength: number): Generator<T[]> {
  yield [];
  if (maxLength === 0) return;
  for (const symbol of alphabet) for (const rest of sequences(alphabet, maxLength - 1)) yield [symbol, ...rest];
}

function run(events: RestartEvent[], policy: RestartPolicy = RESTART_POLICY): RestartDecision[] {
  let state = initialRestartState;
  return events.map((event) => {
    const next = nextRestart(state, event, policy);
    state = next.state;
    return next.decision;
  });
}

/** How a restart ended: it did not start, its server died within the stable period, or after it. */
type Outcome = 'start-failed' | 'died-soon' | 'died-later';

/** The supervisor's loop: the first server dies, then each restart ends as `outcomes` say; `none` once it gives up. */
function drive(outcomes: Outcome[], policy: RestartPolicy = RESTART_POLICY): RestartDecision[] {
  let state = initialRestartState;
  let at = 1_000_000;
  const step = (event: RestartEvent) => {
    const next = nextRestart(state, event, policy);
    state = next.state;
    return next.decision;
  };
  const decisions = [step({ type: 'exited', at })];
  for (const outcome of outcomes) {
    const last = decisions.at(-1)!;
    if (last.action !== 'restart') break;
    at += last.delayMs;
    if (outcome === 'start-failed') {
      decisions.push(step({ type: 'start-failed', at }));
      continue;
    }
    step({ type: 'started', at });
    at += outcome === 'died-soon' ? policy.stableMs - 1 : policy.stableMs;
    decisions.push(step({ type: 'exited', at }));
  }
  return decisions;
}

const small: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 3_000, maxFailures: 4, stableMs: 10_000 };

describe('the restart policy', () => {
  const symbols: RestartEvent[] = [0, small.stableMs - 1, small.stableMs].flatMap((dt) => [
    { type: 'exited', at: dt },
    { type: 'start-failed', at: dt },
    { type: 'started', at: dt },
  ]);
  /** Events whose `at` is a step from the previous one, so time only moves forward. */
  const timed = (steps: RestartEvent[]) => {
    let at = 0;
    return steps.map((event) => (event.type === 'stop' ? event : { ...event, at: (at += event.at) }));
  };

  it('waits between 1 s and 30 s before every restart, and at most 5 restarts follow each other', () => {
    const wrong: unknown[] = [];
    for (const policy of [RESTART_POLICY, small]) {
      for (const steps of sequences([...symbols, { type: 'stop' } as const], 5)) {
        for (const decision of run(timed(steps), policy)) {
          if (decision.action !== 'restart') continue;
          const { delayMs, attempt } = decision;
          if (delayMs < policy.firstDelayMs || delayMs > policy.maxDelayMs || attempt > policy.maxFailures) wrong.push({ policy, steps, decision });
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('restarts nothing once stopping began, whatever happens after', () => {
    const wrong: unknown[] = [];
    for (const before of sequences(symbols, 3)) {
      for (const after of sequences(symbols, 2)) {
        const decisions = run(timed([...before, { type: 'stop' }, ...after]), small);
        if (decisions.slice(before.length).some((d) => d.action !== 'none')) wrong.push({ before, after });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('doubles the wait while restarts fail, gives up at the 5th failure in a row, and starts afresh after a stable run', () => {
    const wrong: unknown[] = [];
    for (const policy of [RESTART_POLICY, small]) {
      for (const outcomes of sequences<Outcome>(['start-failed', 'died-soon', 'died-later'], 8)) {
        const decisions = drive(outcomes, policy);
        // The oracle: failures in a row so far, counted on the outcomes themselves.
        let failures = 0;
        const expected = decisions.map((_, i): RestartDecision => {
          if (i > 0) failures = outcomes[i - 1] === 'died-later' ? 0 : failures + 1;
          if (failures >= policy.maxFailures) return { action: 'give-up', failures };
          return { action: 'restart', attempt: failures + 1, delayMs: Math.min(policy.firstDelayMs * 2 ** failures, policy.maxDelayMs) };
        });
        // It stops deciding only by giving up.
        const endedEarly = decisions.length <= outcomes.length && decisions.at(-1)!.action !== 'give-up';
        if (endedEarly || !isDeepStrictEqual(decisions, expected)) wrong.push({ policy, outcomes, decisions, expected });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('waits 1, 2, 4, 8 and 16 s, then gives up (RESTART_POLICY)', () => {
    const decisions = drive(Array(5).fill('start-failed'));
    expect(decisions.map((d) => (d.action === 'restart' ? d.delayMs : d.action))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 'give-up']);
  });

  it('treats the first server as stable however soon it dies: no restart brought it', () => {
    expect(run([{ type: 'exited', at: 0 }])).toEqual([{ action: 'restart', attempt: 1, delayMs: 1_000 }]);
  });
});

function fakeServer(pid: number, log: string[]) {
  let end: (exit: ProcessExit) => void = () => {};
  const exited = new Promise<ProcessExit>((resolve) => (end = resolve));
  return {
    pid,
    exited,
    stop: async () => {
      log.push(`stop ${pid}`);
      end({ code: 0, signal: null });
    },
    die: (exit: ProcessExit = { code: null, signal: 'SIGKILL' }) => end(exit),
  };
}
type Fake = ReturnType<typeof fakeServer>;

const fast: RestartPolicy = { firstDelayMs: 20, maxDelayMs: 80, maxFailures: 3, stableMs: 60_000 };

function setUp(starts: (() => Promise<Fake>)[], policy = fast) {
  const lines: string[] = [];
  const events: string[] = [];
  const first = fakeServer(100, events);
  const stopping = new AbortController();
  const giveUp = vi.fn();
  let started = 0;
  const supervisor = supervise<Fake>({
    name: 'Temporal dev server',
    first,
    start: () => {
      const next = starts[started++];
      if (!next) throw new Error('no more starts in this test');
      return next();
    },
    reconnects: 'the worker and API reconnect by themselves',
    log: (line) => lines.push(line),
    giveUp,
    stopping: stopping.signal,
    policy,
  });
  return { lines, events, first, stopping, giveUp, supervisor, started: () => started };
}

describe('supervise', () => {
  it('says that the server died, restarts it, and says so; the dead one is cleaned up once', async () => {
    const events: string[] = [];
    const second = fakeServer(200, events);
    const t = setUp([async () => second]);
    t.first.die();
    await vi.waitFor(() => expect(t.lines).toHaveLength(2));
    expect(t.lines).toEqual([
      'Temporal dev server (pid 100) exited (SIGKILL); restarting in 0.02 s …',
      'Temporal dev server restarted (pid 200); the worker and API reconnect by themselves',
    ]);
    expect(t.events).toEqual(['stop 100']);
    expect(t.supervisor.current()).toBe(second);

    await t.supervisor.stop();
    expect(events).toEqual(['stop 200']);
    expect(t.lines).toHaveLength(2);
  });

  it('restarts nothing when stopping begins while a restart waits, and stops cleanly', async () => {
    const t = setUp([async () => fakeServer(200, [])], { ...fast, firstDelayMs: 200, maxDelayMs: 800 });
    t.first.die({ code: 1, signal: null });
    await vi.waitFor(() => expect(t.lines).toEqual(['Temporal dev server (pid 100) exited (exit code 1); restarting in 0.2 s …']), { interval: 5 });
    t.stopping.abort();
    await t.supervisor.stop();
    await new Promise((r) => setTimeout(r, 400));
    expect(t.started()).toBe(0);
    expect(t.events).toEqual(['stop 100']);
  });

  it('stops a server whose restart was under way when stopping began, and keeps none running', async () => {
    const events: string[] = [];
    const second = fakeServer(200, events);
    let release: () => void = () => {};
    const t = setUp([() => new Promise((resolve) => (release = () => resolve(second)))]);
    t.first.die();
    await vi.waitFor(() => expect(t.started()).toBe(1));
    t.stopping.abort();
    const stopped = t.supervisor.stop();
    release();
    await stopped;
    expect(events).toEqual(['stop 200']);
    expect(t.lines).toHaveLength(1);
  });

  it('gives up after 3 failed restarts in a row (this policy) and restarts nothing more', async () => {
    const refuse = async (): Promise<Fake> => {
      throw new Error('port 7244 is already in use');
    };
    const t = setUp([refuse, refuse, refuse, refuse]);
    t.first.die();
    await vi.waitFor(() => expect(t.giveUp).toHaveBeenCalledTimes(1));
    expect(t.giveUp).toHaveBeenCalledWith('Temporal dev server could not be restarted');
    expect(t.lines).toEqual([
      'Temporal dev server (pid 100) exited (SIGKILL); restarting in 0.02 s …',
      'Temporal dev server did not restart: port 7244 is already in use; restarting in 0.04 s …',
      'Temporal dev server did not restart: port 7244 is already in use; restarting in 0.08 s …',
      'Temporal dev server did not restart: port 7244 is already in use; giving up after 3 failed restarts in a row',
    ]);
    await new Promise((r) => setTimeout(r, 2 * fast.maxDelayMs));
    expect(t.started()).toBe(3);
  });

  it('says nothing when the server ends because it is being stopped', async () => {
    const t = setUp([]);
    t.stopping.abort();
    await t.supervisor.stop();
    await new Promise((r) => setTimeout(r, 3 * fast.firstDelayMs));
    expect(t.lines).toEqual([]);
    expect(t.events).toEqual(['stop 100']);
  });
});
