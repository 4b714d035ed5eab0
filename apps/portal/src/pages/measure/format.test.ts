import { describe, expect, it } from 'vitest';
import { chinaDateOf, deadlineOf, dueDateOf, formatPeriod } from './format';

describe('dates on the measure page, in China time', () => {
  it('shows a deadline on the China day it holds until', () => {
    expect(dueDateOf('2026-02-06T16:00:00.000Z')).toBe('2026-02-06');
    expect(dueDateOf('2026-02-06T15:59:59.999Z')).toBe('2026-02-06');
    expect(chinaDateOf('2026-02-06T16:00:00.000Z')).toBe('2026-02-07');
  });

  it('makes a picked date due at the end of that China day, and shows it as that day again', () => {
    expect(deadlineOf('2026-03-10')).toBe('2026-03-10T16:00:00.000Z');
    expect(dueDateOf(deadlineOf('2026-03-10'))).toBe('2026-03-10');
  });

  it('writes a reporting period with its last day', () => {
    expect(formatPeriod('2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z')).toBe('2026-01-01 – 2026-01-31');
  });
});
