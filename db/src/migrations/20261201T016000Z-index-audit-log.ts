import { sql, type Kysely } from 'kysely';

/**
 * The audit log page (审计日志) at 1,000,000 events: newest first by id, a page at a time, filtered by time,
 * agency, actor, action, plan and measure (apps/cli/bench/audit.bench.ts, docs/BENCHMARKS.md "The audit bench").
 *
 * - Agency, actor and action each get an index ending in `id`, so a filtered page is the next entries of one
 *   index read backwards (measure already has `audit_events_measure_idx`). `(action, id)` also lists the
 *   distinct actions by a loose index scan. An action with an agency or an actor, the pairs auditors ask for
 *   most, get one index each: without, a pair that matches nothing (a unit and a timer's action, `system` and a
 *   report) merges two long id lists to the end. Other pairs merge their id lists (`searchAuditLog`).
 * - Events name a measure, not a plan. `audit_event_plans` says which plan an event is on (its measure's, or
 *   the plan it is about), so a plan's page reads `(plan_id, event_id)` backwards, also for a plan whose events
 *   are all old (a join to measures would scan the whole log newest first to find none). It keeps the action
 *   too, so that a plan and an action, like an agency and an action, are one list.
 * - Time: a page is ordered by id, a time range filters `occurred_at`. An index on `occurred_at` gives no id
 *   order, and reading ids backwards to reach a range a year ago passes 500,000 rows. Ids and times run
 *   together, nearly: `audit_event_days` keeps the first event recorded for each day (UTC) and
 *   `audit_event_stragglers` the rare event recorded after an event of a later day. From those two small
 *   tables a time range becomes an id range that holds every event in it (`auditTimeBounds`).
 *
 * The three tables are indexes the database keeps: one statement-level trigger fills them from the rows an
 * INSERT appended, so `audit_events` itself is never updated. Appends are serialised (the chain's lock), so
 * "recorded before" is id order. The app role may only read them; the trigger writes as their owner.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists audit_events_agency_idx on audit_events (actor_agency_id, id)`.execute(db);
  await sql`create index if not exists audit_events_actor_idx on audit_events (actor, id)`.execute(db);
  await sql`create index if not exists audit_events_action_idx on audit_events (action, id)`.execute(db);
  await sql`create index if not exists audit_events_agency_action_idx on audit_events (actor_agency_id, action, id)`.execute(db);
  await sql`create index if not exists audit_events_actor_action_idx on audit_events (actor, action, id)`.execute(db);
  // Id lists are read from the indexes alone only where the visibility map says a page holds no row in flux:
  // vacuum an insert-only log after 1% new rows (the default waits for 20%), which for appended pages is cheap.
  await sql`alter table audit_events set (autovacuum_vacuum_insert_scale_factor = 0.01)`.execute(db);

  await sql`
    create table audit_event_plans (
      plan_id uuid not null,
      event_id bigint not null,
      action text not null,
      primary key (plan_id, event_id)
    )`.execute(db);
  await sql`create index audit_event_plans_action_idx on audit_event_plans (plan_id, action, event_id)`.execute(db);
  await sql`create table audit_event_days (day date primary key, first_event_id bigint not null)`.execute(db);
  await sql`create table audit_event_stragglers (event_id bigint primary key, occurred_at timestamptz not null)`.execute(db);

  // Runs once per INSERT statement over the rows it appended (a transition table): one statement per batch.
  await sql`
    create function audit_events_index_appended() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      -- The plan of the event's measure, and the plan the event is about (its id as the app writes ids).
      insert into audit_event_plans (plan_id, event_id, action)
      select m.plan_id, n.id, n.action from appended n join measures m on m.id = n.measure_id where m.plan_id is not null
      union
      select n.subject_id::uuid, n.id, n.action from appended n
       where n.subject_type = 'plan' and n.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      on conflict do nothing;
      -- Recorded after an event of a later day (than any before it, in this statement or earlier ones).
      insert into audit_event_stragglers (event_id, occurred_at)
      select id, occurred_at
        from (select id, occurred_at, (occurred_at at time zone 'UTC')::date as day,
                     greatest((select max(day) from audit_event_days),
                              max((occurred_at at time zone 'UTC')::date) over (order by id rows between unbounded preceding and 1 preceding)) as latest_before
                from appended) r
       where day < latest_before;
      -- The first event of each day: an earlier statement's row, if any, has the smaller id.
      insert into audit_event_days (day, first_event_id)
      select (occurred_at at time zone 'UTC')::date, min(id) from appended group by 1
      on conflict (day) do nothing;
      return null;
    end $$`.execute(db);
  await sql`revoke all on function audit_events_index_appended() from public`.execute(db);
  await sql`
    create trigger audit_events_index_appended after insert on audit_events
      referencing new table as appended for each statement execute function audit_events_index_appended()`.execute(db);

  // The events already recorded, the same way (the trigger's statements over the whole log, in id order).
  await sql`
    insert into audit_event_plans (plan_id, event_id, action)
    select m.plan_id, e.id, e.action from audit_events e join measures m on m.id = e.measure_id where m.plan_id is not null
    union
    select e.subject_id::uuid, e.id, e.action from audit_events e
     where e.subject_type = 'plan' and e.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`.execute(db);
  await sql`
    insert into audit_event_stragglers (event_id, occurred_at)
    select id, occurred_at
      from (select id, occurred_at, (occurred_at at time zone 'UTC')::date as day,
                   max((occurred_at at time zone 'UTC')::date) over (order by id rows between unbounded preceding and 1 preceding) as latest_before
              from audit_events) r
     where day < latest_before`.execute(db);
  await sql`insert into audit_event_days (day, first_event_id) select (occurred_at at time zone 'UTC')::date, min(id) from audit_events group by 1`.execute(db);

  // Like audit_events, only more so: the app reads them; only the trigger (as their owner) appends.
  for (const table of ['audit_event_plans', 'audit_event_days', 'audit_event_stragglers']) {
    await sql`revoke insert, update, delete, truncate, references, trigger on ${sql.table(table)} from liandong_app`.execute(db);
    await sql`grant select on ${sql.table(table)} to liandong_app`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_update`)} before update or delete on ${sql.table(table)} for each row execute function audit_events_append_only()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function audit_events_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_events_index_appended on audit_events`.execute(db);
  await sql`drop function if exists audit_events_index_appended()`.execute(db);
  for (const table of ['audit_event_stragglers', 'audit_event_days', 'audit_event_plans']) await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await sql`alter table audit_events reset (autovacuum_vacuum_insert_scale_factor)`.execute(db);
  for (const name of ['audit_events_actor_action_idx', 'audit_events_agency_action_idx', 'audit_events_action_idx', 'audit_events_actor_idx', 'audit_events_agency_idx']) await sql`drop index if exists ${sql.raw(name)}`.execute(db);
}
