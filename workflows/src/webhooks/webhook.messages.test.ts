import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SETTINGS, webhookRetryDelayMs } from './webhook.messages';

describe('the wait before retrying a webhook', () => {
  it('starts at the initial wait, doubles with every failure in a row and stops at the cap', () => {
    const settings = { retryInitialMs: 200, retryMaxMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((failures) => webhookRetryDelayMs(settings, failures))).toEqual([200, 400, 800, 1_000, 1_000]);
  });

  it('stays at the hour cap for an endpoint that has failed for days', () => {
    expect(webhookRetryDelayMs(DEFAULT_WEBHOOK_SETTINGS, 10_000)).toBe(3_600_000);
  });
});
