// What each dashboard chart draws: ECharts options built from a dashboard, in the page's language.
import { translate, type Lang } from '../../lib/messages';
import { byOnTimeRate, monthLabel, type Dashboard } from './captions';
import type { ChartOption } from './echarts';

/** Bars per chart of agencies or targets: more would not be readable; the table lists all. */
export const TOP = 15;

export const STATUSES = ['active', 'closure_requested', 'closed', 'withdrawn'] as const;
export const LIGHTS = ['red', 'yellow', 'blue', 'green'] as const;
export const LIGHT_COLORS = { red: '#cf1322', yellow: '#d4b106', blue: '#1677ff', green: '#389e0d' } as const;
const STATUS_COLORS = { active: '#1677ff', closure_requested: '#722ed1', closed: '#389e0d', withdrawn: '#8c8c8c' } as const;
const SERIES_COLORS = { open: '#1677ff', overdue: '#cf1322', onTime: '#389e0d', late: '#fa8c16', missed: '#cf1322', escalations: '#722ed1', closed: '#13c2c2' } as const;

const percentLabel = (value: number) => `${Math.round(value * 10) / 10}%`;
/** A long name cut for an axis label; the tooltip and the table keep it whole. */
const short = (name: string, max = 12) => (name.length > max ? `${name.slice(0, max - 1)}…` : name);

export function statusOption(d: Dashboard, lang: Lang): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}: {c}' },
        // Empty slices keep their legend entry but draw no label.
        data: STATUSES.map((s) => ({
          name: translate(lang, `dashboard.status.${s}`),
          value: d.measures.byStatus[s],
          itemStyle: { color: STATUS_COLORS[s] },
          ...(d.measures.byStatus[s] === 0 ? { label: { show: false }, labelLine: { show: false } } : {}),
        })),
      },
    ],
  };
}

export function lightOption(d: Dashboard, lang: Lang): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: LIGHTS.map((l) => translate(lang, `dashboard.light.${l}`).replace(/（.*|\s\(.*/, '')) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: translate(lang, 'dashboard.col.count'),
        label: { show: true, position: 'top' },
        data: LIGHTS.map((l) => ({ value: d.measures.byLight[l], itemStyle: { color: LIGHT_COLORS[l] } })),
      },
    ],
  };
}

/** The agencies with the most overdue and open work (the list comes in that order). */
export function workloadOption(d: Dashboard, lang: Lang): ChartOption {
  const shown = d.agencies.slice(0, TOP).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((a) => short(a.agencyName)) },
    series: [
      { type: 'bar', name: translate(lang, 'dashboard.series.open'), data: shown.map((a) => a.openItems), itemStyle: { color: SERIES_COLORS.open } },
      { type: 'bar', name: translate(lang, 'dashboard.series.overdue'), data: shown.map((a) => a.overdue), itemStyle: { color: SERIES_COLORS.overdue } },
    ],
  };
}

/** The agencies with the lowest on-time rates. */
export function onTimeOption(d: Dashboard, lang: Lang): ChartOption {
  const shown = byOnTimeRate(d.agencies).slice(0, TOP).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => percentLabel(Number(v)) },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((a) => short(a.agencyName)) },
    series: [
      {
        type: 'bar',
        name: translate(lang, 'dashboard.series.onTimeRate'),
        label: { show: true, position: 'right', formatter: (p) => percentLabel(Number(p.value)) },
        data: shown.map((a) => ({ value: Math.round(a.onTimeRate! * 1000) / 10, itemStyle: { color: a.onTimeRate! >= 0.9 ? SERIES_COLORS.onTime : a.onTimeRate! >= 0.6 ? SERIES_COLORS.late : SERIES_COLORS.missed } })),
      },
    ],
  };
}

/** Targets by deadline, earliest first: percent of target, met ones green. */
export function kpiOption(d: Dashboard, lang: Lang): ChartOption {
  const shown = d.kpis.slice(0, TOP).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v === null || v === undefined ? translate(lang, 'dashboard.none') : percentLabel(Number(v))) },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: (v) => Math.max(100, Math.ceil(v.max / 10) * 10), axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((k) => `${short(k.metric, 10)}${k.deadlineYear === null ? '' : ` (${k.deadlineYear})`}`) },
    series: [
      {
        type: 'bar',
        name: translate(lang, 'dashboard.series.percent'),
        label: { show: true, position: 'right', formatter: (p) => (p.value === null || p.value === undefined ? translate(lang, 'dashboard.none') : percentLabel(Number(p.value))) },
        data: shown.map((k) => ({
          value: k.percentOfTarget === null ? null : Math.round(k.percentOfTarget * 10) / 10,
          itemStyle: { color: k.percentOfTarget !== null && k.percentOfTarget >= 100 ? SERIES_COLORS.onTime : SERIES_COLORS.open },
        })) as unknown as number[],
      },
    ],
  };
}

export function trendOption(d: Dashboard, lang: Lang): ChartOption {
  const line = (key: 'onTime' | 'late' | 'missed' | 'escalations' | 'closed', pick: (m: Dashboard['trend'][number]) => number) => ({
    type: 'line' as const,
    name: translate(lang, `dashboard.series.${key}`),
    data: d.trend.map(pick),
    itemStyle: { color: SERIES_COLORS[key] },
    lineStyle: { color: SERIES_COLORS[key] },
    symbolSize: 6,
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: d.trend.map((m) => monthLabel(m.month, lang)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      line('onTime', (m) => m.reportsOnTime),
      line('late', (m) => m.reportsLate),
      line('missed', (m) => m.reportsMissed),
      line('escalations', (m) => m.escalationsRaised),
      line('closed', (m) => m.measuresClosed),
    ],
  };
}
