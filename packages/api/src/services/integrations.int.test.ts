import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { WEBHOOK_ENDPOINT_WORKFLOW_TYPE, webhookEndpointWorkflowId } from '@liandong/workflows';
import { AppError } from '../errors';
import { createApiTokenService, createWebhookService, type ApiTokenService, type IntegrationDeps, type WebhookService } from './integrations';
import type { ServiceLogger } from './logger';

let t: TestDatabase;
let connection: Connection;
let temporal: Client;
let deps: IntegrationDeps;
let tokens: ApiTokenService;
let webhooks: WebhookService;
// No worker serves this queue: a woken endpoint's workflow is started and waits, which is what these tests look at.
const taskQueue = `api-integrations-${randomUUID()}`;
const BY = 'shell:tester';

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  // As the app role: the privileges the running system has on the new tables.
  deps = { db: t.appDb, temporal, taskQueue };
  tokens = createApiTokenService(deps);
  webhooks = createWebhookService(deps);
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** What a refused call threw: its code, field and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; field: string | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

const count = async (table: 'apiTokens' | 'webhookEndpoints' | 'auditEvents') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const auditOf = (action: string, subjectId: string) =>
  t.db.selectFrom('auditEvents').select(['actor', 'actorAgencyId', 'action', 'subjectType', 'subjectId', 'payload']).where('action', '=', action).where('subjectId', '=', subjectId).orderBy('id').execute();

/** A clock the test moves. */
function testClock(start = new Date()) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe('API tokens', () => {
  it('creates a token shown once, stores only its sha256, and audits the creation without the token', async () => {
    const { token, summary } = await tokens.create({ agency: 'gz-commerce', name: 'OA 系统' }, BY);
    expect(token).toMatch(/^ld_[A-Za-z0-9_-]{43}$/);
    expect(summary).toMatchObject({ agencyName: '市商务局', role: 'officer', name: 'OA 系统', prefix: token.slice(0, 10), createdBy: BY, expiresAt: null, revokedAt: null, useCount: 0, state: 'active' });
    const row = await t.db.selectFrom('apiTokens').selectAll().where('id', '=', summary.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const [event, ...more] = await auditOf('api.token_created', summary.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor: BY, actorAgencyId: null, subjectType: 'api_token', payload: { name: 'OA 系统', role: 'officer', prefix: token.slice(0, 10) } });
    expect(JSON.stringify(event)).not.toContain(token);
  });

  it('finds the agency by code, official name or listed short name, as a coordinator office when asked', async () => {
    const byName = await tokens.create({ agency: '市商务局', name: 'by name' }, BY);
    const byShortName = await tokens.create({ agency: '广州市商务局', name: 'by short name', role: 'coordinator' }, BY);
    expect([byName.summary.agencyName, byShortName.summary.agencyName]).toEqual(['市商务局', '市商务局']);
    expect(byShortName.summary.role).toBe('coordinator');
    const check = await tokens.authenticate(`Bearer ${byShortName.token}`);
    expect(check.ok && check.principal.actor.roles).toEqual(['coordinator']);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const tokensBefore = await count('apiTokens');
    const eventsBefore = await count('auditEvents');
    const cases: [unknown, string, RegExp][] = [
      [{ agency: 'no-such-agency', name: 'x' }, 'agency', /no agency with the code or name no-such-agency/],
      [{ agency: '', name: 'x' }, 'agency', /agency is required/],
      [{ agency: 'gz-commerce', name: 'OA\u0000' }, 'name', /cannot be stored/],
      [{ agency: 'gz-commerce', name: 'x'.repeat(10_000) }, 'name', /at most 100 characters/],
      [{ agency: 'gz-commerce', name: '   ' }, 'name', /must not be empty/],
      [{ agency: 'gz-commerce', name: 'x', role: 'admin' }, 'role', /officer or coordinator/],
      [{ agency: 'gz-commerce', name: 'x', role: 'auditor' }, 'role', /officer or coordinator/],
      [{ agency: 'gz-commerce', name: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', /must be in the future/],
      [{ agency: 'gz-commerce', name: 'x', expiresAt: 'next tuesday' }, 'expiresAt', /ISO 8601/],
      [{ agency: 'gz-commerce', name: 'x', expiresAt: '2099-13-45T00:00:00Z' }, 'expiresAt', /ISO 8601/],
      [{ name: 'x' }, 'agency', /agency is required/],
    ];
    for (const [input, field, message] of cases) {
      const seen = await refusal(tokens.create(input as never, BY));
      expect(seen, JSON.stringify(input).slice(0, 80)).toMatchObject({ code: 'BAD_INPUT', field });
      expect(seen.message).toMatch(message);
    }
    expect(await count('apiTokens')).toBe(tokensBefore);
    expect(await count('auditEvents')).toBe(eventsBefore);
  });

  it('says why a token is not accepted: missing, malformed or unknown', async () => {
    const { token } = await tokens.create({ agency: 'gz-data', name: 'shapes' }, BY);
    expect(await tokens.authenticate(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(await tokens.authenticate('  ')).toEqual({ ok: false, reason: 'missing' });
    for (const header of [token, `Basic ${token}`, 'Bearer', 'Bearer ld_short', `Bearer ${token}x`, `Bearer ${token} ${token}`, `Bearer ${token.slice(0, -1)}\u0000`, `Bearer ${'x'.repeat(10_000)}`]) {
      expect(await tokens.authenticate(header), header.slice(0, 40)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(await tokens.authenticate(`Bearer ld_${randomBytes(32).toString('base64url')}`)).toEqual({ ok: false, reason: 'unknown' });
    // The scheme is case-insensitive (RFC 6750).
    expect((await tokens.authenticate(`bearer ${token}`)).ok).toBe(true);
  });

  it("acts as its agency's officer, never more, and is refused on the very next request once revoked", async () => {
    const { token, summary } = await tokens.create({ agency: 'gz-data', name: 'OA 数据局' }, BY);
    const agency = await t.db.selectFrom('agencies').select('id').where('code', '=', 'gz-data').executeTakeFirstOrThrow();
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({
      ok: true,
      principal: { tokenId: summary.id, actor: { userId: `token:${summary.id}`, username: 'token:OA 数据局', displayName: '接口令牌 OA 数据局', agencyId: agency.id, roles: ['officer'] } },
    });
    const revoked = await tokens.revoke(summary.id, 'admin.li');
    expect(revoked).toMatchObject({ state: 'revoked', revokedBy: 'admin.li' });
    expect(await tokens.authenticate(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'revoked', principal: { tokenId: expect.any(String) } });
    // Again: nothing changes, nothing more is recorded.
    const again = await tokens.revoke(summary.id, 'someone.else');
    expect(again).toMatchObject({ state: 'revoked', revokedBy: 'admin.li', revokedAt: revoked.revokedAt });
    expect(await auditOf('api.token_revoked', summary.id)).toHaveLength(1);
  });

  it('refuses to revoke an unknown or malformed id', async () => {
    expect(await refusal(tokens.revoke(randomUUID(), BY))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(tokens.revoke('1; drop table api_tokens', BY))).toMatchObject({ code: 'BAD_INPUT', field: 'id' });
  });

  it('stops accepting a token when it expires, and lists it as expired', async () => {
    const clock = testClock();
    const timed = createApiTokenService({ ...deps, clock: clock.now });
    const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const { token, summary } = await timed.create({ agency: 'gz-data', name: 'for an hour', expiresAt }, BY);
    expect(summary).toMatchObject({ state: 'active', expiresAt });
    expect((await timed.authenticate(`Bearer ${token}`)).ok).toBe(true);
    clock.advance(3_600_000);
    expect(await timed.authenticate(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'expired', principal: { tokenId: expect.any(String) } });
    expect((await timed.list()).find((s) => s.id === summary.id)?.state).toBe('expired');
  });

  it('lists tokens newest first, with their agency and state, never the token', async () => {
    const first = await tokens.create({ agency: 'gz-finance', name: 'list one' }, BY);
    const second = await tokens.create({ agency: 'gz-finance', name: 'list two' }, BY);
    await tokens.revoke(first.summary.id, BY);
    const listed = await tokens.list();
    const ids = listed.map((s) => s.id);
    expect(ids.indexOf(second.summary.id)).toBeLessThan(ids.indexOf(first.summary.id));
    expect(listed.find((s) => s.id === first.summary.id)).toMatchObject({ state: 'revoked', agencyName: '市财政局' });
    expect(listed.find((s) => s.id === second.summary.id)).toMatchObject({ state: 'active', agencyName: '市财政局' });
    expect(JSON.stringify(listed)).not.toContain(second.token);
  });

  it('rate-limits each token on its own, saying when to retry', async () => {
    const clock = testClock();
    const limited = createApiTokenService({ ...deps, clock: clock.now, rateLimit: { requests: 3, windowSeconds: 60 } });
    const [a, b] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 3; i += 1) {
      expect(limited.takeRequest(a)).toEqual({ ok: true });
      clock.advance(1000);
    }
    expect(limited.takeRequest(a)).toEqual({ ok: false, retryAfterSeconds: 57 });
    expect(limited.takeRequest(b)).toEqual({ ok: true });
    clock.advance(30_000);
    expect(limited.takeRequest(a)).toEqual({ ok: false, retryAfterSeconds: 27 });
    // The first request leaves the window: one more is allowed, the next is not.
    clock.advance(27_000);
    expect(limited.takeRequest(a)).toEqual({ ok: true });
    expect(limited.takeRequest(a)).toMatchObject({ ok: false });
  });

  it('audits every use and counts it on the token', async () => {
    const { token, summary } = await tokens.create({ agency: 'gz-data', name: '浙政钉 bridge' }, BY);
    const check = await tokens.authenticate(`Bearer ${token}`);
    if (!check.ok) throw new Error(check.reason);
    await tokens.recordUse(check.principal, { method: 'GET', path: '/api/v1/assignments', status: 200, ip: '192.0.2.7', operation: 'listAssignments' });
    await tokens.recordUse(check.principal, { method: 'POST', path: '/api/v1/x\u0000y', status: 404, ip: null, operation: null });
    const events = await auditOf('api.token_used', summary.id);
    expect(events).toEqual([
      {
        actor: 'token:浙政钉 bridge',
        actorAgencyId: check.principal.actor.agencyId,
        action: 'api.token_used',
        subjectType: 'api_token',
        subjectId: summary.id,
        payload: { tokenId: summary.id, tokenName: '浙政钉 bridge', method: 'GET', path: '/api/v1/assignments', status: 200, ip: '192.0.2.7', operation: 'listAssignments' },
      },
      expect.objectContaining({ payload: expect.objectContaining({ path: '/api/v1/x\uFFFDy', status: 404, ip: null, operation: null }) }),
    ]);
    const listed = (await tokens.list()).find((s) => s.id === summary.id)!;
    expect(listed.useCount).toBe(2);
    expect(listed.lastUsedAt).not.toBeNull();
  });
});

/** A delivery in the endpoint's outbox, as the measure activities write it. */
async function queueDelivery(endpointId: string, status: 'pending' | 'delivered' = 'pending') {
  const id = `msg_${randomBytes(16).toString('hex')}`;
  const payload = { type: 'report.due', timestamp: new Date().toISOString(), data: { cycle_index: 1, measureId: randomUUID() } };
  const row = await t.db
    .insertInto('webhookDeliveries')
    .values({ id, endpointId, dedupeKey: `test:${id}`, eventType: 'report.due', payload: JSON.stringify(payload), status, ...(status === 'delivered' ? { attempts: 1, deliveredAt: new Date(), lastStatusCode: 200 } : {}) })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return { id, seq: Number(row.seq), payload };
}

describe('webhook endpoints', () => {
  it('adds an endpoint with a Standard Webhooks secret shown once, audits it without the secret, and starts its workflow', async () => {
    const { secret, endpoint } = await webhooks.add({ agency: 'gz-data', url: 'https://oa.example.gov.cn/liandong/hook', events: 'assignment.assigned, report.due', description: 'OA 推送' }, BY);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(endpoint).toMatchObject({
      agencyName: '市政务和数据局',
      url: 'https://oa.example.gov.cn/liandong/hook',
      events: ['assignment.assigned', 'report.due'],
      description: 'OA 推送',
      status: 'active',
      consecutiveFailures: 0,
      secretPrefix: secret.slice(0, 10),
      previousSecretExpiresAt: null,
      counts: { pending: 0, delivered: 0, cancelled: 0 },
    });
    const [event] = await auditOf('webhook.added', endpoint.id);
    expect(event).toMatchObject({ actor: BY, subjectType: 'webhook_endpoint', payload: { url: endpoint.url, events: endpoint.events } });
    expect(JSON.stringify(event)).not.toContain(secret);
    const described = await temporal.workflow.getHandle(webhookEndpointWorkflowId(endpoint.id)).describe();
    expect({ type: described.type, status: described.status.name, taskQueue: described.taskQueue }).toEqual({ type: WEBHOOK_ENDPOINT_WORKFLOW_TYPE, status: 'RUNNING', taskQueue });
  });

  it('takes every event type as all, and a list as given', async () => {
    expect((await webhooks.add({ agency: 'gz-data', url: 'http://127.0.0.1:9/all', events: 'all' }, BY)).endpoint.events).toEqual(['all']);
    expect((await webhooks.add({ agency: 'gz-data', url: 'http://127.0.0.1:9/list', events: ['measure.closed', 'measure.closed', 'report.overdue'] }, BY)).endpoint.events).toEqual(['measure.closed', 'report.overdue']);
  });

  it('refuses a bad url, unknown events or agency naming the field and saying why, and stores nothing', async () => {
    const before = await count('webhookEndpoints');
    const eventsBefore = await count('auditEvents');
    const base = { agency: 'gz-data', url: 'https://oa.example.gov.cn/hook', events: 'all' };
    const cases: [unknown, string, RegExp][] = [
      [{ ...base, url: 'javascript:alert(1)' }, 'url', /must start with http:\/\/ or https:\/\/ \(not javascript:\)/],
      [{ ...base, url: 'ftp://files.example.gov.cn/x' }, 'url', /must start with http:\/\/ or https:\/\//],
      [{ ...base, url: 'oa.example.gov.cn/hook' }, 'url', /must be a web address/],
      [{ ...base, url: 'https://user:secret@oa.example.gov.cn/hook' }, 'url', /user name or password/],
      [{ ...base, url: `https://oa.example.gov.cn/${'推'.repeat(1500)}` }, 'url', /at most 2000 characters once encoded/],
      [{ ...base, url: 'https://oa.example.gov.cn/\u0000' }, 'url', /cannot be stored/],
      [{ ...base, url: `https://${'a'.repeat(10_000)}.cn/` }, 'url', /at most 2000 characters/],
      [{ ...base, events: 'assignment.assigned,report.lost,measure.deleted' }, 'events', /unknown event types "report.lost", "measure.deleted"; the event types are assignment.assigned, report.due, .* or all/],
      [{ ...base, events: [] }, 'events', /at least one event type/],
      [{ ...base, events: ' , ' }, 'events', /at least one event type/],
      [{ ...base, events: ['report.due\u0000'] }, 'events.0', /cannot be stored/],
      [{ ...base, description: 'x'.repeat(10_000) }, 'description', /at most 200 characters/],
      [{ ...base, agency: '不存在的单位' }, 'agency', /no agency with the code or name 不存在的单位/],
    ];
    for (const [input, field, message] of cases) {
      const seen = await refusal(webhooks.add(input as never, BY));
      expect(seen, JSON.stringify(input).slice(0, 100)).toMatchObject({ code: 'BAD_INPUT', field });
      expect(seen.message).toMatch(message);
    }
    expect(await count('webhookEndpoints')).toBe(before);
    expect(await count('auditEvents')).toBe(eventsBefore);
  });

  it('still adds the endpoint when its workflow cannot be woken, and says so in the log', async () => {
    const warnings: string[] = [];
    const logger: ServiceLogger = { warn: (_, message) => void warnings.push(message), error: (_, message) => void warnings.push(message) };
    const offline = createWebhookService({ ...deps, logger, wake: () => Promise.reject(new Error('Temporal is down')) });
    const { endpoint } = await offline.add({ agency: 'gz-data', url: 'https://oa.example.gov.cn/offline', events: 'all' }, BY);
    expect((await webhooks.get(endpoint.id)).status).toBe('active');
    expect(warnings).toEqual([expect.stringContaining('could not be woken')]);
  });

  it('keeps a key in the url out of the audit log', async () => {
    const { endpoint } = await webhooks.add({ agency: 'gz-data', url: 'https://oapi.dingtalk.com/robot/send?access_token=s3cr3t-robot-key', events: 'all' }, BY);
    expect(endpoint.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=s3cr3t-robot-key');
    await webhooks.pause(endpoint.id, BY);
    const events = [...(await auditOf('webhook.added', endpoint.id)), ...(await auditOf('webhook.paused', endpoint.id))];
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.payload.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=redacted');
  });

  it('rotates the secret, keeping the previous one signing for 24 hours', async () => {
    const { secret, endpoint } = await webhooks.add({ agency: 'gz-data', url: 'https://oa.example.gov.cn/rotate', events: 'all' }, BY);
    const rotated = await webhooks.rotateSecret(endpoint.id, BY);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.endpoint.secretPrefix).toBe(rotated.secret.slice(0, 10));
    const expires = new Date(rotated.endpoint.previousSecretExpiresAt!).getTime();
    expect(Math.abs(expires - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    const row = await t.db.selectFrom('webhookEndpoints').select(['secret', 'previousSecret']).where('id', '=', endpoint.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ secret: rotated.secret, previousSecret: secret });
    const [event] = await auditOf('webhook.secret_rotated', endpoint.id);
    expect(JSON.stringify(event)).not.toContain(secret.slice(10));
    expect(JSON.stringify(event)).not.toContain(rotated.secret.slice(10));
  });

  it('pauses and resumes, resetting failures, each change audited once', async () => {
    const { endpoint } = await webhooks.add({ agency: 'gz-data', url: 'https://oa.example.gov.cn/pause', events: 'all' }, BY);
    expect(await webhooks.pause(endpoint.id, 'admin.li')).toMatchObject({ status: 'paused', pausedReason: 'paused by admin.li' });
    expect((await webhooks.pause(endpoint.id, 'admin.li')).status).toBe('paused');
    expect(await auditOf('webhook.paused', endpoint.id)).toHaveLength(1);
    expect(await webhooks.resume(endpoint.id, 'admin.li')).toMatchObject({ status: 'active', pausedAt: null, pausedReason: null, consecutiveFailures: 0 });
    // Paused by its workflow after failing: resuming clears the count.
    await t.db.updateTable('webhookEndpoints').set({ status: 'paused', consecutiveFailures: 8, pausedAt: new Date(), pausedReason: '8 failures in a row' }).where('id', '=', endpoint.id).execute();
    expect(await webhooks.resume(endpoint.id, BY)).toMatchObject({ status: 'active', consecutiveFailures: 0, pausedReason: null });
    const resumed = await auditOf('webhook.resumed', endpoint.id);
    expect(resumed).toHaveLength(2);
    expect(resumed[1]!.payload).toMatchObject({ wasPaused: true, consecutiveFailures: 8, pausedReason: '8 failures in a row' });
  });

  it('removes an endpoint, cancelling what waits and keeping what was delivered; a removed one changes no more', async () => {
    const { endpoint } = await webhooks.add({ agency: 'gz-data', url: 'https://oa.example.gov.cn/remove', events: 'all' }, BY);
    await queueDelivery(endpoint.id, 'delivered');
    await queueDelivery(endpoint.id);
    await queueDelivery(endpoint.id);
    expect((await webhooks.get(endpoint.id)).counts).toEqual({ pending: 2, delivered: 1, cancelled: 0 });
    const removed = await webhooks.remove(endpoint.id, BY);
    expect(removed).toMatchObject({ status: 'removed', counts: { pending: 0, delivered: 1, cancelled: 2 } });
    expect((await auditOf('webhook.removed', endpoint.id))[0]!.payload).toMatchObject({ cancelledDeliveries: 2, previousStatus: 'active' });
    for (const call of [webhooks.remove, webhooks.pause, webhooks.resume, webhooks.rotateSecret]) {
      expect(await refusal(call(endpoint.id, BY))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('was removed') });
    }
    expect((await webhooks.list()).find((e) => e.id === endpoint.id)?.status).toBe('removed');
  });

  it('answers NOT_FOUND for an unknown endpoint and BAD_INPUT for a malformed id', async () => {
    const unknown = randomUUID();
    for (const call of [webhooks.remove, webhooks.pause, webhooks.resume, webhooks.rotateSecret]) expect(await refusal(call(unknown, BY))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(webhooks.get(unknown))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(webhooks.deliveries(unknown, { limit: 10 }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(webhooks.get('../etc/passwd'))).toMatchObject({ code: 'BAD_INPUT', field: 'id' });
  });

  it('lists deliveries newest first, page by page, with their payload as written', async () => {
    const { endpoint } = await webhooks.add({ agency: 'gz-data', url: 'https://oa.example.gov.cn/deliveries', events: 'all' }, BY);
    const queued = [];
    for (let i = 0; i < 5; i += 1) queued.push(await queueDelivery(endpoint.id, i === 0 ? 'delivered' : 'pending'));
    const first = await webhooks.deliveries(endpoint.id, { limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual([queued[4]!.id, queued[3]!.id]);
    expect(first.items[0]!.payload).toEqual(queued[4]!.payload);
    expect(first.next).toBe(queued[3]!.seq);
    const second = await webhooks.deliveries(endpoint.id, { limit: 2, before: first.next! });
    expect(second.items.map((d) => d.id)).toEqual([queued[2]!.id, queued[1]!.id]);
    const last = await webhooks.deliveries(endpoint.id, { limit: 2, before: second.next! });
    expect(last).toMatchObject({ items: [{ id: queued[0]!.id, status: 'delivered', attempts: 1, lastStatusCode: 200 }], next: null });
    expect((await webhooks.list()).find((e) => e.id === endpoint.id)?.counts).toEqual({ pending: 4, delivered: 1, cancelled: 0 });
  });
});
