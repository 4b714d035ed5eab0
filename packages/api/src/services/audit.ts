import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { hasRole, type Actor } from '@liandong/domain';
import { canonicalJson, createExportAssembler, type ExportCheckpoint, type ExportFilter } from '@liandong/domain/audit';
import type { AuditKey, Db } from '@liandong/db';
import {
  auditCheckpoint,
  auditExportRows,
  auditLogStats,
  findMeasure,
  listAuditActions,
  recordAuditCheckpoint,
  recordAuditEvent,
  searchAuditLog,
  verifyAuditChain,
  type AuditExportRow,
  type AuditLogFilter,
  type AuditLogRow,
  type AuditVerification,
  type NewAuditEvent,
} from '@liandong/db/queries';
import { measureWorkflowId } from '@liandong/workflows';
import { ForbiddenError, NotFoundError } from '../errors';
import { consoleLogger, type ServiceLogger } from './logger';

/** A row of the audit log page: the event with the names a person reads (actor, agency, measure, plan). */
export interface AuditLogEntry {
  id: number;
  occurredAt: Date;
  /** The username as recorded (`anonymous`, `system` …) and, for a user, their display name. */
  actor: string;
  actorName: string | null;
  actorAgencyId: number | null;
  actorAgencyName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  measureId: string | null;
  measureNumber: string | null;
  measureTitle: string | null;
  planId: string | null;
  planTitle: string | null;
  payload: Record<string, unknown>;
  workflowId: string | null;
  runId: string | null;
  prevHash: string;
  hash: string;
}

/** What `audit.events` filters by (the router's `auditFilterInput`): what an export records as its filter. */
export type AuditFilter = ExportFilter;

export interface AuditEventsPage {
  events: AuditLogEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** The chain as the audit page's header states it. */
export interface AuditStatus {
  /** Events in the log (exact). */
  events: number;
  head: { id: number; hash: string; occurredAt: Date } | null;
  checkpoint: { seq: number; lastEventId: number; lastHash: string; eventCount: number; recordedAt: Date } | null;
  /** The latest `audit.verified` event: who verified, when, from where, and the result. */
  lastVerification: { eventId: number; at: Date; actor: string; from: 'checkpoint' | 'start'; ok: boolean; checked: number; brokenAt: number | null; reason: string | null } | null;
  /** Whether this process holds the audit key, so signatures are checked. */
  keyConfigured: boolean;
}

/** A verification as the page shows it, with the id of the `audit.verified` event that records it. */
export type AuditVerificationRecord = AuditVerification & { eventId: number; verifiedAt: Date };

/** One event of a workflow run's raw history, as Temporal recorded it. */
export interface HistoryEventView {
  eventId: number;
  eventTime: string;
  eventType: string;
  /** The event's attributes as historyToJSON gives them (payloads decoded to JSON where they are JSON). */
  attributes: unknown;
}

/** The timeline page: the measure's audit events beside every run of its workflow's history. */
export interface MeasureAuditTimeline {
  measureId: string;
  workflowId: string;
  number: string;
  title: string;
  planId: string;
  planTitle: string;
  /** Oldest first; `history` links the event to the history event that recorded it (the recording activity's scheduling). */
  events: (AuditLogEntry & { history: { runId: string; eventId: number } | null })[];
  runs: { runId: string; status: string; startTime: string; closeTime: string | null; events: HistoryEventView[] }[];
}

/** The refusals the audit log records beside every state change (the workflows record those). */
export const REFUSAL_ACTIONS = {
  /** A sign-in that opened no session: wrong password, unknown or disabled user, or refused unchecked (rate limit). */
  signInFailed: 'auth.sign_in_failed',
  /** A signed-in person asked for something they may not do or see. */
  forbidden: 'access.forbidden',
} as const;

/** `invalid_input`: refused before anything was looked up (no username, or one holding NUL or a broken surrogate). */
export type SignInFailure = 'wrong_password' | 'unknown_user' | 'disabled' | 'rate_limited' | 'invalid_input';

export interface SignInFailed {
  /** As tried (normalised), whether or not such a user exists; never the password. */
  username: string;
  ip: string | null;
  userAgent: string | null;
  reason: SignInFailure;
  /** For `rate_limited`: when the person may try again. */
  retryAt?: Date;
}

export interface ForbiddenAttempt {
  actor: Actor;
  /** The tRPC procedure, e.g. `measure.get`. */
  procedure: string;
  /** What was asked for, when the input names it. */
  subject: { type: 'measure' | 'plan'; id: string } | null;
  /** The refusal the person got. */
  message: string;
}

/** An event as the chain holds it (an export row's event). */
type AuditEvent = Extract<AuditExportRow, { kind: 'event' }>['event'];

const NOT_AN_AUDITOR = '无权访问: the audit log is for auditors and admins (审计员、管理员)';
/** The action of a verification's own audit event. */
const VERIFIED = 'audit.verified';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Page size when reading a whole measure's events. */
const TIMELINE_PAGE = 500;
/** Events named per look-up when writing CSV. */
const CSV_BATCH = 500;

/** The CSV export's columns, in order. */
export const CSV_COLUMNS = [
  'id',
  'occurred_at',
  'actor',
  'actor_name',
  'agency',
  'action',
  'subject_type',
  'subject_id',
  'plan',
  'measure_number',
  'measure_title',
  'payload',
  'workflow_id',
  'run_id',
  'prev_hash',
  'hash',
] as const;

/** A run of a workflow with its history as `historyToJSON` writes it. */
interface RawRun {
  runId: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  history: string;
}

/** The page's filter (ISO strings) as the query takes it (instants); absent fields stay absent. */
function logFilterOf(filter: AuditFilter): AuditLogFilter {
  const { from, to, agencyId, actor, action, planId, measureId } = filter;
  return {
    ...(from !== undefined ? { from: new Date(from) } : {}),
    ...(to !== undefined ? { to: new Date(to) } : {}),
    ...(agencyId !== undefined ? { agencyId } : {}),
    ...(actor !== undefined ? { actor } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(planId !== undefined ? { planId: planId.toLowerCase() } : {}),
    ...(measureId !== undefined ? { measureId: measureId.toLowerCase() } : {}),
  };
}

/** The filter as the export's header and its audit event state it: as given, without absent fields. */
function exportFilterOf(filter: AuditFilter): ExportFilter {
  return Object.fromEntries(Object.entries(filter).filter(([key, value]) => value !== undefined && FILTER_KEYS.has(key))) as ExportFilter;
}
const FILTER_KEYS = new Set(['from', 'to', 'agencyId', 'actor', 'action', 'planId', 'measureId']);

function entryOf(row: AuditLogRow): AuditLogEntry {
  return {
    id: Number(row.id),
    occurredAt: row.occurredAt,
    actor: row.actor,
    actorName: row.actorName,
    actorAgencyId: row.actorAgencyId,
    actorAgencyName: row.actorAgencyName,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    measureId: row.measureId,
    measureNumber: row.measureNumber,
    measureTitle: row.measureTitle,
    planId: row.planId,
    planTitle: row.planTitle,
    payload: row.payload,
    workflowId: row.workflowId,
    runId: row.runId,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** What an `audit.verified` event records: the result, what it covered, and the anchor it started from or confirmed. */
function verifiedPayload(v: AuditVerification): Record<string, unknown> {
  return {
    from: v.from,
    ok: v.ok,
    checked: v.checked,
    range: v.range && { firstId: v.range.firstId, lastId: v.range.lastId, firstAt: v.range.firstAt.toISOString(), lastAt: v.range.lastAt.toISOString() },
    anchor: v.anchor && { seq: v.anchor.seq, lastEventId: v.anchor.lastEventId, lastHash: v.anchor.lastHash },
    signature: v.anchor?.signature ?? null,
    brokenAt: v.ok ? null : v.brokenAt,
    reason: v.ok ? null : v.reason,
    missingAfter: v.ok ? null : (v.missingAfter ?? null),
  };
}

function lastVerificationOf(event: AuditLogRow): NonNullable<AuditStatus['lastVerification']> {
  const p = event.payload;
  const num = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    eventId: Number(event.id),
    at: event.occurredAt,
    actor: event.actor,
    from: p.from === 'start' ? 'start' : 'checkpoint',
    ok: p.ok === true,
    checked: num(p.checked) ?? 0,
    brokenAt: num(p.brokenAt),
    reason: typeof p.reason === 'string' ? p.reason : null,
  };
}

// ---- the raw workflow history ------------------------------------------------

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` as Temporal's UI names it: `ActivityTaskScheduled`. */
export function historyEventTypeName(eventType: string): string {
  return eventType
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const fromBase64 = (text: unknown) => (typeof text === 'string' ? Buffer.from(text, 'base64').toString('utf8') : '');

/** A Temporal Payload as historyToJSON writes it: base64 `metadata` values and `data`. */
function isPayload(value: Record<string, unknown>): boolean {
  return isRecord(value.metadata) && typeof value.metadata.encoding === 'string' && Object.keys(value).every((k) => k === 'metadata' || k === 'data' || k === 'externalPayloads');
}

/** A JSON payload as its value, a null one as null; any other encoding stays as recorded. */
function decodePayload(payload: Record<string, unknown>): unknown {
  const encoding = fromBase64((payload.metadata as Record<string, unknown>).encoding);
  if (encoding === 'binary/null') return null;
  if (encoding.startsWith('json/')) {
    try {
      return JSON.parse(fromBase64(payload.data)) as unknown;
    } catch {
      return payload;
    }
  }
  return payload;
}

/**
 * The attributes with every payload decoded where it is JSON, so a person reads `{"key": …}` rather than base64;
 * a list of payloads (`{payloads: […]}`) reads as the list of their values.
 */
export function decodePayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodePayloads);
  if (!isRecord(value)) return value;
  if (isPayload(value)) return decodePayload(value);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'payloads' && Array.isArray(value.payloads)) return value.payloads.map(decodePayloads);
  return Object.fromEntries(keys.map((k) => [k, decodePayloads(value[k])]));
}

/** A run's history (historyToJSON) as the timeline shows it, event by event. */
export function historyEventViews(historyJson: string): HistoryEventView[] {
  const history = JSON.parse(historyJson) as { events?: Record<string, unknown>[] };
  return (history.events ?? []).map((event) => {
    const attributesKey = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
    return {
      eventId: Number(event.eventId),
      eventTime: typeof event.eventTime === 'string' ? event.eventTime : '',
      eventType: historyEventTypeName(String(event.eventType ?? '')),
      attributes: attributesKey ? decodePayloads(event[attributesKey]) : null,
    };
  });
}

/** The activity that records a measure's decisions (workflows/src/measure/measure.activities.ts). */
const RECORDING_ACTIVITY = 'recordMeasureEvents';

/** The recording batch an audit event belongs to: its key without `#<index>` (`measure-…/<update id>`). */
export const batchKeyOf = (eventKey: string) => eventKey.replace(/#\d+$/, '');

const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (Array.isArray(node) || isRecord(node) ? (node as Record<string | number, unknown>)[key] : undefined), value);

/**
 * Links each audit event a workflow recorded to the history event that recorded it, in the run the event names:
 * - a regular activity (the first-version workflow): its `ActivityTaskScheduled`, whose input carries the batch key;
 * - a local activity (the measure workflow now): its `MarkerRecorded` (`core_local_activity`). The marker does not
 *   carry the activity's input, so the run's recording markers and batches are matched in order (the workflow
 *   records one batch at a time, in order), a command's batch never before the update it answers was accepted.
 *   A marker whose result names its key is matched by it.
 * Events no workflow recorded (refusals, exports) get no link.
 */
export function linkToHistory(
  workflowId: string,
  events: readonly Pick<AuditEvent, 'id' | 'eventKey' | 'workflowId' | 'runId'>[],
  runs: readonly { runId: string; events: readonly HistoryEventView[] }[],
): Map<number, { runId: string; eventId: number }> {
  const links = new Map<number, { runId: string; eventId: number }>();
  for (const run of runs) {
    const byKey = new Map<string, number>();
    const markers: number[] = [];
    const accepted = new Map<string, number>();
    for (const e of run.events) {
      if (e.eventType === 'ActivityTaskScheduled' && at(e.attributes, 'activityType', 'name') === RECORDING_ACTIVITY) {
        const key = at(e.attributes, 'input', 0, 'key');
        if (typeof key === 'string') byKey.set(key, e.eventId);
      } else if (e.eventType === 'MarkerRecorded' && at(e.attributes, 'markerName') === 'core_local_activity') {
        if (at(e.attributes, 'details', 'data', 0, 'activity_type') !== RECORDING_ACTIVITY || at(e.attributes, 'failure') !== undefined) continue;
        const key = at(e.attributes, 'details', 'result', 0, 'key');
        if (typeof key === 'string') byKey.set(key, e.eventId);
        else markers.push(e.eventId);
      } else if (e.eventType === 'WorkflowExecutionUpdateAccepted') {
        const updateId = at(e.attributes, 'acceptedRequest', 'meta', 'updateId');
        if (typeof updateId === 'string') accepted.set(updateId, e.eventId);
      }
    }
    // The run's batches in the order they were recorded.
    const batches = new Map<string, number[]>();
    for (const event of [...events].sort((a, b) => Number(a.id) - Number(b.id))) {
      if (event.workflowId !== workflowId || event.runId !== run.runId) continue;
      const key = batchKeyOf(event.eventKey);
      batches.set(key, [...(batches.get(key) ?? []), Number(event.id)]);
    }
    let next = 0;
    for (const [key, ids] of batches) {
      let eventId = byKey.get(key);
      if (eventId === undefined) {
        const updateId = key.startsWith(`${workflowId}/`) ? key.slice(workflowId.length + 1) : null;
        const notBefore = (updateId !== null && accepted.get(updateId)) || 0;
        while (next < markers.length && markers[next]! < notBefore) next += 1;
        eventId = markers[next];
        if (eventId !== undefined) next += 1;
      }
      if (eventId !== undefined) for (const id of ids) links.set(id, { runId: run.runId, eventId });
    }
  }
  return links;
}

// ---- CSV -----------------------------------------------------------------------

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`, so it shows as text and never runs.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * An instant at UTC+8 with its offset (`2026-12-01T15:30:00.123+08:00`): the time the people reading the sheet
 * live in. A fixed offset, as the portal uses: the zone database's summer time of 1986–1991 would only confuse.
 */
export function chinaIso(date: Date): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().replace(/Z$/, '+08:00');
}

function csvRow(row: AuditLogRow): string {
  return [
    row.id,
    chinaIso(row.occurredAt),
    row.actor,
    row.actorName,
    row.actorAgencyName,
    row.action,
    row.subjectType,
    row.subjectId,
    row.planTitle,
    row.measureNumber,
    row.measureTitle,
    canonicalJson(row.payload),
    row.workflowId,
    row.runId,
    row.prevHash,
    row.hash,
  ]
    .map(csvCell)
    .join(',');
}

/**
 * What auditors read: the chain's verification, and a measure's timeline beside its raw workflow history.
 * Also where refusals are appended to the chain (`signInFailed`, `forbidden`).
 */
export function createAuditService({ db, temporal, logger = consoleLogger, auditKey }: { db: Db; temporal: Client; logger?: ServiceLogger; auditKey?: AuditKey }) {
  /**
   * Appends a refusal in a transaction of its own. A failed write is logged, never thrown: the person's
   * answer (UNAUTHORIZED, FORBIDDEN) must not become a 500 because the log could not be written.
   */
  async function recordRefusal(event: Omit<NewAuditEvent, 'eventKey' | 'occurredAt' | 'workflowId' | 'runId'>): Promise<boolean> {
    try {
      await recordAuditEvent(db, { ...event, eventKey: `${event.action}:${randomUUID()}`, occurredAt: new Date(), workflowId: null, runId: null });
      return true;
    } catch (error) {
      logger.error({ err: error, action: event.action, actor: event.actor, subjectId: event.subjectId }, 'audit event could not be recorded');
      return false;
    }
  }

  /** Auditors and admins read the audit log; everyone else is refused (and the refusal is audited by the caller). */
  function mustAudit(actor: Actor): void {
    if (!hasRole(actor, 'auditor', 'admin')) throw new ForbiddenError(NOT_AN_AUDITOR);
  }

  /** Appends an auditor's own act (a verification, an export) in a transaction of its own; unlike a refusal, a failure is thrown. */
  function recordAuditorAct(actor: Actor, action: string, subject: { type: string; id: string }, payload: Record<string, unknown>, occurredAt = new Date()) {
    return recordAuditEvent(db, {
      eventKey: `${action}:${randomUUID()}`,
      occurredAt,
      actor: actor.username,
      actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      measureId: null,
      payload,
      workflowId: null,
      runId: null,
    });
  }

  /** The measure with its plan's title; NOT_FOUND for an id that names none (a malformed one included). */
  async function measureOrNotFound(measureId: string) {
    const measure = UUID.test(measureId) ? await findMeasure(db, measureId.toLowerCase()) : undefined;
    if (!measure) throw new NotFoundError('measure', measureId);
    return measure;
  }

  /** The measure's audit events, oldest first (a measure holds hundreds, not millions). */
  async function measureEvents(measureId: string): Promise<AuditLogRow[]> {
    const newestFirst: AuditLogRow[] = [];
    for (let before: number | undefined; ; ) {
      const page = await searchAuditLog(db, { measureId }, { before, limit: TIMELINE_PAGE });
      newestFirst.push(...page);
      if (page.length < TIMELINE_PAGE) break;
      before = page.at(-1)!.id;
    }
    return newestFirst.reverse();
  }

  /**
   * Every run of the workflow, oldest first, with its raw history. Visibility (the list) can lag behind a run
   * that just started: the runs the audit log names, and the current one, are looked up directly too.
   */
  async function workflowRuns(workflowId: string, namedRunIds: Iterable<string>): Promise<RawRun[]> {
    const found = new Map<string, Omit<RawRun, 'history'>>();
    const keep = (run: Pick<WorkflowExecutionInfo, 'runId' | 'status' | 'startTime' | 'closeTime'>) => {
      if (!found.has(run.runId)) found.set(run.runId, { runId: run.runId, status: run.status.name, startTime: run.startTime.toISOString(), closeTime: run.closeTime?.toISOString() ?? null });
    };
    for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) keep(run);
    const unlisted = [...new Set(namedRunIds)].filter((runId) => !found.has(runId));
    for (const runId of [...unlisted, undefined]) {
      try {
        keep(await temporal.workflow.getHandle(workflowId, runId).describe());
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    const runs = [...found.values()].sort((a, b) => a.startTime.localeCompare(b.startTime));
    return Promise.all(runs.map(async (run) => ({ ...run, history: historyToJSON(await temporal.workflow.getHandle(workflowId, run.runId).fetchHistory()) })));
  }

  /** Where an export ends: the latest checkpoint (a fresh one first, with the key), or the head when the log was never anchored. */
  async function exportAnchor(): Promise<{ upToId: number; checkpoint: ExportCheckpoint | null }> {
    if (auditKey) await recordAuditCheckpoint(db, auditKey); // null when the head is anchored already
    const { head, checkpoint } = await auditLogStats(db);
    if (!checkpoint) return { upToId: head?.id ?? 0, checkpoint: null };
    const previous = checkpoint.seq > 1 ? await auditCheckpoint(db, checkpoint.seq - 1) : null;
    return {
      upToId: checkpoint.lastEventId,
      checkpoint: {
        seq: checkpoint.seq,
        last_event_id: checkpoint.lastEventId,
        last_hash: checkpoint.lastHash,
        event_count: checkpoint.eventCount,
        recorded_at: checkpoint.recordedAt.toISOString(),
        key_id: checkpoint.keyId,
        signature: checkpoint.signature,
        previous_signature: previous?.signature ?? null,
      },
    };
  }

  /** JSON Lines (`liandong-audit-export/1`): the chain from genesis to the anchor, the matched events whole, the rest as gaps. */
  async function* jsonLines(meta: { exportedAt: Date; exportedBy: string; filter: ExportFilter }, filter: AuditLogFilter, anchor: { upToId: number; checkpoint: ExportCheckpoint | null }) {
    const assembler = createExportAssembler(meta);
    yield* assembler.header();
    for await (const row of auditExportRows(db, filter, anchor.upToId)) {
      if (row.kind === 'event') yield* assembler.event(row.event);
      else yield* assembler.gap(row);
    }
    yield* assembler.end(anchor.checkpoint);
  }

  /**
   * CSV: a row per matched event, oldest first, up to `upToId`. The export rows give the matched events in order;
   * each batch's names (actor, agency, plan, measure) come from the log's own search: the newest `n` matched
   * events up to a batch's last are exactly that batch.
   */
  async function* csvLines(filter: AuditLogFilter, upToId: number) {
    yield `\uFEFF${CSV_COLUMNS.join(',')}`;
    let batch: AuditEvent[] = [];
    const named = async function* () {
      const rows = await searchAuditLog(db, filter, { before: batch.at(-1)!.id + 1, limit: batch.length });
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const event of batch) yield csvRow(byId.get(event.id) ?? { ...event, actorName: null, actorAgencyName: null, measureNumber: null, measureTitle: null, planId: null, planTitle: null });
      batch = [];
    };
    for await (const row of auditExportRows(db, filter, upToId)) {
      if (row.kind !== 'event') continue;
      batch.push(row.event);
      if (batch.length === CSV_BATCH) yield* named();
    }
    if (batch.length > 0) yield* named();
  }

  return {
    /** The audit log, newest first, filtered: auditors and admins (FORBIDDEN otherwise). */
    async events(actor: Actor, input: AuditFilter & { before?: number; limit: number }): Promise<AuditEventsPage> {
      mustAudit(actor);
      const { before, limit, ...filter } = input;
      const rows = await searchAuditLog(db, logFilterOf(filter), { before, limit: limit + 1 });
      const events = rows.slice(0, limit).map(entryOf);
      return { events, nextBefore: rows.length > limit ? events.at(-1)!.id : null };
    },

    /** Every action name the log holds, sorted. */
    async actions(actor: Actor): Promise<string[]> {
      mustAudit(actor);
      return listAuditActions(db);
    },

    async status(actor: Actor): Promise<AuditStatus> {
      mustAudit(actor);
      const [stats, [verified]] = await Promise.all([auditLogStats(db), searchAuditLog(db, { action: VERIFIED }, { limit: 1 })]);
      const { checkpoint } = stats;
      return {
        events: stats.events,
        head: stats.head,
        checkpoint: checkpoint && { seq: checkpoint.seq, lastEventId: checkpoint.lastEventId, lastHash: checkpoint.lastHash, eventCount: checkpoint.eventCount, recordedAt: checkpoint.recordedAt },
        lastVerification: verified ? lastVerificationOf(verified) : null,
        keyConfigured: !!auditKey,
      };
    },

    /** Verifies (with the key's signatures when configured) and appends `audit.verified` with the result. */
    async verify(actor: Actor, input: { from: 'checkpoint' | 'start' }): Promise<AuditVerificationRecord> {
      mustAudit(actor);
      const verification = await verifyAuditChain(db, { from: input.from, key: auditKey });
      const verifiedAt = new Date();
      const recorded = await recordAuditorAct(actor, VERIFIED, { type: 'audit_chain', id: 'audit_events' }, verifiedPayload(verification), verifiedAt);
      return { ...verification, eventId: recorded.id, verifiedAt };
    },

    /** The measure's audit events beside every run of its workflow's history, each event linked to the history event that recorded it. */
    async timeline(actor: Actor, measureId: string): Promise<MeasureAuditTimeline> {
      mustAudit(actor);
      const measure = await measureOrNotFound(measureId);
      const workflowId = measureWorkflowId(measure.id);
      const rows = await measureEvents(measure.id);
      const raw = await workflowRuns(workflowId, rows.filter((r) => r.workflowId === workflowId && r.runId).map((r) => r.runId!));
      const runs = raw.map(({ history, ...run }) => ({ ...run, events: historyEventViews(history) }));
      const links = linkToHistory(workflowId, rows, runs);
      return {
        measureId: measure.id,
        workflowId,
        number: measure.number,
        title: measure.title,
        planId: measure.planId ?? '',
        planTitle: measure.planTitle ?? '',
        events: rows.map((row) => ({ ...entryOf(row), history: links.get(row.id) ?? null })),
        runs,
      };
    },

    /**
     * The export as lines (no newline at their ends): JSON Lines (`liandong-audit-export/1`) or CSV (a header
     * row first). Checks the actor and the filter before the first line, and appends `audit.exported`.
     */
    async exportLines(actor: Actor, filter: AuditFilter, format: 'jsonl' | 'csv'): Promise<AsyncIterable<string>> {
      mustAudit(actor);
      const logFilter = logFilterOf(filter);
      const asGiven = exportFilterOf(filter);
      const exportedAt = new Date();
      await recordAuditorAct(actor, 'audit.exported', { type: 'audit_chain', id: 'audit_events' }, { format, filter: asGiven }, exportedAt);
      if (format === 'csv') {
        // A spreadsheet proves nothing: it runs to the head, with the export's own record in it.
        const { head } = await auditLogStats(db);
        return csvLines(logFilter, head?.id ?? 0);
      }
      const anchor = await exportAnchor();
      return jsonLines({ exportedAt, exportedBy: actor.username, filter: asGiven }, logFilter, anchor);
    },

    /** The raw history of every run of the measure's workflow, as one JSON document for download. */
    async historyJson(actor: Actor, measureId: string): Promise<string> {
      mustAudit(actor);
      const measure = await measureOrNotFound(measureId);
      const workflowId = measureWorkflowId(measure.id);
      const runs = await workflowRuns(workflowId, []);
      return JSON.stringify(
        {
          workflowId,
          measureId: measure.id,
          exportedAt: new Date().toISOString(),
          runs: runs.map(({ history, ...run }) => ({ ...run, history: JSON.parse(history) as unknown })),
        },
        null,
        2,
      );
    },

    /** `auth.sign_in_failed` about the account tried; nobody is signed in, so the actor is `anonymous`. */
    signInFailed(failure: SignInFailed): Promise<boolean> {
      const { username, ip, userAgent, reason, retryAt } = failure;
      return recordRefusal({
        actor: 'anonymous',
        actorAgencyId: null,
        action: REFUSAL_ACTIONS.signInFailed,
        subjectType: 'user',
        subjectId: username,
        measureId: null,
        payload: { username, ip, userAgent, reason, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) },
      });
    },

    /** `access.forbidden`: who asked which procedure for what, and what they were told. */
    forbidden(attempt: ForbiddenAttempt): Promise<boolean> {
      const { actor, procedure, subject, message } = attempt;
      return recordRefusal({
        actor: actor.username,
        // Liandong itself and the shell act as agency 0, which is not in the directory.
        actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
        action: REFUSAL_ACTIONS.forbidden,
        subjectType: subject?.type ?? 'procedure',
        subjectId: subject?.id ?? procedure,
        measureId: subject?.type === 'measure' ? subject.id : null,
        payload: { procedure, userId: actor.userId, roles: actor.roles, message, ...(subject ? { [`${subject.type}Id`]: subject.id } : {}) },
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
