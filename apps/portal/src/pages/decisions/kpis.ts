// The closure request's final KPI values beside the measure's targets (量化指标): each target with the value
// the lead reported for it (matched by metric), and whether it is met.

export interface KpiTarget {
  metric: string;
  target: number;
  unit: string;
  comparator: '>=' | '<=' | '=';
}

export interface KpiLine extends KpiTarget {
  /** The final value reported for the metric; null when the lead left it out. */
  final: number | null;
  /** null when no final value was reported. */
  met: boolean | null;
}

/** Every target in order, then final values reported for metrics the measure has no target for (target NaN). */
export function kpiLines(targets: readonly KpiTarget[], finals: readonly { metric: string; value: number }[]): KpiLine[] {
  const finalOf = (metric: string) => finals.find((f) => f.metric === metric)?.value ?? null;
  const lines: KpiLine[] = targets.map((t) => {
    const final = finalOf(t.metric);
    return { ...t, final, met: final === null ? null : meets(final, t) };
  });
  for (const f of finals) {
    if (!targets.some((t) => t.metric === f.metric)) lines.push({ metric: f.metric, target: Number.NaN, unit: '', comparator: '=', final: f.value, met: null });
  }
  return lines;
}

function meets(value: number, { comparator, target }: KpiTarget): boolean {
  if (comparator === '>=') return value >= target;
  if (comparator === '<=') return value <= target;
  return value === target;
}
