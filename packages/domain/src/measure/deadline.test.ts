import { describe, expect, it } from 'vitest';
import { isMeasureOverdue } from './deadline';

// 2025-12-31 ends at 2025-12-31T16:00:00Z (midnight in China).
const due = { dueOn: '2025-12-31', ongoing: false, status: 'active' as const };

describe('isMeasureOverdue (逾期未办结)', () => {
  it('is not overdue on its due date in China, and overdue from the next China day', () => {
    expect(isMeasureOverdue(due, new Date('2025-12-31T15:59:59Z'))).toBe(false);
    expect(isMeasureOverdue(due, new Date('2025-12-31T16:00:00Z'))).toBe(true);
    expect(isMeasureOverdue(due, new Date('2026-06-01T00:00:00Z'))).toBe(true);
  });

  it('stays overdue while closure is only requested, and is not once closed (销号) or withdrawn', () => {
    const later = new Date('2026-06-01T00:00:00Z');
    expect(isMeasureOverdue({ ...due, status: 'closure_requested' }, later)).toBe(true);
    expect(isMeasureOverdue({ ...due, status: 'closed' }, later)).toBe(false);
    expect(isMeasureOverdue({ ...due, status: 'withdrawn' }, later)).toBe(false);
  });

  it('is never overdue when ongoing (长期) or when the plan states no deadline', () => {
    const later = new Date('2099-01-01T00:00:00Z');
    expect(isMeasureOverdue({ dueOn: null, ongoing: true, status: 'active' }, later)).toBe(false);
    expect(isMeasureOverdue({ dueOn: null, ongoing: false, status: 'active' }, later)).toBe(false);
  });
});
