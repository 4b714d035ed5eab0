import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditKeyFrom, loadAuditKey } from './audit-key';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the audit checkpoint key', () => {
  it('is created once, readable by its owner only, and the same on every later start', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'liandong-key-'));
    const file = path.join(dir, 'data', 'audit-anchor.key');
    const created = await loadAuditKey({ file });
    const again = await loadAuditKey({ file });
    expect(created.source).toBe('created');
    expect(again).toMatchObject({ source: 'file', id: created.id });
    expect(again.key.equals(created.key)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('comes from the environment when set, and refuses a short one', async () => {
    const secret = 'a'.repeat(64);
    await expect(loadAuditKey({ secret, file: '/nonexistent/never-read' })).resolves.toMatchObject({ source: 'environment', id: auditKeyFrom(secret).id });
    expect(() => auditKeyFrom('too short')).toThrow(/at least 32 characters/);
  });
});
