import { sql } from 'kysely';
import type { Executor } from './executor';

/** Whether PostgreSQL answers at all: for readiness probes and the portal's status badge. */
export async function databaseAnswers(db: Executor): Promise<boolean> {
  return sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
}

/** `select 1`, rejecting with the driver's error when PostgreSQL does not answer: for /readyz to say why. */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
