/** An assessment period: a calendar month or quarter in China time (UTC+8, no daylight saving). */
export interface AssessmentPeriod {
  /** `2026-12` or `2026-Q4`. */
  key: string;
  kind: 'month' | 'quarter';
  /** First instant of the period. */
  start: Date;
  /** First instant after it. */
  end: Date;
  /** zh-CN, e.g. 2026年12月, 2026年第四季度. */
  label: string;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const PERIOD = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
const QUARTERS = ['一', '二', '三', '四'];

/** What a period key must look like, for the messages that name a bad one. */
export const PERIOD_FORMAT = "a month 'YYYY-MM' or a quarter 'YYYY-Qn'";

const chinaMidnight = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1) - CHINA_OFFSET_MS);

/** The period a key names, or null when it names none (years 2000–2099 only). */
export function parsePeriod(key: string): AssessmentPeriod | null {
  const match = PERIOD.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2099) return null;
  if (match[2] !== undefined) {
    const month = Number(match[2]) - 1;
    return { key, kind: 'month', start: chinaMidnight(year, month), end: chinaMidnight(year, month + 1), label: `${year}年${month + 1}月` };
  }
  const quarter = Number(match[3]) - 1;
  return { key, kind: 'quarter', start: chinaMidnight(year, quarter * 3), end: chinaMidnight(year, quarter * 3 + 3), label: `${year}年第${QUARTERS[quarter]}季度` };
}

/** The month or quarter (China time) an instant falls in, as a key. */
export function periodKeyOf(at: Date, kind: 'month' | 'quarter'): string {
  const china = new Date(at.getTime() + CHINA_OFFSET_MS);
  const year = china.getUTCFullYear();
  const month = china.getUTCMonth();
  return kind === 'month' ? `${year}-${String(month + 1).padStart(2, '0')}` : `${year}-Q${Math.floor(month / 3) + 1}`;
}

/** The end of a deadline year in China time (`到2025年` is met by 2025-12-31 24:00 Beijing time). */
export const endOfChinaYear = (year: number): Date => chinaMidnight(year + 1, 0);
