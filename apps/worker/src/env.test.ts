import { describe, expect, it } from 'vitest';
import { readWebhookSettings } from './env';

describe("the worker's webhook settings", () => {
  it('defaults to 10 failures, retries from 5 s doubling up to an hour, and 10 s per request', () => {
    expect(readWebhookSettings({})).toEqual({ maxFailures: 10, retryInitialMs: 5_000, retryMaxMs: 3_600_000, timeoutMs: 10_000 });
  });

  it('reads LIANDONG_WEBHOOK_* and never lets the cap fall below the first wait', () => {
    expect(readWebhookSettings({ LIANDONG_WEBHOOK_MAX_FAILURES: '3', LIANDONG_WEBHOOK_RETRY_INITIAL_MS: '200', LIANDONG_WEBHOOK_RETRY_MAX_MS: '1000', LIANDONG_WEBHOOK_TIMEOUT_MS: '2000' })).toEqual({
      maxFailures: 3,
      retryInitialMs: 200,
      retryMaxMs: 1_000,
      timeoutMs: 2_000,
    });
    expect(readWebhookSettings({ LIANDONG_WEBHOOK_RETRY_INITIAL_MS: '9000', LIANDONG_WEBHOOK_RETRY_MAX_MS: '1000' }).retryMaxMs).toBe(9_000);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => readWebhookSettings({ LIANDONG_WEBHOOK_MAX_FAILURES: '0' })).toThrow(/^LIANDONG_WEBHOOK_MAX_FAILURES: must be at least 1$/);
    expect(() => readWebhookSettings({ LIANDONG_WEBHOOK_TIMEOUT_MS: 'ten seconds' })).toThrow(/LIANDONG_WEBHOOK_TIMEOUT_MS: must be a number of milliseconds/);
    expect(() => readWebhookSettings({ LIANDONG_WEBHOOK_RETRY_INITIAL_MS: '1.5' })).toThrow(/LIANDONG_WEBHOOK_RETRY_INITIAL_MS: must be a whole number/);
  });
});
