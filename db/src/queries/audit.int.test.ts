import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { appendAuditEvent, appendAuditEvents, GENESIS_HASH, verifyAuditChain, type NewAuditEvent } from './audit';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t.drop());

const event = (n: number): NewAuditEvent => ({
  eventKey: `test/${n}`,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
  actor: 'gz-commerce-officer',
  actorAgencyId: null,
  action: 'report.submitted',
  subjectType: 'report',
  subjectId: `r-${n}`,
  measureId: null,
  payload: { percentDone: n * 10, note: '按期报送' },
  workflowId: 'measure-x',
  runId: 'run-1',
});

describe('the audit chain', () => {
  it('links every event to the one before it, from the genesis hash', async () => {
    for (let n = 1; n <= 5; n++) await t.db.transaction().execute((trx) => appendAuditEvent(trx, event(n)));
    const rows = await t.db.selectFrom('auditEvents').select(['prevHash', 'hash']).orderBy('id').execute();
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(verifyAuditChain(t.db)).resolves.toMatchObject({ ok: true, checked: 5 });
  });

  it('records an event key once, however often it is appended', async () => {
    const first = await t.db.transaction().execute((trx) => appendAuditEvent(trx, event(6)));
    const again = await t.db.transaction().execute((trx) => appendAuditEvent(trx, event(6)));
    expect(again).toEqual({ ...first, duplicate: true });
    const { count } = await t.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('count')).where('eventKey', '=', 'test/6').executeTakeFirstOrThrow();
    expect(Number(count)).toBe(1);
  });

  it('refuses updates and deletes from the application', async () => {
    await expect(sql`update audit_events set actor = 'someone else' where event_key = 'test/2'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where event_key = 'test/2'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('keeps an event whose text PostgreSQL cannot hold, with U+FFFD in place of NUL and lone surrogates, and still verifies', async () => {
    const odd: NewAuditEvent = {
      ...event(7),
      actor: 'anonymous\u0000',
      subjectId: 'user\uD800',
      payload: { username: 'a\u0000b\uDC00', nested: [{ 'key\u0000': 'x\uD83D' }], emoji: '😀' },
    };
    await t.db.transaction().execute((trx) => appendAuditEvent(trx, odd));
    const row = await t.db.selectFrom('auditEvents').selectAll().where('eventKey', '=', 'test/7').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor: 'anonymous\uFFFD', subjectId: 'user\uFFFD' });
    expect(row.payload).toEqual({ username: 'a\uFFFDb\uFFFD', nested: [{ 'key\uFFFD': 'x\uFFFD' }], emoji: '😀' });
    await expect(verifyAuditChain(t.db)).resolves.toMatchObject({ ok: true, checked: 7 });
  });

  it('names the first tampered event', async () => {
    // A superuser can switch the trigger off; verification still catches the change.
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      await client.query('alter table audit_events disable trigger user');
      await client.query(`update audit_events set payload = '{"percentDone": 100, "note": "按期报送"}' where event_key = 'test/3'`);
      await client.query('alter table audit_events enable trigger user');
    } finally {
      await client.end();
    }
    const tampered = await t.db.selectFrom('auditEvents').select('id').where('eventKey', '=', 'test/3').executeTakeFirstOrThrow();
    await expect(verifyAuditChain(t.db)).resolves.toMatchObject({ ok: false, checked: 2, brokenAt: tampered.id, reason: 'its content does not match its hash' });
  });
});

describe('an event whose payload has snake_case keys', () => {
  it('verifies: the payload is read back as it was written and hashed, not camel-cased', async () => {
    const own = await createTestDatabase(inject('pgAdminUrl'));
    try {
      await own.appDb.transaction().execute((trx) => appendAuditEvent(trx, { ...event(1), payload: { percent_done: 80, nested: { reason_code: 'x' } } }));
      await expect(verifyAuditChain(own.appDb, { from: 'start' })).resolves.toMatchObject({ ok: true, checked: 1 });
    } finally {
      await own.drop();
    }
  });
});

describe('the audit chain under concurrent appends', () => {
  let c: TestDatabase;
  beforeAll(async () => {
    c = await createTestDatabase(inject('pgAdminUrl'));
  });
  afterAll(() => c.drop());

  it('stays one line under 30 concurrent transactions, each appending 3 events (a third of them keys another already took)', async () => {
    const key = (n: number) => 1000 + n;
    // Transaction i appends keys i, i+1, i+2: neighbours overlap, so most keys are offered two or three times.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        c.db.transaction().execute(async (trx) => {
          // Work in the transaction before the append, as a recording has, so that the transactions overlap.
          await sql`select pg_sleep(0.01)`.execute(trx);
          return appendAuditEvents(trx, [event(key(i)), event(key(i + 1)), event(key(i + 2))]);
        }),
      ),
    );
    const rows = await c.db.selectFrom('auditEvents').select(['id', 'prevHash', 'hash', 'eventKey']).orderBy('id').execute();
    const added = rows;
    expect(added.map((r) => r.eventKey).sort()).toEqual(Array.from({ length: 32 }, (_, n) => `test/${key(n)}`).sort());
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    // Every offer of a key answers with the one stored event; exactly one offer stored it.
    const stored = new Map(added.map((r) => [r.eventKey, Number(r.id)]));
    const offers = results.flatMap((r, i) => r.map((answer, j) => ({ key: `test/${key(i + j)}`, ...answer })));
    for (const offer of offers) expect(Number(offer.id)).toBe(stored.get(offer.key));
    expect(offers.filter((o) => !o.duplicate).map((o) => o.key).sort()).toEqual([...stored.keys()].sort());
    await expect(verifyAuditChain(c.db)).resolves.toMatchObject({ ok: true, checked: rows.length });
  });
});
