// 审计 downloads over HTTP, with real session cookies: the audit log's export (JSON Lines, CSV) and a measure's raw
// workflow history, against a real database and a real worker.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, startMeasureStack, type MeasureStack } from '@liandong/api/test-support';
import { createApp } from './app';
import { closeServer } from './close';
import { ORIGIN, signInOverHttp } from './fuzz.test-support';
import { createLogger } from './logger';

const PASSWORD = 'downloads-password-1';
let stack: MeasureStack;
let app: Hono;
let measureId: string;
const cookies = { auditor: '', officer: '', admin: '' };
const logged: { level: number; msg: string; err?: { message?: string } }[] = [];

const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) } });

beforeAll(async () => {
  stack = await startMeasureStack('server-audit-downloads');
  app = createApp({ db: stack.t.db, temporal: stack.client, services: stack.services, taskQueue: stack.taskQueue, portalDir: null, logger });
  const made = async (username: string, agency: string, roles: ('officer' | 'auditor' | 'admin')[]) => {
    const u = await stack.services.users.create({ username, agency, roles, password: PASSWORD });
    return { userId: u.id, username: u.username, displayName: u.displayName, agencyId: u.agencyId, roles: u.roles };
  };
  await made('downloads.auditor', 'gd-court', ['auditor']);
  await made('downloads.officer', 'gz-data', ['officer']);
  const admin = await made('downloads.admin', 'gd-gov', ['admin']);
  const { planId } = await callerFor(stack.deps, admin).plan.confirm({
    sourceText: '审计下载测试方案\n1推进审计下载。',
    meta: { title: '审计下载测试方案', coordinatorAgencyCode: 'gz-commerce' },
    measures: [{ number: '1', title: '推进审计下载', leadCodes: ['gz-science-technology'], partnerCodes: ['gz-data'] }],
  });
  measureId = (await stack.t.db.selectFrom('measures').select('id').where('planId', '=', planId).executeTakeFirstOrThrow()).id;
  for (const who of ['auditor', 'officer', 'admin'] as const) cookies[who] = await signInOverHttp(app, `downloads.${who}`, PASSWORD);
}, 180_000);
afterAll(() => stack?.stop());

const get = (path: string, cookie?: string) => app.request(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: { field: string }[] } }).error;
const exports = async () => Number((await stack.t.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'audit.exported').executeTakeFirstOrThrow()).n);

describe('GET /api/audit/export', () => {
  it('asks for a session: 401 without a cookie or with a forged one', async () => {
    for (const cookie of [undefined, 'liandong_session=forged-token-that-names-no-session-at-all-0000']) {
      const res = await get('/api/audit/export?format=jsonl', cookie);
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect((await get(`/api/audit/measures/${measureId}/history.json`)).status).toBe(401);
  });

  it('refuses an officer with 403, and the refusal is in the audit log', async () => {
    const before = await exports();
    const res = await get(`/api/audit/export?format=csv&measureId=${measureId}`, cookies.officer);
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatchObject({ code: 'FORBIDDEN' });
    const refusal = await stack.t.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'access.forbidden')
      .where('actor', '=', 'downloads.officer')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(refusal).toMatchObject({ subjectType: 'measure', subjectId: measureId, measureId, payload: { procedure: 'GET /api/audit/export' } });
    expect(await exports()).toBe(before);
    expect((await get(`/api/audit/measures/${measureId}/history.json`, cookies.officer)).status).toBe(403);
  });

  it('answers a filter it cannot take with 400 naming the field, and exports nothing', async () => {
    const before = await exports();
    const cases: [string, string][] = [
      ['format=jsonl&planId=abc', 'planId'],
      ['format=xml', 'format'],
      ['planId=abc', 'planId'],
      ['format=csv&agencyId=twelve', 'agencyId'],
      ['format=csv&from=yesterday', 'from'],
      ['format=csv&from=2026-12-31T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['format=csv&plan=' + measureId, 'plan'],
      ['format=csv&format=jsonl', 'format'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/audit/export?${query}`, cookies.auditor);
      expect(res.status, query).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fields?.map((f) => f.field), query).toContain(field);
      expect(error.message).toContain(field);
    }
    expect(await exports()).toBe(before);
  });

  it('streams JSON Lines to an auditor as an attachment', async () => {
    const res = await get(`/api/audit/export?format=jsonl&measureId=${measureId}&from=2020-01-01T00:00:00%2B08:00`, cookies.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="liandong-audit-\d{8}-\d{6}\.jsonl"; filename\*=UTF-8''liandong-audit-\d{8}-\d{6}\.jsonl$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; measure_id?: string; filter?: unknown; events?: number });
    expect(lines[0]).toMatchObject({ type: 'header', exported_by: 'downloads.auditor', filter: { measureId, from: '2020-01-01T00:00:00+08:00' } });
    expect(lines.at(-1)).toMatchObject({ type: 'end' });
    const events = lines.filter((l) => l.type === 'event');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.measure_id === measureId)).toBe(true);
    expect(lines.at(-1)!.events).toBe(events.length);
  });

  it('streams CSV to an admin as an attachment, with a BOM and CRLF rows', async () => {
    const res = await get(`/api/audit/export?format=csv&action=measure.started`, cookies.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="liandong-audit-\d{8}-\d{6}\.csv"; filename\*=UTF-8''liandong-audit-\d{8}-\d{6}\.csv$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]).toMatch(/^id,occurred_at,actor,/);
    expect(rows.at(-1)).toBe('');
    expect(rows.slice(1, -1).length).toBeGreaterThan(0);
    expect(rows.slice(1, -1).every((r) => r.includes(',measure.started,'))).toBe(true);
  });

  it('breaks the download off, logged, when the export fails after it began, and the server goes on serving', async () => {
    // 200 lines of 1 KB, then the failure: the headers and the first chunk are on their way before it comes.
    const failing = createApp({
      db: stack.t.db,
      temporal: stack.client,
      portalDir: null,
      logger,
      services: {
        ...stack.services,
        audit: {
          ...stack.services.audit,
          exportLines: async () =>
            (async function* () {
              for (let i = 0; i < 200; i++) yield `{"line":${i},"text":"${'审'.repeat(340)}"}`;
              throw new Error('the database went away mid-export');
            })(),
        },
      },
    });
    // Without a socket (app.request): the body errors.
    const inProcess = await failing.request(`${ORIGIN}/api/audit/export?format=csv`, { headers: { cookie: cookies.auditor } });
    expect(inProcess.status).toBe(200);
    await expect(inProcess.text()).rejects.toThrow('the export failed after it began');

    const server = serve({ fetch: failing.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as AddressInfo;
      logged.length = 0;
      const res = await fetch(`http://127.0.0.1:${port}/api/audit/export?format=jsonl`, { headers: { cookie: cookies.auditor } });
      expect(res.status).toBe(200);
      // The lines already sent do not pass for a whole file: reading the body fails.
      await expect(res.text()).rejects.toThrow('terminated');
      expect(logged).toContainEqual(expect.objectContaining({ msg: 'audit export failed after it began', err: expect.objectContaining({ message: 'the database went away mid-export' }) }));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await closeServer(server, 100);
    }
  });
});

describe('GET /api/audit/measures/:measureId/history.json', () => {
  it("gives an auditor the measure's raw workflow history as an attachment", async () => {
    const res = await get(`/api/audit/measures/${measureId}/history.json`, cookies.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="measure-${measureId}-history.json"; filename*=UTF-8''measure-${measureId}-history.json`);
    const doc = (await res.json()) as { workflowId: string; measureId: string; runs: { runId: string; history: { events: { eventType: string }[] } }[] };
    expect(doc).toMatchObject({ workflowId: `measure-${measureId}`, measureId });
    expect(doc.runs[0]!.history.events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  });

  it('answers 404 for a measure that does not exist and 400 for an id that is not one', async () => {
    const unknown = await get('/api/audit/measures/00000000-0000-4000-8000-000000000000/history.json', cookies.auditor);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await get('/api/audit/measures/abc/history.json', cookies.auditor);
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatchObject({ code: 'BAD_REQUEST', fields: [{ field: 'measureId' }] });
  });
});
