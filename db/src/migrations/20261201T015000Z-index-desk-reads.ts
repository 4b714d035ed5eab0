import { sql, type Kysely } from 'kysely';

// The coordinator's desk at province scale (apps/cli/bench/desk.bench.ts, docs/BENCHMARKS.md "The desk bench"):
// the escalation queue (督办) is read red first, then oldest first, a page at a time. This index holds the open
// escalations in that order (its expression is the one `listOpenEscalations` sorts on), so a page is the next
// rows of the index, not a sort of every open escalation of the plans in scope.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists escalations_open_queue_idx on escalations ((case level when 'red' then 3 when 'yellow' then 2 else 1 end) desc, raised_at, id) where status <> 'resolved'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists escalations_open_queue_idx`.execute(db);
}
