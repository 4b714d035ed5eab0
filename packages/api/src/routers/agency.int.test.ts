import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { createCaller } from '../root';

let t: TestDatabase;
let connection: Connection;
let caller: ReturnType<typeof createCaller>;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  caller = createCaller({ db: t.db, temporal: new Client({ connection }), actor: null });
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

describe('agency.list', () => {
  it('lists the directory filtered by name', async () => {
    const found = await caller.agency.list({ search: '市商务局' });
    expect(found.map((a) => a.name)).toContain('市商务局');
    expect(found.every((a) => a.name.includes('市商务局') || a.shortNames.some((s) => s.includes('市商务局')))).toBe(true);
  });

  it('lists province-level agencies only when asked', async () => {
    const found = await caller.agency.list({ level: 'province' });
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((a) => a.level))).toEqual(new Set(['province']));
  });

  it('rejects an unknown level with a message naming the field', async () => {
    await expect(caller.agency.list({ level: 'planet' as never })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('level'),
    });
  });
});

describe('system.status', () => {
  it('reports PostgreSQL and Temporal reachable', async () => {
    expect(await caller.system.status()).toEqual({ database: true, temporal: true });
  });
});
