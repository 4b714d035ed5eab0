import type { Outputs } from '../../lib/api';
import { translate, type Lang, type MessageKey } from '../../lib/messages';

/** A dashboard as `dashboard.plan` and `dashboard.group` return it. */
export type Dashboard = Outputs['dashboard']['plan'];
export type DashboardAgency = Dashboard['agencies'][number];
export type DashboardKpi = Dashboard['kpis'][number];

export const CHARTS = ['status', 'light', 'workload', 'onTime', 'kpi', 'trend'] as const;
export type ChartId = (typeof CHARTS)[number];

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The China date of an instant: `12月1日`, or `1 Dec`. */
export function chinaDay(iso: string, lang: Lang): string {
  const [, m, d] = new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10).split('-').map(Number) as [number, number, number];
  return translate(lang, 'dashboard.date', { m, d, month: EN_MONTHS[m - 1]! });
}

/** A China month `2026-07` as `2026年7月`, or `Jul 2026`. */
export function monthLabel(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return translate(lang, 'dashboard.month', { y, m, month: EN_MONTHS[m - 1]! });
}

/** A rate (0–1) as a percentage with one decimal: `87.5%`; a dash for none. */
export function formatPercent(value: number | null, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return translate(lang, 'dashboard.none');
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** Working days with one decimal; a dash for none. */
export function formatDays(value: number | null, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return translate(lang, 'dashboard.none');
  return (Math.round(value * 10) / 10).toFixed(1);
}

/** The agency with the most overdue reports (the list comes most overdue first), if any is overdue. */
export function mostOverdue(agencies: readonly DashboardAgency[]): DashboardAgency | undefined {
  return agencies.reduce<DashboardAgency | undefined>((worst, a) => (a.overdue > 0 && (!worst || a.overdue > worst.overdue) ? a : worst), undefined);
}

/** Agencies with a rate, lowest first (ties: more reports due first, then by name): the ones a circular calls out. */
export function byOnTimeRate(agencies: readonly DashboardAgency[]): DashboardAgency[] {
  const due = (a: DashboardAgency) => a.reportsOnTime + a.reportsLate + a.reportsMissed;
  return agencies.filter((a) => a.onTimeRate !== null).sort((a, b) => a.onTimeRate! - b.onTimeRate! || due(b) - due(a) || a.agencyName.localeCompare(b.agencyName, 'zh-CN'));
}

/** Whether a KPI's target is met (progress of 100% or more). */
export const kpiMet = (k: DashboardKpi) => k.percentOfTarget !== null && k.percentOfTarget >= 100;

/**
 * One sentence per chart summarising what it shows, in the page's language: the chart's <figcaption> and, for
 * screen readers, its accessible name. Built only from the figures the chart draws.
 */
export function captions(d: Dashboard, lang: Lang): Record<ChartId, string> {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const date = chinaDay(d.asOf, lang);
  const scope = d.scope.kind === 'plan' ? t('dashboard.scopeWord.plan') : t('dashboard.scopeWord.group', { n: d.plans.length });
  const { byStatus, byLight } = d.measures;

  const worst = mostOverdue(d.agencies);
  const lowest = byOnTimeRate(d.agencies)[0];
  const totals = d.totals;
  const due = totals.reportsOnTime + totals.reportsLate + totals.reportsMissed;

  const unmet = d.kpis.filter((k) => !kpiMet(k));
  const next = [...unmet].sort((a, b) => (a.deadlineYear ?? Infinity) - (b.deadlineYear ?? Infinity))[0];

  const sum = (pick: (m: Dashboard['trend'][number]) => number) => d.trend.reduce((s, m) => s + pick(m), 0);
  const peak = d.trend.reduce<Dashboard['trend'][number] | undefined>((top, m) => (m.reportsLate + m.reportsMissed > 0 && (!top || m.reportsLate + m.reportsMissed > top.reportsLate + top.reportsMissed) ? m : top), undefined);

  return {
    status: t('dashboard.caption.status', {
      date,
      scope,
      total: d.measures.total,
      active: byStatus.active,
      closure: byStatus.closure_requested,
      closed: byStatus.closed,
      withdrawn: byStatus.withdrawn,
    }),
    light: t('dashboard.caption.light', { date, n: byLight.red + byLight.yellow + byLight.blue + byLight.green, red: byLight.red, yellow: byLight.yellow, blue: byLight.blue, green: byLight.green }),
    workload: t('dashboard.caption.workload', {
      date,
      n: d.agencies.length,
      open: totals.openItems,
      overdue: totals.overdue,
      worst: worst ? t('dashboard.caption.workload.worst', { name: worst.agencyName, k: worst.overdue }) : '',
    }),
    onTime:
      due === 0
        ? t('dashboard.caption.onTime.none')
        : t('dashboard.caption.onTime', {
            due,
            rate: formatPercent(totals.onTimeRate, lang),
            onTime: totals.reportsOnTime,
            late: totals.reportsLate,
            missed: totals.reportsMissed,
            delay: formatDays(totals.averageDelayWorkingDays, lang),
            worst: lowest && d.agencies.length > 1 ? t('dashboard.caption.onTime.worst', { name: lowest.agencyName, rate: formatPercent(lowest.onTimeRate, lang) }) : '',
          }),
    kpi:
      d.kpis.length === 0
        ? t('dashboard.caption.kpi.none')
        : t('dashboard.caption.kpi', {
            n: d.kpis.length,
            met: d.kpis.length - unmet.length,
            pending: d.kpis.filter((k) => k.latestValue === null).length,
            next: next
              ? t('dashboard.caption.kpi.next', {
                  metric: next.metric,
                  deadline: next.deadlineYear === null ? t('dashboard.caption.kpi.noDeadline') : t('dashboard.caption.kpi.deadline', { year: next.deadlineYear }),
                  percent: formatPercent(next.percentOfTarget === null ? null : next.percentOfTarget / 100, lang),
                })
              : '',
          }),
    trend: t('dashboard.caption.trend', {
      from: monthLabel(d.trend[0]?.month ?? '', lang),
      to: monthLabel(d.trend.at(-1)?.month ?? '', lang),
      onTime: sum((m) => m.reportsOnTime),
      late: sum((m) => m.reportsLate),
      missed: sum((m) => m.reportsMissed),
      escalations: sum((m) => m.escalationsRaised),
      closed: sum((m) => m.measuresClosed),
      peak: peak ? t('dashboard.caption.trend.peak', { month: monthLabel(peak.month, lang), k: peak.reportsLate + peak.reportsMissed }) : '',
    }),
  };
}
