import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { auditKeyFrom } from '../audit-key';
import { loadDemoPlans } from '../demo/load';
import { createTestDatabase, type TestDatabase } from '../testing';
import { appendAuditEvent, auditHash, GENESIS_HASH, recordAuditCheckpoint, signAuditCheckpoint, verifyAuditChain, type NewAuditEvent } from './audit';

// Each test tampers with its own database.
const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.drop()));
});
async function freshDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase(inject('pgAdminUrl'));
  opened.push(t);
  return t;
}

const key = auditKeyFrom(randomBytes(32).toString('hex'));

const event = (n: number): NewAuditEvent => ({
  eventKey: `anchor-test/${n}`,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
  actor: 'gz-commerce-officer',
  actorAgencyId: null,
  action: 'report.submitted',
  subjectType: 'report',
  subjectId: `r-${n}`,
  measureId: null,
  payload: { percentDone: n, note: '按期报送' },
  workflowId: 'measure-x',
  runId: 'run-1',
});

/** Appends events `from`..`to` as the app role, as the worker does. */
async function append(t: TestDatabase, from: number, to: number): Promise<number[]> {
  const ids: number[] = [];
  for (let n = from; n <= to; n++) ids.push((await t.appDb.transaction().execute((trx) => appendAuditEvent(trx, event(n)))).id);
  return ids;
}

/** What an owner (here a superuser) can do: switch the append-only triggers off around a change. */
async function asOwnerWithoutTriggers(t: TestDatabase, change: () => Promise<unknown>): Promise<void> {
  await sql`alter table audit_events disable trigger user`.execute(t.db);
  await sql`alter table audit_checkpoints disable trigger user`.execute(t.db);
  try {
    await change();
  } finally {
    await sql`alter table audit_events enable trigger user`.execute(t.db);
    await sql`alter table audit_checkpoints enable trigger user`.execute(t.db);
  }
}

describe('the app role', () => {
  it('may read and append the audit log, but neither update, delete nor truncate it', async () => {
    const t = await freshDatabase();
    const [id] = await append(t, 1, 1);
    await expect(t.appDb.selectFrom('auditEvents').select('id').execute()).resolves.toEqual([{ id }]);
    await expect(sql`update audit_events set actor = 'someone else'`.execute(t.appDb)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(sql`delete from audit_events`.execute(t.appDb)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(sql`truncate audit_events`.execute(t.appDb)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(t.db.selectFrom('auditEvents').select('id').execute()).resolves.toEqual([{ id }]);
  });

  it('cannot switch the append-only triggers off', async () => {
    const t = await freshDatabase();
    await expect(sql`alter table audit_events disable trigger user`.execute(t.appDb)).rejects.toThrow(/must be owner of table audit_events/);
    await expect(sql`alter table audit_events disable trigger audit_events_no_update`.execute(t.appDb)).rejects.toThrow(/must be owner/);
    await expect(sql`set session_replication_role = replica`.execute(t.appDb)).rejects.toThrow(/permission denied/);
  });

  it('cannot write checkpoint rows itself, only record the true head through the checking function', async () => {
    const t = await freshDatabase();
    const [, , last] = await append(t, 1, 3);
    const row = { seq: 1, lastEventId: last!, lastHash: 'f'.repeat(64), eventCount: 3, recordedAt: new Date(), keyId: key.id };
    const forged = { ...row, signature: signAuditCheckpoint(key, row, null) };
    await expect(t.appDb.insertInto('auditCheckpoints').values(forged).execute()).rejects.toThrow(/permission denied for table audit_checkpoints/);
    // The function refuses a head that is not the log's.
    await expect(
      sql`select audit_record_checkpoint(1, ${last}, ${'f'.repeat(64)}, 3, date_trunc('milliseconds', now()), ${key.id}, ${forged.signature})`.execute(t.appDb),
    ).rejects.toThrow(/current head of audit_events/);
    const recorded = await recordAuditCheckpoint(t.appDb, key);
    expect(recorded).toMatchObject({ seq: 1, lastEventId: last, eventCount: 3 });
    await expect(sql`update audit_checkpoints set event_count = 2`.execute(t.appDb)).rejects.toThrow(/permission denied/);
    await expect(sql`delete from audit_checkpoints`.execute(t.appDb)).rejects.toThrow(/permission denied/);
  });

  it('is neither a superuser nor the owner of any table', async () => {
    const t = await freshDatabase();
    const { rows } = await sql<{ super: boolean; owns: number }>`
      select rolsuper as super, (select count(*)::int from pg_tables where tableowner = current_user) as owns
      from pg_roles where rolname = current_user`.execute(t.appDb);
    expect(rows).toEqual([{ super: false, owns: 0 }]);
    const { rows: user } = await sql<{ name: string }>`select current_user as name`.execute(t.appDb);
    expect(user).toEqual([{ name: 'liandong_app' }]);
  });

  it('does the ordinary work of the app, also on tables a later migration creates', async () => {
    const t = await freshDatabase();
    // Reference and demo data load as the app role, as `pnpm start` does after migrating.
    await expect(loadDemoPlans(t.appDb)).resolves.toMatchObject({ loaded: expect.any(Number) });
    // A later migration, run by the same owner: default privileges cover its table and sequence.
    await sql`create table later_things (id bigint generated always as identity primary key, name text not null)`.execute(t.db);
    await sql`insert into later_things (name) values ('督办单')`.execute(t.appDb);
    await sql`update later_things set name = 'supervision notice'`.execute(t.appDb);
    await expect(sql`select name from later_things`.execute(t.appDb)).resolves.toMatchObject({ rows: [{ name: 'supervision notice' }] });
  });
});

describe('the anchored audit chain', () => {
  it('names the missing tail when the owner deletes the last three events', async () => {
    const t = await freshDatabase();
    const ids = await append(t, 1, 6);
    await recordAuditCheckpoint(t.appDb, key);
    await expect(verifyAuditChain(t.appDb, { key })).resolves.toMatchObject({ ok: true, checked: 0 });

    await asOwnerWithoutTriggers(t, () => t.db.deleteFrom('auditEvents').where('id', '>', ids[2]!).execute());
    const kept = ids[2]!;
    for (const from of ['checkpoint', 'start'] as const) {
      const result = await verifyAuditChain(t.appDb, { key, from });
      expect(result).toMatchObject({ ok: false, from, missingAfter: kept, brokenAt: ids[5] });
      expect(result.ok === false && result.reason).toMatch(new RegExp(`^the events after id ${kept} are missing: checkpoint #1 \\(.+\\) anchored 6 events up to id ${ids[5]}$`));
    }
  });

  it('catches an owner who rewrites the whole chain consistently, checkpoints included', async () => {
    const t = await freshDatabase();
    await append(t, 1, 5);
    await recordAuditCheckpoint(t.appDb, key);
    await append(t, 6, 8);
    await recordAuditCheckpoint(t.appDb, key);
    await expect(verifyAuditChain(t.appDb, { key, from: 'start' })).resolves.toMatchObject({ ok: true, checked: 8 });

    // Change one event, recompute every hash after it, and re-sign the checkpoints with a key of one's own.
    const guessed = { key: randomBytes(32), id: key.id };
    await asOwnerWithoutTriggers(t, async () => {
      await sql`update audit_events set payload = '{"percentDone": 100, "note": "提前完成"}' where event_key = 'anchor-test/2'`.execute(t.db);
      const rows = await t.db.selectFrom('auditEvents').selectAll().orderBy('id').execute();
      const hashes = new Map<number, string>();
      let prevHash = GENESIS_HASH;
      for (const row of rows) {
        const hash = auditHash(prevHash, row);
        await t.db.updateTable('auditEvents').set({ prevHash, hash }).where('id', '=', row.id).execute();
        hashes.set(row.id, hash);
        prevHash = hash;
      }
      let previousSignature: string | null = null;
      for (const c of await t.db.selectFrom('auditCheckpoints').selectAll().orderBy('seq').execute()) {
        const rewritten = { ...c, lastHash: hashes.get(c.lastEventId)! };
        const signature = signAuditCheckpoint(guessed, rewritten, previousSignature);
        await t.db.updateTable('auditCheckpoints').set({ lastHash: rewritten.lastHash, signature }).where('seq', '=', c.seq).execute();
        previousSignature = signature;
      }
    });

    // The chain and the checkpoints agree with each other; only the key tells.
    await expect(verifyAuditChain(t.appDb, { from: 'start' })).resolves.toMatchObject({ ok: true, anchor: { signature: 'unchecked' } });
    await expect(verifyAuditChain(t.appDb, { key, from: 'start' })).resolves.toMatchObject({
      ok: false,
      reason: 'checkpoint #1 has an invalid signature: the checkpoints were rewritten',
    });
    await expect(verifyAuditChain(t.appDb, { key })).resolves.toMatchObject({
      ok: false,
      reason: 'checkpoint #2 has an invalid signature: the checkpoints were rewritten',
    });
  });

  it('verifies from the latest checkpoint on, rehashing fewer events, and still catches a change after it', async () => {
    const t = await freshDatabase();
    await append(t, 1, 10);
    const checkpoint = await recordAuditCheckpoint(t.appDb, key);
    const after = await append(t, 11, 13);

    const full = await verifyAuditChain(t.appDb, { key, from: 'start' });
    const incremental = await verifyAuditChain(t.appDb, { key });
    expect(full).toMatchObject({ ok: true, from: 'start', checked: 13, lastId: after[2] });
    expect(incremental).toMatchObject({
      ok: true,
      from: 'checkpoint',
      checked: 3,
      lastId: after[2],
      range: { firstId: after[0], lastId: after[2], firstAt: event(11).occurredAt, lastAt: event(13).occurredAt },
      anchor: { seq: 1, lastEventId: checkpoint!.lastEventId, lastHash: checkpoint!.lastHash, eventCount: 10, signature: 'verified' },
    });
    expect(incremental.ok && full.ok && incremental.lastHash === full.lastHash).toBe(true);

    await asOwnerWithoutTriggers(t, () => sql`update audit_events set actor = 'someone else' where id = ${after[1]}`.execute(t.db));
    await expect(verifyAuditChain(t.appDb, { key })).resolves.toMatchObject({
      ok: false,
      from: 'checkpoint',
      checked: 1,
      brokenAt: after[1],
      reason: 'its content does not match its hash',
    });
  });

  it('checks the anchored event and the count up to it before going on from a checkpoint', async () => {
    const t = await freshDatabase();
    const ids = await append(t, 1, 6);
    await recordAuditCheckpoint(t.appDb, key);
    await append(t, 7, 7);
    // An event removed before the checkpoint: the incremental check sees the count fall short.
    await asOwnerWithoutTriggers(t, () => t.db.deleteFrom('auditEvents').where('id', '=', ids[1]!).execute());
    await expect(verifyAuditChain(t.appDb, { key })).resolves.toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the log holds 5 events up to id \d+, checkpoint #1 anchored 6/),
    });
    await expect(verifyAuditChain(t.appDb, { key, from: 'start' })).resolves.toMatchObject({ ok: false, brokenAt: ids[2] });
  });

  it('records a checkpoint only when the head has moved, each chained to the one before', async () => {
    const t = await freshDatabase();
    await expect(recordAuditCheckpoint(t.appDb, key)).resolves.toBeNull();
    await append(t, 1, 2);
    const first = await recordAuditCheckpoint(t.appDb, key);
    await expect(recordAuditCheckpoint(t.appDb, key)).resolves.toBeNull();
    await append(t, 3, 3);
    const second = await recordAuditCheckpoint(t.appDb, key);
    expect([first?.seq, second?.seq, second?.eventCount]).toEqual([1, 2, 3]);
    // Removing a checkpoint from the middle breaks the sequence.
    await asOwnerWithoutTriggers(t, () => t.db.deleteFrom('auditCheckpoints').where('seq', '=', 1).execute());
    await expect(verifyAuditChain(t.appDb, { key })).resolves.toMatchObject({ ok: false, reason: 'checkpoint #1 is missing' });
  });
});
