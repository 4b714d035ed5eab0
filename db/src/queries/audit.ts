import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';

type Executor = Kysely<Database> | Transaction<Database>;

/** The chain starts from this value: 64 zeros, the length of an SM3 digest in hex. */
export const GENESIS_HASH = '0'.repeat(64);

export interface NewAuditEvent {
  /** Idempotency key: the same key is recorded once, however often an activity retries. */
  eventKey: string;
  occurredAt: Date;
  actor: string;
  actorAgencyId: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  measureId: string | null;
  payload: Record<string, unknown>;
  workflowId: string | null;
  runId: string | null;
}

/** JSON with sorted keys at every level, so the same event always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** SM3 (GB/T 32905) over the previous hash and the canonical event. */
export function auditHash(prevHash: string, event: Omit<NewAuditEvent, 'eventKey'> & { eventKey: string }): string {
  const body = canonical({
    eventKey: event.eventKey,
    occurredAt: new Date(event.occurredAt).toISOString(),
    actor: event.actor,
    actorAgencyId: event.actorAgencyId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    measureId: event.measureId,
    payload: event.payload,
    workflowId: event.workflowId,
    runId: event.runId,
  });
  return createHash('sm3').update(prevHash).update(body).digest('hex');
}

/**
 * Appends an event to the chain inside the caller's transaction. One chain for the whole log:
 * appends are serialised on an advisory lock held until the transaction ends.
 */
export async function appendAuditEvent(trx: Transaction<Database>, event: NewAuditEvent): Promise<{ id: number; hash: string; duplicate: boolean }> {
  await sql`select pg_advisory_xact_lock(hashtextextended('liandong.audit_events', 0))`.execute(trx);
  const existing = await trx.selectFrom('auditEvents').select(['id', 'hash']).where('eventKey', '=', event.eventKey).executeTakeFirst();
  if (existing) return { ...existing, duplicate: true };
  const last = await trx.selectFrom('auditEvents').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision: what PostgreSQL stores must hash the same when read back.
  const occurredAt = new Date(Math.floor(event.occurredAt.getTime()));
  const hash = auditHash(prevHash, { ...event, occurredAt });
  const row = await trx
    .insertInto('auditEvents')
    .values({ ...event, occurredAt, payload: JSON.stringify(event.payload), prevHash, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, hash, duplicate: false };
}

export type AuditVerification = { ok: true; checked: number; lastHash: string } | { ok: false; checked: number; brokenAt: number; reason: string };

/** Recomputes the chain from the start and reports the first event whose link does not hold. */
export async function verifyAuditChain(db: Executor, batchSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('auditEvents').selectAll().where('id', '>', afterId).orderBy('id').limit(batchSize).execute();
    if (rows.length === 0) return { ok: true, checked, lastHash: prevHash };
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, checked, brokenAt: row.id, reason: 'its previous-hash link does not match the event before it' };
      const expected = auditHash(prevHash, row);
      if (expected !== row.hash) return { ok: false, checked, brokenAt: row.id, reason: 'its content does not match its hash' };
      prevHash = row.hash;
      afterId = row.id;
      checked += 1;
    }
  }
}

export async function listAuditEvents(db: Executor, filter: { measureId?: string; afterId?: number; limit?: number } = {}) {
  let query = db.selectFrom('auditEvents').selectAll().orderBy('id').limit(filter.limit ?? 500);
  if (filter.measureId) query = query.where('measureId', '=', filter.measureId);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}
