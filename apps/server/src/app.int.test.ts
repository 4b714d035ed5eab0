import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '@liandong/db';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { createActivities } from '@liandong/workflows/activities';
import { createApp, createLogger, MAX_BATCH_SIZE, MAX_REQUEST_BYTES } from './app';

let t: TestDatabase;
let connection: Connection;
let temporal: Client;
let portalDir: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  portalDir = await mkdtemp(path.join(tmpdir(), 'liandong-portal-'));
  await writeFile(path.join(portalDir, 'index.html'), '<!doctype html><title>联动</title><div id="root"></div>');
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

describe('health', () => {
  it('answers /healthz while the process is up', async () => {
    const res = await createApp({ db: t.db, temporal, portalDir: null }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is not ready while no worker polls the task queue', async () => {
    const app = createApp({ db: t.db, temporal, portalDir: null, taskQueue: `nobody-${randomUUID()}` });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not ready',
      checks: { database: { ok: true, ms: expect.any(Number) }, temporal: { ok: true, ms: expect.any(Number) }, worker: { ok: false, ms: expect.any(Number), error: expect.stringMatching(/^no worker polls task queue nobody-/) }, stuckMeasures: 0 },
    });
  });

  it('is not ready while `start` is still starting the measure workflows, and says how far it got', async () => {
    const startup = { done: 20, total: 42, finished: false };
    const app = createApp({ db: t.db, temporal, portalDir: null, taskQueue: `nobody-${randomUUID()}`, workflowStartup: () => startup });
    const starting = await app.request('/readyz');
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ status: 'not ready', checks: { workflows: false }, workflows: 'starting: 20/42' });
    Object.assign(startup, { done: 42, finished: true });
    const body = (await (await app.request('/readyz')).json()) as { checks: { workflows: boolean } };
    expect(body.checks.workflows).toBe(true);
    expect(body).not.toHaveProperty('workflows');
  });

  it('is ready once a worker polls', async () => {
    const taskQueue = `ready-${randomUUID()}`;
    const workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowBundle: { code: inject('workflowBundle') },
      activities: createActivities({ db: t.db }),
    });
    const app = createApp({ db: t.db, temporal, portalDir: null, taskQueue });
    const body = await worker.runUntil(async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const res = await app.request('/readyz');
        if (res.status === 200) return res.json();
        await new Promise((r) => setTimeout(r, 200));
      }
      return (await app.request('/readyz')).json();
    });
    await workerConnection.close();
    const up = { ok: true, ms: expect.any(Number) };
    expect(body).toEqual({ status: 'ready', checks: { database: up, temporal: up, worker: up, stuckMeasures: 0 } });
  });
});

describe('tRPC over HTTP', () => {
  it('serves the agency list', async () => {
    const app = createApp({ db: t.db, temporal, portalDir: null });
    const input = encodeURIComponent(JSON.stringify({ search: '南沙' }));
    const res = await app.request(`/trpc/agency.list?input=${input}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { name: string }[] } };
    expect(body.result.data.length).toBeGreaterThan(0);
    expect(body.result.data.every((a) => JSON.stringify(a).includes('南沙'))).toBe(true);
  });

  it('answers bad input with 400, the field name and no stack trace', async () => {
    const app = createApp({ db: t.db, temporal, portalDir: null });
    const input = encodeURIComponent(JSON.stringify({ search: 'x'.repeat(101) }));
    const res = await app.request(`/trpc/agency.list?input=${input}`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('search');
    expect(text).not.toContain('stack');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('limits on what one request may carry', () => {
  it('refuses a body over 8 MB with 413 and a code, before any procedure runs', async () => {
    const app = createApp({ db: t.db, temporal, portalDir: null });
    const body = JSON.stringify({ text: 'x'.repeat(MAX_REQUEST_BYTES) });
    const res = await app.request('/trpc/plan.preview', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a batch of more than 50 calls with 400', async () => {
    const app = createApp({ db: t.db, temporal, portalDir: null });
    const paths = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => 'agency.list').join(',');
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => [i, {}]))));
    const res = await app.request(`/trpc/${paths}?batch=1&input=${input}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Batch call exceeds maximum size');
    const within = await app.request(`/trpc/agency.list,agency.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: {}, 1: {} }))}`);
    expect(within.status).toBe(200);
  });
});

describe('REST and the portal', () => {
  it('lists agencies under /api/v1', async () => {
    const res = await createApp({ db: t.db, temporal, portalDir: null }).request('/api/v1/agencies?search=省商务厅');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { agencies: { code: string }[] };
    expect(body.agencies.map((a) => a.code)).toContain('gd-commerce');
  });

  it('answers a search PostgreSQL cannot take (NUL) or too long with a 400 naming search', async () => {
    const app = createApp({ db: t.db, temporal, portalDir: null });
    for (const search of ['%00', '%E5%95%86%00', 'x'.repeat(101)]) {
      const res = await app.request(`/api/v1/agencies?search=${search}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', fields: [{ field: 'search' }] } });
    }
    // Percent-encoded UTF-8 of a lone surrogate is no UTF-8: the query keeps it undecoded, and that text is searched.
    const res = await app.request('/api/v1/agencies?search=%ED%A0%80');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ agencies: [] });
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await createApp({ db: t.db, temporal, portalDir: null }).request('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves the portal shell for client-side routes', async () => {
    const res = await createApp({ db: t.db, temporal, portalDir }).request('/agencies');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('联动');
  });
});

describe('logging', () => {
  /** A logger that keeps its JSON lines, as an operator's log collector would see them. */
  const collecting = () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    return { lines, logger };
  };

  it('logs a fault with its cause and procedure, and answers the user without them', async () => {
    const { lines, logger } = collecting();
    // A database the server does not have (a fault, not an outage: that is a 503, dependency-outage.int.test.ts).
    const broken = createDb(t.url.replace(/\/[^/]*$/, '/no_such_database'));
    try {
      const app = createApp({ db: broken, temporal, portalDir: null, logger });
      const trpc = await app.request(`/trpc/agency.list?input=${encodeURIComponent(JSON.stringify({}))}`);
      expect(trpc.status).toBe(500);
      const body = JSON.stringify(await trpc.json());
      expect(body).toContain('internal error');
      expect(body).not.toMatch(/no_such_database|at .*\.ts/);
      const rest = await app.request('/api/v1/agencies');
      expect(rest.status).toBe(500);
      expect(await rest.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    } finally {
      await broken.destroy();
    }
    const failure = lines.find((l) => l.msg === 'tRPC procedure failed');
    expect(failure).toMatchObject({ level: 50, procedure: 'agency.list', type: 'query' });
    expect(JSON.stringify(failure?.err)).toMatch(/no_such_database/);
    expect(lines.find((l) => l.msg === 'unhandled error')).toMatchObject({ level: 50, method: 'GET', path: '/api/v1/agencies' });
    expect(lines.filter((l) => l.msg === 'request failed').map((l) => l.status)).toEqual([500, 500]);
  });

  it('logs a request a user got wrong at debug only, not as a failure', async () => {
    const { lines, logger } = collecting();
    const res = await createApp({ db: t.db, temporal, portalDir: null, logger }).request(`/trpc/agency.list?input=${encodeURIComponent(JSON.stringify({ search: 7 }))}`);
    expect(res.status).toBe(400);
    expect(lines.map((l) => [l.level, l.msg, l.status])).toEqual([[20, 'request', 400]]);
  });
});
