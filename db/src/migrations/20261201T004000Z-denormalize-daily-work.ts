import { sql, type Kysely } from 'kysely';

/**
 * The officer's daily reads at province scale (issue 8). Computed at read time, one inbox call checked each of
 * an agency's ~345 assignments against its current cycle's report, and a coordinator's list each of its plan's
 * 1,000 measures. Now the read model keeps what they need, so each read is a range scan over the agency's rows:
 * - `inbox_items`: one row per item waiting on an agency (工作台), the rows of the view `inbox_items_source`
 *   (the inbox query as it was, for every agency at once);
 * - `assignments.unreported_due_at`: the assignment's deadline while its current cycle's report is owed (none
 *   submitted or accepted) on an active measure; `measures.unreported_due_at`, the earliest of its assignments';
 *   `measures.highest_escalation_level`, the highest level open on its live assignments. Overdue is
 *   `unreported_due_at < now()` at read time: a stored flag would go stale as time passes without an event.
 *
 * Triggers on the tables these derive from recompute them for the measures a statement touched, in the same
 * transaction, whoever writes: the recording activity's projection, a plan revision, a fixture. So they
 * cannot disagree with those tables. Existing rows are backfilled. Idempotent: it can run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table assignments add column if not exists unreported_due_at timestamptz`.execute(db);
  await sql`alter table measures add column if not exists unreported_due_at timestamptz`.execute(db);
  await sql`alter table measures add column if not exists highest_escalation_level text check (highest_escalation_level in ('blue', 'yellow', 'red'))`.execute(db);

  await sql`
    create table if not exists inbox_items (
      agency_id integer not null,
      kind text not null,
      ref_id uuid not null,
      measure_id uuid not null,
      other_agency_id integer not null,
      due_at timestamptz,
      due_sort timestamptz not null generated always as (coalesce(due_at, timestamptz '9999-12-31 00:00:00+00')) stored,
      since timestamptz not null,
      coordinator_only boolean not null,
      measure_number text not null,
      measure_title text not null,
      constraint inbox_items_pkey primary key (agency_id, kind, ref_id)
    )`.execute(db);
  // The inbox in its order (keyset paging), and the counts per kind from the same index alone.
  await sql`create index if not exists inbox_items_agency_order_idx on inbox_items (agency_id, due_sort, since, kind, ref_id) include (coordinator_only)`.execute(db);
  await sql`create index if not exists inbox_items_measure_id_idx on inbox_items (measure_id)`.execute(db);
  // Overdue filters: the agency's assignments with a report owed, by deadline.
  await sql`create index if not exists assignments_unreported_idx on assignments (agency_id, unreported_due_at) where unreported_due_at is not null`.execute(db);
  // A coordinator's list of its plans' measures, in each order the list sorts by within one plan: a page reads
  // the first rows of each plan from one of these and stops (the escalation order ranks the highest level).
  await sql`create index if not exists measures_plan_seq_idx on measures (plan_id, seq, number, id)`.execute(db);
  await sql`create index if not exists measures_plan_due_idx on measures (plan_id, cycle_due_at, seq, number, id)`.execute(db);
  await sql`create index if not exists measures_plan_updated_idx on measures (plan_id, updated_at desc, id)`.execute(db);
  await sql`
    create index if not exists measures_plan_escalation_idx on measures
      (plan_id, (case highest_escalation_level when 'red' then 3 when 'yellow' then 2 when 'blue' then 1 else 0 end) desc, cycle_due_at, id)`.execute(db);
  // What the recomputation of one measure looks up: its subtasks (there was only an index by assignee).
  await sql`create index if not exists subtasks_measure_id_idx on subtasks (measure_id)`.execute(db);

  // The inbox definition: what the inbox query computed per agency, for all agencies. `coordinator_only`: shown
  // only to those who decide as the plan's coordinator (协调办), not to every officer of that agency.
  await sql`
    create or replace view inbox_items_source as
    select a.agency_id, 'assignment.pending'::text as kind, a.id as ref_id, a.measure_id, a.agency_id as other_agency_id, a.due_at, a.updated_at as since,
           false as coordinator_only, m.number as measure_number, m.title as measure_title
      from assignments a join measures m on m.id = a.measure_id
     where a.status = 'pending' and m.status in ('active', 'closure_requested')
    union all
    select a.agency_id, 'report.due', a.id, a.measure_id, a.agency_id, coalesce(a.due_at, m.cycle_due_at), coalesce(m.updated_at, a.updated_at), false, m.number, m.title
      from assignments a join measures m on m.id = a.measure_id
     where a.status in ('pending', 'accepted', 'transfer_requested') and m.status = 'active' and m.cycle_index is not null
       and not exists (
         select 1 from reports r
          where r.measure_id = a.measure_id and r.agency_id = a.agency_id and r.cycle_index = m.cycle_index
            and r.kind = case when a.role = 'lead' then 'combined' else 'partner' end)
    union all
    select a.agency_id, 'report.returned', r.id, r.measure_id, r.agency_id, coalesce(a.due_at, m.cycle_due_at), coalesce(r.reviewed_at, r.submitted_at), false, m.number, m.title
      from assignments a join measures m on m.id = a.measure_id
      join reports r on r.measure_id = a.measure_id and r.agency_id = a.agency_id and r.cycle_index = m.cycle_index
                    and r.kind = case when a.role = 'lead' then 'combined' else 'partner' end
     where a.status in ('pending', 'accepted', 'transfer_requested') and m.status = 'active' and r.status = 'returned'
       and not exists (
         select 1 from reports later
          where later.measure_id = r.measure_id and later.agency_id = r.agency_id and later.cycle_index = r.cycle_index
            and later.kind = r.kind and later.revision > r.revision)
    union all
    select m.lead_agency_id, 'report.review', r.id, r.measure_id, r.agency_id, m.cycle_due_at, r.submitted_at, false, m.number, m.title
      from measures m join reports r on r.measure_id = m.id
     where m.status in ('active', 'closure_requested') and r.kind = 'partner' and r.status = 'submitted'
    union all
    select s.assignee_agency_id, 'subtask.open', s.id, s.measure_id, s.created_by_agency_id, s.due_at, s.created_at, false, m.number, m.title
      from subtasks s join measures m on m.id = s.measure_id
     where s.status = 'open' and m.status in ('active', 'closure_requested')
    union all
    select m.lead_agency_id, 'extension.pending', e.id, e.measure_id, e.agency_id, null, e.requested_at, false, m.number, m.title
      from measures m join extension_requests e on e.measure_id = m.id
     where e.status = 'pending' and m.status in ('active', 'closure_requested') and e.agency_id <> m.lead_agency_id
    union all
    -- The coordinator's copy, unless the coordinator is the lead and already has the item as lead.
    select m.coordinator_agency_id, 'extension.pending', e.id, e.measure_id, e.agency_id, null, e.requested_at, true, m.number, m.title
      from measures m join extension_requests e on e.measure_id = m.id
     where e.status = 'pending' and m.status in ('active', 'closure_requested') and m.coordinator_agency_id is not null
       and not (m.coordinator_agency_id = m.lead_agency_id and e.agency_id <> m.lead_agency_id)
    union all
    select m.coordinator_agency_id, case a.status when 'declined' then 'decline.pending' else 'transfer.pending' end, a.id, a.measure_id, a.agency_id, null, a.updated_at, true, m.number, m.title
      from measures m join assignments a on a.measure_id = m.id
     where m.coordinator_agency_id is not null and m.status in ('active', 'closure_requested') and a.status in ('declined', 'transfer_requested')`.execute(db);

  // Recomputes everything derived for the given measures. Their rows are locked first, so two transactions
  // writing the same measure take turns, and the second computes from what the first committed. A hundred
  // measures at a time: each statement then finds its rows by index probes per measure, and a bulk load (the
  // backfill) stays linear instead of testing every probe against a long array. Planned once per session (a
  // generic plan): planning the view's nine branches anew would cost more than running them for one measure.
  await sql`
    create or replace function refresh_daily_work(ids uuid[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
    declare
      chunk uuid[];
    begin
      for chunk in
        select array_agg(id order by id)
          from (select id, (row_number() over (order by id) - 1) / 100 as n from (select distinct unnest(ids) as id) d) numbered
         group by n order by n
      loop
        perform 1 from measures where id = any(chunk) order by id for no key update;

        update assignments a
           set unreported_due_at = s.unreported_due_at
          from (select a2.id,
                       case when a2.status in ('pending', 'accepted', 'transfer_requested') and m.status = 'active'
                             and not exists (
                               select 1 from reports r
                                where r.measure_id = a2.measure_id and r.agency_id = a2.agency_id and r.cycle_index = m.cycle_index
                                  and r.kind = case when a2.role = 'lead' then 'combined' else 'partner' end and r.status in ('submitted', 'accepted'))
                            then a2.due_at end as unreported_due_at
                  from measures m join assignments a2 on a2.measure_id = m.id
                 where m.id = any(chunk)) s
         where a.id = s.id and a.unreported_due_at is distinct from s.unreported_due_at;

        update measures m
           set unreported_due_at = s.unreported_due_at, highest_escalation_level = s.level
          from (select mm.id,
                       (select min(a.unreported_due_at) from assignments a where a.measure_id = mm.id) as unreported_due_at,
                       (select a.escalation_level from assignments a
                         where a.measure_id = mm.id and a.status <> 'withdrawn' and a.escalation_level is not null
                         order by case a.escalation_level when 'red' then 3 when 'yellow' then 2 else 1 end desc limit 1) as level
                  from measures mm where mm.id = any(chunk)) s
         where m.id = any(chunk) and m.id = s.id and (m.unreported_due_at, m.highest_escalation_level) is distinct from (s.unreported_due_at, s.level);

        with fresh as (select * from inbox_items_source where measure_id = any(chunk)),
             gone as (
               delete from inbox_items i
                where i.measure_id = any(chunk)
                  and not exists (select 1 from fresh f where f.agency_id = i.agency_id and f.kind = i.kind and f.ref_id = i.ref_id))
        insert into inbox_items (agency_id, kind, ref_id, measure_id, other_agency_id, due_at, since, coordinator_only, measure_number, measure_title)
        select agency_id, kind, ref_id, measure_id, other_agency_id, due_at, since, coordinator_only, measure_number, measure_title from fresh
        on conflict (agency_id, kind, ref_id) do update
           set measure_id = excluded.measure_id, other_agency_id = excluded.other_agency_id, due_at = excluded.due_at, since = excluded.since,
               coordinator_only = excluded.coordinator_only, measure_number = excluded.measure_number, measure_title = excluded.measure_title
         where (inbox_items.measure_id, inbox_items.other_agency_id, inbox_items.due_at, inbox_items.since, inbox_items.coordinator_only, inbox_items.measure_number, inbox_items.measure_title)
               is distinct from (excluded.measure_id, excluded.other_agency_id, excluded.due_at, excluded.since, excluded.coordinator_only, excluded.measure_number, excluded.measure_title);
      end loop;
    end $$`.execute(db);

  // One statement-level trigger per table and operation (transition tables allow one event each). An update
  // recomputes only the measures of rows that changed in a column the derived state reads, so the recomputation's
  // own writes, and `measures.event_seq` on every recorded batch, cost a comparison and nothing more. The
  // comparison is a set difference (hashed), not a join: the planner takes a transition table for one row.
  for (const { table, measureId, key, columns } of SOURCES) {
    const tuple = [...new Set([key, measureId, ...columns])].join(', ');
    await sql`
      create or replace function ${sql.raw(`refresh_daily_work_after_${table}`)}() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform refresh_daily_work(array(select distinct ${sql.raw(measureId)} from new_rows));
        elsif tg_op = 'DELETE' then
          perform refresh_daily_work(array(select distinct ${sql.raw(measureId)} from old_rows));
        else
          perform refresh_daily_work(array(
            select ${sql.raw(measureId)} from (select ${sql.raw(tuple)} from new_rows except select ${sql.raw(tuple)} from old_rows) changed
            union
            select ${sql.raw(measureId)} from (select ${sql.raw(tuple)} from old_rows except select ${sql.raw(tuple)} from new_rows) changed));
        end if;
        return null;
      end $$`.execute(db);
    for (const [op, referencing] of [
      ['insert', 'new table as new_rows'],
      ['update', 'old table as old_rows new table as new_rows'],
      ['delete', 'old table as old_rows'],
    ] as const) {
      const trigger = `${table}_daily_work_${op}`;
      await sql`drop trigger if exists ${sql.raw(trigger)} on ${sql.raw(table)}`.execute(db);
      await sql`
        create trigger ${sql.raw(trigger)} after ${sql.raw(op)} on ${sql.raw(table)}
        referencing ${sql.raw(referencing)} for each statement execute function ${sql.raw(`refresh_daily_work_after_${table}`)}()`.execute(db);
    }
  }

  // TRUNCATE fires no delete trigger: recompute everything (nothing in the app truncates these tables).
  await sql`
    create or replace function refresh_daily_work_after_truncate() returns trigger language plpgsql as $$
    begin
      delete from inbox_items i where not exists (select 1 from measures m where m.id = i.measure_id);
      perform refresh_daily_work(array(select id from measures));
      return null;
    end $$`.execute(db);
  for (const { table } of SOURCES) {
    await sql`drop trigger if exists ${sql.raw(`${table}_daily_work_truncate`)} on ${sql.raw(table)}`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_daily_work_truncate`)} after truncate on ${sql.raw(table)} for each statement execute function refresh_daily_work_after_truncate()`.execute(db);
  }

  // Backfill: every measure, once (again after a re-run: the writes only touch what differs).
  await sql`select refresh_daily_work(array(select id from measures))`.execute(db);
}

/** The tables the derived state is computed from, and the columns it reads (a change to any other column does not count). */
const SOURCES = [
  { table: 'measures', measureId: 'id', key: 'id', columns: ['status', 'cycle_index', 'cycle_due_at', 'updated_at', 'number', 'title', 'lead_agency_id', 'coordinator_agency_id'] },
  { table: 'assignments', measureId: 'measure_id', key: 'id', columns: ['measure_id', 'agency_id', 'role', 'status', 'due_at', 'escalation_level', 'updated_at'] },
  { table: 'reports', measureId: 'measure_id', key: 'id', columns: ['measure_id', 'agency_id', 'cycle_index', 'kind', 'revision', 'status', 'submitted_at', 'reviewed_at'] },
  { table: 'subtasks', measureId: 'measure_id', key: 'id', columns: ['measure_id', 'assignee_agency_id', 'created_by_agency_id', 'status', 'due_at', 'created_at'] },
  { table: 'extension_requests', measureId: 'measure_id', key: 'id', columns: ['measure_id', 'agency_id', 'status', 'requested_at'] },
] as const;

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of SOURCES) {
    for (const op of ['insert', 'update', 'delete', 'truncate']) await sql`drop trigger if exists ${sql.raw(`${table}_daily_work_${op}`)} on ${sql.raw(table)}`.execute(db);
    await sql`drop function if exists ${sql.raw(`refresh_daily_work_after_${table}`)}()`.execute(db);
  }
  await sql`drop function if exists refresh_daily_work_after_truncate()`.execute(db);
  await sql`drop function if exists refresh_daily_work(uuid[])`.execute(db);
  await sql`drop view if exists inbox_items_source`.execute(db);
  await sql`drop table if exists inbox_items`.execute(db);
  await sql`drop index if exists subtasks_measure_id_idx`.execute(db);
  for (const name of ['measures_plan_seq_idx', 'measures_plan_due_idx', 'measures_plan_updated_idx', 'measures_plan_escalation_idx']) await sql`drop index if exists ${sql.raw(name)}`.execute(db);
  await sql`drop index if exists assignments_unreported_idx`.execute(db);
  await sql`alter table measures drop column if exists highest_escalation_level, drop column if exists unreported_due_at`.execute(db);
  await sql`alter table assignments drop column if exists unreported_due_at`.execute(db);
}
