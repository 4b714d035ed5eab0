import { sql, type Kysely } from 'kysely';

// The measure workflow numbers its decisions; the read model applies each measure's batches in
// that order only, so a late commit can never move it backwards.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('measures').addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(sql`0`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('measures').dropColumn('event_seq').execute();
}
