import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import { inboxCounts, listMeasuresForAgency } from '../queries/inbox';
import { createTestDatabase, type TestDatabase } from '../testing';
import { down, up } from './20261201T004000Z-denormalize-daily-work';

// An installation that already has measures, assignments and reports when this migration arrives: the
// migration must derive what the reads need from them, and may run again without changing anything.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

const DAY = 86_400_000;

/** Rows written with the schema before the migration: a measure overdue for its partner, one not yet due. */
async function existingInstallation() {
  const tag = randomBytes(4).toString('hex');
  const agencies = await t.db
    .insertInto('agencies')
    .values(['coordinator', 'lead', 'partner'].map((name) => ({ code: `m-${tag}-${name}`, name: `${name}-${tag}`, level: 'city' as const, kind: 'department' as const })))
    .returning('id')
    .execute();
  const [coordinator, lead, partner] = agencies.map((a) => a.id) as [number, number, number];
  const plan = await t.db
    .insertInto('plans')
    .values({ title: `迁移测试 ${tag}`, coordinatorAgencyId: coordinator, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: tag, sourceHash: randomBytes(32).toString('hex') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const now = Date.now();
  const measure = async (seq: number, due: number) => {
    const row = await t.db
      .insertInto('measures')
      .values({ planId: plan.id, seq, number: `(${seq + 1})`, title: `措施${seq + 1}`, body: '', leadAgencyId: lead, coordinatorAgencyId: coordinator, cycleIndex: 0, cycleDueAt: new Date(now + due) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('assignments')
      .values([
        { measureId: row.id, agencyId: lead, role: 'lead', status: 'accepted', dueAt: new Date(now + due) },
        { measureId: row.id, agencyId: partner, role: 'partner', status: 'accepted', dueAt: new Date(now + due), escalationLevel: due < 0 ? 'yellow' : null },
      ])
      .execute();
    return row.id;
  };
  const overdue = await measure(0, -2 * DAY);
  const upcoming = await measure(1, 5 * DAY);
  // The partner reported on the upcoming measure; the lead's combined reports are owed on both.
  await t.db
    .insertInto('reports')
    .values({ id: randomUUID(), measureId: upcoming, agencyId: partner, cycleIndex: 0, kind: 'partner', revision: 1, progressStatus: 'on_track', percentDone: 50, kpiValues: '[]', submittedBy: 'p', submittedAt: new Date(now - DAY) })
    .execute();
  return { coordinator, lead, partner, overdue, upcoming };
}

/** Everything the migration derives, in a stable order. */
async function derived() {
  const items = await sql`select * from inbox_items order by agency_id, kind, ref_id`.execute(t.db);
  const assignments = await sql`select id, unreported_due_at from assignments order by id`.execute(t.db);
  const measures = await sql`select id, unreported_due_at, highest_escalation_level from measures order by id`.execute(t.db);
  return { items: items.rows, assignments: assignments.rows, measures: measures.rows };
}

describe('migration denormalize-daily-work', () => {
  it('derives what the reads need from the rows an installation already has, and runs again without changing it', async () => {
    await down(t.db);
    const w = await existingInstallation();
    await up(t.db);

    expect(await inboxCounts(t.db, w.partner)).toMatchObject({ total: 1, byKind: { 'report.due': 1 } });
    expect(await inboxCounts(t.db, w.lead)).toMatchObject({ total: 3, byKind: { 'report.due': 2, 'report.review': 1 } });
    const list = (agencyId: number, coordinator = false) =>
      listMeasuresForAgency(t.db, { agencyId, ...(coordinator ? { coordinatorAgencyId: agencyId } : {}), overdue: true, sort: 'number', limit: 10, offset: 0 });
    expect((await list(w.partner)).rows.map((r) => r.id)).toEqual([w.overdue]);
    expect((await list(w.coordinator, true)).rows.map((r) => [r.id, r.escalationLevel])).toEqual([[w.overdue, 'yellow']]);

    const before = await derived();
    await up(t.db);
    expect(await derived()).toEqual(before);
    // The kept rows are exactly the view that defines them.
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from (
        (select agency_id, kind, ref_id, measure_id, other_agency_id, due_at, since, coordinator_only, measure_number, measure_title from inbox_items
         except all select * from inbox_items_source)
        union all
        (select * from inbox_items_source
         except all select agency_id, kind, ref_id, measure_id, other_agency_id, due_at, since, coordinator_only, measure_number, measure_title from inbox_items)) d`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('keeps up with writes from outside the projection: a bulk update, a delete and a truncate', async () => {
    const w = await existingInstallation();
    // A plan revision withdraws a measure directly.
    await t.db.updateTable('measures').set({ status: 'withdrawn' }).where('id', '=', w.overdue).execute();
    expect(await inboxCounts(t.db, w.lead)).toMatchObject({ total: 2, byKind: { 'report.due': 1, 'report.review': 1 } });
    await t.db.deleteFrom('reports').where('measureId', '=', w.upcoming).execute();
    expect(await inboxCounts(t.db, w.partner)).toMatchObject({ total: 1, byKind: { 'report.due': 1 } });
    expect(await inboxCounts(t.db, w.lead)).toMatchObject({ total: 1, byKind: { 'report.due': 1, 'report.review': 0 } });
    await t.db
      .insertInto('reports')
      .values({ id: randomUUID(), measureId: w.upcoming, agencyId: w.lead, cycleIndex: 0, kind: 'combined', revision: 1, progressStatus: 'on_track', percentDone: 50, kpiValues: '[]', submittedBy: 'l', submittedAt: new Date() })
      .execute();
    expect((await inboxCounts(t.db, w.lead)).total).toBe(0);
    await sql`truncate reports`.execute(t.db);
    expect(await inboxCounts(t.db, w.lead)).toMatchObject({ total: 1, byKind: { 'report.due': 1 } });
  });
});
