// A dependency away under a running API: reads answer 503 with a code and the dependency's name (tRPC and
// REST, with Retry-After), not an internal error; once PostgreSQL is back they answer again within seconds,
// with no restart (the pool drops its broken connections and connects afresh).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices, UNAVAILABLE_MESSAGES } from '@liandong/api';
import { createDb, migrateToLatest, seedReferenceData, type Db } from '@liandong/db';
import { createMeasure, findAgencyByCode } from '@liandong/db/queries';
import { findRepoRoot, freePort, startEmbeddedPostgres, type RunningPostgres } from '@liandong/devstack';
import { createApp } from './app';
import { ORIGIN, signInOverHttp } from './fuzz.test-support';

// Named like startTestPostgres's clusters, so that a killed run's directory is cleaned up by the next.
const dataDir = path.join(findRepoRoot(), '.data', 'test', `pg-${process.pid}-${randomBytes(4).toString('hex')}`);
let port: number;
let postgres: RunningPostgres;
let db: Db;
let connection: Connection;
let temporal: Client;
let token: string;
let cookie: string;
let measureId: string;

const startPostgres = () => startEmbeddedPostgres({ dataDir, port, persistent: true, database: 'liandong' });

beforeAll(async () => {
  port = await freePort();
  postgres = await startPostgres();
  const owner = createDb(postgres.url, { max: 2 });
  try {
    await migrateToLatest(owner);
    await seedReferenceData(owner);
  } finally {
    await owner.destroy();
  }
  db = createDb(postgres.appUrl);
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  const services = createServices({ db, temporal });
  token = (await services.apiTokens.create({ agency: 'gz-data', name: '停库测试', role: 'officer' }, 'test-admin')).token;
  await services.users.create({ username: 'outage-officer', agency: 'gz-data', roles: ['officer'], password: 'outage-password-1' });
  cookie = await signInOverHttp(createApp({ db, temporal, portalDir: null, services }), 'outage-officer', 'outage-password-1');
  const lead = (await findAgencyByCode(db, 'gz-data'))!.id;
  measureId = (await createMeasure(db, { number: '(一)', title: '停库测试措施', leadAgencyId: lead, partnerAgencyIds: [] })).id;
}, 120_000);
afterAll(async () => {
  await db?.destroy();
  await connection?.close();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The same reads a portal and another system make: anonymous and signed-in tRPC, open and token REST. */
const reads = (app: ReturnType<typeof createApp>) => ({
  trpcAnonymous: () => app.request(`${ORIGIN}/trpc/agency.list?input=${encodeURIComponent('{}')}`),
  trpcSignedIn: () => app.request(`${ORIGIN}/trpc/auth.me`, { headers: { cookie } }),
  restOpen: () => app.request(`${ORIGIN}/api/v1/agencies`),
  restToken: () => app.request(`${ORIGIN}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }),
});
const statuses = async (r: ReturnType<typeof reads>) => Object.fromEntries(await Promise.all(Object.entries(r).map(async ([name, read]) => [name, (await read()).status])));

describe('PostgreSQL stopped and started again', () => {
  it('answers 503 naming the database while it is away, and 200 again within seconds of its return', { timeout: 120_000 }, async () => {
    const app = createApp({ db, temporal, portalDir: null });
    const r = reads(app);
    expect(await statuses(r)).toEqual({ trpcAnonymous: 200, trpcSignedIn: 200, restOpen: 200, restToken: 200 });

    await postgres.stop();
    for (const read of [r.trpcAnonymous, r.trpcSignedIn]) {
      const res = await read();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { message: UNAVAILABLE_MESSAGES.database, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, fields: null, dependency: 'database' } } });
    }
    for (const read of [r.restOpen, r.restToken]) {
      const res = await read();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGES.database, fields: null, dependency: 'database' } });
    }

    postgres = await startPostgres();
    const back = Date.now();
    for (;;) {
      const now = await statuses(r);
      if (Object.values(now).every((s) => s === 200)) break;
      expect(Object.values(now).every((s) => s === 200 || s === 503), JSON.stringify(now)).toBe(true);
      expect(Date.now() - back, `still not answering ${JSON.stringify(now)}`).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`[outage] answering again ${Date.now() - back} ms after PostgreSQL returned`);
  });
});

describe('Temporal unreachable', () => {
  it('answers a measure read with 503 naming the workflow engine', async () => {
    // Nothing listens on this port. The SDK's own retries (about 20 s) are left out to keep the test short;
    // what reaches the API after them is the same UNAVAILABLE status.
    const away = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
    try {
      const app = createApp({ db, temporal: new Client({ connection: away }), portalDir: null });
      const trpc = await app.request(`${ORIGIN}/trpc/measure.get?input=${encodeURIComponent(JSON.stringify({ measureId }))}`, { headers: { cookie } });
      expect(trpc.status).toBe(503);
      expect(await trpc.json()).toMatchObject({ error: { message: UNAVAILABLE_MESSAGES.temporal, data: { code: 'SERVICE_UNAVAILABLE', dependency: 'temporal' } } });
      const rest = await app.request(`${ORIGIN}/api/v1/measures/${measureId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('5');
      expect(await rest.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGES.temporal, fields: null, dependency: 'temporal' } });
    } finally {
      await away.close();
    }
  });
});
