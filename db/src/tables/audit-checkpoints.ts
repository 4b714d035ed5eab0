import type { Selectable } from 'kysely';

/**
 * A signed anchor of the audit chain's head: the last event, its hash and how many events the log
 * held. Written only through `audit_record_checkpoint` (the app role may not insert rows).
 */
export interface AuditCheckpointsTable {
  seq: number;
  lastEventId: number;
  lastHash: string;
  eventCount: number;
  recordedAt: Date;
  /** Which key signed it (a fingerprint, not the key). */
  keyId: string;
  /** HMAC-SM3 over the fields above and the previous checkpoint's signature. */
  signature: string;
}

export type AuditCheckpoint = Selectable<AuditCheckpointsTable>;
