import { describe, expect, it } from 'vitest';
import { addWebhookInput as addWebhookSchema, createApiTokenInput as createTokenSchema } from '@liandong/api';
import { WEBHOOK_EVENT_TYPES } from '@liandong/domain/integrations';
import type { FieldError } from '../../lib/errors';
import {
  addWebhookInput,
  createTokenInput,
  eventDescription,
  eventOptions,
  eventsLabel,
  integrationFieldErrors,
  localizeIntegrationError,
  mayChangeIntegrations,
  mergeDeliveryPages,
  nextBefore,
  pausedForFailures,
  tabOf,
  visibleEndpoints,
  type DeliveryPage,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './view';

function endpoint(id: string, changes: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id,
    agencyId: 7,
    agencyName: '市商务局',
    url: `https://oa.example.gov.cn/${id}`,
    events: ['all'],
    description: '',
    status: 'active',
    consecutiveFailures: 0,
    pausedAt: null,
    pausedReason: null,
    createdBy: 'admin',
    createdAt: '2026-12-01T02:00:00.000Z',
    secretPrefix: 'whsec_AbC',
    previousSecretExpiresAt: null,
    counts: { pending: 0, delivered: 0, cancelled: 0 },
    ...changes,
  };
}

function delivery(seq: number): WebhookDelivery {
  return {
    id: `msg_${String(seq).padStart(32, '0')}`,
    seq,
    eventType: 'report.due',
    createdAt: '2026-12-01T02:00:00.000Z',
    status: 'pending',
    attempts: 0,
    lastAttemptAt: null,
    lastStatusCode: null,
    lastResponse: null,
    lastError: null,
    deliveredAt: null,
    payload: { type: 'report.due', timestamp: '2026-12-01T02:00:00.000Z', data: {} },
  };
}

const page = (seqs: number[], next: number | null): DeliveryPage => ({ items: seqs.map(delivery), next });

/** What the router's own input schema says of `input`, as the API's BAD_REQUEST carries it in `data.fields`. */
function refusedFields(schema: typeof createTokenSchema | typeof addWebhookSchema, input: unknown): FieldError[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }));
}

describe('who changes integrations', () => {
  it('lets an admin change tokens and endpoints, and an admin who is also an auditor only read', () => {
    expect(mayChangeIntegrations(['admin'])).toBe(true);
    expect(mayChangeIntegrations(['officer', 'admin'])).toBe(true);
    expect(mayChangeIntegrations(['auditor', 'admin'])).toBe(false);
    expect(mayChangeIntegrations(['coordinator'])).toBe(false);
  });

  it('opens the token tab unless the address asks for the webhooks', () => {
    expect(tabOf(null)).toBe('tokens');
    expect(tabOf('webhooks')).toBe('webhooks');
    expect(tabOf('<script>')).toBe('tokens');
  });
});

describe('the endpoints an admin must look at', () => {
  it('calls out endpoints paused after failing, not those paused by hand or still trying', () => {
    const list = [
      endpoint('failing', { status: 'paused', consecutiveFailures: 10, pausedReason: '连续 10 次投递失败（HTTP 500）' }),
      endpoint('by-hand', { status: 'paused' }),
      endpoint('retrying', { consecutiveFailures: 3 }),
      endpoint('gone', { status: 'removed', consecutiveFailures: 4 }),
    ];
    expect(pausedForFailures(list).map((e) => e.id)).toEqual(['failing']);
  });

  it('leaves removed endpoints out of the list unless asked for', () => {
    const list = [endpoint('a'), endpoint('b', { status: 'removed' }), endpoint('c', { status: 'paused' })];
    expect(visibleEndpoints(list, false).map((e) => e.id)).toEqual(['a', 'c']);
    expect(visibleEndpoints(list, true).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('the events an endpoint subscribes to', () => {
  it('offers every public event type, described in the reader’s language', () => {
    expect(eventOptions('zh-CN').map((o) => o.value)).toEqual(WEBHOOK_EVENT_TYPES);
    expect(eventOptions('zh-CN').find((o) => o.value === 'measure.closed')?.label).toBe('办结：措施已销号办结');
    expect(eventOptions('en').find((o) => o.value === 'measure.closed')?.label).toBe('the measure was closed (销号)');
  });

  it('names a subscription to everything 全部事件, and lists the types otherwise', () => {
    expect(eventsLabel(['all'], 'zh-CN')).toEqual(['全部事件']);
    expect(eventsLabel(['all'], 'en')).toEqual(['All events']);
    expect(eventsLabel(['report.due', 'report.overdue'], 'zh-CN')).toEqual(['report.due', 'report.overdue']);
    expect(eventDescription('report.overdue', 'zh-CN')).toBe('逾期：报告已逾期未报');
    expect(eventDescription('toString', 'zh-CN')).toBeUndefined();
  });

  it('sends all alone when it is ticked, whatever else is, and the ticked types otherwise', () => {
    expect(addWebhookInput({ agency: 'gz-commerce', url: 'https://a.example/h', events: ['report.due', 'all'] }).events).toBe('all');
    expect(addWebhookInput({ agency: 'gz-commerce', url: 'https://a.example/h', events: ['report.due', 'report.overdue'], description: 'OA' })).toEqual({
      agency: 'gz-commerce',
      url: 'https://a.example/h',
      events: ['report.due', 'report.overdue'],
      description: 'OA',
    });
    // What the form sends passes the router's own schema.
    expect(addWebhookSchema.safeParse(addWebhookInput({ agency: 'gz-commerce', url: 'https://a.example/h', events: ['report.due'] })).success).toBe(true);
  });
});

describe('a new token', () => {
  it('expires at the end of the chosen China day, and never when no date is chosen', () => {
    expect(createTokenInput({ agency: 'gz-commerce', name: 'OA 系统', expiresAt: '2027-12-31' })).toEqual({ agency: 'gz-commerce', name: 'OA 系统', role: 'officer', expiresAt: '2027-12-31T16:00:00.000Z' });
    expect(createTokenInput({ agency: 'gz-commerce', name: 'OA 系统', role: 'coordinator', expiresAt: '' })).toEqual({ agency: 'gz-commerce', name: 'OA 系统', role: 'coordinator' });
    expect(createTokenSchema.safeParse(createTokenInput({ agency: 'gz-commerce', name: 'OA', expiresAt: '2027-12-31' })).success).toBe(true);
  });
});

describe('deliveries, a page at a time', () => {
  it('shows each delivery once, newest first, though pages overlap after new deliveries arrived', () => {
    const rows = mergeDeliveryPages([page([12, 11, 10], 10), page([10, 9, 8], 8), undefined]);
    expect(rows.map((d) => d.seq)).toEqual([12, 11, 10, 9, 8]);
  });

  it('offers 加载更多 only while the last page says more are older', () => {
    expect(nextBefore([page([12, 11], 11)])).toBe(11);
    expect(nextBefore([page([12, 11], 11), page([10], null)])).toBeNull();
    expect(nextBefore([])).toBeNull();
  });
});

describe('the server’s refusals, beside their fields', () => {
  it('says in Chinese what the router refuses of a token form, beside each field', () => {
    const fields = refusedFields(createTokenSchema, { agency: ' ', name: '', role: 'root', expiresAt: '2027-12-31' });
    expect(integrationFieldErrors(fields, ['agency', 'name', 'role', 'expiresAt'], 'zh-CN')).toEqual({
      byField: [
        { name: 'agency', errors: ['请选择单位'] },
        { name: 'name', errors: ['请填写名称'] },
        { name: 'role', errors: ['请选择身份'] },
        { name: 'expiresAt', errors: ['请选择有效期'] },
      ],
      other: [],
    });
  });

  it('says in Chinese what the router refuses of an endpoint form: lengths, unstorable text, events of the wrong kind', () => {
    const fields = refusedFields(addWebhookSchema, { agency: 'gz-commerce', url: 'h'.repeat(2001), events: 5, description: 'OA\u0000' });
    expect(integrationFieldErrors(fields, ['agency', 'url', 'events', 'description'], 'zh-CN').byField).toEqual([
      { name: 'url', errors: ['最多 2000 个字'] },
      { name: 'events', errors: ['请至少选择一种事件'] },
      { name: 'description', errors: ['含有无法保存的字符'] },
    ]);
  });

  it('says what the service refuses of a URL, an agency, events and an expiry (services/integrations.ts)', () => {
    const zh = (field: string, message: string) => localizeIntegrationError({ field, message }, 'zh-CN');
    expect(zh('url', 'url must start with http:// or https:// (not javascript:)')).toBe('推送地址须以 http:// 或 https:// 开头');
    expect(zh('url', 'url must be a web address such as https://oa.example.gov.cn/liandong/webhook ("not a url" is not one)')).toBe('这不是有效的网址，例如：https://oa.example.gov.cn/liandong/webhook');
    expect(zh('url', 'url must name a host')).toBe('推送地址缺少主机名');
    expect(zh('url', 'url must not contain a user name or password')).toBe('推送地址不能包含用户名或密码');
    expect(zh('agency', 'no agency with the code or name 市不存在局')).toBe('机构目录中没有该单位');
    expect(zh('events', 'unknown event types "report.late", "x"; the event types are assignment.assigned, report.due, or all')).toBe('未知的事件类型：report.late, x');
    expect(zh('events', 'events must name at least one event type: assignment.assigned, or all')).toBe('请至少选择一种事件');
    expect(zh('expiresAt', 'expiresAt must be in the future (it is 2020-01-01T00:00:00.000Z, now is 2026-12-01T00:00:00.000Z)')).toBe('有效期须晚于现在');
  });

  it('shows the server’s words in English, and words it does not know as sent, without the field repeated', () => {
    expect(localizeIntegrationError({ field: 'url', message: 'url must start with http:// or https:// (not ftp:)' }, 'en')).toBe('url must start with http:// or https:// (not ftp:)');
    expect(localizeIntegrationError({ field: 'url', message: 'url: resolves to nowhere' }, 'zh-CN')).toBe('resolves to nowhere');
  });

  it('shows a list element’s refusal on its list, and what no field holds above the form', () => {
    const { byField, other } = integrationFieldErrors(
      [
        { field: 'events.1', message: 'at most 100 characters are allowed' },
        { field: 'events.3', message: 'at most 100 characters are allowed' },
        { field: 'id', message: 'id must be an id (uuid)' },
        { field: '(input)', message: 'expected an object' },
      ],
      ['agency', 'url', 'events', 'description'],
      'zh-CN',
    );
    expect(byField).toEqual([{ name: 'events', errors: ['最多 100 个字'] }]);
    expect(other).toEqual(['id: id must be an id (uuid)', 'expected an object']);
  });
});
