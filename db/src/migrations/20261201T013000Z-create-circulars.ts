import { sql, type Kysely } from 'kysely';

/**
 * 通报 (circulars): drafted by a working-group office (the coordinator agency) from the data of one plan or of every
 * plan it coordinates, edited, then issued with a number per office and year in China time (通报〔2026〕第1号).
 * - `circular_counters`: the last number given out per office and year. The issuing transaction bumps its row
 *   (`insert … on conflict do update … returning`), which locks it until commit: concurrent issuers take turns, and
 *   a rolled-back issue gives its number back. So numbers run 1, 2, 3 … without gaps or repeats.
 * - A draft has no number; an issued circular has all of number, issuer and time, and is never changed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists circular_counters (
      coordinator_agency_id integer not null references agencies (id),
      year integer not null,
      last_seq integer not null check (last_seq > 0),
      constraint circular_counters_pkey primary key (coordinator_agency_id, year)
    )`.execute(db);

  await sql`
    create table if not exists circulars (
      id uuid primary key default gen_random_uuid(),
      coordinator_agency_id integer not null references agencies (id),
      plan_id uuid references plans (id) on delete cascade,
      period_from date not null,
      period_to date not null,
      status text not null default 'draft' check (status in ('draft', 'issued')),
      title text not null,
      body jsonb not null,
      named_agency_ids integer[] not null default '{}',
      recipient_agency_ids integer[] not null default '{}',
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      year integer,
      seq integer check (seq > 0),
      number text,
      issued_at timestamptz,
      issued_by text,
      issued_by_name text,
      constraint circulars_period_check check (period_from <= period_to),
      constraint circulars_number_key unique (coordinator_agency_id, year, seq),
      constraint circulars_issued_check check (
        (status = 'draft' and number is null and seq is null and issued_at is null)
        or (status = 'issued' and number is not null and year is not null and seq is not null and issued_at is not null and issued_by is not null))
    )`.execute(db);
  await sql`create index if not exists circulars_office_idx on circulars (coordinator_agency_id, created_at desc)`.execute(db);
  await sql`create index if not exists circulars_recipients_idx on circulars using gin (recipient_agency_ids) where status = 'issued'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists circulars`.execute(db);
  await sql`drop table if exists circular_counters`.execute(db);
}
