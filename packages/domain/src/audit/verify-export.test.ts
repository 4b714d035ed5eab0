import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHash, auditKeyId, GENESIS_HASH, signCheckpoint, sm3, type ChainedEventContent } from './chain';
import type { ExportCheckpoint } from './export-format';
import { createExportAssembler, lineCheck } from './export-lines';
import { verifyExport, verifyExportBytes, type ExportVerification } from './verify-export';

const KEY = Buffer.from('审计锚定密钥-test-0123456789abcdef0123456789', 'utf8');
const OTHER_KEY = Buffer.from('another audit key, 0123456789abcdef0123', 'utf8');

/** Text as units write it: CJK, emoji (one with a joiner), U+FFFD (what the database stores for NUL), escapes. */
const textUnit = fc.oneof(
  fc.constantFrom('审', '计', '督', '办', '单', '市', '商', '务', '局', '😀', '👩‍💻', '\uFFFD', '\n', '\r', '"', '\\', '\u0000', '\u2028', ' ', 'a', '1'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = (minLength = 0) => fc.string({ unit: textUnit, minLength, maxLength: 10 });
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const content: fc.Arbitrary<ChainedEventContent> = fc.record({
  eventKey: text(1),
  occurredAt: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }),
  actor: text(),
  actorAgencyId: orNull(fc.nat(10_000)),
  action: fc.constantFrom('measure.accept', 'report.submit', 'auth.sign_in_failed', 'access.forbidden', 'notice.issue'),
  subjectType: fc.constantFrom('measure', 'assignment', 'user', '督办单'),
  subjectId: text(1),
  measureId: orNull(text(1)),
  payload: fc.jsonValue({ maxDepth: 3, depthSize: 'small', stringUnit: textUnit }),
  workflowId: orNull(text(1)),
  runId: orNull(text(1)),
});

/** One event of the chain: its content, how many ids were burned before it, and whether the filter kept it. */
const chainEvent = fc.record({ content, burnedBefore: fc.nat(3), kept: fc.boolean() });

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

const exportSpec = fc.record({
  events: fc.array(chainEvent, { maxLength: 12 }),
  anchored: fc.boolean(),
  seq: fc.integer({ min: 1, max: 500 }),
  previousSignature: orNull(hex64),
  exportedBy: text(1),
});
type ExportSpec = typeof exportSpec extends fc.Arbitrary<infer T> ? T : never;

/**
 * The chain (hashed here with auditHash, as the database does), written with createExportAssembler: the kept
 * events as event lines, each left-out event as a gap piece (the assembler merges runs), and the checkpoint
 * signed with KEY when anchored.
 */
function assemble(spec: ExportSpec) {
  const assembler = createExportAssembler({ exportedAt: new Date('2026-12-01T08:00:00.000Z'), exportedBy: spec.exportedBy, filter: { action: 'report.submit' } });
  const lines = [...assembler.header()];
  let prevHash = GENESIS_HASH;
  let id = 0;
  const kept: { id: number; at: string }[] = [];
  for (const event of spec.events) {
    id += 1 + event.burnedBefore;
    const hash = auditHash(prevHash, event.content);
    if (event.kept) {
      lines.push(...assembler.event({ ...event.content, id, prevHash, hash }));
      kept.push({ id, at: event.content.occurredAt instanceof Date ? event.content.occurredAt.toISOString() : event.content.occurredAt });
    } else {
      lines.push(...assembler.gap({ firstId: id, lastId: id, count: 1, prevHash, hash }));
    }
    prevHash = hash;
  }
  const checkpoint = spec.anchored && id > 0 ? signedCheckpoint({ seq: spec.seq, lastEventId: id, lastHash: prevHash, eventCount: spec.events.length }, spec.previousSignature) : null;
  lines.push(...assembler.end(checkpoint));
  const first = kept[0];
  const last = kept.at(-1);
  const expected = {
    ok: true as const,
    lines: lines.length,
    events: kept.length,
    omitted: spec.events.length - kept.length,
    range: first && last ? { firstId: first.id, lastId: last.id, firstAt: first.at, lastAt: last.at } : null,
    lastHash: prevHash,
    checkpoint,
  };
  return { lines, text: `${lines.join('\n')}\n`, expected };
}

function signedCheckpoint(head: { seq: number; lastEventId: number; lastHash: string; eventCount: number }, previousSignature: string | null, key = KEY): ExportCheckpoint {
  const fields = { ...head, recordedAt: new Date('2026-12-01T07:59:00.000Z'), keyId: auditKeyId(key) };
  return {
    seq: fields.seq,
    last_event_id: fields.lastEventId,
    last_hash: fields.lastHash,
    event_count: fields.eventCount,
    recorded_at: fields.recordedAt.toISOString(),
    key_id: fields.keyId,
    signature: signCheckpoint(key, fields, previousSignature),
    previous_signature: previousSignature,
  };
}

/** A fixed export: 4 of 6 events kept (ids 1, 2, 5 and 7; 3–4 left out, as one gap line; id 6 was burned). */
function sample(options: { anchored?: boolean } = {}) {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day, 9, 30));
  const event = (day: number, payload: unknown): ExportSpec['events'][number] => ({
    content: { eventKey: `evt-${day}`, occurredAt: at(day), actor: 'li.ming', actorAgencyId: 3, action: 'report.submit', subjectType: 'measure', subjectId: 'M-7', measureId: 'M-7', payload, workflowId: 'measure-M-7', runId: 'run-1' },
    burnedBefore: day === 6 ? 1 : 0,
    kept: ![3, 4].includes(day),
  });
  const events = [event(1, { 说明: '按期报送 😀' }), event(2, { rate: 0.75, 附件: ['a.pdf'] }), event(3, null), event(4, { n: 1 }), event(5, { 进展: '已完成\n第二行' }), event(6, {})];
  return assemble({ events, anchored: options.anchored ?? true, seq: 12, previousSignature: 'ab'.repeat(32), exportedBy: '王审计' });
}

/** The 1-based line a byte belongs to; a '\n' belongs to the line it ends. */
function lineOfByte(bytes: Buffer, position: number): number {
  let line = 1;
  for (let i = 0; i < position; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** The bytes as a stream delivers them: in chunks of the given sizes (cycled), which may cut a character in two. */
function* chunked(bytes: Buffer, sizes: number[]): Generator<Buffer> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes.length === 0 ? bytes.length : sizes[i % sizes.length]!;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

const linesOf = (file: string) => file.split('\n');
const failedAt = (result: ExportVerification) => (result.ok ? 'verified' : result.line);

describe('verifying a JSON Lines audit export offline', () => {
  it('verifies an assembled file: its counts, range, last hash and checkpoint, with the signature unchecked without the key', async () => {
    const { text, expected } = sample();
    expect(await verifyExport(linesOf(text))).toEqual({ ...expected, signature: 'unchecked' });
    expect(expected).toMatchObject({ lines: 7, events: 4, omitted: 2, range: { firstId: 1, lastId: 7, firstAt: '2026-11-01T09:30:00.000Z', lastAt: '2026-11-06T09:30:00.000Z' } });
    expect(await verifyExport(linesOf(text), { key: KEY })).toMatchObject({ ok: true, signature: 'verified' });
    expect(await verifyExportBytes([Buffer.from(text)], { key: KEY })).toMatchObject({ ok: true, signature: 'verified', events: 4 });
  });

  it('says none for the signature when no checkpoint anchors the file, even with a key', async () => {
    const { text, expected } = sample({ anchored: false });
    expect(await verifyExport(linesOf(text), { key: KEY })).toEqual({ ...expected, checkpoint: null, signature: 'none' });
  });

  it('refuses a checkpoint signed with another key, naming the end line and both key ids', async () => {
    const { text } = sample();
    const result = await verifyExport(linesOf(text), { key: OTHER_KEY });
    expect(result).toEqual({ ok: false, line: 7, reason: `checkpoint #12 was signed with key ${auditKeyId(KEY)}, not with the given key (${auditKeyId(OTHER_KEY)})` });
  });

  it('catches a rewritten chain with every hash and check recomputed only by the signature, so without the key it passes as unchecked', async () => {
    const { lines } = sample();
    // The forger edits event 1's payload and rebuilds every hash, check and the end line, but cannot sign.
    const forged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    let prevHash = GENESIS_HASH;
    for (const line of forged) {
      if (line.type === 'event') {
        if (line.id === 1) line.payload = { 说明: '逾期报送' };
        line.prev_hash = prevHash;
        line.hash = auditHash(prevHash, { eventKey: line.event_key, occurredAt: line.occurred_at, actor: line.actor, actorAgencyId: line.actor_agency_id, action: line.action, subjectType: line.subject_type, subjectId: line.subject_id, measureId: line.measure_id, payload: line.payload, workflowId: line.workflow_id, runId: line.run_id } as ChainedEventContent);
      }
      if (line.type === 'gap') {
        line.prev_hash = prevHash;
        line.hash = sm3(`forged ${String(line.first_id)}`);
      }
      if (line.type === 'end') {
        line.last_hash = prevHash;
        (line.checkpoint as ExportCheckpoint).last_hash = prevHash;
      }
      if (line.type !== 'header' && line.type !== 'end') prevHash = line.hash as string;
      line.check = lineCheck(line);
    }
    const file = forged.map((line) => JSON.stringify(sortKeys(line))).join('\n');
    expect(await verifyExport(linesOf(file))).toMatchObject({ ok: true, signature: 'unchecked' });
    expect(await verifyExport(linesOf(file), { key: KEY })).toEqual({ ok: false, line: 7, reason: "checkpoint #12's signature does not hold with the given key: the checkpoint or the chain it anchors was rewritten" });
  });

  it('names an event whose id was changed (the chain hash leaves ids out; the line’s check does not)', async () => {
    const { lines } = sample();
    const changed = [...lines];
    changed[2] = lines[2]!.replace('"id":2,', '"id":3,');
    expect(changed[2]).not.toBe(lines[2]);
    expect(await verifyExport(changed)).toEqual({ ok: false, line: 3, reason: "the event line's check does not match its content: the line was changed" });
  });

  it('names an event whose content no longer matches its hash even when its check was recomputed', async () => {
    const { lines } = sample();
    const line = JSON.parse(lines[1]!) as Record<string, unknown>;
    line.actor = 'zhang.san';
    line.check = lineCheck(line);
    const changed = [lines[0]!, JSON.stringify(sortKeys(line)), ...lines.slice(2)];
    expect(await verifyExport(changed)).toEqual({ ok: false, line: 2, reason: "event #1's content does not match its hash: the event was changed" });
  });

  it('refuses an empty file, a file of CRLF lines, an empty line inside, and anything after the end line', async () => {
    const { lines, text } = sample();
    expect(await verifyExport([])).toEqual({ ok: false, line: 1, reason: 'the file is empty' });
    expect(await verifyExportBytes([Buffer.alloc(0)])).toEqual({ ok: false, line: 1, reason: 'the file is empty' });
    expect(await verifyExport(linesOf(text.replaceAll('\n', '\r\n')))).toEqual({ ok: false, line: 1, reason: 'the line is not canonical JSON (sorted keys, no spaces), so it was edited' });
    expect(await verifyExport([...lines.slice(0, 3), '', ...lines.slice(3)])).toEqual({ ok: false, line: 4, reason: 'the line is empty' });
    expect(await verifyExport([...lines, '', ''])).toEqual({ ok: false, line: 8, reason: 'there is more after the end line: lines were added' });
    expect(await verifyExport([...lines, lines[1]!])).toEqual({ ok: false, line: 8, reason: 'there is more after the end line: lines were added' });
    // Only the file's final newline may be missing: the content is the same.
    expect(await verifyExport(lines)).toMatchObject({ ok: true, lines: 7 });
  });

  it('says where a file without its end line stops, and which line is not a header', async () => {
    const { lines } = sample();
    expect(await verifyExport([...lines.slice(0, 5), ''])).toEqual({ ok: false, line: 5, reason: 'the file ends at line 5 without its end line: lines were removed' });
    expect(await verifyExport(lines.slice(1))).toEqual({ ok: false, line: 1, reason: 'the file does not start with a header line (liandong-audit-export/1)' });
    const future = lines[0]!.replace('liandong-audit-export/1', 'liandong-audit-export/2');
    expect(await verifyExport([future, ...lines.slice(1)])).toEqual({ ok: false, line: 1, reason: 'the header\'s format is "liandong-audit-export/2", not liandong-audit-export/1' });
  });

  it('names a line with an invalid UTF-8 byte, even where lossy decoding would give back the same text', async () => {
    const { text } = sample();
    const bytes = Buffer.from(text.replace('按期报送', '按期\uFFFD报送'));
    const at = bytes.indexOf(Buffer.from('\uFFFD'));
    const changed = Buffer.from(bytes);
    changed[at] = 0xf0; // EF BF BD → F0 BF BD: an incomplete 4-byte sequence, which decodes to one U+FFFD again
    expect(changed.toString('utf8')).toBe(bytes.toString('utf8'));
    expect(await verifyExportBytes([changed])).toEqual({ ok: false, line: 2, reason: 'the line is not valid UTF-8 text' });
  });

  it('names the line a newline turned into a carriage return ended (readline would have split there)', async () => {
    const { text } = sample();
    const bytes = Buffer.from(text);
    const third = bytes.indexOf(0x0a, bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1) + 1);
    bytes[third] = 0x0d;
    expect(await verifyExportBytes([bytes])).toEqual({ ok: false, line: 3, reason: 'the line is not valid JSON' });
  });

  it('refuses a gap that counts more events than its ids hold', async () => {
    const assembler = createExportAssembler({ exportedAt: new Date('2026-12-01T00:00:00Z'), exportedBy: 'audit', filter: {} });
    const lines = [...assembler.header(), ...assembler.gap({ firstId: 1, lastId: 2, count: 3, prevHash: GENESIS_HASH, hash: sm3('x') }), ...assembler.end(null)];
    expect(await verifyExport(lines)).toEqual({ ok: false, line: 2, reason: 'the gap counts 3 events between ids 1 and 2, more than the 2 ids there' });
  });
});

/** Keys sorted at every level, as canonicalJson writes them (for forging lines in the tests above). */
function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

/** Runs per property; LIANDONG_PROPERTY_RUNS=20000 probes them deeper (each was run so once, green). */
const RUNS = Number(process.env.LIANDONG_PROPERTY_RUNS ?? 0) || undefined;

describe('verifying generated exports (properties)', { timeout: RUNS ? 1_800_000 : 60_000 }, () => {
  it('verifies every assembled file with its counts, range and checkpoint; the right key verifies it, another is refused at the end line', async () => {
    await fc.assert(
      fc.asyncProperty(exportSpec, async (spec) => {
        const { text, expected } = assemble(spec);
        expect(await verifyExport(linesOf(text))).toEqual({ ...expected, signature: expected.checkpoint ? 'unchecked' : 'none' });
        expect(await verifyExport(linesOf(text), { key: KEY })).toEqual({ ...expected, signature: expected.checkpoint ? 'verified' : 'none' });
        const other = await verifyExport(linesOf(text), { key: OTHER_KEY });
        expect(failedAt(other)).toBe(expected.checkpoint ? expected.lines : 'verified');
      }),
      { numRuns: RUNS ?? 150 },
    );
  });

  it('names exactly the changed line when any one byte becomes any other (a newline belongs to the line it ends)', async () => {
    const change = fc.record({
      spec: exportSpec,
      atNewline: fc.boolean(),
      pick: fc.nat(),
      // 0: the byte becomes '\n'; otherwise it is shifted by this much (mod 256), so it always changes.
      shift: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 })),
      chunks: fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ spec, atNewline, pick, shift, chunks }) => {
        const bytes = Buffer.from(assemble(spec).text);
        const newlines = [...bytes.keys()].filter((i) => bytes[i] === 0x0a);
        const position = atNewline ? newlines[pick % newlines.length]! : pick % bytes.length;
        const original = bytes[position]!;
        fc.pre(shift !== 0 || original !== 0x0a);
        const changed = Buffer.from(bytes);
        changed[position] = shift === 0 ? 0x0a : (original + shift) % 256;
        const result = await verifyExportBytes(chunked(changed, chunks), { key: KEY });
        expect(failedAt(result)).toBe(lineOfByte(bytes, position));
      }),
      { numRuns: RUNS ?? 800 },
    );
  });

  it('refuses the file when any one line is deleted, at that line (or, for the end line, at the new last line)', async () => {
    await fc.assert(
      fc.asyncProperty(exportSpec, fc.nat(), async (spec, pick) => {
        const { lines } = assemble(spec);
        const k = 1 + (pick % lines.length);
        const left = lines.filter((_, i) => i !== k - 1);
        expect(failedAt(await verifyExport(linesOf(`${left.join('\n')}\n`)))).toBe(k < lines.length ? k : lines.length - 1);
      }),
      { numRuns: RUNS ?? 200 },
    );
  });

  it('refuses the file when any two lines are swapped, at the first of them', async () => {
    await fc.assert(
      fc.asyncProperty(exportSpec, fc.nat(), fc.nat(), async (spec, a, b) => {
        const { lines } = assemble(spec);
        const [i, j] = [a % lines.length, b % lines.length].sort((x, y) => x - y) as [number, number];
        fc.pre(i !== j);
        const swapped = [...lines];
        [swapped[i], swapped[j]] = [lines[j]!, lines[i]!];
        expect(failedAt(await verifyExport(linesOf(`${swapped.join('\n')}\n`)))).toBe(i + 1);
      }),
      { numRuns: RUNS ?? 200 },
    );
  });

  it('refuses the file when a line is duplicated anywhere, at the first line out of place', async () => {
    await fc.assert(
      fc.asyncProperty(exportSpec, fc.nat(), fc.nat(), async (spec, pick, place) => {
        const { lines } = assemble(spec);
        const k = 1 + (pick % lines.length);
        const m = 1 + (place % (lines.length + 1)); // the copy's line number in the new file
        const copied = [...lines.slice(0, m - 1), lines[k - 1]!, ...lines.slice(m - 1)];
        // Before the original the copy is out of place; at or just after it the second of the two is.
        expect(failedAt(await verifyExport(linesOf(`${copied.join('\n')}\n`)))).toBe(m < k ? m : Math.max(m, k + 1));
      }),
      { numRuns: RUNS ?? 200 },
    );
  });

  it('refuses the file truncated anywhere short of its final newline, at the line it now stops in', async () => {
    await fc.assert(
      fc.asyncProperty(exportSpec, fc.nat(), async (spec, pick) => {
        const bytes = Buffer.from(assemble(spec).text);
        const kept = pick % (bytes.length - 1); // keeps 0 to length − 2 bytes
        const result = await verifyExportBytes([bytes.subarray(0, kept)]);
        expect(failedAt(result)).toBe(kept === 0 ? 1 : lineOfByte(bytes, kept - 1));
        expect(await verifyExportBytes([bytes.subarray(0, bytes.length - 1)])).toMatchObject({ ok: true });
      }),
      { numRuns: RUNS ?? 200 },
    );
  });
});
