import { sql, type Kysely } from 'kysely';

// The dashboards (统计) read a plan's reports, escalations and missed cycles of the last twelve months. Each
// starts from the plan's measures and must find their rows by measure and time, not by reading every revision,
// every resolved escalation and the whole audit trail of those measures.
export async function up(db: Kysely<any>): Promise<void> {
  // First submissions only: a report counts on time or late once, however often it was returned and revised.
  // The included columns let the aggregation read the index alone (an index-only scan).
  await sql`create index if not exists reports_first_submission_idx on reports (measure_id, submitted_at) include (agency_id, cycle_index, late) where revision = 1`.execute(db);
  await sql`create index if not exists escalations_measure_raised_idx on escalations (measure_id, raised_at)`.execute(db);
  // KPI values come in a few reports of a measure (the lead's combined ones, mostly): find those without the rest.
  await sql`create index if not exists reports_with_kpi_values_idx on reports (measure_id) where kpi_values <> '[]'::jsonb`.execute(db);
  // A missed cycle (未按期报送) is recorded in the audit trail only.
  await sql`create index if not exists audit_events_cycle_missed_idx on audit_events (measure_id, occurred_at) where action = 'cycle.missed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['audit_events_cycle_missed_idx', 'reports_with_kpi_values_idx', 'escalations_measure_raised_idx', 'reports_first_submission_idx']) await sql`drop index if exists ${sql.raw(name)}`.execute(db);
}
