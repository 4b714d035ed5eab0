import type { AuditCheckpoint } from '../tables/audit-checkpoints';
import type { AuditEvent } from '../tables/process';
import type { Executor } from './executor';

/**
 * The audit log as auditors read it: filtered pages, the actions it holds, its state, and the rows of an
 * export. (Issue 10; the stubs below are filled in by the DB work.)
 */

export interface AuditLogFilter {
  /** occurred_at ≥ from and ≤ to. */
  from?: Date;
  to?: Date;
  /** The actor's agency. */
  agencyId?: number;
  actor?: string;
  action?: string;
  /** Events on the plan's measures, and events whose subject is the plan itself. */
  planId?: string;
  measureId?: string;
}

/** An event with the names a person reads. */
export interface AuditLogRow extends AuditEvent {
  actorName: string | null;
  actorAgencyName: string | null;
  measureNumber: string | null;
  measureTitle: string | null;
  planId: string | null;
  planTitle: string | null;
}

/** Newest first; at most `limit` rows with id < `before`. Ask for one more than a page to know whether there is another. */
export async function searchAuditLog(db: Executor, filter: AuditLogFilter, page: { before?: number; limit: number }): Promise<AuditLogRow[]> {
  throw new Error(`searchAuditLog not implemented yet (${JSON.stringify({ filter, page })}) ${typeof db}`);
}

/** Every distinct action, sorted. */
export async function listAuditActions(db: Executor): Promise<string[]> {
  throw new Error(`listAuditActions not implemented yet ${typeof db}`);
}

export interface AuditLogStats {
  events: number;
  head: { id: number; hash: string; occurredAt: Date } | null;
  checkpoint: AuditCheckpoint | null;
}

export async function auditLogStats(db: Executor): Promise<AuditLogStats> {
  throw new Error(`auditLogStats not implemented yet ${typeof db}`);
}

/** A row of an export: an event the filter matched, or a run of events it left out. */
export type AuditExportRow = { kind: 'event'; event: AuditEvent } | { kind: 'gap'; firstId: number; lastId: number; count: number; prevHash: string; hash: string };

/**
 * The chain from its first event up to and including `upToId`, in id order: the matched events whole, each run
 * of the others as one gap (a run may come in several consecutive pieces; the export assembler merges them).
 * Reads in batches, so a million events never sit in memory at once.
 */
export async function* auditExportRows(db: Executor, filter: AuditLogFilter, upToId: number): AsyncGenerator<AuditExportRow> {
  yield* [];
  throw new Error(`auditExportRows not implemented yet (${JSON.stringify(filter)}, ${upToId}) ${typeof db}`);
}

/** Checkpoint `seq` (for the signature the next one covers), or null. */
export async function auditCheckpoint(db: Executor, seq: number): Promise<AuditCheckpoint | null> {
  return (await db.selectFrom('auditCheckpoints').selectAll().where('seq', '=', seq).executeTakeFirst()) ?? null;
}
