import { describe, expect, it } from 'vitest';
import { endOfChinaYear, parsePeriod, periodKeyOf } from './period';

describe('assessment periods (China time)', () => {
  it('reads a month and a quarter as their China-time bounds', () => {
    expect(parsePeriod('2026-12')).toEqual({ key: '2026-12', kind: 'month', start: new Date('2026-11-30T16:00:00Z'), end: new Date('2026-12-31T16:00:00Z'), label: '2026年12月' });
    expect(parsePeriod('2026-Q1')).toMatchObject({ kind: 'quarter', start: new Date('2025-12-31T16:00:00Z'), end: new Date('2026-03-31T16:00:00Z'), label: '2026年第一季度' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ end: new Date('2026-12-31T16:00:00Z') });
  });

  it('names no period for anything else', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '2026-Q0', '2026-1', '26-12', '2026-12-01', '1999-12', ' 2026-12']) expect(parsePeriod(bad)).toBeNull();
  });

  it('puts an instant in its China-time month and quarter', () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Beijing.
    expect(periodKeyOf(new Date('2026-12-31T17:00:00Z'), 'month')).toBe('2027-01');
    expect(periodKeyOf(new Date('2026-12-31T15:59:59Z'), 'quarter')).toBe('2026-Q4');
    expect(endOfChinaYear(2025)).toEqual(new Date('2025-12-31T16:00:00Z'));
  });
});
