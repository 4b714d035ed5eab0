import { describe, expect, it } from 'vitest';
import { abbreviate, verificationReason } from './verification';

describe('a verification’s reason in the reader’s language', () => {
  it('says in Chinese what the verifier found, with the ids it names', () => {
    expect(verificationReason('its content does not match its hash', 'zh-CN')).toBe('其内容与其哈希不符：事件被改动');
    expect(verificationReason('its previous-hash link does not match the event before it', 'zh-CN')).toBe('其前序哈希与上一事件的哈希不衔接：链在此断开');
    expect(verificationReason('checkpoint #3 has an invalid signature: the checkpoints were rewritten', 'zh-CN')).toBe('检查点 #3 签名无效：检查点被改写');
    expect(verificationReason('event 1200, anchored by checkpoint #7, is missing', 'zh-CN')).toBe('检查点 #7 锚定的事件 #1200 缺失');
    expect(verificationReason('the events after id 88 are missing: checkpoint #2 (2026-01-01T02:03:04.000Z) anchored 120 events up to id 120', 'zh-CN')).toBe(
      '事件 #88 之后的事件缺失：检查点 #2（2026-01-01 10:03）锚定了截至事件 #120 的 120 条事件',
    );
    expect(
      verificationReason('the log holds 99 events up to id 100, checkpoint #4 anchored 100: events before it were removed or added (verify from the start to find which)', 'zh-CN'),
    ).toBe('截至事件 #100 日志有 99 条事件，检查点 #4 锚定的是 100 条：此前有事件被删除或插入（从头校验可找出是哪一条）');
  });

  it('keeps the verifier’s own words in English, and for a reason it does not know', () => {
    expect(verificationReason('its content does not match its hash', 'en')).toBe('its content does not match its hash');
    expect(verificationReason('a reason added later', 'zh-CN')).toBe('a reason added later');
    // Only the whole wording: a reason that merely contains a known one is not mistranslated.
    expect(verificationReason('note: its content does not match its hash', 'zh-CN')).toBe('note: its content does not match its hash');
  });
});

describe('abbreviated hashes', () => {
  it('keeps the start and the end, and short text whole', () => {
    expect(abbreviate('0123456789abcdef0123456789abcdef')).toBe('01234567…cdef');
    expect(abbreviate('measure-0123456789abcdef', 14, 4)).toBe('measure-012345…cdef');
    expect(abbreviate('measure-0123456789', 14, 4)).toBe('measure-0123456789');
    expect(abbreviate('short')).toBe('short');
    expect(abbreviate('0123456789abc')).toBe('0123456789abc');
  });
});
