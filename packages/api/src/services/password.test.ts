import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('hashes with argon2id at 19 MiB, 2 passes, 1 lane', async () => {
    expect(await hashPassword('correct horse battery')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
  });

  it('salts each hash and never contains the password', async () => {
    const [a, b] = await Promise.all([hashPassword('同一个密码-same'), hashPassword('同一个密码-same')]);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
  });

  it('answers false for a stored value that is not an argon2 hash', async () => {
    expect(await verifyPassword('plaintext-by-mistake', 'plaintext-by-mistake')).toBe(false);
  });
});
