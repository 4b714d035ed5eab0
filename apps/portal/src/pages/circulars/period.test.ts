import { describe, expect, it } from 'vitest';
import { lastMonth } from './period';

describe('the default period of a new circular', () => {
  it('is last month in China time', () => {
    expect(lastMonth(new Date('2026-12-01T04:00:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(lastMonth(new Date('2027-01-15T00:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(lastMonth(new Date('2028-03-10T00:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('turns the month at midnight in China, not in UTC', () => {
    // 2026-11-30 17:00 UTC is already 12-01 01:00 in China.
    expect(lastMonth(new Date('2026-11-30T17:00:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(lastMonth(new Date('2026-11-30T15:00:00Z'))).toEqual({ from: '2026-10-01', to: '2026-10-31' });
  });
});
