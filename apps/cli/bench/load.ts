// Shared by the benches: closed-loop load from concurrent callers, and its latency figures.

export interface LoadFigures {
  callers: number;
  calls: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  firstError?: string;
}

/** `callers` loops, each sending its next call when the last one answered, for `seconds`. */
export async function measureLoad(callers: number, seconds: number, call: (i: number) => Promise<unknown>): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const began = performance.now();
  const end = began + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await call(next++);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { callers, calls: latencies.length, errors, perSecond: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), firstError };
}

/** The q-quantile of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export interface BoundedFigures {
  done: number;
  errors: number;
  firstError?: string;
  seconds: number;
  p50: number;
  p99: number;
}

/** `call(0)` … `call(count − 1)`, at most `limit` in flight (as `startWorkflows` starts a plan's measures); each one's latency. */
export async function runBounded(limit: number, count: number, call: (i: number) => Promise<unknown>): Promise<BoundedFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        try {
          await call(i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { done: latencies.length, errors, firstError, seconds: (performance.now() - began) / 1000, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/**
 * Polls `count` until it reaches `wanted`, or has not moved for `stallMs`: then says so and returns what it reached,
 * so that a bench reports how far a server got instead of failing.
 */
export async function untilCount(what: string, wanted: number, count: () => Promise<number>, stallMs = 60_000): Promise<number> {
  let last = -1;
  let movedAt = performance.now();
  for (;;) {
    const now = await count();
    if (now >= wanted) return now;
    if (now !== last) [last, movedAt] = [now, performance.now()];
    if (performance.now() - movedAt > stallMs) {
      console.log(`  ${what}: ${now} of ${wanted}, no progress for ${stallMs / 1000} s; going on with those`);
      return now;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
