import { sql, type Kysely } from 'kysely';

/**
 * Other government systems (issue 12): API tokens and webhook endpoints per agency, and the webhook outbox.
 * - `api_tokens`: only the sha256 of a token is kept; a token acts as its agency's officer (or coordinator office).
 * - `webhook_endpoints`: where an agency's events go, signed with its secret (kept, since signing needs it; the
 *   previous secret still signs beside the new one for a day after a rotation). Paused after too many failures.
 * - `webhook_deliveries`: the outbox, written in the transaction that records the events (never lost), once per
 *   `dedupe_key` (a retried recording adds nothing), delivered in `seq` order per endpoint by its workflow.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists api_tokens (
      id uuid primary key default gen_random_uuid(),
      agency_id integer not null references agencies (id),
      role text not null default 'officer' check (role in ('officer', 'coordinator')),
      name text not null check (char_length(name) between 1 and 100),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      prefix text not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      revoked_by text,
      last_used_at timestamptz,
      use_count bigint not null default 0
    )`.execute(db);
  await sql`create index if not exists api_tokens_agency_idx on api_tokens (agency_id, created_at desc)`.execute(db);

  await sql`
    create table if not exists webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      agency_id integer not null references agencies (id),
      url text not null check (char_length(url) between 8 and 2000),
      events text[] not null check (cardinality(events) > 0),
      description text not null default '' check (char_length(description) <= 200),
      secret text not null check (secret like 'whsec_%'),
      previous_secret text check (previous_secret like 'whsec_%'),
      previous_secret_expires_at timestamptz,
      status text not null default 'active' check (status in ('active', 'paused', 'removed')),
      consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
      paused_at timestamptz,
      paused_reason text,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists webhook_endpoints_agency_idx on webhook_endpoints (agency_id) where status <> 'removed'`.execute(db);

  await sql`
    create table if not exists webhook_deliveries (
      id text primary key check (id ~ '^msg_[0-9a-f]{32}$'),
      seq bigserial not null unique,
      endpoint_id uuid not null references webhook_endpoints (id),
      dedupe_key text not null unique,
      event_type text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'delivered', 'cancelled')),
      attempts integer not null default 0 check (attempts >= 0),
      last_attempt_at timestamptz,
      last_status_code integer,
      last_response text check (char_length(last_response) <= 1000),
      last_error text check (char_length(last_error) <= 1000),
      delivered_at timestamptz
    )`.execute(db);
  await sql`create index if not exists webhook_deliveries_pending_idx on webhook_deliveries (endpoint_id, seq) where status = 'pending'`.execute(db);
  await sql`create index if not exists webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, seq desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists webhook_deliveries`.execute(db);
  await sql`drop table if exists webhook_endpoints`.execute(db);
  await sql`drop table if exists api_tokens`.execute(db);
}
