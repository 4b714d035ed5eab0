import { describe, expect, it } from 'vitest';
import { translate } from '../../lib/messages';
import { daysLeftMessage, dueDay, urgencyOf } from './deadline';

const say = (deadline: Parameters<typeof daysLeftMessage>[0], lang: 'zh-CN' | 'en' = 'zh-CN') => {
  const { key, vars } = daysLeftMessage(deadline);
  return translate(lang, key, vars);
};

describe('deadline urgency', () => {
  it('is overdue once the deadline passed, whatever the days left say', () => {
    expect(urgencyOf({ daysLeft: -2, overdue: true })).toBe('overdue');
    expect(urgencyOf({ daysLeft: 0, overdue: true })).toBe('overdue');
  });

  it('is today on the due day, soon within three working days, later after that', () => {
    expect(urgencyOf({ daysLeft: 0, overdue: false })).toBe('today');
    expect(urgencyOf({ daysLeft: 1, overdue: false })).toBe('soon');
    expect(urgencyOf({ daysLeft: 3, overdue: false })).toBe('soon');
    expect(urgencyOf({ daysLeft: 4, overdue: false })).toBe('later');
  });

  it('is none without a deadline', () => {
    expect(urgencyOf(null)).toBe('none');
  });
});

describe('days left in words', () => {
  it('counts working days left and overdue in Chinese', () => {
    expect(say({ daysLeft: 5, overdue: false })).toBe('剩 5 个工作日');
    expect(say({ daysLeft: 0, overdue: false })).toBe('今天到期');
    expect(say({ daysLeft: -3, overdue: true })).toBe('逾期 3 个工作日');
    expect(say({ daysLeft: 0, overdue: true })).toBe('已逾期');
    expect(say(null)).toBe('无截止时间');
  });

  it('says the same in English', () => {
    expect(say({ daysLeft: 5, overdue: false }, 'en')).toBe('5 working days left');
    expect(say({ daysLeft: 1, overdue: false }, 'en')).toBe('1 working day left');
    expect(say({ daysLeft: -1, overdue: true }, 'en')).toBe('Overdue by 1 working day');
    expect(say({ daysLeft: -4, overdue: true }, 'en')).toBe('Overdue by 4 working days');
  });
});

describe('due day', () => {
  it('is the China date of the day the deadline ends', () => {
    // End of 4 December 2026 in China is 16:00 UTC that day.
    expect(dueDay('2026-12-04T16:00:00.000Z')).toBe('2026-12-04');
    expect(dueDay('2026-12-04T10:00:00.000Z')).toBe('2026-12-04');
  });

  it('is null without a deadline or for a date it cannot read', () => {
    expect(dueDay(null)).toBeNull();
    expect(dueDay('not a date')).toBeNull();
  });
});
