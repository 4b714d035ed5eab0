import { describe, expect, it } from 'vitest';
import { messages, type MessageKey } from '../../lib/messages';
import { actionMessage, actionOptions, isRefusal } from './actions';

const zh = (key: MessageKey) => messages['zh-CN'][key];

describe('audit actions in words', () => {
  it('words the measure workflow’s events as the measure page does, and the log’s other actions here', () => {
    expect(zh(actionMessage('report.returned')!)).toBe('报告退回修改');
    expect(zh(actionMessage('auth.sign_in_failed')!)).toBe('登录失败');
    expect(zh(actionMessage('access.forbidden')!)).toBe('越权访问被拒绝');
    expect(messages.en[actionMessage('audit.verified')!]).toBe('Verified the audit chain');
  });

  it('leaves an action it does not know as recorded, whatever its name', () => {
    expect(actionMessage('something.new')).toBeNull();
    expect(actionMessage('constructor')).toBeNull();
    expect(actionMessage('__proto__')).toBeNull();
    expect(actionMessage('hasOwnProperty')).toBeNull();
  });

  it('tags failed sign-ins and forbidden attempts as refusals, nothing else', () => {
    expect(isRefusal('auth.sign_in_failed')).toBe(true);
    expect(isRefusal('access.forbidden')).toBe(true);
    expect(isRefusal('report.returned')).toBe(false);
    expect(isRefusal('audit.verified')).toBe(false);
  });

  it('offers each action with its words and its raw name, and keeps an action the URL names', () => {
    const options = actionOptions(['access.forbidden', 'brand.new'], zh, 'gone.action');
    expect(options.map((o) => [o.value, o.label])).toEqual([
      ['gone.action', 'gone.action'],
      ['access.forbidden', '越权访问被拒绝 · access.forbidden'],
      ['brand.new', 'brand.new'],
    ]);
    expect(options[1]!.search).toBe('越权访问被拒绝 · access.forbidden');
    expect(actionOptions(['access.forbidden'], zh, 'access.forbidden')).toHaveLength(1);
  });
});
