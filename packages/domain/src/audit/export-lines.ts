import { canonicalJson, GENESIS_HASH, sm3, type ChainedEventContent } from './chain';
import { EXPORT_FORMAT, type ExportCheckpoint, type ExportEndLine, type ExportEventLine, type ExportFilter, type ExportGapLine, type ExportHeaderLine } from './export-format';

/** A line's `check`: SM3 of its canonical JSON without `check`. */
export function lineCheck(line: Record<string, unknown>): string {
  const { check: _check, ...rest } = line;
  return sm3(canonicalJson(rest));
}

/** The line as written: canonical JSON, with `check` added to the lines that carry one. */
function withCheck<T extends { check: string }>(line: Omit<T, 'check'>): string {
  return canonicalJson({ ...line, check: lineCheck(line as Record<string, unknown>) });
}

/** An audit event row as the database holds it. */
export type ChainedEventRow = ChainedEventContent & { id: number; prevHash: string; hash: string };

/** The event's line: every column, snake_case, with its chain links and its `check`. */
export function eventLine(row: ChainedEventRow): string {
  return withCheck<ExportEventLine>({
    type: 'event',
    id: Number(row.id),
    event_key: row.eventKey,
    occurred_at: new Date(row.occurredAt).toISOString(),
    actor: row.actor,
    actor_agency_id: row.actorAgencyId,
    action: row.action,
    subject_type: row.subjectType,
    subject_id: row.subjectId,
    measure_id: row.measureId,
    payload: row.payload,
    workflow_id: row.workflowId,
    run_id: row.runId,
    prev_hash: row.prevHash,
    hash: row.hash,
  });
}

export interface ExportGap {
  firstId: number;
  lastId: number;
  count: number;
  prevHash: string;
  hash: string;
}

/**
 * Writes an export's lines in order and keeps its totals: `header()` first, then `event()` and `gap()` in id
 * order (consecutive gaps may be given in pieces: they are merged into one line, written when the next event
 * or the end comes), then `end()`. Each call returns the lines to write now (without newlines).
 */
export function createExportAssembler(meta: { exportedAt: Date; exportedBy: string; filter: ExportFilter }) {
  let events = 0;
  let omitted = 0;
  let first: { id: number; at: string } | null = null;
  let last: { id: number; at: string } | null = null;
  let lastHash = GENESIS_HASH;
  let pending: ExportGap | null = null;

  const flush = (): string[] => {
    if (!pending) return [];
    const gap = pending;
    pending = null;
    return [withCheck<ExportGapLine>({ type: 'gap', first_id: gap.firstId, last_id: gap.lastId, count: gap.count, prev_hash: gap.prevHash, hash: gap.hash })];
  };

  return {
    header(): string[] {
      return [
        withCheck<ExportHeaderLine>({
          type: 'header',
          format: EXPORT_FORMAT,
          exported_at: meta.exportedAt.toISOString(),
          exported_by: meta.exportedBy,
          filter: meta.filter,
          hash_algorithm: 'SM3',
          genesis_hash: GENESIS_HASH,
        }),
      ];
    },
    event(row: ChainedEventRow): string[] {
      const out = flush();
      const at = new Date(row.occurredAt).toISOString();
      events += 1;
      first ??= { id: Number(row.id), at };
      last = { id: Number(row.id), at };
      lastHash = row.hash;
      out.push(eventLine(row));
      return out;
    },
    gap(gap: ExportGap): string[] {
      omitted += gap.count;
      lastHash = gap.hash;
      if (pending) pending = { ...pending, lastId: gap.lastId, count: pending.count + gap.count, hash: gap.hash };
      else pending = { ...gap };
      return [];
    },
    end(checkpoint: ExportCheckpoint | null): string[] {
      const out = flush();
      out.push(
        withCheck<ExportEndLine>({
          type: 'end',
          events,
          omitted,
          first_id: first?.id ?? null,
          last_id: last?.id ?? null,
          first_at: first?.at ?? null,
          last_at: last?.at ?? null,
          last_hash: lastHash,
          checkpoint,
        }),
      );
      return out;
    },
  };
}
