import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import { createTestDatabase, type TestDatabase } from '../testing';
import { down, up } from './20261201T017000Z-measure-deadlines';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

const columns = async () =>
  (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'measures' and column_name in ('due_on', 'ongoing', 'deadline_text') order by 1`.execute(t.db)).rows.map((r) => r.name);

describe('20261201T017000Z-measure-deadlines', () => {
  it('gives measures stored before it no deadline (null, not ongoing), and can be taken out and put back', async () => {
    await down(t.db);
    expect(await columns()).toEqual([]);
    const tag = randomBytes(4).toString('hex');
    const agency = await t.db.insertInto('agencies').values({ code: `d-${tag}`, name: `单位-${tag}`, level: 'city', kind: 'department' }).returning('id').executeTakeFirstOrThrow();
    const plan = await t.db
      .insertInto('plans')
      .values({ title: `期限迁移 ${tag}`, coordinatorAgencyId: agency.id, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: tag, sourceHash: randomBytes(32).toString('hex') })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Written as the app wrote measures before the migration: without the deadline columns.
    const { rows } = await sql<{ id: string }>`insert into measures (plan_id, seq, number, title, body, lead_agency_id) values (${plan.id}, 0, '(1)', '措施', '', ${agency.id}) returning id`.execute(t.db);

    await up(t.db);
    expect(await columns()).toEqual(['deadline_text', 'due_on', 'ongoing']);
    const measure = await t.db.selectFrom('measures').select(['dueOn', 'ongoing', 'deadlineText']).where('id', '=', rows[0]!.id).executeTakeFirstOrThrow();
    expect(measure).toEqual({ dueOn: null, ongoing: false, deadlineText: null });
    await expect(t.db.updateTable('measures').set({ ongoing: true, dueOn: '2025-12-31' }).where('id', '=', rows[0]!.id).execute()).rejects.toThrow(/measures_deadline_check/);
  });
});
