import { sql, type Kysely } from 'kysely';

// The coordinator's escalation queue (督办) reads the open escalations of its plans' measures; the projection
// looks up an agency's open ones on a measure when one is resolved. Both find them here, by measure (and
// agency), without reading the resolved ones, which only accumulate.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists escalations_open_by_measure_idx on escalations (measure_id, agency_id) where status <> 'resolved'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists escalations_open_by_measure_idx`.execute(db);
}
