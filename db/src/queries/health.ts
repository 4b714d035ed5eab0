import { sql } from 'kysely';
import type { Executor } from './executor';

/** Whether PostgreSQL answers at all: for readiness probes and the portal's status badge. */
export async function databaseAnswers(db: Executor): Promise<boolean> {
  return sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
}
