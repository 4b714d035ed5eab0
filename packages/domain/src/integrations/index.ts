import { z } from 'zod';

/**
 * What other government systems (OA, 粤政易/浙政钉 work groups, data-sharing platforms) may subscribe to: the public
 * webhook event types, each with the measure events it is made from. Names are public API: never renamed.
 */
export const WEBHOOK_EVENTS = {
  'assignment.assigned': { zh: '交办：本单位被分配了措施或子任务', en: 'a measure or subtask was assigned to the agency' },
  'report.due': { zh: '报送提醒：本周期报告即将到期', en: "the cycle's report is due soon (催办)" },
  'report.submitted': { zh: '待审核：配合单位报送了进展（发给牵头单位或协调办）', en: 'a report arrived for the agency to review' },
  'report.overdue': { zh: '逾期：报告已逾期未报', en: 'the report is overdue' },
  'report.reviewed': { zh: '审核：报告已被采纳或退回', en: 'a report was accepted or returned' },
  'measure.escalated': { zh: '督办：督办事项提出或升级', en: 'an escalation was raised or climbed (督办)' },
  'measure.closed': { zh: '办结：措施已销号办结', en: 'the measure was closed (销号)' },
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
/** An endpoint subscribed to every event type, including any added later. */
export const ALL_WEBHOOK_EVENTS = 'all';

/** Whether an endpoint subscribed to `events` receives `type`. */
export const subscribes = (events: readonly string[], type: string): boolean => events.includes(ALL_WEBHOOK_EVENTS) || events.includes(type);

/** Reads `--events a,b` / `all`: the list, or the names that are not event types. */
export function parseWebhookEvents(value: string | readonly string[]): { events: string[] } | { unknown: string[] } {
  const names = (typeof value === 'string' ? value.split(/[,，\s]+/) : [...value]).map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.includes(ALL_WEBHOOK_EVENTS)) return { events: [ALL_WEBHOOK_EVENTS] };
  const unknown = names.filter((n) => !Object.hasOwn(WEBHOOK_EVENTS, n));
  if (unknown.length > 0 || names.length === 0) return { unknown: names.length === 0 ? [''] : unknown };
  return { events: [...new Set(names)] };
}

export { webhookEventsOf, type WebhookEventOf, type WebhookEventContext } from './events';

/** An API token's allowance as LIANDONG_API_RATE_LIMIT writes it: `120/60` → 120 requests per 60 seconds; undefined for anything else. */
export function parseApiRateLimit(value: string | undefined): { requests: number; windowSeconds: number } | undefined {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(value ?? '');
  if (!match) return undefined;
  const [requests, windowSeconds] = [Number(match[1]), Number(match[2])];
  return requests > 0 && windowSeconds > 0 ? { requests, windowSeconds } : undefined;
}

/** LIANDONG_API_RATE_LIMIT in a host's environment schema: unset, or `requests/seconds`. */
export const apiRateLimitSetting = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const parsed = parseApiRateLimit(value);
    if (!parsed) ctx.addIssue({ code: 'custom', message: 'must be requests/seconds, such as 120/60' });
    return parsed;
  });
