import { sql, type Kysely } from 'kysely';

/**
 * The run-time role and the audit log's anchor.
 *
 * `liandong_app` is what the API, worker and CLI connect as (directly, or through a login role
 * that is a member of it). It may read and write the ordinary tables, but on `audit_events` only
 * SELECT and INSERT: it does not own the table, so it cannot disable triggers or truncate, and it
 * cannot write `audit_checkpoints` except through `audit_record_checkpoint`, which checks that a
 * checkpoint describes the log as it is. The role that runs migrations stays the owner.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Roles are cluster-wide: the embedded PostgreSQL creates a login role of this name at start;
  // elsewhere, an operator may create it first (our migrator may lack CREATEROLE).
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'liandong_app') then
        create role liandong_app nologin;
      end if;
    exception when insufficient_privilege then
      raise exception 'role liandong_app is missing and % may not create roles', current_user
        using hint = 'create it first as an administrator: CREATE ROLE liandong_app LOGIN PASSWORD ''…''';
    end $$`.execute(db);

  // A checkpoint anchors the head of the chain: signed (HMAC-SM3 with a key kept outside the
  // database) and chained to the checkpoint before it, so neither can be rewritten unnoticed.
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('event_count', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();

  // Runs as the owner. Takes the appends' lock, so the head cannot move while it is checked.
  await sql`
    create function audit_record_checkpoint(
      p_seq bigint, p_last_event_id bigint, p_last_hash text, p_event_count bigint,
      p_recorded_at timestamptz, p_key_id text, p_signature text
    ) returns void language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      previous audit_checkpoints%rowtype;
      head audit_events%rowtype;
      since bigint;
    begin
      perform pg_advisory_xact_lock(hashtextextended('liandong.audit_events', 0));
      select * into previous from audit_checkpoints order by seq desc limit 1;
      if p_seq <> coalesce(previous.seq, 0) + 1 then
        raise exception 'checkpoint % is out of sequence (next is %)', p_seq, coalesce(previous.seq, 0) + 1 using errcode = '22023';
      end if;
      select * into head from audit_events order by id desc limit 1;
      if head.id is null or head.id <> p_last_event_id or head.hash <> p_last_hash then
        raise exception 'a checkpoint must name the current head of audit_events' using errcode = '22023';
      end if;
      if previous.seq is not null and p_last_event_id < previous.last_event_id then
        raise exception 'a checkpoint cannot move the head backwards' using errcode = '22023';
      end if;
      select count(*) into since from audit_events where id > coalesce(previous.last_event_id, 0) and id <= p_last_event_id;
      if p_event_count <> coalesce(previous.event_count, 0) + since then
        raise exception 'a checkpoint must count the events it anchors' using errcode = '22023';
      end if;
      if p_recorded_at <> date_trunc('milliseconds', now()) then
        raise exception 'a checkpoint is recorded at the time of its transaction' using errcode = '22023';
      end if;
      if length(p_signature) <> 64 or length(p_key_id) = 0 then
        raise exception 'a checkpoint must be signed' using errcode = '22023';
      end if;
      insert into audit_checkpoints (seq, last_event_id, last_hash, event_count, recorded_at, key_id, signature)
      values (p_seq, p_last_event_id, p_last_hash, p_event_count, p_recorded_at, p_key_id, p_signature);
    end $$`.execute(db);
  await sql`revoke all on function audit_record_checkpoint(bigint, bigint, text, bigint, timestamptz, text, text) from public`.execute(db);
  await sql`grant execute on function audit_record_checkpoint(bigint, bigint, text, bigint, timestamptz, text, text) to liandong_app`.execute(db);
  await sql`create trigger audit_checkpoints_no_update before update or delete on audit_checkpoints for each row execute function audit_events_append_only()`.execute(db);
  await sql`create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints for each statement execute function audit_events_append_only()`.execute(db);

  // Every table and sequence, now and created by later migrations (default privileges of the
  // migrating role), then the exceptions. A later table that must be append-only revokes likewise.
  await sql`grant usage on schema public to liandong_app`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to liandong_app`.execute(db);
  await sql`grant usage, select on all sequences in schema public to liandong_app`.execute(db);
  await sql`alter default privileges in schema public grant select, insert, update, delete on tables to liandong_app`.execute(db);
  await sql`alter default privileges in schema public grant usage, select on sequences to liandong_app`.execute(db);
  await sql`revoke update, delete, truncate, references, trigger on audit_events from liandong_app`.execute(db);
  await sql`revoke insert, update, delete, truncate, references, trigger on audit_checkpoints from liandong_app`.execute(db);
  // The migrator's own bookkeeping is none of the app's business.
  await sql`
    do $$ begin
      if to_regclass('kysely_migration') is not null then revoke all on kysely_migration from liandong_app; end if;
      if to_regclass('kysely_migration_lock') is not null then revoke all on kysely_migration_lock from liandong_app; end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter default privileges in schema public revoke select, insert, update, delete on tables from liandong_app`.execute(db);
  await sql`alter default privileges in schema public revoke usage, select on sequences from liandong_app`.execute(db);
  await sql`revoke all on all tables in schema public from liandong_app`.execute(db);
  await sql`revoke all on all sequences in schema public from liandong_app`.execute(db);
  await sql`revoke usage on schema public from liandong_app`.execute(db);
  await sql`drop function audit_record_checkpoint(bigint, bigint, text, bigint, timestamptz, text, text)`.execute(db);
  await db.schema.dropTable('audit_checkpoints').execute();
  // The role stays: it is cluster-wide and other databases may use it.
}
