import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('short_names', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('national', 'province', 'city', 'district', 'zone', 'other')`),
    )
    .addColumn('parent_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('agencies_parent_id_idx').on('agencies').column('parent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agencies').execute();
}
