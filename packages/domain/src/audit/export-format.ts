/**
 * The audit log's JSON Lines export (`liandong-audit-export/1`): what the API writes and what
 * `liandong audit verify <file>` checks with no database and no network.
 *
 * A file is one JSON object per line, in this order:
 * 1. a `header` line;
 * 2. the chain from its genesis up to the anchoring checkpoint's event, in id order, as
 *    - `event` lines: the events the export's filter matched, every column, with `prev_hash` and `hash`;
 *    - `gap` lines: each run of events the filter left out, as its first and last id, how many, the hash
 *      before the run (`prev_hash`) and the hash of its last event (`hash`), so the chain stays linked;
 * 3. an `end` line: totals, the last hash, and the checkpoint that anchors it (with the previous
 *    checkpoint's signature, so a verifier holding the audit key can check the signature alone).
 *
 * Every line is canonical JSON (sorted keys, no spaces; `canonicalJson`), so any changed byte changes what
 * is checked. Every line carries `check`, the SM3 of the line's canonical JSON without `check`, so a changed
 * byte is named on its own line; an event line is also checked by its chain hash (which does not cover the
 * event's id: only the line's `check` does). A file that is consistent proves every event line is
 * unchanged relative to the hashes around it; against a deliberate forger, only an unfiltered export
 * verified with the audit key (the checkpoint's signature) or verified online is proof.
 */

export const EXPORT_FORMAT = 'liandong-audit-export/1';

/** The filter an export was made with (as the audit log page states it); `{}` for the whole log. */
export interface ExportFilter {
  from?: string;
  to?: string;
  agencyId?: number;
  actor?: string;
  action?: string;
  planId?: string;
  measureId?: string;
}

export interface ExportHeaderLine {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  exported_at: string;
  /** Who exported (username). */
  exported_by: string;
  filter: ExportFilter;
  hash_algorithm: 'SM3';
  /** The prev_hash of the chain's first event. */
  genesis_hash: string;
  check: string;
}

export interface ExportEventLine {
  type: 'event';
  id: number;
  event_key: string;
  occurred_at: string;
  actor: string;
  actor_agency_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string;
  measure_id: string | null;
  payload: unknown;
  workflow_id: string | null;
  run_id: string | null;
  prev_hash: string;
  hash: string;
  /** SM3 of the line without `check`: covers the id, which the chain hash leaves out. */
  check: string;
}

export interface ExportGapLine {
  type: 'gap';
  first_id: number;
  last_id: number;
  /** Events in the run (ids may skip: an aborted transaction burns an id). */
  count: number;
  prev_hash: string;
  hash: string;
  check: string;
}

export interface ExportCheckpoint {
  seq: number;
  last_event_id: number;
  last_hash: string;
  event_count: number;
  recorded_at: string;
  key_id: string;
  signature: string;
  /** The signature of checkpoint seq − 1 (null for the first), which this one's signature covers. */
  previous_signature: string | null;
}

export interface ExportEndLine {
  type: 'end';
  /** Event lines in the file. */
  events: number;
  /** Events left out by the filter (the sum of the gap lines' counts). */
  omitted: number;
  /** The first and last event lines' ids and times; null when the filter matched nothing. */
  first_id: number | null;
  last_id: number | null;
  first_at: string | null;
  last_at: string | null;
  /** The hash of the chain's last event covered (an event's or a gap's). */
  last_hash: string;
  checkpoint: ExportCheckpoint | null;
  check: string;
}

export type ExportLine = ExportHeaderLine | ExportEventLine | ExportGapLine | ExportEndLine;
