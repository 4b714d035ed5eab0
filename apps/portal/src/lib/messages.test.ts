import { describe, expect, it } from 'vitest';
import { messages, pickLang, translate } from './messages';

describe('portal language', () => {
  it('speaks zh-CN unless English was asked for', () => {
    expect(pickLang('', null)).toBe('zh-CN');
    expect(pickLang('?lang=en', null)).toBe('en');
    expect(pickLang('', 'en')).toBe('en');
    expect(pickLang('?lang=zh-CN', 'en')).toBe('zh-CN');
    expect(pickLang('?lang=fr', null)).toBe('zh-CN');
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'agencies.count', { n: 99 })).toBe('共 99 个机构');
    expect(translate('en', 'agencies.count', { n: 3 })).toBe('3 agencies');
    // A value goes in as written: never as a replacement pattern, never as a placeholder filled in after it.
    expect(translate('zh-CN', 'user.signedInAs', { name: '$&', agency: '{name}' })).toBe('当前用户：$&（{name}）');
    expect(translate('zh-CN', 'user.signedInAs', { name: "$'$`", agency: '局' })).toBe("当前用户：$'$`（局）");
  });

  it('has every message in both languages', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages['zh-CN']).sort());
    for (const text of Object.values(messages.en)) expect(text.trim()).not.toBe('');
  });
});
