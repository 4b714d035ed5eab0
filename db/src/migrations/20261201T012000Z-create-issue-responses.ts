import { sql, type Kysely } from 'kysely';

// Answers to coordination issues (跨部门联动事项): each agency the coordinator named at triage answers; an
// agency may answer again, and every answer is kept, numbered per agency (revision). The board reads an issue's
// answers by issue, and finds the issues of its plans by measure.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issue_responses')
    .ifNotExists()
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('issue_id', 'uuid', (c) => c.notNull().references('coordination_issues.id').onDelete('cascade'))
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('revision', 'integer', (c) => c.notNull().check(sql`revision >= 1`))
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('responded_by', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('issue_responses_issue_agency_revision_key', ['issue_id', 'agency_id', 'revision'])
    .execute();
  await sql`create index if not exists coordination_issues_by_measure_idx on coordination_issues (measure_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists coordination_issues_by_measure_idx`.execute(db);
  await db.schema.dropTable('issue_responses').ifExists().execute();
}
