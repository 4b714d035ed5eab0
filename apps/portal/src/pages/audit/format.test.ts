import { describe, expect, it } from 'vitest';
import { formatChinaSeconds, specialActor } from './format';

describe('audit times and actors', () => {
  it('shows an instant as China time to the second, whatever the offset it came with', () => {
    expect(formatChinaSeconds('2026-12-31T16:00:09.500Z')).toBe('2027-01-01 00:00:09');
    expect(formatChinaSeconds('2026-06-01T08:05:03+08:00')).toBe('2026-06-01 08:05:03');
    expect(formatChinaSeconds('not a time')).toBe('not a time');
  });

  it('names the actors that are not people', () => {
    expect(specialActor('system')).toBe('audit.actor.system');
    expect(specialActor('anonymous')).toBe('audit.actor.anonymous');
    expect(specialActor('wang')).toBeNull();
  });
});
