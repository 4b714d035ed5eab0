import type { Kysely } from 'kysely';

// Sign-in purges attempts older than the rate-limit window; the existing indexes lead with
// username or ip, so without this one each purge would scan the whole table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('login_attempts_attempted_at_idx').on('login_attempts').column('attempted_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_attempts_attempted_at_idx').execute();
}
