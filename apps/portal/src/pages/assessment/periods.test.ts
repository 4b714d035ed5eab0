import { describe, expect, it } from 'vitest';
import { periodChoices, periodFromUrl, periodLabel, signedPoints } from './periods';

describe('assessment periods in the portal', () => {
  it('offers the last 12 months and 6 quarters in China time, newest first, across a year end', () => {
    // 2027-01-01 01:00 in Beijing.
    const { months, quarters } = periodChoices(new Date('2026-12-31T17:00:00Z'));
    expect(months.slice(0, 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(months).toHaveLength(12);
    expect(months.at(-1)).toBe('2026-02');
    expect(quarters).toEqual(['2027-Q1', '2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4']);
  });

  it('names periods in either language', () => {
    expect(periodLabel('2026-12', 'zh-CN')).toBe('2026年12月');
    expect(periodLabel('2026-Q4', 'zh-CN')).toBe('2026年第四季度');
    expect(periodLabel('2026-12', 'en')).toBe('Dec 2026');
    expect(periodLabel('2026-Q4', 'en')).toBe('Q4 2026');
  });

  it('takes a period from the URL only when it names one', () => {
    const now = new Date('2026-12-01T04:00:00Z');
    expect(periodFromUrl('2026-Q3', now)).toBe('2026-Q3');
    expect(periodFromUrl('2026-13', now)).toBe('2026-12');
    expect(periodFromUrl(null, now)).toBe('2026-12');
  });

  it('signs points, keeping the base plain', () => {
    expect([signedPoints(100, 'base'), signedPoints(0.5, 'onTimeReport'), signedPoints(-2, 'yellowEscalation'), signedPoints(0, 'blueEscalation')]).toEqual(['100', '+0.5', '−2', '0']);
  });
});
