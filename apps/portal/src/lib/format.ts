import type { Kpi, PlanView } from './api';
import { translate, type Lang } from './messages';

const COMPARATORS: Record<Kpi['comparator'], string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** A quantitative target (量化指标) in one line: `集装箱吞吐量 = 3700 万标箱（2025年）`. */
export function formatKpi(kpi: Pick<Kpi, 'metric' | 'target' | 'unit' | 'comparator' | 'deadline'>, lang: Lang): string {
  const target = `${kpi.metric} ${COMPARATORS[kpi.comparator]} ${kpi.target}${lang === 'en' && kpi.unit ? ' ' : ''}${kpi.unit}`;
  if (kpi.deadline === null) return target;
  const by = translate(lang, 'kpi.by', { year: kpi.deadline });
  return lang === 'en' ? `${target} (${by})` : `${target}（${by}）`;
}

/** The reporting policy as a sentence: `每月报送，次月第 5 个工作日前提交`. */
export function formatReportingPolicy(policy: PlanView['reportingPolicy'], lang: Lang): string {
  const n = policy.dueOffsetWorkingDays;
  if (policy.unit === 'workingDay' && policy.cadence === 'monthly') return translate(lang, 'policy.monthly', { n });
  if (policy.unit === 'workingDay' && policy.cadence === 'quarterly') return translate(lang, 'policy.quarterly', { n });
  return translate(lang, 'policy.custom', { cadence: policy.cadence, n });
}
