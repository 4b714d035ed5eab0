import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database';

/**
 * Runs `apply` at most once per (workflow, update): the ledger row and the writes commit in one
 * transaction, and a retry returns the stored result. Temporal may run an activity twice.
 * The ledger row is claimed first: a concurrent attempt at the same key waits on its unique index
 * until this transaction ends, then finds it applied (one statement instead of lock, read, write).
 */
export async function applyOnce<T>(
  db: Kysely<Database>,
  key: { workflowId: string; updateId: string },
  apply: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('appliedCommands')
      .values({ workflowId: key.workflowId, updateId: key.updateId, result: 'null' })
      .onConflict((oc) => oc.columns(['workflowId', 'updateId']).doNothing())
      .returning('updateId')
      .executeTakeFirst();
    if (!claimed) {
      const done = await trx.selectFrom('appliedCommands').select('result').where('workflowId', '=', key.workflowId).where('updateId', '=', key.updateId).executeTakeFirstOrThrow();
      return done.result as T;
    }
    const result = await apply(trx);
    if (result !== undefined && result !== null) {
      await trx.updateTable('appliedCommands').set({ result: JSON.stringify(result) }).where('workflowId', '=', key.workflowId).where('updateId', '=', key.updateId).execute();
    }
    return result;
  });
}
