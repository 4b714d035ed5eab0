import { describe, expect, it } from 'vitest';
import { apiFailure, fieldsUnder, isRetryable, localizeMessage } from './errors';

describe('server errors in the portal', () => {
  it('reads the code, the message and the fields of a tRPC error', () => {
    const error = Object.assign(new Error('text: the plan text is empty'), {
      data: { code: 'BAD_REQUEST', httpStatus: 400, fields: [{ field: 'text', message: 'the plan text is empty' }, { bogus: 1 }] },
    });
    expect(apiFailure(error)).toEqual({ code: 'BAD_REQUEST', message: 'text: the plan text is empty', fields: [{ field: 'text', message: 'the plan text is empty' }] });
    expect(apiFailure(new Error('Failed to fetch'))).toEqual({ code: null, message: 'Failed to fetch', fields: [] });
  });

  it('retries only what a retry can fix', () => {
    expect(isRetryable({ data: { httpStatus: 401 } })).toBe(false);
    expect(isRetryable({ data: { httpStatus: 503 } })).toBe(true);
    expect(isRetryable(new Error('Failed to fetch'))).toBe(true);
  });

  it('shows the half of a bilingual message in the reader’s language', () => {
    const throttled = '登录失败次数过多，请 15 分钟后再试 / too many failed sign-in attempts; try again in 15 min (after 2026-01-01T00:00:00Z)';
    expect(localizeMessage(throttled, 'zh-CN')).toBe('登录失败次数过多，请 15 分钟后再试');
    expect(localizeMessage(throttled, 'en')).toBe('too many failed sign-in attempts; try again in 15 min (after 2026-01-01T00:00:00Z)');
    expect(localizeMessage('please sign in (请先登录)', 'en')).toBe('please sign in (请先登录)');
    expect(localizeMessage('a / b', 'zh-CN')).toBe('a / b');
  });

  it('groups field errors under a prefix', () => {
    const fields = [
      { field: 'measures.1.leadCodes.0', message: 'unknown agency code "x"' },
      { field: 'meta.title', message: 'a plan needs a title' },
    ];
    expect([...fieldsUnder(fields, 'measures.')]).toEqual([['1.leadCodes.0', 'unknown agency code "x"']]);
  });
});
