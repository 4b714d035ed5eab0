import { randomBytes } from 'node:crypto';
import { auditKeyId } from '@liandong/domain/audit';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The key that signs audit checkpoints (HMAC-SM3). It is kept outside the database, so whoever
 * owns the tables can rewrite the chain and the checkpoints but cannot sign them again.
 */
export interface AuditKey {
  key: Buffer;
  /** A fingerprint stored beside each signature: says which key signed, reveals nothing of it. */
  id: string;
}

/** At least 32 characters (e.g. `openssl rand -hex 32`); used as given, as UTF-8 bytes. */
export function auditKeyFrom(secret: string): AuditKey {
  if (secret.trim().length < 32) throw new Error('the audit key must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  const key = Buffer.from(secret.trim(), 'utf8');
  return { key, id: auditKeyId(key) };
}

/**
 * The configured key (`LIANDONG_AUDIT_KEY`), or else the one in `file`, created once with a
 * random value and mode 600. Losing that file makes every earlier checkpoint unverifiable.
 */
export async function loadAuditKey(options: { secret?: string; file: string }): Promise<AuditKey & { source: 'environment' | 'file' | 'created' }> {
  if (options.secret) return { ...auditKeyFrom(options.secret), source: 'environment' };
  const existing = await readFile(options.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return { ...auditKeyFrom(existing), source: 'file' };
  await mkdir(path.dirname(options.file), { recursive: true });
  try {
    await writeFile(options.file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { ...auditKeyFrom(await readFile(options.file, 'utf8')), source: 'file' };
  }
  return { ...auditKeyFrom(await readFile(options.file, 'utf8')), source: 'created' };
}
