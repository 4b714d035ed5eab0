import { describe, expect, it } from 'vitest';
import { formatChinaDateTime, formatTimeAgo } from './relativeTime';

const now = new Date('2026-12-01T02:00:00Z'); // 10:00 in China

describe('time ago', () => {
  it('says just now within a minute, and for a clock a little ahead', () => {
    expect(formatTimeAgo('2026-12-01T01:59:30Z', now, 'zh-CN')).toBe('刚刚');
    expect(formatTimeAgo('2026-12-01T02:00:05Z', now, 'en')).toBe('just now');
  });

  it('counts minutes, hours and days in the reader’s language', () => {
    expect(formatTimeAgo('2026-12-01T01:55:00Z', now, 'zh-CN')).toBe('5分钟前');
    expect(formatTimeAgo('2026-12-01T01:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatTimeAgo('2026-11-30T23:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(formatTimeAgo('2026-11-29T02:00:00Z', now, 'zh-CN')).toBe('2天前');
  });

  it('gives the China date and time after a week', () => {
    expect(formatTimeAgo('2026-11-20T16:30:00Z', now, 'en')).toBe('2026-11-21 00:30');
  });

  it('shows what it cannot read as it came', () => {
    expect(formatTimeAgo('yesterday', now, 'en')).toBe('yesterday');
    expect(formatChinaDateTime('soon')).toBe('soon');
  });
});
