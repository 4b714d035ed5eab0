import { describe, expect, it } from 'vitest';
import { formatDocumentDate } from './format';

describe('formatDocumentDate', () => {
  it('prints the date the Chinese way, without leading zeros', () => {
    expect(formatDocumentDate('2026-12-01')).toBe('2026年12月1日');
    expect(formatDocumentDate('2027-01-09')).toBe('2027年1月9日');
    expect(formatDocumentDate('2028-02-29')).toBe('2028年2月29日');
  });

  it('refuses anything else', () => {
    for (const bad of ['2026-13-01', '2026-1-1', '2026/12/01', '', '2027-02-29']) {
      expect(() => formatDocumentDate(bad), bad).toThrow('date must be a calendar date');
    }
  });
});
