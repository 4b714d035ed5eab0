import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('document_number', 'text')
    .addColumn('issued_on', 'date')
    // The government whose districts 各区政府 expands to.
    .addColumn('jurisdiction_agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('coordinator_agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('reporting_policy', 'jsonb', (c) => c.notNull())
    .addColumn('source_text', 'text', (c) => c.notNull())
    // sha256 of the normalised document text: a second import of the same document finds the first.
    .addColumn('source_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('plans_document_number_idx').on('plans').column('document_number').execute();
  await db.schema.createIndex('plans_coordinator_agency_id_idx').on('plans').column('coordinator_agency_id').execute();

  await db.schema
    .alterTable('measures')
    .addColumn('seq', 'integer')
    .addColumn('section', 'text')
    .addColumn('all_districts', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('measures')
    .addForeignKeyConstraint('measures_plan_id_fkey', ['plan_id'], 'plans', ['id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.alterTable('measures').addUniqueConstraint('measures_plan_id_number_key', ['plan_id', 'number']).execute();

  await db.schema
    .createTable('measure_kpis')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('target', 'numeric', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('comparator', 'text', (c) => c.notNull().check(sql`comparator in ('>=', '<=', '=')`))
    .addColumn('deadline_year', 'integer')
    .addColumn('source_text', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('measure_kpis_measure_id_seq_key', ['measure_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('measure_kpis').execute();
  await db.schema.alterTable('measures').dropConstraint('measures_plan_id_number_key').execute();
  await db.schema.alterTable('measures').dropConstraint('measures_plan_id_fkey').execute();
  await db.schema.alterTable('measures').dropColumn('all_districts').dropColumn('section').dropColumn('seq').execute();
  await db.schema.dropTable('plans').execute();
}
