import { sql, type Kysely } from 'kysely';

/**
 * 督办单 (supervision notices): numbered per plan and per year in China time (督办〔2026〕第3号), issued by the
 * plan's coordinator to one unit of a measure, signed for (签收) and answered by that unit.
 * - `supervision_notice_counters`: the last number given out per plan and year. The issuing transaction bumps
 *   its row (`insert … on conflict do update … returning`), which locks it until commit: concurrent issuers take
 *   turns, and a rolled-back issue gives its number back. So numbers run 1, 2, 3 … without gaps or repeats.
 * - The unit's inbox (工作台) holds a notice until it is answered: `notice.unsigned` (待签收), then
 *   `notice.unanswered` (待答复). The view `supervision_inbox_items` says so, and is appended to
 *   `inbox_items_source` (whatever that view holds now, so other migrations' branches stay), and a trigger on
 *   the notices recomputes their measures' inbox rows (`refresh_daily_work`), as migration
 *   denormalize-daily-work does for its tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists supervision_notice_counters (
      plan_id uuid not null references plans (id) on delete cascade,
      year integer not null,
      last_seq integer not null check (last_seq > 0),
      constraint supervision_notice_counters_pkey primary key (plan_id, year)
    )`.execute(db);

  await sql`
    create table if not exists supervision_notices (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references plans (id) on delete cascade,
      year integer not null,
      seq integer not null check (seq > 0),
      number text not null,
      measure_id uuid not null references measures (id) on delete cascade,
      agency_id integer not null references agencies (id),
      escalation_id uuid references escalations (id) on delete set null,
      coordinator_agency_id integer not null references agencies (id),
      requirement text not null,
      overdue_item text,
      overdue_since timestamptz,
      answer_due_at timestamptz not null,
      status text not null default 'issued' check (status in ('issued', 'signed', 'answered')),
      issued_by text not null,
      issued_by_name text not null,
      issued_at timestamptz not null,
      signed_by text,
      signed_at timestamptz,
      answer text,
      answered_by text,
      answered_at timestamptz,
      constraint supervision_notices_number_key unique (plan_id, year, seq),
      constraint supervision_notices_signed_check check (status = 'issued' or signed_at is not null),
      constraint supervision_notices_answered_check check (status <> 'answered' or (answered_at is not null and answer is not null))
    )`.execute(db);
  await sql`create index if not exists supervision_notices_measure_idx on supervision_notices (measure_id)`.execute(db);
  await sql`create index if not exists supervision_notices_agency_idx on supervision_notices (agency_id, issued_at desc)`.execute(db);
  await sql`create index if not exists supervision_notices_coordinator_idx on supervision_notices (coordinator_agency_id, issued_at desc)`.execute(db);
  await sql`create index if not exists supervision_notices_escalation_idx on supervision_notices (escalation_id) where escalation_id is not null`.execute(db);

  // The unit's inbox items: signed for or not, until answered. The issuing coordinator is the other unit.
  await sql`
    create or replace view supervision_inbox_items as
    select n.agency_id, case n.status when 'issued' then 'notice.unsigned' else 'notice.unanswered' end::text as kind, n.id as ref_id, n.measure_id,
           n.coordinator_agency_id as other_agency_id, n.answer_due_at as due_at, coalesce(n.signed_at, n.issued_at) as since,
           false as coordinator_only, m.number as measure_number, m.title as measure_title
      from supervision_notices n join measures m on m.id = n.measure_id
     where n.status in ('issued', 'signed')`.execute(db);
  const { rows } = await sql<{ def: string }>`select pg_get_viewdef('inbox_items_source'::regclass, true) as def`.execute(db);
  const current = rows[0]!.def.trim().replace(/;$/, '');
  if (!current.includes('supervision_inbox_items')) {
    await sql`create or replace view inbox_items_source as ${sql.raw(current)}
      union all
      select agency_id, kind, ref_id, measure_id, other_agency_id, due_at, since, coordinator_only, measure_number, measure_title from supervision_inbox_items`.execute(db);
  }

  await sql`
    create or replace function refresh_daily_work_after_supervision_notices() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform refresh_daily_work(array(select distinct measure_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform refresh_daily_work(array(select distinct measure_id from old_rows));
      else
        perform refresh_daily_work(array(
          select measure_id from (select id, measure_id, agency_id, status, answer_due_at, signed_at from new_rows
                                  except select id, measure_id, agency_id, status, answer_due_at, signed_at from old_rows) changed
          union
          select measure_id from (select id, measure_id, agency_id, status, answer_due_at, signed_at from old_rows
                                  except select id, measure_id, agency_id, status, answer_due_at, signed_at from new_rows) changed));
      end if;
      return null;
    end $$`.execute(db);
  for (const [op, referencing] of [
    ['insert', 'new table as new_rows'],
    ['update', 'old table as old_rows new table as new_rows'],
    ['delete', 'old table as old_rows'],
  ] as const) {
    const trigger = `supervision_notices_daily_work_${op}`;
    await sql`drop trigger if exists ${sql.raw(trigger)} on supervision_notices`.execute(db);
    await sql`
      create trigger ${sql.raw(trigger)} after ${sql.raw(op)} on supervision_notices
      referencing ${sql.raw(referencing)} for each statement execute function refresh_daily_work_after_supervision_notices()`.execute(db);
  }
  // Notices already there (a re-run) get their inbox rows.
  await sql`select refresh_daily_work(array(select distinct measure_id from supervision_notices))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ def: string }>`select pg_get_viewdef('inbox_items_source'::regclass, true) as def`.execute(db);
  const current = rows[0]!.def.trim().replace(/;$/, '');
  // Our branch, as PostgreSQL prints it back: the last UNION ALL whose FROM is supervision_inbox_items.
  const without = current.replace(/\s*UNION ALL\s+SELECT(?:(?!UNION ALL)[\s\S])*?FROM supervision_inbox_items[^\n]*/, '');
  if (without !== current) await sql`create or replace view inbox_items_source as ${sql.raw(without)}`.execute(db);
  for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.raw(`supervision_notices_daily_work_${op}`)} on supervision_notices`.execute(db);
  await sql`drop function if exists refresh_daily_work_after_supervision_notices()`.execute(db);
  await sql`delete from inbox_items where kind in ('notice.unsigned', 'notice.unanswered')`.execute(db);
  await sql`drop view if exists supervision_inbox_items`.execute(db);
  await sql`drop table if exists supervision_notices`.execute(db);
  await sql`drop table if exists supervision_notice_counters`.execute(db);
}
