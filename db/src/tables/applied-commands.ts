import type { ColumnType } from 'kysely';

/**
 * Idempotency ledger: one row per workflow update an activity has applied, so a retried
 * activity (Temporal may run one twice) returns the first result instead of writing again.
 */
export interface AppliedCommandsTable {
  workflowId: string;
  updateId: string;
  result: ColumnType<unknown, string, string>;
  appliedAt: ColumnType<Date, never, never>;
}
