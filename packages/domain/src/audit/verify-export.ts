import { isUtf8 } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import { auditHash, auditKeyId, canonicalJson, GENESIS_HASH, signCheckpoint, type ChainedEventContent } from './chain';
import { EXPORT_FORMAT, type ExportCheckpoint, type ExportEndLine, type ExportEventLine, type ExportGapLine } from './export-format';
import { lineCheck } from './export-lines';

/**
 * The offline check of a `liandong-audit-export/1` file (see export-format.ts): no database, no network,
 * one pass, one line in memory at a time. The first failure wins and names its line, so an auditor
 * learns where a file was changed, not only that it was.
 */

/** The ids and times of the first and last event lines. */
export interface ExportRange {
  firstId: number;
  lastId: number;
  firstAt: string;
  lastAt: string;
}

export type ExportVerification =
  | {
      ok: true;
      /** Lines from the header to the end line. */
      lines: number;
      events: number;
      omitted: number;
      range: ExportRange | null;
      lastHash: string;
      checkpoint: ExportCheckpoint | null;
      /** verified: signed by the given key; unchecked: no key given; none: no checkpoint anchors the file. */
      signature: 'verified' | 'unchecked' | 'none';
    }
  | {
      ok: false;
      /** 1-based. */
      line: number;
      /** One English sentence naming what is wrong. */
      reason: string;
    };

export interface VerifyExportOptions {
  /** The audit key (raw bytes): with it, the anchoring checkpoint's signature is checked too. */
  key?: Buffer;
}

/** A line longer than this is refused rather than held in memory (an event's payload is far smaller). */
export const MAX_EXPORT_LINE_BYTES = 64 * 1024 * 1024;

/** Verifies a file given as its lines (split on '\n' only; a final empty line is the file's last newline). */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, options: VerifyExportOptions = {}): Promise<ExportVerification> {
  const verifier = createExportVerifier(options);
  for await (const line of lines) {
    const failure = verifier.push(line);
    if (failure) return failure;
  }
  return verifier.finish();
}

/**
 * Verifies a file given as its bytes (a read stream's chunks, a Buffer in an array). Lines are split on the
 * byte '\n' and each must be valid UTF-8: decoding with replacement characters would let some changed bytes
 * decode to the very text they replaced (a U+FFFD whose lead byte became F0–F3 still reads U+FFFD).
 */
export async function verifyExportBytes(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: VerifyExportOptions = {}): Promise<ExportVerification> {
  const verifier = createExportVerifier(options);
  for await (const bytes of byteLines(chunks)) {
    const failure = verifier.push(bytes === TOO_LONG ? { malformed: `the line is longer than ${MAX_EXPORT_LINE_BYTES / 1024 / 1024} MiB` } : isUtf8(bytes) ? bytes.toString('utf8') : { malformed: 'the line is not valid UTF-8 text' });
    if (failure) return failure;
  }
  return verifier.finish();
}

const TOO_LONG = Symbol('too long');

/** The byte lines of a stream, split on '\n' only (readline would also break at a lone '\r' and drop one before '\n'). */
async function* byteLines(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Buffer | typeof TOO_LONG> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
      parts.push(bytes.subarray(start, newline));
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      parts = [];
      size = 0;
      start = newline + 1;
    }
    if (start < bytes.length) {
      parts.push(bytes.subarray(start));
      size += bytes.length - start;
      if (size > MAX_EXPORT_LINE_BYTES) {
        yield TOO_LONG;
        return;
      }
    }
  }
  yield Buffer.concat(parts);
}

/** A line that could not be read as text; refused at its line like any other bad line. */
interface MalformedLine {
  malformed: string;
}

/** What is wrong with a line; thrown inside the checks, caught once with the line's number. */
class BadLine extends Error {}

function refuse(reason: string): never {
  throw new BadLine(reason);
}

/** The chain as read so far. */
interface ChainState {
  /** The hash of the last event or gap line (GENESIS_HASH before the first). */
  hash: string;
  /** The last id covered by an event or a gap (0 before the first). */
  lastId: number;
  events: number;
  omitted: number;
  first: { id: number; at: string } | null;
  last: { id: number; at: string } | null;
}

/**
 * Takes the file's lines one at a time (`push` returns the failure, if this line is one) and `finish`es with
 * the verdict. An empty line is held back one step: it is fine only as the last (the file's final newline).
 */
function createExportVerifier(options: VerifyExportOptions) {
  let lineNo = 0;
  let pendingEmpty: number | null = null;
  let headerSeen = false;
  let end: ExportEndLine | null = null;
  let endLineNo = 0;
  let lastNonEmpty = 0;
  const state: ChainState = { hash: GENESIS_HASH, lastId: 0, events: 0, omitted: 0, first: null, last: null };

  const failAt = (line: number, reason: string): ExportVerification => ({ ok: false, line, reason });

  function read(line: string | MalformedLine): void {
    if (typeof line !== 'string') refuse(line.malformed);
    if (end) refuse('there is more after the end line: lines were added');
    const value = parseCanonical(line);
    if (!headerSeen) {
      if (value.type !== 'header') refuse(`the file does not start with a header line (${EXPORT_FORMAT})`);
      checkHeader(value);
      headerSeen = true;
      return;
    }
    switch (value.type) {
      case 'event':
        return readEvent(value, state);
      case 'gap':
        return readGap(value, state);
      case 'end':
        end = readEnd(value, state, options.key);
        endLineNo = lineNo;
        return;
      case 'header':
        return refuse('a second header line: lines were added or moved');
      case undefined:
        return refuse('the line has no type');
      default:
        return refuse(`the line's type ${JSON.stringify(value.type)} is none of event, gap or end`);
    }
  }

  return {
    push(line: string | MalformedLine): ExportVerification | null {
      lineNo += 1;
      if (pendingEmpty !== null) return failAt(pendingEmpty, end ? 'there is more after the end line: lines were added' : 'the line is empty');
      if (line === '') {
        pendingEmpty = lineNo;
        return null;
      }
      lastNonEmpty = lineNo;
      try {
        read(line);
        return null;
      } catch (error) {
        if (error instanceof BadLine) return failAt(lineNo, error.message);
        throw error;
      }
    },
    finish(): ExportVerification {
      if (!headerSeen) return failAt(1, 'the file is empty');
      if (!end) return failAt(lastNonEmpty, `the file ends at line ${lastNonEmpty} without its end line: lines were removed`);
      const { checkpoint } = end as ExportEndLine;
      return {
        ok: true,
        lines: endLineNo,
        events: state.events,
        omitted: state.omitted,
        range: state.first && state.last ? { firstId: state.first.id, lastId: state.last.id, firstAt: state.first.at, lastAt: state.last.at } : null,
        lastHash: state.hash,
        checkpoint,
        signature: checkpoint === null ? 'none' : options.key ? 'verified' : 'unchecked',
      };
    },
  };
}

/** The line as an object, insisting it is exactly as `canonicalJson` writes it: one changed byte anywhere shows. */
function parseCanonical(line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return refuse('the line is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse('the line is not a JSON object');
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch {
    // Only a value nested deeper than the stack allows gets here; the API never writes one.
    return refuse('the line nests its values too deeply to check');
  }
  if (canonical !== line) refuse('the line is not canonical JSON (sorted keys, no spaces), so it was edited');
  return value as Record<string, unknown>;
}

// ---- what each field may hold: null when fine, else what is wrong, completing "the <kind> line's <field> …"

type FieldRule = (value: unknown) => string | null;

const HEX64 = /^[0-9a-f]{64}$/;
const hash: FieldRule = (v) => (typeof v === 'string' && HEX64.test(v) ? null : 'is not a 64-digit lowercase hex hash');
const text: FieldRule = (v) => (typeof v === 'string' ? null : 'is not a string');
const orNull =
  (rule: FieldRule): FieldRule =>
  (v) =>
    v === null ? null : rule(v);
const id: FieldRule = (v) => (Number.isSafeInteger(v) && (v as number) >= 1 ? null : 'is not a positive integer');
const count: FieldRule = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : 'is not a whole number');
const anything: FieldRule = () => null;
const literal =
  (expected: string): FieldRule =>
  (v) =>
    v === expected ? null : `is ${JSON.stringify(v)}, not ${JSON.stringify(expected)}`;
/** A time exactly as `toISOString` writes it: another spelling of the same instant would hash the same. */
const time: FieldRule = (v) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v ? null : 'is not a time in ISO 8601 UTC (as toISOString writes it)');
const object: FieldRule = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'is not an object');

const HEADER_FIELDS = {
  type: literal('header'),
  format: literal(EXPORT_FORMAT),
  exported_at: time,
  exported_by: text,
  filter: object,
  hash_algorithm: literal('SM3'),
  genesis_hash: literal(GENESIS_HASH),
  check: hash,
};
const EVENT_FIELDS = {
  type: literal('event'),
  id,
  event_key: text,
  occurred_at: time,
  actor: text,
  actor_agency_id: orNull(count),
  action: text,
  subject_type: text,
  subject_id: text,
  measure_id: orNull(text),
  payload: anything,
  workflow_id: orNull(text),
  run_id: orNull(text),
  prev_hash: hash,
  hash,
  check: hash,
};
const GAP_FIELDS = { type: literal('gap'), first_id: id, last_id: id, count: id, prev_hash: hash, hash, check: hash };
const CHECKPOINT_FIELDS = {
  seq: id,
  last_event_id: id,
  last_hash: hash,
  event_count: count,
  recorded_at: time,
  key_id: text,
  signature: hash,
  previous_signature: orNull(hash),
};
const END_FIELDS = {
  type: literal('end'),
  events: count,
  omitted: count,
  first_id: orNull(id),
  last_id: orNull(id),
  first_at: orNull(time),
  last_at: orNull(time),
  last_hash: hash,
  checkpoint: orNull(object),
  check: hash,
};

/** Refuses an object missing a field, with an unknown one, or with one the format does not allow. */
function checkShape(value: Record<string, unknown>, subject: string, rules: Record<string, FieldRule>): void {
  for (const [field, rule] of Object.entries(rules)) {
    if (!Object.hasOwn(value, field)) refuse(`${subject} has no ${field}`);
    const wrong = rule(value[field]);
    if (wrong !== null) refuse(`${subject}'s ${field} ${wrong}`);
  }
  const unknown = Object.keys(value).find((field) => !Object.hasOwn(rules, field));
  if (unknown !== undefined) refuse(`${subject} has an unknown field ${JSON.stringify(unknown)}`);
}

/** Refuses a line whose fields are not the format's, or whose `check` does not match what it holds. */
function checkFields<T>(line: Record<string, unknown>, kind: string, rules: Record<string, FieldRule>): T {
  checkShape(line, `the ${kind} line`, rules);
  if (lineCheck(line) !== line.check) refuse(`the ${kind} line's check does not match its content: the line was changed`);
  return line as T;
}

// ---- the lines

function checkHeader(line: Record<string, unknown>): void {
  if (line.format !== EXPORT_FORMAT) refuse(`the header's format is ${JSON.stringify(line.format)}, not ${EXPORT_FORMAT}`);
  checkFields(line, 'header', HEADER_FIELDS);
}

/** The chain link every event and gap line makes with the line before it. */
function checkLink(prevHash: string, state: ChainState, kind: string): void {
  if (prevHash !== state.hash) refuse(`the ${kind} line's prev_hash is not the hash of the line before it: a line before it was removed, added or moved`);
}

function readEvent(value: Record<string, unknown>, state: ChainState): void {
  const line = checkFields<ExportEventLine>(value, 'event', EVENT_FIELDS);
  checkLink(line.prev_hash, state, 'event');
  if (line.id <= state.lastId) refuse(`the event's id ${line.id} is not greater than the id before it (${state.lastId}): lines are out of order`);
  if (auditHash(line.prev_hash, eventContent(line)) !== line.hash) refuse(`event #${line.id}'s content does not match its hash: the event was changed`);
  state.hash = line.hash;
  state.lastId = line.id;
  state.events += 1;
  state.first ??= { id: line.id, at: line.occurred_at };
  state.last = { id: line.id, at: line.occurred_at };
}

/** The event line's columns as the chain hashes them (snake_case back to ChainedEventContent). */
function eventContent(line: ExportEventLine): ChainedEventContent {
  return {
    eventKey: line.event_key,
    occurredAt: line.occurred_at,
    actor: line.actor,
    actorAgencyId: line.actor_agency_id,
    action: line.action,
    subjectType: line.subject_type,
    subjectId: line.subject_id,
    measureId: line.measure_id,
    payload: line.payload,
    workflowId: line.workflow_id,
    runId: line.run_id,
  };
}

function readGap(value: Record<string, unknown>, state: ChainState): void {
  const line = checkFields<ExportGapLine>(value, 'gap', GAP_FIELDS);
  checkLink(line.prev_hash, state, 'gap');
  if (line.first_id > line.last_id) refuse(`the gap's first_id ${line.first_id} is greater than its last_id ${line.last_id}`);
  if (line.first_id <= state.lastId) refuse(`the gap's first_id ${line.first_id} is not greater than the id before it (${state.lastId}): lines are out of order`);
  const span = line.last_id - line.first_id + 1;
  if (line.count > span) refuse(`the gap counts ${line.count} events between ids ${line.first_id} and ${line.last_id}, more than the ${span} ids there`);
  state.hash = line.hash;
  state.lastId = line.last_id;
  state.omitted += line.count;
}

/** The end line: its totals must be what was read, and its checkpoint must anchor exactly the chain read. */
function readEnd(value: Record<string, unknown>, state: ChainState, key: Buffer | undefined): ExportEndLine {
  const line = checkFields<ExportEndLine>(value, 'end', END_FIELDS);
  if (line.events !== state.events) refuse(`the end line counts ${line.events} events, the file holds ${state.events}: event lines were removed or added`);
  if (line.omitted !== state.omitted) refuse(`the end line counts ${line.omitted} omitted events, the gap lines hold ${state.omitted}: gap lines were removed or added`);
  const read = { first_id: state.first?.id ?? null, last_id: state.last?.id ?? null, first_at: state.first?.at ?? null, last_at: state.last?.at ?? null };
  for (const [field, actual] of Object.entries(read)) {
    const said = line[field as keyof typeof read];
    if (said !== actual) refuse(`the end line's ${field} is ${JSON.stringify(said)}, the file's is ${JSON.stringify(actual)}`);
  }
  if (line.last_hash !== state.hash) refuse('the end line\'s last_hash is not the hash of the last event or gap: lines were removed or moved');
  if (line.checkpoint) {
    checkShape(line.checkpoint as unknown as Record<string, unknown>, "the end line's checkpoint", CHECKPOINT_FIELDS);
    checkCheckpoint(line.checkpoint, state, key);
  }
  return line;
}

function checkCheckpoint(c: ExportCheckpoint, state: ChainState, key: Buffer | undefined): void {
  if (c.last_event_id !== state.lastId) refuse(`checkpoint #${c.seq} anchors event #${c.last_event_id}, but the file's chain ends at #${state.lastId}`);
  if (c.last_hash !== state.hash) refuse(`checkpoint #${c.seq}'s last_hash is not the hash the file's chain ends with`);
  const covered = state.events + state.omitted;
  if (c.event_count !== covered) refuse(`checkpoint #${c.seq} anchors ${c.event_count} events, the file covers ${covered}`);
  if (!key) return;
  const keyId = auditKeyId(key);
  if (c.key_id !== keyId) refuse(`checkpoint #${c.seq} was signed with key ${c.key_id}, not with the given key (${keyId})`);
  const fields = { seq: c.seq, lastEventId: c.last_event_id, lastHash: c.last_hash, eventCount: c.event_count, recordedAt: new Date(c.recorded_at), keyId: c.key_id };
  const expected = Buffer.from(signCheckpoint(key, fields, c.previous_signature), 'hex');
  const actual = Buffer.from(c.signature, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    refuse(`checkpoint #${c.seq}'s signature does not hold with the given key: the checkpoint or the chain it anchors was rewritten`);
  }
}
