import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import { inboxCounts } from '../queries/inbox';
import { createTestDatabase, type TestDatabase } from '../testing';
import { down, up } from './20261201T010000Z-create-supervision-documents';

// The notices' inbox branch is appended to whatever `inbox_items_source` holds, so it can be taken out again
// and put back without touching the other branches.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

const viewText = async () => (await sql<{ def: string }>`select pg_get_viewdef('inbox_items_source'::regclass, true) as def`.execute(t.db)).rows[0]!.def;

/** A notice to a unit of a measure: the unit's inbox counts it as to be signed for. */
async function issuedNotice() {
  const tag = randomBytes(4).toString('hex');
  const [coordinator, unit] = (
    await t.db
      .insertInto('agencies')
      .values(['coordinator', 'unit'].map((name) => ({ code: `s-${tag}-${name}`, name: `${name}-${tag}`, level: 'city' as const, kind: 'department' as const })))
      .returning('id')
      .execute()
  ).map((a) => a.id) as [number, number];
  const plan = await t.db
    .insertInto('plans')
    .values({ title: `督办单迁移 ${tag}`, coordinatorAgencyId: coordinator, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: tag, sourceHash: randomBytes(32).toString('hex') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const measure = await t.db
    .insertInto('measures')
    .values({ planId: plan.id, seq: 0, number: '(1)', title: '措施', body: '', leadAgencyId: unit, coordinatorAgencyId: coordinator })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('assignments').values({ measureId: measure.id, agencyId: unit, role: 'lead', status: 'accepted' }).execute();
  await t.db
    .insertInto('supervisionNotices')
    .values({
      planId: plan.id,
      year: 2026,
      seq: 1,
      number: '督办〔2026〕第1号',
      measureId: measure.id,
      agencyId: unit,
      coordinatorAgencyId: coordinator,
      requirement: '请报送',
      answerDueAt: new Date(Date.now() + 86_400_000),
      issuedBy: 'c',
      issuedByName: 'c',
      issuedAt: new Date(),
    })
    .execute();
  return unit;
}

describe('migration create-supervision-documents', () => {
  it("puts a notice in its unit's inbox, and comes out and goes back in leaving the other branches as they were", async () => {
    const unit = await issuedNotice();
    expect((await inboxCounts(t.db, unit)).byKind['notice.unsigned']).toBe(1);
    const withNotices = await viewText();
    expect(withNotices).toContain('supervision_inbox_items');

    await down(t.db);
    const without = await viewText();
    expect(without).not.toContain('supervision_inbox_items');
    expect(without).toContain('decline.pending');
    expect(await t.db.selectFrom('inboxItems').select('kind').where('kind', 'like', 'notice.%').execute()).toEqual([]);

    await up(t.db);
    await up(t.db);
    expect(await viewText()).toBe(withNotices);
  });
});
