import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';

/**
 * Runs `apply` at most once per (workflow, update): the ledger row and the writes commit in one
 * transaction, and a retry returns the stored result. Temporal may run an activity twice.
 */
export async function applyOnce<T>(
  db: Kysely<Database>,
  key: { workflowId: string; updateId: string },
  apply: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent attempts at the same command on a transaction-scoped advisory lock.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${key.workflowId}/${key.updateId}`}, 0))`.execute(trx);
    const done = await trx
      .selectFrom('appliedCommands')
      .select('result')
      .where('workflowId', '=', key.workflowId)
      .where('updateId', '=', key.updateId)
      .executeTakeFirst();
    if (done) return done.result as T;
    const result = await apply(trx);
    await trx
      .insertInto('appliedCommands')
      .values({ workflowId: key.workflowId, updateId: key.updateId, result: JSON.stringify(result ?? null) })
      .execute();
    return result;
  });
}
