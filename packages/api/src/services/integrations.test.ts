import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '@liandong/domain';
import { AppError } from '../errors';
import { newApiToken, newWebhookSecret, parseApiRateLimit, urlForAudit, webhookEventList, webhookUrl } from './integrations';

const refusalOf = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseApiRateLimit', () => {
  it('reads requests per seconds, and nothing else', () => {
    expect(parseApiRateLimit('120/60')).toEqual({ requests: 120, windowSeconds: 60 });
    expect(parseApiRateLimit(' 5 / 1 ')).toEqual({ requests: 5, windowSeconds: 1 });
    for (const bad of [undefined, '', '120', '0/60', '120/0', '-1/60', '1.5/60', '120/60s', 'many']) expect(parseApiRateLimit(bad), String(bad)).toBeUndefined();
  });
});

describe('webhookUrl', () => {
  it('keeps an http(s) address, normalised as it will be requested', () => {
    expect(webhookUrl('https://OA.Example.gov.cn/hook?x=1')).toBe('https://oa.example.gov.cn/hook?x=1');
    expect(webhookUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
  });

  it('says why any other address is refused', () => {
    expect(refusalOf(() => webhookUrl('javascript:alert(1)'))).toEqual({ code: 'BAD_INPUT', field: 'url', message: 'url must start with http:// or https:// (not javascript:)' });
    expect(refusalOf(() => webhookUrl('data:text/html,hi')).message).toContain('(not data:)');
    expect(refusalOf(() => webhookUrl('file:///etc/passwd')).message).toContain('(not file:)');
    expect(refusalOf(() => webhookUrl('//oa.example.gov.cn')).message).toContain('must be a web address');
    expect(refusalOf(() => webhookUrl('https://a:b@oa.example.gov.cn')).message).toContain('user name or password');
  });
});

describe('urlForAudit', () => {
  it('blanks query values, which often carry a key, and keeps the rest', () => {
    expect(urlForAudit('https://oapi.dingtalk.com/robot/send?access_token=abc123&x=1&x=2#frag')).toBe('https://oapi.dingtalk.com/robot/send?access_token=redacted&x=redacted');
    expect(urlForAudit('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
  });
});

describe('webhookEventList', () => {
  it('names the unknown event types and lists the valid ones', () => {
    const refused = refusalOf(() => webhookEventList(['report.due', 'report.lost']));
    expect(refused).toMatchObject({ code: 'BAD_INPUT', field: 'events' });
    expect(refused.message).toBe(`unknown event type "report.lost"; the event types are ${WEBHOOK_EVENT_TYPES.join(', ')}, or all`);
    expect(refused.message).toContain('assignment.assigned, report.due');
  });

  it('quotes at most five unknown names, each cut short', () => {
    const message = refusalOf(() => webhookEventList(Array.from({ length: 8 }, (_, i) => `x${i}${'y'.repeat(200)}`))).message;
    expect(message).toContain('and 3 more');
    expect(message.length).toBeLessThan(600);
  });

  it('takes all, a comma list (also with ，) or an array', () => {
    expect(webhookEventList('all')).toEqual(['all']);
    expect(webhookEventList('report.due，measure.closed')).toEqual(['report.due', 'measure.closed']);
    expect(webhookEventList(['measure.closed'])).toEqual(['measure.closed']);
  });
});

describe('new tokens and secrets', () => {
  it('makes tokens of ld_ and 43 base64url characters, never the same twice', () => {
    const made = new Set(Array.from({ length: 100 }, newApiToken));
    expect(made.size).toBe(100);
    for (const token of made) expect(token).toMatch(/^ld_[A-Za-z0-9_-]{43}$/);
  });

  it('makes Standard Webhooks secrets: whsec_ and the base64 of 24 bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
  });
});
