// What the integrations page (接口与推送) shows, as pure functions: who may change things, the paused endpoints
// that need an admin, the events as the form offers them, what a form sends, and the server's refusals in words.
import { ALL_WEBHOOK_EVENTS, WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from '@liandong/domain/integrations';
import type { Outputs, Role } from '../../lib/api';
import type { FieldError } from '../../lib/errors';
import { translate, type Lang } from '../../lib/messages';
import { deadlineOf } from '../measure/format';

export type ApiToken = Outputs['apiToken']['list'][number];
export type WebhookEndpoint = Outputs['webhook']['list'][number];
export type WebhookDelivery = Outputs['webhook']['deliveries']['items'][number];
export type DeliveryPage = Outputs['webhook']['deliveries'];

/** An admin changes tokens and endpoints; an admin who is also an auditor only reads (the API refuses the rest). */
export const mayChangeIntegrations = (roles: readonly Role[]): boolean => roles.includes('admin') && !roles.includes('auditor');

/** The tab in the URL (`?tab=webhooks`); API tokens otherwise. */
export type IntegrationsTab = 'tokens' | 'webhooks';
export const tabOf = (param: string | null): IntegrationsTab => (param === 'webhooks' ? 'webhooks' : 'tokens');

/**
 * Endpoints the delivery workflow paused after failing again and again: an admin must look at them. An endpoint an
 * admin paused by hand without failures is only 已暂停 in its row.
 */
export const pausedForFailures = (endpoints: readonly WebhookEndpoint[]): WebhookEndpoint[] =>
  endpoints.filter((e) => e.status === 'paused' && e.consecutiveFailures > 0);

/** Removed endpoints stay out of the list unless asked for; the newest first, as the service lists them. */
export const visibleEndpoints = (endpoints: readonly WebhookEndpoint[], showRemoved: boolean): WebhookEndpoint[] =>
  showRemoved ? [...endpoints] : endpoints.filter((e) => e.status !== 'removed');

export interface EventOption {
  value: string;
  /** The description in the reader's language. */
  label: string;
}

/** The event types an endpoint may subscribe to, as the form's checkboxes; `all` is offered apart from them. */
export const eventOptions = (lang: Lang): EventOption[] => WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: eventDescription(type, lang)! }));

/** An endpoint's subscription in a cell: 全部事件, or the event types. */
export function eventsLabel(events: readonly string[], lang: Lang): string[] {
  if (events.includes(ALL_WEBHOOK_EVENTS)) return [translate(lang, 'integrations.webhooks.allEvents')];
  return [...events];
}

/** What an event type means, in the reader's language (a tag's tooltip); undefined for what is no event type. */
export const eventDescription = (type: string, lang: Lang): string | undefined =>
  Object.hasOwn(WEBHOOK_EVENTS, type) ? WEBHOOK_EVENTS[type as keyof typeof WEBHOOK_EVENTS][lang === 'en' ? 'en' : 'zh'] : undefined;

export interface TokenFormValues {
  agency?: string;
  name?: string;
  role?: 'officer' | 'coordinator';
  /** A China date (`2027-12-31`) from the date field, or empty for no expiry. */
  expiresAt?: string;
}

/** `apiToken.create`'s input: the expiry date is the end of that China day. */
export function createTokenInput(values: TokenFormValues) {
  const expires = values.expiresAt?.trim();
  return {
    agency: values.agency ?? '',
    name: values.name ?? '',
    role: values.role ?? 'officer',
    ...(expires ? { expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(expires) ? deadlineOf(expires) : expires } : {}),
  };
}

export interface WebhookFormValues {
  agency?: string;
  url?: string;
  /** `['all']`, or event types. */
  events?: string[];
  description?: string;
}

/** `webhook.add`'s input: `all` alone when it is ticked, whatever else is. */
export function addWebhookInput(values: WebhookFormValues) {
  const events = values.events ?? [];
  return {
    agency: values.agency ?? '',
    url: values.url ?? '',
    events: events.includes(ALL_WEBHOOK_EVENTS) ? ALL_WEBHOOK_EVENTS : events,
    description: values.description ?? '',
  };
}

/** The pages of deliveries loaded so far as one list, newest first, each delivery once. */
export function mergeDeliveryPages(pages: readonly (DeliveryPage | undefined)[]): WebhookDelivery[] {
  const seen = new Set<string>();
  const items: WebhookDelivery[] = [];
  for (const page of pages) {
    for (const item of page?.items ?? []) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items.sort((a, b) => b.seq - a.seq);
}

/** Where the next page starts (`before`), when the last page loaded says there is one. */
export const nextBefore = (pages: readonly (DeliveryPage | undefined)[]): number | null => pages.at(-1)?.next ?? null;

/** Deadline of the previous secret after a rotation, or a day from `now` when the answer does not say. */
export const previousSecretUntil = (endpoint: Pick<WebhookEndpoint, 'previousSecretExpiresAt'>, now: number): string =>
  endpoint.previousSecretExpiresAt ?? new Date(now + 86_400_000).toISOString();

// ---- the server's refusals, beside their fields -----------------------------------------------------------

const ZH: [field: RegExp, message: RegExp, say: (m: RegExpExecArray, lang: Lang) => string][] = [
  [/^agency$/, /is required|must not be empty/, (_, l) => translate(l, 'integrations.error.agencyRequired')],
  [/^agency$/, /^no agency with|not in the (agency )?directory/i, (_, l) => translate(l, 'integrations.error.agencyUnknown')],
  [/^name$/, /is required|must not be empty/, (_, l) => translate(l, 'integrations.error.nameRequired')],
  [/^role$/, /officer or coordinator/, (_, l) => translate(l, 'integrations.error.role')],
  [/^expiresAt$/, /in the future/, (_, l) => translate(l, 'integrations.error.expiresPast')],
  [/^expiresAt$/, /ISO 8601/, (_, l) => translate(l, 'integrations.error.expiresAt')],
  [/^url$/, /is required|must not be empty/, (_, l) => translate(l, 'integrations.error.urlRequired')],
  [/^url$/, /must be a web address/, (_, l) => translate(l, 'integrations.error.urlInvalid')],
  [/^url$/, /must start with http:\/\/ or https:\/\//, (_, l) => translate(l, 'integrations.error.urlScheme')],
  [/^url$/, /must name a host/, (_, l) => translate(l, 'integrations.error.urlHost')],
  [/^url$/, /user name or password/, (_, l) => translate(l, 'integrations.error.urlCredentials')],
  [/^events/, /^unknown event types? (.*?)(?:; the event types are|$)/, (m, l) => translate(l, 'integrations.error.eventsUnknown', { names: (m[1] ?? '').replaceAll('"', '') })],
  [/^events/, /at least one event type|must be a list of event types/, (_, l) => translate(l, 'integrations.error.eventsRequired')],
  [/./, /at most (\d+) characters/, (m, l) => translate(l, 'integrations.error.tooLong', { n: m[1] ?? '' })],
  [/./, /cannot be stored/, (_, l) => translate(l, 'integrations.error.unstorable')],
];

/**
 * A refused field's message in plain Chinese where the server's words are known; in English, and for what is not
 * known, as the server sent it (it names the problem and the allowed values).
 */
export function localizeIntegrationError({ field, message }: FieldError, lang: Lang): string {
  const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  if (lang === 'en') return text;
  for (const [fieldPattern, messagePattern, say] of ZH) {
    if (!fieldPattern.test(field)) continue;
    const match = messagePattern.exec(text);
    if (match) return say(match, lang);
  }
  return text;
}

/**
 * The refused fields a form shows beside its fields (`events.1` on `events`) and the rest, above the form.
 * `onForm` names the form's fields.
 */
export function integrationFieldErrors(fields: readonly FieldError[], onForm: readonly string[], lang: Lang): { byField: { name: string; errors: string[] }[]; other: string[] } {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const error of fields) {
    const name = error.field.split('.')[0] ?? '';
    const text = localizeIntegrationError(error, lang);
    if (!onForm.includes(name)) {
      other.push(error.field === '(input)' ? text : `${error.field}: ${text}`);
      continue;
    }
    const errors = byField.get(name) ?? [];
    if (!errors.includes(text)) errors.push(text);
    byField.set(name, errors);
  }
  return { byField: [...byField].map(([name, errors]) => ({ name, errors })), other };
}
