import { createHash, createHmac } from 'node:crypto';

/**
 * The audit chain's arithmetic, shared by the database (which appends and verifies), the API (which exports)
 * and `liandong audit verify` (which checks an export with no database). Node only: not for the portal.
 */

/** The chain starts from this value: 64 zeros, the length of an SM3 digest in hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: every column but its id and its chain links. */
export interface ChainedEventContent {
  eventKey: string;
  occurredAt: Date | string;
  actor: string;
  actorAgencyId: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  measureId: string | null;
  payload: unknown;
  workflowId: string | null;
  runId: string | null;
}

/** JSON with sorted keys at every level, so the same value always serialises (and hashes) the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SM3 (GB/T 32905) over the previous hash and the canonical event. */
export function auditHash(prevHash: string, event: ChainedEventContent): string {
  const body = canonicalJson({
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

/** SM3 of a string, hex. */
export const sm3 = (text: string): string => createHash('sm3').update(text).digest('hex');

/** A signed anchor of the chain's head (the `audit_checkpoints` row). */
export interface CheckpointFields {
  seq: number;
  lastEventId: number;
  lastHash: string;
  eventCount: number;
  recordedAt: Date;
  keyId: string;
}

/** What a checkpoint's signature covers, in a fixed order, chained to the checkpoint before it. */
export function checkpointMessage(checkpoint: CheckpointFields, previousSignature: string | null): string {
  const { seq, lastEventId, lastHash, eventCount, recordedAt, keyId } = checkpoint;
  return ['liandong-audit-checkpoint/1', seq, lastEventId, lastHash, eventCount, recordedAt.toISOString(), keyId, previousSignature ?? ''].join('\n');
}

/** HMAC-SM3 with the audit key (the raw key bytes), hex. */
export function signCheckpoint(key: Buffer, checkpoint: CheckpointFields, previousSignature: string | null): string {
  return createHmac('sm3', key).update(checkpointMessage(checkpoint, previousSignature)).digest('hex');
}

/** The key's fingerprint stored beside each signature: says which key signed, reveals nothing of it. */
export const auditKeyId = (key: Buffer): string => createHmac('sm3', key).update('liandong audit key id').digest('hex').slice(0, 16);
