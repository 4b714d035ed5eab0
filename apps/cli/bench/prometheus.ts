// Reading a histogram from Prometheus text exposition, for the bench's worker metrics (live.bench.ts, plan-launch.bench.ts).

export interface Histogram {
  /** [upper bound, cumulative count], ascending; the last bound is Infinity. */
  buckets: [number, number][];
  count: number;
  sum: number;
}

/** `name`'s buckets, count and sum, added up over its label sets (those with the label `having`, e.g. `task_queue="liandong"`); empty when absent. */
export function readHistogram(text: string, name: string, having?: string): Histogram {
  const buckets = new Map<number, number>();
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (having !== undefined && !line.includes(having))) continue;
    const match = /^(\w+?)(_bucket|_count|_sum)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const value = Number(match[4]);
    if (match[2] === '_count') count += value;
    else if (match[2] === '_sum') sum += value;
    else {
      const le = /(?:^|,)le="([^"]+)"/.exec(match[3] ?? '')?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + value);
    }
  }
  return { buckets: [...buckets].sort((a, b) => a[0] - b[0]), count, sum };
}

/** What was observed between two readings of the same histogram. */
export function histogramSince(before: Histogram, after: Histogram): Histogram {
  const earlier = new Map(before.buckets);
  return { buckets: after.buckets.map(([bound, n]) => [bound, n - (earlier.get(bound) ?? 0)]), count: after.count - before.count, sum: after.sum - before.sum };
}

/** The upper bound of the bucket the q-quantile falls in (Prometheus' histogram_quantile without interpolation); NaN when empty. */
export function histogramQuantile(histogram: Histogram, q: number): number {
  const total = histogram.buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  return histogram.buckets.find(([, n]) => n >= q * total)?.[0] ?? Number.NaN;
}
