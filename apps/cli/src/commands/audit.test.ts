import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditHash, auditKeyId, createExportAssembler, GENESIS_HASH, signCheckpoint, type ChainedEventContent } from '@liandong/domain/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCommandEnv } from '../env';
import { auditCommand } from './audit';

const CLI_DIR = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = '9f2c4e1a7b3d5f608e1c2a4b6d8f0e2a';
const OTHER_SECRET = 'another-audit-key-0123456789abcdef';

/** `pnpm liandong …` as a user runs it: a process of its own, without the developer's audit key. */
function liandong(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { LIANDONG_AUDIT_KEY: _unset, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: CLI_DIR, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * An export of 6 events as the API writes it: ids 1, 2, 5 and 7 kept, 3–4 left out (one gap line), id 6 burned,
 * anchored by checkpoint #3 signed with SECRET.
 */
function exportLines(): string[] {
  const assembler = createExportAssembler({ exportedAt: new Date('2026-12-01T08:00:00.000Z'), exportedBy: '王审计', filter: { action: 'report.submit' } });
  const lines = [...assembler.header()];
  let prevHash = GENESIS_HASH;
  for (const [id, day, kept] of [[1, 1, true], [2, 3, true], [3, 4, false], [4, 8, false], [5, 12, true], [7, 30, true]] as const) {
    const event: ChainedEventContent = {
      eventKey: `report-${id}`,
      occurredAt: new Date(Date.UTC(2026, 10, day, 9, 30)),
      actor: 'li.ming',
      actorAgencyId: 3,
      action: 'report.submit',
      subjectType: 'measure',
      subjectId: 'M-7',
      measureId: 'M-7',
      payload: { 进展: `第 ${id} 次报送 😀`, rate: id / 10 },
      workflowId: 'measure-M-7',
      runId: 'run-1',
    };
    const hash = auditHash(prevHash, event);
    lines.push(...(kept ? assembler.event({ ...event, id, prevHash, hash }) : assembler.gap({ firstId: id, lastId: id, count: 1, prevHash, hash })));
    prevHash = hash;
  }
  const key = Buffer.from(SECRET);
  const fields = { seq: 3, lastEventId: 7, lastHash: prevHash, eventCount: 6, recordedAt: new Date('2026-12-01T07:59:00.000Z'), keyId: auditKeyId(key) };
  const checkpoint = {
    seq: 3,
    last_event_id: 7,
    last_hash: prevHash,
    event_count: 6,
    recorded_at: fields.recordedAt.toISOString(),
    key_id: fields.keyId,
    signature: signCheckpoint(key, fields, null),
    previous_signature: null,
  };
  lines.push(...assembler.end(checkpoint));
  return lines;
}

describe('liandong audit verify', { timeout: 60_000 }, () => {
  let dir = '';
  let lines: string[] = [];
  const file = (name: string) => join(dir, name);
  const RANGE = '4 条事件 (events) #1–#7, 2026-11-01T09:30:00.000Z – 2026-11-30T09:30:00.000Z; 2 条被筛选略去 (omitted)';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'liandong-audit-'));
    lines = exportLines();
    expect(lines).toHaveLength(7);
    await writeFile(file('export.jsonl'), `${lines.join('\n')}\n`);
    await writeFile(file('audit.key'), `${SECRET}\n`);
    await writeFile(file('other.key'), OTHER_SECRET);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes an untouched export with exit 0 and prints the range it verified', async () => {
    const [plain, withKeyFile] = await Promise.all([
      liandong(['audit', 'verify', file('export.jsonl')]),
      liandong(['audit', 'verify', file('export.jsonl'), '--key-file', file('audit.key')]),
    ]);
    expect(plain).toEqual({ code: 0, stderr: '', stdout: `审计导出校验通过 (verified): ${RANGE}; 锚定检查点 #3 (anchored by checkpoint #3, signature unchecked)\n` });
    expect(withKeyFile).toEqual({ code: 0, stderr: '', stdout: `审计导出校验通过 (verified): ${RANGE}; 锚定检查点 #3 (anchored by checkpoint #3, signature verified)\n` });
  });

  it('fails with exit 1 naming the line when one byte was changed or a line deleted', async () => {
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const at = bytes.indexOf('第 5 次');
    bytes[at + Buffer.byteLength('第 ')] = '6'.charCodeAt(0); // the payload of event 5, on line 5
    await writeFile(file('one-byte.jsonl'), bytes);
    await writeFile(file('deleted.jsonl'), `${lines.filter((_, i) => i !== 2).join('\n')}\n`);
    const [changed, deleted] = await Promise.all([liandong(['audit', 'verify', file('one-byte.jsonl')]), liandong(['audit', 'verify', file('deleted.jsonl')])]);
    expect(changed).toEqual({ code: 1, stderr: '', stdout: "审计导出校验失败 (failed): 第 5 行 (line 5): the event line's check does not match its content: the line was changed\n" });
    expect(deleted).toEqual({
      code: 1,
      stderr: '',
      stdout: "审计导出校验失败 (failed): 第 3 行 (line 3): the gap line's prev_hash is not the hash of the line before it: a line before it was removed, added or moved\n",
    });
  });

  it('exits 2 with one line and no stack trace for a missing file', async () => {
    expect(await liandong(['audit', 'verify', file('missing.jsonl')])).toEqual({ code: 2, stdout: '', stderr: `error: ${file('missing.jsonl')}: file not found\n` });
  });

  // The same command in this process (no start-up per case): the key's sources and the other ways it cannot run.
  async function audit(args: string[], env: AuditCommandEnv = {}) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await auditCommand(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) }, { env });
    return { code, stdout, stderr };
  }

  it('takes the key from LIANDONG_AUDIT_KEY, --key-file winning, and fails at the end line with a key that did not sign', async () => {
    expect(await audit(['verify', file('export.jsonl')], { LIANDONG_AUDIT_KEY: SECRET })).toMatchObject({ code: 0, stdout: [expect.stringContaining('signature verified')] });
    const other = await audit(['verify', file('export.jsonl'), '--key-file', file('other.key')], { LIANDONG_AUDIT_KEY: SECRET });
    expect(other.code).toBe(1);
    expect(other.stdout).toEqual([
      `审计导出校验失败 (failed): 第 7 行 (line 7): checkpoint #3 was signed with key ${auditKeyId(Buffer.from(SECRET))}, not with the given key (${auditKeyId(Buffer.from(OTHER_SECRET))})`,
    ]);
  });

  it('exits 2 with one line for a directory, no file, two files, an unknown option, a missing key file or a short key', async () => {
    const runs = [
      await audit(['verify', dir]),
      await audit(['verify']),
      await audit(['verify', file('export.jsonl'), file('export.jsonl')]),
      await audit(['verify', file('export.jsonl'), '--sign']),
      await audit(['verify', file('export.jsonl'), '--key-file', file('none.key')]),
      await audit(['verify', file('export.jsonl')], { LIANDONG_AUDIT_KEY: 'too short' }),
    ];
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(runs.flatMap((r) => r.stdout)).toEqual([]);
    expect(runs.map((r) => r.stderr)).toEqual([
      [`error: ${dir}: is a directory, not a file`],
      ['error: no file given (usage: liandong audit verify <file> [--key-file <path>])'],
      ['error: one file at a time, not 2 (usage: liandong audit verify <file> [--key-file <path>])'],
      ["error: Unknown option '--sign' (usage: liandong audit verify <file> [--key-file <path>])"],
      [`error: --key-file ${file('none.key')}: file not found`],
      ['error: LIANDONG_AUDIT_KEY: the audit key must be at least 32 characters (e.g. `openssl rand -hex 32`)'],
    ]);
  });
});
