// Dates on the measure page, in China time (the one time zone every deadline is set in).
import type { Kpi } from '../../lib/api';
import { translate, type Lang } from '../../lib/messages';

const DAY_MS = 86_400_000;
const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const chinaTime = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }),
};

/** The China date (`2026-03-10`) an instant falls on. */
export function chinaDateOf(instant: string | number | Date): string {
  return chinaDay.format(new Date(instant));
}

/**
 * The China date a deadline falls due on. A deadline holds until the end of its China day (the midnight
 * after it), so it is the day of the instant just before: 2026-03-10T16:00Z is due on 2026-03-10.
 */
export function dueDateOf(dueAt: string): string {
  const time = Date.parse(dueAt);
  return Number.isNaN(time) ? dueAt : chinaDay.format(new Date(time - 1));
}

/** The deadline for a China date picked in a form: the end of that day (midnight after it, UTC+8), as ISO. */
export function deadlineOf(chinaDate: string): string {
  return new Date(Date.parse(`${chinaDate}T00:00:00+08:00`) + DAY_MS).toISOString();
}

/** An instant to the minute, in China time. */
export function formatInstant(instant: string, lang: Lang): string {
  const time = Date.parse(instant);
  return Number.isNaN(time) ? instant : chinaTime[lang].format(new Date(time));
}

/** A reporting period (`2026-01-01 – 2026-01-31`): the end is exclusive, the day before it is shown. */
export function formatPeriod(periodStart: string, periodEnd: string): string {
  return `${chinaDateOf(periodStart)} – ${dueDateOf(periodEnd)}`;
}

/** Is the deadline past at `now`? */
export const isPast = (dueAt: string, now: number): boolean => Date.parse(dueAt) <= now;

/** A cycle as people count it: the workflow's cycle 0 is 第 1 期. */
export const cycleNo = (cycleIndex: number): number => cycleIndex + 1;

const COMPARATORS: Record<Kpi['comparator'], string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** A KPI's target without its metric (`≥ 5.5 亿吨（2025年）`), for where the metric is already named. */
export function formatTarget(kpi: Pick<Kpi, 'target' | 'unit' | 'comparator' | 'deadline'>, lang: Lang): string {
  const target = `${COMPARATORS[kpi.comparator]} ${kpi.target}${lang === 'en' && kpi.unit ? ' ' : ''}${kpi.unit}`;
  if (kpi.deadline === null) return target;
  const by = translate(lang, 'kpi.by', { year: kpi.deadline });
  return lang === 'en' ? `${target} (${by})` : `${target}（${by}）`;
}
