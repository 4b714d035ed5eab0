import { parsePeriod, periodKeyOf } from '@liandong/domain/assessment';
import type { Lang } from '../../lib/messages';

/** The periods one may pick: the last 12 months and the last 6 quarters up to the one containing `now` (China time), newest first. */
export function periodChoices(now: Date): { months: string[]; quarters: string[] } {
  const [year, month] = periodKeyOf(now, 'month').split('-').map(Number) as [number, number];
  const months = Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + (month - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
  const quarter = Math.floor((month - 1) / 3);
  const quarters = Array.from({ length: 6 }, (_, i) => {
    const index = year * 4 + quarter - i;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  });
  return { months, quarters };
}

/** `2026年12月` / `2026年第四季度`, or `Dec 2026` / `Q4 2026`. */
export function periodLabel(key: string, lang: Lang): string {
  const period = parsePeriod(key);
  if (!period) return key;
  if (lang === 'zh-CN') return period.label;
  const [year, rest] = key.split('-') as [string, string];
  if (period.kind === 'quarter') return `${rest} ${year}`;
  return `${new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(year), Number(rest) - 1, 1)))} ${year}`;
}

/** The period the URL names, if it names one, else the current month. */
export function periodFromUrl(value: string | null, now: Date): string {
  return value !== null && parsePeriod(value) !== null ? value : periodKeyOf(now, 'month');
}

/** Points with their sign, as a line of the explanation shows them: `+0.5`, `−2`, `100`. */
export function signedPoints(points: number, rule: string): string {
  if (rule === 'base') return String(points);
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return '0';
}
