import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../errors';
import { createUpdatePacing, isRefusedForLoad, KeyedSemaphore, MEASURE_BUSY_MESSAGE, SlotTimeout } from './update-pacing';

const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
/** What reaches the service once the SDK has retried RESOURCE_EXHAUSTED ten times. */
const exhausted = () => new ServiceError('Workflow Update failed', { cause: grpc(8, 'limit on number of concurrent in-flight updates has been reached (10)') });

describe('KeyedSemaphore', () => {
  it('runs at most `limit` tasks per key at once, in arrival order, and holds nothing for a key once it is idle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ key: fc.constantFrom('m1', 'm2', 'm3'), fails: fc.boolean() }), { maxLength: 40 }),
        async (s, limit, tasks) => {
          const gate = new KeyedSemaphore(limit);
          const running = new Map<string, number>();
          const started = new Map<string, number[]>();
          let over = 0;
          const results = tasks.map(({ key, fails }, i) =>
            gate
              .run(key, async () => {
                started.set(key, [...(started.get(key) ?? []), i]);
                running.set(key, (running.get(key) ?? 0) + 1);
                if (running.get(key)! > limit) over += 1;
                try {
                  await s.schedule(Promise.resolve(), `task ${i} on ${key}`);
                  if (fails) throw new Error(`task ${i} failed`);
                  return i;
                } finally {
                  running.set(key, running.get(key)! - 1);
                }
              })
              .catch(() => -1),
          );
          expect(await s.waitFor(Promise.all(results))).toEqual(tasks.map((t, i) => (t.fails ? -1 : i)));
          expect(over).toBe(0);
          for (const order of started.values()) expect(order).toEqual([...order].sort((a, b) => a - b));
          expect(gate.size).toBe(0);
        },
      ),
    );
  });

  it('holds nothing after ten thousand measures were each sent a few updates', async () => {
    const gate = new KeyedSemaphore(4);
    let peak = 0;
    const measures = Array.from({ length: 10_000 }, (_, i) => `measure-${i}`);
    await Promise.all(
      measures.flatMap((key) =>
        [1, 2, 3, 4, 5, 6].map(() =>
          gate.run(key, async () => {
            peak = Math.max(peak, gate.size);
            await new Promise((resolve) => setImmediate(resolve));
          }),
        ),
      ),
    );
    expect(peak).toBe(10_000);
    expect(gate.size).toBe(0);
  });

  it('gives up a wait after the timeout: the work never runs, and the waiter leaves no trace', async () => {
    const gate = new KeyedSemaphore(1);
    let release!: () => void;
    const holder = gate.run('m', () => new Promise<void>((resolve) => (release = resolve)));
    let ran = false;
    await expect(gate.run('m', async () => void (ran = true), 20)).rejects.toBeInstanceOf(SlotTimeout);
    release();
    await holder;
    expect(ran).toBe(false);
    expect(gate.size).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new KeyedSemaphore(0)).toThrow(RangeError);
  });
});

describe('update pacing', () => {
  /** Time that passes only when the pacing sleeps. */
  const fakeClock = () => {
    const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms), random: () => 0.5 };
    return clock;
  };

  it('tells a refusal for load from other failures', () => {
    expect(isRefusedForLoad(exhausted())).toBe(true);
    expect(isRefusedForLoad(new ServiceError('Workflow Update failed', { cause: grpc(9, 'The limit on the total number of distinct updates in this workflow has been reached (2000).') }))).toBe(true);
    expect(isRefusedForLoad(new ServiceError('Workflow Update failed', { cause: grpc(9, 'workflow is not running') }))).toBe(false);
    expect(isRefusedForLoad(new ServiceError('Workflow Update failed', { cause: grpc(14, 'unavailable') }))).toBe(false);
    expect(isRefusedForLoad(new Error('RESOURCE_EXHAUSTED'))).toBe(false);
    const rejected = (type: string) => new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message: 'rejected', nonRetryable: true }));
    expect(isRefusedForLoad(rejected('UnprocessedUpdate'))).toBe(true);
    expect(isRefusedForLoad(rejected('InvalidTransition'))).toBe(false);
  });

  it('sends the same update again after a refusal for load, until it is taken', async () => {
    const clock = fakeClock();
    const pacing = createUpdatePacing({ retryForMs: 120_000 }, clock);
    const sent: string[] = [];
    let refusals = 3;
    const result = await pacing.send('m', async () => {
      sent.push('update-1');
      if (refusals-- > 0) throw exhausted();
      return 'taken';
    });
    expect(result).toBe('taken');
    expect(sent).toEqual(['update-1', 'update-1', 'update-1', 'update-1']);
    expect(clock.t).toBe(500 + 1_000 + 2_000); // growing pauses (jitter at its middle here)
    expect(pacing.measuresInFlight).toBe(0);
  });

  it('answers 503 (the measure is busy) once the retry window has passed, never sooner', async () => {
    const clock = fakeClock();
    const pacing = createUpdatePacing({ retryForMs: 120_000 }, clock);
    let attempts = 0;
    const refused = await pacing
      .send('m', async () => {
        attempts += 1;
        throw exhausted();
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'temporal', message: MEASURE_BUSY_MESSAGE });
    expect(clock.t).toBeLessThanOrEqual(120_000);
    expect(clock.t).toBeGreaterThan(120_000 - 10_000 * 1.5);
    expect(attempts).toBeGreaterThan(5);
  });

  it('passes any other failure on at once, without trying again', async () => {
    const clock = fakeClock();
    const pacing = createUpdatePacing({}, clock);
    let attempts = 0;
    const refusal = new Error('the report for cycle 0 is already submitted');
    await expect(
      pacing.send('m', async () => {
        attempts += 1;
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(attempts).toBe(1);
    expect(clock.t).toBe(0);
  });

  it('answers 503 when no slot comes free within the window', async () => {
    const pacing = createUpdatePacing({ inFlightPerMeasure: 1, retryForMs: 30 });
    let release!: () => void;
    const holder = pacing.send('m', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(pacing.send('m', async () => 'never')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: MEASURE_BUSY_MESSAGE });
    release();
    await holder;
    expect(pacing.measuresInFlight).toBe(0);
  });
});
