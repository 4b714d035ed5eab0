import { sql, type Kysely } from 'kysely';

/**
 * The audit chain's lock and what an append reads under it, in one round trip (issue 13: launching 1,000 measures
 * spent most of its time with recordings queued on the chain's lock, held across the client's round trips).
 *
 * `audit_chain_head(keys)` takes the chain's advisory lock (held to the end of the caller's transaction, as before),
 * then answers, in a statement of its own and so with a snapshot taken after the lock was granted (a VOLATILE
 * function's statements each take a new one under READ COMMITTED), the events already recorded under `keys` and the
 * chain's head. The caller hashes and inserts; the lock then covers two round trips (the insert and the commit)
 * instead of four.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_chain_head(keys text[])
    returns table (id bigint, hash text, event_key text, is_head boolean)
    language plpgsql volatile as $$
    begin
      perform pg_advisory_xact_lock(hashtextextended('liandong.audit_events', 0));
      return query
        select e.id, e.hash, e.event_key, false from audit_events e where e.event_key = any(keys)
        union all
        (select e.id, e.hash, e.event_key, true from audit_events e order by e.id desc limit 1);
    end $$`.execute(db);
  await sql`grant execute on function audit_chain_head(text[]) to liandong_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists audit_chain_head(text[])`.execute(db);
}
