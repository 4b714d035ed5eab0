import { describe, expect, it } from 'vitest';
import { translate } from '../../lib/messages';
import { badgeText, notificationLink, notificationTitle } from './notifications';

describe('notification headings', () => {
  it('name each kind in both languages', () => {
    expect(translate('zh-CN', notificationTitle('report.returned'))).toBe('报告退回修改');
    expect(translate('en', notificationTitle('reminder.sent'))).toBe('Reminder (催办)');
  });

  it('give a plain heading for a kind not known here', () => {
    expect(notificationTitle('something.new')).toBe('notification.kind.other');
    expect(notificationTitle('constructor')).toBe('notification.kind.other');
  });
});

describe('notification link', () => {
  it('opens the measure page, or nothing without a measure', () => {
    expect(notificationLink({ measureId: 'a1b2' })).toBe('/measures/a1b2');
    expect(notificationLink({ measureId: null })).toBeNull();
    expect(notificationLink({ measureId: null, kind: 'circular.issued' })).toBe('/supervision?tab=circulars');
    expect(notificationLink({ measureId: null, kind: 'webhook.paused' })).toBeNull();
    expect(notificationTitle('webhook.paused')).toBe('notification.kind.webhook.paused');
    expect(notificationTitle('notice.issued')).toBe('notification.kind.notice.issued');
  });
});

describe('the bell badge', () => {
  it('shows nothing at zero and caps at 99+', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});
