import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '@liandong/workflows';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { callerFor } from '../test-support/context';

let t: TestDatabase;
let connection: Connection;
let caller: ReturnType<typeof callerFor>;
let client: Client;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  caller = callerFor({ db: t.db, temporal: client }, null);
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

  it('rejects a search or parent code holding NUL or a broken surrogate, naming the field', async () => {
    const named = (call: Promise<unknown>) =>
      call.then(
        () => 'answered',
        (e: { code?: string; cause?: { issues?: { path: PropertyKey[] }[] } }) => `${e.code} ${e.cause?.issues?.map((i) => i.path.join('.')).join()}`,
      );
    for (const odd of ['商务\u0000', '\uD800', 'x\uDC00']) {
      expect(await named(caller.agency.list({ search: odd }))).toBe('BAD_REQUEST search');
      expect(await named(caller.agency.list({ parentCode: odd }))).toBe('BAD_REQUEST parentCode');
    }
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

describe('system.stuckMeasures', () => {
  const as = (...roles: ('officer' | 'coordinator' | 'auditor' | 'admin')[]) =>
    callerFor({ db: t.db, temporal: client }, { userId: 'u', username: 'u', displayName: 'u', agencyId: 1, roles });

  it('lists, for an admin, the running measures flagged LiandongStuck', async () => {
    // A measure workflow no worker serves, flagged as a stuck one flags itself.
    const measureId = randomUUID();
    const handle = await client.workflow.start('measureWorkflowV2', {
      taskQueue: `nobody-${measureId}`,
      workflowId: `measure-${measureId}`,
      args: [],
      typedSearchAttributes: new TypedSearchAttributes([{ key: SEARCH_ATTRIBUTES.stuck, value: 'stuck' }]),
    });
    try {
      const deadline = Date.now() + 20_000;
      let listed = await as('admin').system.stuckMeasures();
      while (!listed.some((m) => m.measureId === measureId) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        listed = await as('admin').system.stuckMeasures();
      }
      expect(listed).toContainEqual(expect.objectContaining({ measureId, workflowId: `measure-${measureId}` }));
    } finally {
      await handle.terminate('test over');
    }
  });

  it('is refused to everyone but an admin', async () => {
    await expect(caller.system.stuckMeasures()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    for (const role of ['officer', 'coordinator', 'auditor'] as const) await expect(as(role).system.stuckMeasures()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
