// `liandong audit verify <file> [--key-file <path>]`: checks a JSON Lines audit export with no database and no network.
import { open, readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXPORT_FORMAT, verifyExportBytes, type ExportVerification } from '@liandong/domain/audit';
import { readAuditCommandEnv, type AuditCommandEnv } from '../env';

const USAGE = `usage: liandong audit verify <file.jsonl> [--key-file <path>]
Checks a JSON Lines audit export (${EXPORT_FORMAT}) with no database and no network: every line,
the hash chain from its genesis, the totals, and the checkpoint that anchors it. With the audit key
(--key-file, else LIANDONG_AUDIT_KEY; a \`pnpm start\` keeps it in .data/audit-anchor.key) the
checkpoint's signature is checked too. Exit 0: verified; 1: the file was changed (the first bad
line is named); 2: nothing was checked (no file, an unreadable one, a bad option or key).`;

const SHORT_USAGE = 'liandong audit verify <file> [--key-file <path>]';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface AuditCommandDeps {
  env: AuditCommandEnv;
}

const defaultDeps = (): AuditCommandDeps => ({ env: readAuditCommandEnv() });

/** Nothing was checked: a usage or reading problem, exit 2 with one line (never "failed", which is exit 1). */
class CannotVerify extends Error {}

/** `liandong audit verify`: the auditor's offline check of an export. */
export async function auditCommand(args: string[], io: Io, deps: AuditCommandDeps = defaultDeps()): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') {
    io.stderr(USAGE);
    return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 2;
  }
  try {
    return await verify(rest, io, deps);
  } catch (error) {
    const message = error instanceof CannotVerify ? error.message : `cannot verify: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr(`error: ${message}`);
    return 2;
  }
}

async function verify(args: string[], io: Io, deps: AuditCommandDeps): Promise<number> {
  const { file, keyFile } = parseVerifyArgs(args);
  await ensureFile(file);
  const key = await auditKey(keyFile, deps.env);
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw new CannotVerify(`${file}: ${readProblem(error)}`);
  });
  let result: ExportVerification;
  try {
    // Streamed: one line in memory at a time, however long the export.
    result = await verifyExportBytes(handle.createReadStream(), key ? { key } : {});
  } catch (error) {
    throw new CannotVerify(`${file}: ${readProblem(error)}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
  io.stdout(verdictLine(result));
  return result.ok ? 0 : 1;
}

function parseVerifyArgs(args: string[]): { file: string; keyFile: string | undefined } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { 'key-file': { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (error) {
    // node's messages go on with advice about '--'; the first sentence names the problem.
    const first = (error instanceof Error ? error.message : String(error)).split('. ')[0];
    throw new CannotVerify(`${first} (usage: ${SHORT_USAGE})`);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new CannotVerify(`no file given (usage: ${SHORT_USAGE})`);
  if (extra.length > 0) throw new CannotVerify(`one file at a time, not ${parsed.positionals.length} (usage: ${SHORT_USAGE})`);
  return { file, keyFile: parsed.values['key-file'] };
}

/** The audit key from --key-file, else LIANDONG_AUDIT_KEY; read as `pnpm start` reads it (trimmed, at least 32 characters). */
async function auditKey(keyFile: string | undefined, env: AuditCommandEnv): Promise<Buffer | undefined> {
  let secret: string | undefined = env.LIANDONG_AUDIT_KEY || undefined;
  let source = 'LIANDONG_AUDIT_KEY';
  if (keyFile !== undefined) {
    secret = await readFile(keyFile, 'utf8').catch((error: unknown) => {
      throw new CannotVerify(`--key-file ${keyFile}: ${readProblem(error)}`);
    });
    source = `--key-file ${keyFile}`;
  }
  if (secret === undefined) return undefined;
  // Loaded only when a key is given: the database package is heavier than the verifier (it connects to nothing on import).
  const { auditKeyFrom } = await import('@liandong/db');
  try {
    return auditKeyFrom(secret).key;
  } catch (error) {
    throw new CannotVerify(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function ensureFile(file: string): Promise<void> {
  const info = await stat(file).catch((error: unknown) => {
    throw new CannotVerify(`${file}: ${readProblem(error)}`);
  });
  if (info.isDirectory()) throw new CannotVerify(`${file}: is a directory, not a file`);
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'cannot read the file';
}

const count = (n: number) => n.toLocaleString('en-US');

/** What the auditor reads: Chinese first, the English term beside it. */
export function verdictLine(result: ExportVerification): string {
  if (!result.ok) return `审计导出校验失败 (failed): 第 ${result.line} 行 (line ${result.line}): ${result.reason}`;
  const { range, checkpoint } = result;
  const events = range
    ? `${count(result.events)} 条事件 (events) #${range.firstId}–#${range.lastId}, ${range.firstAt} – ${range.lastAt}`
    : `${count(result.events)} 条事件 (events)`;
  const anchor = checkpoint
    ? `锚定检查点 #${checkpoint.seq} (anchored by checkpoint #${checkpoint.seq}, signature ${result.signature})`
    : '未锚定检查点 (no checkpoint anchors it)';
  return `审计导出校验通过 (verified): ${events}; ${count(result.omitted)} 条被筛选略去 (omitted); ${anchor}`;
}
