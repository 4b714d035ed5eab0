import { timingSafeEqual } from 'node:crypto';
import { auditHash as chainHash, GENESIS_HASH, signCheckpoint } from '@liandong/domain/audit';
import { sql, type Insertable, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { AuditKey } from '../audit-key';
import type { Database } from '../database';
import type { AuditCheckpoint } from '../tables/audit-checkpoints';
import type { AuditEvent, AuditEventsTable } from '../tables/process';
import type { Executor } from './executor';

export type { AuditCheckpoint };

export { GENESIS_HASH };

/**
 * An event as callers hand it over: the row without its id and chain links, every column given (null
 * where it does not apply: an absent key would hash differently from the null read back), the payload
 * as an object. `eventKey` is the idempotency key: the same key is recorded once, however often an
 * activity retries.
 */
export type NewAuditEvent = Required<Omit<Insertable<AuditEventsTable>, 'id' | 'prevHash' | 'hash' | 'payload'>> & Pick<AuditEvent, 'payload'>;

// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The value with every NUL and lone surrogate, in strings and keys, replaced by U+FFFD: PostgreSQL's text
 * and jsonb refuse them, and a refusal must not be lost for the text it quotes. Done before hashing, so
 * what is stored is what was hashed.
 */
export function storableForAudit<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storableForAudit) as T;
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  // Plain objects only: a Date (or anything else) is written as it serialises.
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [storableForAudit(k), storableForAudit(v)])) as T;
}

/** SM3 (GB/T 32905) over the previous hash and the canonical event (`@liandong/domain/audit`). */
export function auditHash(prevHash: string, event: Omit<NewAuditEvent, 'eventKey'> & { eventKey: string }): string {
  return chainHash(prevHash, event);
}

/** Serialises appends and checkpoints: one chain, one writer at a time (held until the transaction ends). */
const chainLock = () => sql`select pg_advisory_xact_lock(hashtextextended('liandong.audit_events', 0))`;

/**
 * Appends events to the chain inside the caller's transaction, in order. One chain for the whole
 * log: appends are serialised on an advisory lock held until the transaction ends, so the lock is
 * taken once per batch and the batch is written in one statement. An event key already recorded
 * is not appended again.
 */
export async function appendAuditEvents(trx: Transaction<Database>, given: readonly NewAuditEvent[]): Promise<{ id: number; hash: string; duplicate: boolean }[]> {
  if (given.length === 0) return [];
  const events = given.map(storableForAudit);
  // The chain's lock, then the events already recorded under these keys and the head, in one round trip.
  const { rows: read } = await sql<{ id: number | string; hash: string; eventKey: string; isHead: boolean }>`select * from audit_chain_head(${events.map((e) => e.eventKey)}::text[])`.execute(trx);
  const known = new Map(read.filter((r) => !r.isHead).map((e) => [e.eventKey, { ...e, id: Number(e.id) }]));
  let prevHash = read.find((r) => r.isHead)?.hash ?? GENESIS_HASH;
  const rows: Insertable<AuditEventsTable>[] = [];
  for (const event of events) {
    if (known.has(event.eventKey) || rows.some((r) => r.eventKey === event.eventKey)) continue;
    // Millisecond precision: what PostgreSQL stores must hash the same when read back.
    const occurredAt = new Date(Math.floor(event.occurredAt.getTime()));
    const hash = auditHash(prevHash, { ...event, occurredAt });
    rows.push({ ...event, occurredAt, payload: JSON.stringify(event.payload), prevHash, hash });
    prevHash = hash;
  }
  const inserted = rows.length > 0 ? await trx.insertInto('auditEvents').values(rows).returning(['id', 'hash', 'eventKey']).execute() : [];
  const byKey = new Map(inserted.map((r) => [r.eventKey, { id: r.id, hash: r.hash, duplicate: false }]));
  return events.map((e) => {
    const old = known.get(e.eventKey);
    return old ? { id: old.id, hash: old.hash, duplicate: true } : byKey.get(e.eventKey)!;
  });
}

/** Appends one event to the chain inside the caller's transaction (see appendAuditEvents). */
export async function appendAuditEvent(trx: Transaction<Database>, event: NewAuditEvent): Promise<{ id: number; hash: string; duplicate: boolean }> {
  const [result] = await appendAuditEvents(trx, [event]);
  return result!;
}

/**
 * Appends one event in a transaction of its own: for an event no other write goes with, such as a
 * refusal (a failed sign-in, a forbidden attempt).
 */
export async function recordAuditEvent(db: Kysely<Database>, event: NewAuditEvent): Promise<{ id: number; hash: string; duplicate: boolean }> {
  return db.transaction().execute((trx) => appendAuditEvent(trx, event));
}

/** HMAC-SM3 with the audit key, which the database never sees. */
export function signAuditCheckpoint(key: AuditKey, checkpoint: Omit<AuditCheckpoint, 'signature'>, previousSignature: string | null): string {
  return signCheckpoint(key.key, checkpoint, previousSignature);
}

function signatureHolds(key: AuditKey, checkpoint: AuditCheckpoint, previousSignature: string | null): boolean {
  const expected = Buffer.from(signAuditCheckpoint(key, checkpoint, previousSignature), 'hex');
  const actual = Buffer.from(checkpoint.signature, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Anchors the current head of the chain in a signed checkpoint, unless the latest checkpoint
 * already names it (then returns null). Appends never wait for this: the app calls it on a
 * timer (see `startAuditAnchoring`), so at most the events of one interval are unanchored.
 */
export async function recordAuditCheckpoint(db: Kysely<Database>, key: AuditKey): Promise<AuditCheckpoint | null> {
  return db.transaction().execute(async (trx) => {
    await chainLock().execute(trx);
    const previous = await trx.selectFrom('auditCheckpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const head = await trx.selectFrom('auditEvents').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!head || head.id === previous?.lastEventId) return null;
    const { since, now } = await trx
      .selectFrom('auditEvents')
      .select((eb) => [eb.fn.countAll<number>().as('since'), sql<Date>`date_trunc('milliseconds', now())`.as('now')])
      .where('id', '>', previous?.lastEventId ?? 0)
      .where('id', '<=', head.id)
      .executeTakeFirstOrThrow();
    const unsigned = {
      seq: (previous?.seq ?? 0) + 1,
      lastEventId: head.id,
      lastHash: head.hash,
      eventCount: (previous?.eventCount ?? 0) + Number(since),
      recordedAt: now,
      keyId: key.id,
    };
    const checkpoint = { ...unsigned, signature: signAuditCheckpoint(key, unsigned, previous?.signature ?? null) };
    // The app role cannot insert checkpoints: this function (run as the owner) checks the head first.
    await sql`select audit_record_checkpoint(${checkpoint.seq}, ${checkpoint.lastEventId}, ${checkpoint.lastHash}, ${checkpoint.eventCount},
      ${checkpoint.recordedAt}, ${checkpoint.keyId}, ${checkpoint.signature})`.execute(trx);
    return checkpoint;
  });
}

/** Checkpoints the head every `everyMs` while the app runs; `stop()` takes a last one. */
export function startAuditAnchoring(
  db: Kysely<Database>,
  key: AuditKey,
  options: { everyMs?: number; onError?: (error: unknown) => void } = {},
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const anchor = () => {
    running = running.then(() => recordAuditCheckpoint(db, key)).catch((error: unknown) => options.onError?.(error));
    return running;
  };
  void anchor();
  const timer = setInterval(() => void anchor(), options.everyMs ?? 60_000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await anchor();
    },
  };
}

/** Events whose hashes a verification recomputed. */
export interface AuditRange {
  firstId: number;
  lastId: number;
  firstAt: Date;
  lastAt: Date;
}

/** The checkpoint a verification started from (incremental) or confirmed last (full). */
export interface AuditAnchor {
  seq: number;
  lastEventId: number;
  lastHash: string;
  eventCount: number;
  recordedAt: Date;
  /** `unchecked` when verified without the key: then a rewritten checkpoint table goes unnoticed. */
  signature: 'verified' | 'unchecked';
}

interface AuditVerificationBase {
  /** `checkpoint`: from the latest checkpoint on; `start`: the whole chain and every checkpoint. */
  from: 'checkpoint' | 'start';
  /** How many events were rehashed. */
  checked: number;
  /** Null when no event was rehashed (nothing after the checkpoint, or an empty log). */
  range: AuditRange | null;
  anchor: AuditAnchor | null;
}

export type AuditVerification =
  | (AuditVerificationBase & { ok: true; lastHash: string; lastId: number | null })
  | (AuditVerificationBase & {
      ok: false;
      /** The first event that does not hold, or the anchored event that is gone. */
      brokenAt: number;
      reason: string;
      /** Set when the log ends early: the events after this id (0: all of them) are missing. */
      missingAfter?: number;
    });

export interface VerifyAuditOptions {
  /** Default `checkpoint`; falls back to `start` when there is no checkpoint yet. */
  from?: 'checkpoint' | 'start';
  /** The key(s) that signed the checkpoints; without one, signatures are not checked. */
  key?: AuditKey | readonly AuditKey[];
  batchSize?: number;
}

type Failure = Extract<AuditVerification, { ok: false }>;

/**
 * Recomputes the chain and holds it against the signed checkpoints. By default it starts from
 * the latest checkpoint (after checking that checkpoint's signature, its event's hash and the
 * number of events up to it); `from: 'start'` rehashes everything and checks every checkpoint.
 * A log that ends before the latest checkpoint's event fails, naming the missing tail. Not covered:
 * events after the latest checkpoint, and an owner who deletes the newest checkpoints together with
 * the events they anchored (a rollback to an earlier, valid state): that needs a copy of the head kept elsewhere.
 */
export async function verifyAuditChain(db: Executor, options: VerifyAuditOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1000;
  const keys = new Map([options.key ?? []].flat().map((k) => [k.id, k] as const));
  const latestTwo = await db.selectFrom('auditCheckpoints').selectAll().orderBy('seq', 'desc').limit(2).execute();
  const latest = latestTwo[0];
  const from = options.from === 'start' || !latest ? 'start' : 'checkpoint';
  const checkpoints = from === 'start' ? await db.selectFrom('auditCheckpoints').selectAll().orderBy('seq').execute() : [latest!];
  const before = from === 'start' || latest!.seq === 1 ? null : (latestTwo[1] ?? null);

  const anchorOf = (c: AuditCheckpoint): AuditAnchor => ({
    seq: c.seq,
    lastEventId: c.lastEventId,
    lastHash: c.lastHash,
    eventCount: c.eventCount,
    recordedAt: c.recordedAt,
    signature: keys.size > 0 ? 'verified' : 'unchecked',
  });
  const fail = (brokenAt: number, reason: string, extra: Partial<Failure> = {}): Failure => ({
    ok: false,
    from,
    checked: 0,
    range: null,
    anchor: null,
    brokenAt,
    reason,
    ...extra,
  });

  // The checkpoints themselves: one sequence, never moving back, each signed over the one before.
  let previous = before;
  if (from === 'checkpoint' && latest!.seq > 1 && before?.seq !== latest!.seq - 1) {
    return fail(latest!.lastEventId, `checkpoint #${latest!.seq - 1} is missing`);
  }
  for (const c of checkpoints) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (c.seq !== expectedSeq) return fail(c.lastEventId, `checkpoint #${expectedSeq} is missing`);
    if (previous && (c.lastEventId < previous.lastEventId || c.eventCount < previous.eventCount)) {
      return fail(c.lastEventId, `checkpoint #${c.seq} moves the head backwards`);
    }
    if (keys.size > 0) {
      const key = keys.get(c.keyId);
      if (!key) return fail(c.lastEventId, `checkpoint #${c.seq} was signed with key ${c.keyId}, which is not the configured audit key`);
      if (!signatureHolds(key, c, previous?.signature ?? null)) {
        return fail(c.lastEventId, `checkpoint #${c.seq} has an invalid signature: the checkpoints were rewritten`);
      }
    }
    previous = c;
  }

  let start = { afterId: 0, prevHash: GENESIS_HASH, count: 0 };
  if (from === 'checkpoint') {
    const c = latest!;
    const at = await db
      .selectNoFrom((eb) => [
        eb.selectFrom('auditEvents').select('hash').where('id', '=', c.lastEventId).as('hash'),
        eb.selectFrom('auditEvents').select((e) => e.fn.countAll<number>().as('n')).where('id', '<=', c.lastEventId).as('count'),
        eb.selectFrom('auditEvents').select((e) => e.fn.max('id').as('m')).as('lastId'),
      ])
      .executeTakeFirstOrThrow();
    const lastId = at.lastId === null ? null : Number(at.lastId);
    if (at.hash === null) {
      if (lastId === null || lastId < c.lastEventId) return fail(c.lastEventId, missingTail(c, lastId), { missingAfter: lastId ?? 0, anchor: anchorOf(c) });
      return fail(c.lastEventId, `event ${c.lastEventId}, anchored by checkpoint #${c.seq}, is missing`, { anchor: anchorOf(c) });
    }
    if (at.hash !== c.lastHash) {
      return fail(c.lastEventId, `event ${c.lastEventId} does not match the hash checkpoint #${c.seq} anchored: the chain was rewritten`, { anchor: anchorOf(c) });
    }
    if (Number(at.count) !== c.eventCount) {
      return fail(c.lastEventId, `the log holds ${Number(at.count)} events up to id ${c.lastEventId}, checkpoint #${c.seq} anchored ${c.eventCount}: events before it were removed or added (verify from the start to find which)`, {
        anchor: anchorOf(c),
      });
    }
    start = { afterId: c.lastEventId, prevHash: c.lastHash, count: c.eventCount };
  }

  // The chain, held against every checkpoint it passes.
  const pending = from === 'start' ? checkpoints : [];
  let next = 0;
  let { afterId, prevHash } = start;
  let checked = 0;
  let range = null as AuditRange | null;
  let lastId: number | null = from === 'checkpoint' ? afterId : null;
  const progress = () => ({ checked, range, anchor: next > 0 ? anchorOf(pending[next - 1]!) : from === 'checkpoint' ? anchorOf(latest!) : null });
  for (;;) {
    const rows = await readAsWritten(db.selectFrom('auditEvents').selectAll().where('id', '>', afterId).orderBy('id').limit(batchSize));
    for (const row of rows) {
      const due = pending[next];
      if (due && due.lastEventId < row.id) {
        return fail(due.lastEventId, `event ${due.lastEventId}, anchored by checkpoint #${due.seq}, is missing`, progress());
      }
      if (row.prevHash !== prevHash) return fail(row.id, 'its previous-hash link does not match the event before it', progress());
      if (auditHash(prevHash, row) !== row.hash) return fail(row.id, 'its content does not match its hash', progress());
      prevHash = row.hash;
      afterId = row.id;
      lastId = row.id;
      checked += 1;
      range = { firstId: range?.firstId ?? row.id, firstAt: range?.firstAt ?? row.occurredAt, lastId: row.id, lastAt: row.occurredAt };
      for (let c = pending[next]; c && c.lastEventId === row.id; c = pending[++next]) {
        if (c.lastHash !== row.hash) return fail(row.id, `its hash differs from the one checkpoint #${c.seq} anchored: the chain was rewritten`, progress());
        if (c.eventCount !== start.count + checked) {
          return fail(row.id, `the log holds ${start.count + checked} events up to it, checkpoint #${c.seq} anchored ${c.eventCount}`, progress());
        }
      }
    }
    if (rows.length < batchSize) break;
  }
  const unreached = pending[next];
  if (unreached) return fail(unreached.lastEventId, missingTail(pending.at(-1)!, lastId), { ...progress(), missingAfter: lastId ?? 0 });
  const anchor = from === 'checkpoint' ? anchorOf(latest!) : checkpoints.length > 0 ? anchorOf(checkpoints.at(-1)!) : null;
  return { ok: true, from, checked, range, anchor, lastHash: prevHash, lastId };
}

/**
 * Events as they were hashed: the payload parsed from its text. Read as jsonb, its keys would pass through the
 * camel-case plugin (`percent_done` → `percentDone`) and an untouched event would fail its hash.
 */
async function readAsWritten(query: SelectQueryBuilder<Database, 'auditEvents', AuditEvent>): Promise<AuditEvent[]> {
  const rows = await query.select(sql<string>`payload::text`.as('payloadText')).execute();
  return rows.map(({ payloadText, ...row }) => ({ ...row, payload: JSON.parse(payloadText) as Record<string, unknown> }));
}

function missingTail(c: AuditCheckpoint, lastId: number | null): string {
  const after = lastId ?? 0;
  return `the events after id ${after} are missing: checkpoint #${c.seq} (${c.recordedAt.toISOString()}) anchored ${c.eventCount} events up to id ${c.lastEventId}`;
}

/**
 * A measure's events as its page tells them, newest first, at most `limit`: when, what, who (with the person's
 * display name when the actor is a user) and the payload; never the chain's hashes. Leaves out `exceptActions`
 * (refusals belong to auditors, not to the measure's story). Reads audit_events_measure_idx backwards.
 */
export async function listMeasureEvents(db: Executor, measureId: string, { limit, exceptActions = [] }: { limit: number; exceptActions?: readonly string[] }) {
  let query = db
    .selectFrom('auditEvents as e')
    .leftJoin('users as u', 'u.username', 'e.actor')
    .select(['e.id', 'e.occurredAt', 'e.action', 'e.actor', 'e.actorAgencyId', 'e.payload', 'u.displayName as actorDisplayName'])
    .where('e.measureId', '=', measureId);
  if (exceptActions.length > 0) query = query.where('e.action', 'not in', [...exceptActions]);
  return query.orderBy('e.id', 'desc').limit(limit).execute();
}
