import { randomUUID } from 'node:crypto';
import { auditHash, createExportAssembler, eventLine, GENESIS_HASH, type ExportEventLine, type ExportGapLine, type ExportLine } from '@liandong/domain/audit';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditKeyFrom } from '../audit-key';
import type { AuditEvent } from '../tables/process';
import { createTestDatabase, type TestDatabase } from '../testing';
import { appendAuditEvents, recordAuditCheckpoint, type NewAuditEvent } from './audit';
import { auditExportRows, auditLogStats, listAuditActions, searchAuditLog, type AuditExportRow, type AuditLogFilter } from './audit-log';

// One log for the whole file, appended as the app appends it (as the app role, in batches, through the chain's
// lock), with events recorded out of time order, some days late, and ids burned by rolled-back appends. Every
// read is held against a plain filter of all the events in memory.

let t: TestDatabase;
let agencies: { id: number; name: string }[];
let users: { username: string; displayName: string; agencyId: number }[];
let plans: { id: string; title: string }[];
/** Measures of the plans, and one outside any plan. */
let measures: { id: string; planId: string | null; number: string; title: string }[];
/** Every event, read back from the database, in id order. */
let events: AuditEvent[];

const ACTIONS = ['report.submitted', 'report.returned', 'auth.sign_in_failed', 'access.forbidden', 'assessment.rules_set', 'audit.verified'];
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  agencies = await t.db.selectFrom('agencies').select(['id', 'name']).orderBy('id').limit(4).execute();
  users = agencies.slice(0, 3).map((a, i) => ({ username: `log-user-${i}`, displayName: `审计测试用户${i}`, agencyId: a.id }));
  await t.db
    .insertInto('users')
    .values(users.map((u) => ({ ...u, roles: ['officer'], passwordHash: 'x' })))
    .execute();
  plans = [];
  for (const title of ['甲方案', '乙方案', '丙方案']) {
    plans.push(
      await t.db
        .insertInto('plans')
        .values({ title, coordinatorAgencyId: agencies[0]!.id, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: title, sourceHash: randomUUID() })
        .returning(['id', 'title'])
        .executeTakeFirstOrThrow(),
    );
  }
  measures = [];
  for (const [i, planId] of [plans[0]!.id, plans[0]!.id, plans[1]!.id, plans[1]!.id, plans[2]!.id, null].entries()) {
    measures.push(
      await t.db
        .insertInto('measures')
        .values({ planId, seq: planId ? i : null, number: `(${i + 1})`, title: `措施${i + 1}`, body: '', leadAgencyId: agencies[i % agencies.length]!.id })
        .returning(['id', 'planId', 'number', 'title'])
        .executeTakeFirstOrThrow(),
    );
  }
  const batches = fc.sample(fc.array(newEventArb(), { minLength: 1, maxLength: 15 }), { numRuns: 30, seed: 20261201 });
  let at = START;
  for (const [b, batch] of batches.entries()) {
    const given = batch.map((e, i) => {
      at = Math.max(START, at + e.step);
      return { ...e.event, eventKey: `log-test/${b}/${i}`, occurredAt: new Date(e.midnight ? Math.floor(at / DAY) * DAY : at) };
    });
    await t.appDb.transaction().execute((trx) => appendAuditEvents(trx, given));
    // An append that rolls back burns its ids: the log has holes, as it may in production.
    if (b % 7 === 3) {
      await t.appDb
        .transaction()
        .execute(async (trx) => {
          await appendAuditEvents(trx, [{ ...given[0]!, eventKey: `log-test/aborted/${b}` }]);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
    }
  }
  events = await readLog(t);
}, 120_000);
afterAll(() => t.drop());

/** The log as stored: the payload read as text, so the camel-case plugin leaves its keys alone. */
async function readLog(db: TestDatabase): Promise<AuditEvent[]> {
  const { rows } = await sql<Omit<AuditEvent, 'payload'> & { payload: string }>`
    select id, event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload::text as payload, workflow_id, run_id, prev_hash, hash
      from audit_events order by id`.execute(db.db);
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** A random event: mostly forward in time, sometimes back by hours or days (recorded late), sometimes at midnight. */
function newEventArb() {
  const measureOrNot = fc.oneof(
    { weight: 3, arbitrary: fc.nat({ max: 5 }).map((i) => measures[i]!.id as string | null) },
    { weight: 2, arbitrary: fc.constant(null) },
    // A measure the database does not know (a refusal names what was asked for).
    { weight: 1, arbitrary: fc.uuid({ version: 4 }).map((id) => id as string | null) },
  );
  const actor = fc.oneof(
    fc.nat({ max: 2 }).map((i) => ({ actor: users[i]!.username, actorAgencyId: users[i]!.agencyId as number | null })),
    fc.constantFrom({ actor: 'system', actorAgencyId: null }, { actor: 'anonymous', actorAgencyId: null }),
    // A username no user has, for an agency the directory holds.
    fc.nat({ max: 3 }).map((i) => ({ actor: 'departed.user', actorAgencyId: agencies[i]!.id as number | null })),
  );
  const subject = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('report', 'assignment', 'user').map((type) => ({ subjectType: type, subjectId: `s-${type}` })) },
    { weight: 1, arbitrary: fc.nat({ max: 2 }).map((i) => ({ subjectType: 'plan', subjectId: plans[i]!.id })) },
  );
  const step = fc.oneof(
    { weight: 14, arbitrary: fc.integer({ min: 0, max: 12 * 3_600_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -3 * DAY, max: -1 }) },
  );
  return fc.record({
    step,
    midnight: fc.nat({ max: 9 }).map((n) => n === 0),
    event: fc.record({ action: fc.constantFrom(...ACTIONS), measureId: measureOrNot, actor, subject, n: fc.nat({ max: 1000 }) }).map(
      ({ action, measureId, actor, subject, n }): Omit<NewAuditEvent, 'eventKey' | 'occurredAt'> => ({
        ...actor,
        action,
        ...subject,
        measureId,
        // Keys as an app writes them, snake_case too: an export must give them back unchanged.
        payload: { n, percent_done: n % 100, nested: { reason_code: 'x' } },
        workflowId: measureId ? `measure-${measureId}` : null,
        runId: measureId ? 'run-1' : null,
      }),
    ),
  });
}

/** The filter as a person means it, over events in memory. */
function matches(e: AuditEvent, f: AuditLogFilter): boolean {
  const planOfMeasure = measures.find((m) => m.id === e.measureId)?.planId;
  return (
    (!f.from || e.occurredAt >= f.from) &&
    (!f.to || e.occurredAt <= f.to) &&
    (f.agencyId === undefined || e.actorAgencyId === f.agencyId) &&
    (f.actor === undefined || e.actor === f.actor) &&
    (f.action === undefined || e.action === f.action) &&
    (f.measureId === undefined || e.measureId === f.measureId) &&
    (f.planId === undefined || planOfMeasure === f.planId || (e.subjectType === 'plan' && e.subjectId === f.planId))
  );
}

/** Filters over what the log holds (and a few values it does not): every field alone or with others. */
function filterArb(): fc.Arbitrary<AuditLogFilter> {
  const instant = fc.oneof(
    fc.constantFrom(...events).map((e) => e.occurredAt),
    fc.constantFrom(...events).chain((e) => fc.integer({ min: -1, max: 1 }).map((d) => new Date(e.occurredAt.getTime() + d))),
    fc.integer({ min: START - DAY, max: events.at(-1)!.occurredAt.getTime() + DAY }).map((ms) => new Date(ms)),
    fc.integer({ min: -1, max: 40 }).map((d) => new Date(START + d * DAY)),
  );
  return fc.record(
    {
      from: instant,
      to: instant,
      agencyId: fc.constantFrom(...agencies.map((a) => a.id), 999_999),
      actor: fc.constantFrom(...users.map((u) => u.username), 'system', 'anonymous', 'departed.user', 'nobody'),
      action: fc.constantFrom(...ACTIONS, 'never.recorded'),
      planId: fc.constantFrom(...plans.map((p) => p.id), randomUUID()),
      measureId: fc.constantFrom(...measures.map((m) => m.id), randomUUID()),
    },
    { requiredKeys: [] },
  );
}

/** Every page, newest first, `limit` at a time, as the page's 下一页 asks for them. */
async function allPages(filter: AuditLogFilter, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await searchAuditLog(t.appDb, filter, { limit: limit + 1, ...(before !== undefined ? { before } : {}) });
    ids.push(...page.slice(0, limit).map((e) => e.id));
    if (page.length <= limit) return ids;
    before = page[limit - 1]!.id;
  }
}

async function exportRows(filter: AuditLogFilter, upToId: number, window: number): Promise<AuditExportRow[]> {
  const rows: AuditExportRow[] = [];
  for await (const row of auditExportRows(t.appDb, filter, upToId, { window })) rows.push(row);
  return rows;
}

describe('the log as it was appended', () => {
  it('holds events out of time order, days late, and ids burned by rolled-back appends', () => {
    const late = events.filter((e, i) => i > 0 && e.occurredAt.getTime() < events[i - 1]!.occurredAt.getTime() - DAY);
    expect(late.length).toBeGreaterThan(0);
    const holes = events.filter((e, i) => i > 0 && e.id !== events[i - 1]!.id + 1);
    expect(holes.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(150);
  });
});

describe('searchAuditLog', () => {
  it('pages through exactly the events a plain filter keeps, each once, newest first', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb(), fc.integer({ min: 1, max: 60 }), async (filter, limit) => {
        const expected = events.filter((e) => matches(e, filter)).map((e) => e.id).reverse();
        expect(await allPages(filter, limit)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('finds each filter alone', async () => {
    const alone: AuditLogFilter[] = [
      { agencyId: users[0]!.agencyId },
      { actor: users[1]!.username },
      { actor: 'anonymous' },
      { action: 'report.returned' },
      { planId: plans[0]!.id },
      { planId: plans[2]!.id },
      { measureId: measures[5]!.id },
      { from: events[100]!.occurredAt },
      { to: events[60]!.occurredAt },
      { from: events[50]!.occurredAt, to: new Date(events[50]!.occurredAt.getTime() + 2 * DAY) },
    ];
    for (const filter of alone) {
      const expected = events.filter((e) => matches(e, filter)).map((e) => e.id).reverse();
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(await allPages(filter, 50), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('finds an event recorded days after the events around its time, by its own time', async () => {
    const i = events.findIndex((e, j) => j > 0 && e.occurredAt.getTime() < events[j - 1]!.occurredAt.getTime() - DAY);
    const late = events[i]!;
    const ids = await allPages({ from: late.occurredAt, to: late.occurredAt }, 10);
    expect(ids).toContain(late.id);
    expect(ids).toEqual(events.filter((e) => e.occurredAt.getTime() === late.occurredAt.getTime()).map((e) => e.id).reverse());
  });

  it('names the actor, their agency, the measure and the plan', async () => {
    const rows = await searchAuditLog(t.appDb, {}, { limit: 1000 });
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.id).reverse());
    for (const row of rows) {
      const measure = measures.find((m) => m.id === row.measureId);
      const plan = plans.find((p) => p.id === (measure?.planId ?? (row.subjectType === 'plan' ? row.subjectId : null)));
      expect(row).toEqual({
        ...events.find((e) => e.id === row.id),
        actorName: users.find((u) => u.username === row.actor)?.displayName ?? null,
        actorAgencyName: agencies.find((a) => a.id === row.actorAgencyId)?.name ?? null,
        measureNumber: measure?.number ?? null,
        measureTitle: measure?.title ?? null,
        planId: plan?.id ?? null,
        planTitle: plan?.title ?? null,
      });
    }
    expect(rows.some((r) => r.planTitle === '丙方案' && r.subjectType === 'plan')).toBe(true);
  });

  it('gives the payload back as it was written, snake_case keys included', async () => {
    const [row] = await searchAuditLog(t.appDb, {}, { limit: 1 });
    expect(row!.payload).toMatchObject({ percent_done: expect.any(Number), nested: { reason_code: 'x' } });
    expect(auditHash(row!.prevHash, row!)).toBe(row!.hash);
  });

  it('finds nothing, and fails on nothing, for a plan or measure id that is not a uuid', async () => {
    await expect(searchAuditLog(t.appDb, { planId: 'not-a-plan' }, { limit: 10 })).resolves.toEqual([]);
    await expect(searchAuditLog(t.appDb, { measureId: "'; drop table audit_events; --" }, { limit: 10 })).resolves.toEqual([]);
    await expect(searchAuditLog(t.appDb, { from: events[50]!.occurredAt, to: new Date(events[50]!.occurredAt.getTime() - 1) }, { limit: 10 })).resolves.toEqual([]);
  });
});

describe('listAuditActions', () => {
  it('lists every action the log holds, once, sorted', async () => {
    const expected = [...new Set(events.map((e) => e.action))].sort();
    expect(expected.length).toBeGreaterThan(3);
    await expect(listAuditActions(t.appDb)).resolves.toEqual(expected);
  });
});

describe('auditExportRows', () => {
  it('covers the chain from its first event to upToId once, the matched events whole and the rest as linked gaps', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb(), fc.constantFrom(...events), fc.integer({ min: 1, max: 80 }), async (filter, last, window) => {
        const covered = events.filter((e) => e.id <= last.id);
        const rows = await exportRows(filter, last.id, window);
        // Matched events whole, in id order.
        expect(rows.filter((r) => r.kind === 'event').map((r) => r.event)).toEqual(covered.filter((e) => matches(e, filter)));
        // Every event up to upToId exactly once: as an event or inside one gap, whose count is the events it spans.
        const seen: number[] = [];
        let prevHash = GENESIS_HASH;
        for (const row of rows) {
          if (row.kind === 'event') {
            seen.push(row.event.id);
            expect(row.event.prevHash).toBe(prevHash);
            prevHash = row.event.hash;
          } else {
            const inside = covered.filter((e) => e.id >= row.firstId && e.id <= row.lastId);
            expect(inside.every((e) => !matches(e, filter))).toBe(true);
            expect(row.count).toBe(inside.length);
            expect(row.prevHash).toBe(prevHash);
            expect(row.prevHash).toBe(inside[0]!.prevHash);
            expect(row.hash).toBe(inside.at(-1)!.hash);
            seen.push(...inside.map((e) => e.id));
            prevHash = row.hash;
          }
        }
        expect(seen).toEqual(covered.map((e) => e.id));
        expect(prevHash).toBe(last.hash);
      }),
      { numRuns: 100 },
    );
  });

  it('assembles an export whose event lines are the filter’s events, each hashing to its hash', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb(), async (filter) => {
        const upTo = events.at(-1)!;
        const assembler = createExportAssembler({ exportedAt: new Date(), exportedBy: 'auditor', filter: {} });
        const lines = assembler.header();
        for await (const row of auditExportRows(t.appDb, filter, upTo.id)) lines.push(...(row.kind === 'event' ? assembler.event(row.event) : assembler.gap(row)));
        lines.push(...assembler.end(null));
        const parsed = lines.map((l) => JSON.parse(l) as ExportLine);
        const eventLines = parsed.filter((l): l is ExportEventLine => l.type === 'event');
        const expected = events.filter((e) => matches(e, filter));
        expect(eventLines.map((l) => l.id)).toEqual(expected.map((e) => e.id));
        expect(lines.filter((l) => l.includes('"type":"event"'))).toEqual(expected.map((e) => eventLine(e)));
        for (const line of eventLines) {
          const content = { eventKey: line.event_key, occurredAt: line.occurred_at, actor: line.actor, actorAgencyId: line.actor_agency_id, action: line.action };
          const rest = { subjectType: line.subject_type, subjectId: line.subject_id, measureId: line.measure_id, payload: line.payload, workflowId: line.workflow_id, runId: line.run_id };
          expect(auditHash(line.prev_hash, { ...content, ...rest })).toBe(line.hash);
        }
        // Gaps merged: never two in a row; the totals add up to the chain; it ends on the head's hash.
        parsed.forEach((l, i) => expect(l.type === 'gap' && parsed[i - 1]?.type === 'gap').toBe(false));
        const end = parsed.at(-1)!;
        const omitted = parsed.filter((l): l is ExportGapLine => l.type === 'gap').reduce((n, g) => n + g.count, 0);
        expect(end).toMatchObject({ type: 'end', events: expected.length, omitted, last_hash: upTo.hash });
        expect(expected.length + omitted).toBe(events.length);
      }),
      { numRuns: 40 },
    );
  });

  it('yields nothing before the first event', async () => {
    await expect(exportRows({}, events[0]!.id - 1, 100)).resolves.toEqual([]);
  });
});

describe('auditLogStats', () => {
  it('counts every event, names the head, and after a checkpoint counts on from it', async () => {
    const head = events.at(-1)!;
    await expect(auditLogStats(t.appDb)).resolves.toEqual({ events: events.length, head: { id: head.id, hash: head.hash, occurredAt: head.occurredAt }, checkpoint: null });
    // A checkpoint, then two more events (in a database of their own, so the shared log stays as it is).
    const own = await createTestDatabase(inject('pgAdminUrl'));
    try {
      const event = (n: number): NewAuditEvent => ({
        eventKey: `stats/${n}`,
        occurredAt: new Date(START + n * 1000),
        actor: 'system',
        actorAgencyId: null,
        action: 'cycle.missed',
        subjectType: 'assignment',
        subjectId: `a-${n}`,
        measureId: null,
        payload: { n },
        workflowId: null,
        runId: null,
      });
      await own.appDb.transaction().execute((trx) => appendAuditEvents(trx, [event(1), event(2), event(3)]));
      const checkpoint = await recordAuditCheckpoint(own.appDb, auditKeyFrom('0123456789abcdef0123456789abcdef-stats'));
      await own.appDb.transaction().execute((trx) => appendAuditEvents(trx, [event(4), event(5)]));
      const stats = await auditLogStats(own.appDb);
      expect(stats).toMatchObject({ events: 5, checkpoint: { seq: 1, eventCount: 3, lastEventId: checkpoint!.lastEventId } });
      expect(stats.head?.id).toBe(Number((await own.db.selectFrom('auditEvents').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id));
    } finally {
      await own.drop();
    }
  });
});

describe('the tables the audit log page reads beside the events', () => {
  it('are read-only for the app role, and append-only for their owner', async () => {
    for (const table of ['audit_event_plans', 'audit_event_days', 'audit_event_stragglers']) {
      await expect(sql`select count(*) from ${sql.table(table)}`.execute(t.appDb)).resolves.toBeDefined();
      await expect(sql`delete from ${sql.table(table)}`.execute(t.appDb)).rejects.toThrow(/permission denied/);
      await expect(sql`update ${sql.table(table)} set ${sql.ref(table === 'audit_event_days' ? 'first_event_id' : 'event_id')} = 1`.execute(t.appDb)).rejects.toThrow(/permission denied/);
      await expect(sql`truncate ${sql.table(table)}`.execute(t.appDb)).rejects.toThrow(/permission denied|must be owner/);
      await expect(sql`delete from ${sql.table(table)}`.execute(t.db)).rejects.toThrow(/append-only/);
    }
    await expect(sql`insert into audit_event_plans (plan_id, event_id) values (${plans[0]!.id}, 1)`.execute(t.appDb)).rejects.toThrow(/permission denied/);
    await expect(sql`insert into audit_event_stragglers (event_id, occurred_at) values (1, now())`.execute(t.appDb)).rejects.toThrow(/permission denied/);
  });
});
