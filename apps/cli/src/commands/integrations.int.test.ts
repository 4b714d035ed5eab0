// `liandong token …` and `liandong webhook …` against a real PostgreSQL and a real Temporal, both started here.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTokenService } from '@liandong/api';
import { createDb } from '@liandong/db';
import { createTestDatabase, startTestPostgres, type TestDatabase } from '@liandong/db/testing';
import { freePort, type RunningPostgres, type RunningTemporal } from '@liandong/devstack';
import { webhookEndpointWorkflowId } from '@liandong/workflows';
import { startTestTemporal } from '@liandong/workflows/testing';
import { tokenCommand } from './token';
import { webhookCommand, type WebhookCommandDeps } from './webhook';

let postgres: RunningPostgres;
let t: TestDatabase;
let temporal: RunningTemporal;
let connection: Connection;

beforeAll(async () => {
  const [pg, tmp] = await Promise.all([startTestPostgres(), startTestTemporal()]);
  postgres = pg.postgres;
  temporal = tmp;
  t = await createTestDatabase(pg.adminUrl, pg.template);
  connection = await Connection.connect({ address: temporal.address });
}, 180_000);
afterAll(async () => {
  await connection?.close();
  await t?.drop();
  await postgres?.stop();
  await temporal?.stop();
}, 60_000);

const env = () => ({ DATABASE_URL: t.url, LIANDONG_PG_PORT: 54329 });

async function token(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await tokenCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, { env: env(), connect: (url) => createDb(url, { max: 2 }), osUser: () => 'tester' });
  return { code, out, err };
}

async function webhook(args: string[], temporalAddress = temporal.address) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: WebhookCommandDeps = {
    env: { ...env(), TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: 'default', LIANDONG_TEMPORAL_PORT: 7244 },
    connect: (url) => createDb(url, { max: 2 }),
    connectTemporal: async (address, namespace) => {
      const shell = await Connection.connect({ address, connectTimeout: '2s' });
      return { client: new Client({ connection: shell, namespace }), close: () => shell.close() };
    },
    osUser: () => 'tester',
  };
  const code = await webhookCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, deps);
  return { code, out, err };
}

describe('liandong token', () => {
  it('prints the token alone on the last line; it works, is listed, and is refused once revoked', async () => {
    const created = await token(['create', '--agency', '市商务局', '--name', 'OA 系统', '--expires', '2099-12-31']);
    expect(created.err).toEqual([]);
    expect(created.code).toBe(0);
    const secret = created.out.at(-1)!;
    expect(secret).toMatch(/^ld_[A-Za-z0-9_-]{43}$/);
    expect(created.out[0]).toContain('for 市商务局 as officer, valid until 2100-01-01 00:00+08:00');
    const id = /created API token ([0-9a-f-]{36})/.exec(created.out[0]!)![1]!;

    const service = createApiTokenService({ db: t.db });
    expect(await service.authenticate(`Bearer ${secret}`)).toMatchObject({ ok: true, principal: { tokenId: id } });

    const listed = await token(['list']);
    expect(listed.code).toBe(0);
    const line = listed.out.find((l) => l.startsWith(id));
    expect(line).toContain('市商务局');
    expect(line).toContain(`${secret.slice(0, 10)}…`);
    expect(line).toContain('active');
    expect(listed.out.join('\n')).not.toContain(secret);

    const revoked = await token(['revoke', id]);
    expect(revoked).toMatchObject({ code: 0, err: [] });
    expect(revoked.out[0]).toContain('by shell:tester');
    expect(await service.authenticate(`Bearer ${secret}`)).toMatchObject({ ok: false, reason: 'revoked', principal: { tokenId: id } });
    expect((await token(['list'])).out.find((l) => l.startsWith(id))).toContain('revoked');
  });

  it('exits 1 naming the field when the service refuses: an unknown agency, a past expiry, an unknown id', async () => {
    expect(await token(['create', '--agency', '不存在的单位', '--name', 'x'])).toEqual({ code: 1, out: [], err: ['error: agency: no agency with the code or name 不存在的单位'] });
    const past = await token(['create', '--agency', 'gz-commerce', '--name', 'x', '--expires', '2020-01-01']);
    expect(past).toMatchObject({ code: 1, out: [] });
    expect(past.err[0]).toMatch(/^error: expiresAt: expiresAt must be in the future/);
    expect(await token(['revoke', '0b6f3c1e-5d2a-4c8e-9f1b-2a3c4d5e6f70'])).toMatchObject({ code: 1, err: [expect.stringContaining('does not exist')] });
  });
});

describe('liandong webhook', () => {
  it('prints the signing secret alone on the last line and starts the endpoint workflow', async () => {
    const added = await webhook(['add', '--agency', 'gz-data', '--url', 'https://oa.example.gov.cn/hook', '--events', 'assignment.assigned,report.due', '--description', 'OA']);
    expect(added.err).toEqual([]);
    expect(added.code).toBe(0);
    expect(added.out.at(-1)).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const id = /added webhook endpoint ([0-9a-f-]{36})/.exec(added.out[0]!)![1]!;
    expect(added.out[0]).toContain('https://oa.example.gov.cn/hook (events: assignment.assigned, report.due)');
    const workflow = await new Client({ connection }).workflow.getHandle(webhookEndpointWorkflowId(id)).describe();
    expect(workflow.status.name).toBe('RUNNING');

    const listed = await webhook(['list']);
    expect(listed.out.find((l) => l.startsWith(id))).toMatch(/市政务和数据局\s+https:\/\/oa\.example\.gov\.cn\/hook\s+assignment\.assigned,report\.due\s+active/);

    const rotated = await webhook(['rotate', id]);
    expect(rotated.code).toBe(0);
    expect(rotated.out.at(-1)).toMatch(/^whsec_/);
    expect(rotated.out.at(-1)).not.toBe(added.out.at(-1));
    expect(rotated.out[0]).toContain('the previous one keeps signing beside it until');

    expect((await webhook(['pause', id])).out[0]).toContain('paused');
    expect((await webhook(['list'])).out.find((l) => l.startsWith(id))).toContain('paused (paused by shell:tester)');
    expect((await webhook(['resume', id])).out[0]).toContain('active');
    expect((await webhook(['remove', id])).out[0]).toContain('removed');
    expect(await webhook(['pause', id])).toMatchObject({ code: 1, err: [expect.stringMatching(/^error: webhook endpoint .* was removed/)] });
  });

  it('lists deliveries newest first with their webhook-id and last answer', async () => {
    const added = await webhook(['add', '--agency', 'gz-data', '--url', 'http://127.0.0.1:9/deliveries', '--events', 'all']);
    const id = /added webhook endpoint ([0-9a-f-]{36})/.exec(added.out[0]!)![1]!;
    const ids = [`msg_${randomBytes(16).toString('hex')}`, `msg_${randomBytes(16).toString('hex')}`];
    for (const [i, msg] of ids.entries()) {
      const payload = JSON.stringify({ type: 'report.due', timestamp: new Date().toISOString(), data: {} });
      await t.db
        .insertInto('webhookDeliveries')
        .values({ id: msg, endpointId: id, dedupeKey: msg, eventType: 'report.due', payload, attempts: i + 1, lastStatusCode: 503, lastAttemptAt: new Date() })
        .execute();
    }
    const shown = await webhook(['deliveries', id, '--limit', '1']);
    expect(shown.code).toBe(0);
    expect(shown.out[1]).toContain(ids[1]);
    expect(shown.out[1]).toMatch(/report\.due\s+pending\s+2\s+HTTP 503/);
    expect(shown.out.at(-1)).toMatch(new RegExp(`older ones: liandong webhook deliveries ${id} --before \\d+`));
  });

  it('still adds the endpoint when Temporal cannot be reached, and says so on stderr', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const added = await webhook(['add', '--agency', 'gz-data', '--url', 'https://oa.example.gov.cn/offline', '--events', 'all'], closed);
    expect(added.code).toBe(0);
    expect(added.out.at(-1)).toMatch(/^whsec_/);
    expect(added.err).toEqual([expect.stringContaining(`note: could not reach TEMPORAL_ADDRESS=${closed}`)]);
    expect(added.err[0]).toContain('next `pnpm start`');
  }, 30_000);

  it('exits 1 naming the field when the service refuses a url or events', async () => {
    const base = ['add', '--agency', 'gz-data', '--events', 'all'];
    expect(await webhook([...base, '--url', 'javascript:alert(1)'])).toEqual({ code: 1, out: [], err: ['error: url: url must start with http:// or https:// (not javascript:)'] });
    const events = await webhook(['add', '--agency', 'gz-data', '--url', 'https://oa.example.gov.cn/x', '--events', 'report.due,report.lost']);
    expect(events).toMatchObject({ code: 1, out: [] });
    expect(events.err[0]).toMatch(/^error: events: unknown event type "report.lost"; the event types are assignment.assigned, .*, or all$/);
  });
});
