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
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { callers, calls: latencies.length, errors, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), firstError };
}
