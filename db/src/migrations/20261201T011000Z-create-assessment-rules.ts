import { sql, type Kysely } from 'kysely';

/**
 * Agency assessment (考核):
 * - `assessment_rules`: a plan's scoring rules (JSON, validated by the domain's `assessmentRulesSchema`); a plan
 *   without a row is scored by the default rules.
 * - `audit_events_assessment_idx`: the assessment reads, per measure of a plan and per period, the audit events
 *   that earn or cost points, and per measure the missed cycles and escalation raises they refer to. Only those
 *   actions are indexed, by action first, so a lookup of one action on a measure reads no other action's rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists assessment_rules (
      plan_id uuid primary key references plans (id) on delete cascade,
      rules jsonb not null,
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create index if not exists audit_events_assessment_idx on audit_events (action, measure_id, occurred_at)
      where action in ('report.submitted', 'report.returned', 'cycle.missed', 'escalation.raised', 'escalation.climbed', 'closure.approved')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists audit_events_assessment_idx`.execute(db);
  await sql`drop table if exists assessment_rules`.execute(db);
}
