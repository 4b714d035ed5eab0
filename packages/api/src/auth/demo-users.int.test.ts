import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { listUsers } from '@liandong/db/queries';
import { UnauthorizedError } from '../errors';
import { DEMO_PASSWORD, DEMO_USERS, ensureDemoUsers } from './demo-users';
import { signIn } from './sign-in';
import { resetPassword } from './users';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

describe('demo users', () => {
  it('creates one account per demo user in its agency, each able to sign in with the demo password', async () => {
    const { created } = await ensureDemoUsers(t.db);
    expect(created).toEqual(DEMO_USERS.map((u) => u.username));
    const users = await listUsers(t.db);
    expect(users.map((u) => [u.username, u.agencyCode, u.roles])).toEqual(
      expect.arrayContaining(DEMO_USERS.map((u) => [u.username, u.agencyCode, u.roles])),
    );
    expect(users.find((u) => u.username === 'gz-coordinator')).toMatchObject({ agencyName: '市商务局', roles: ['coordinator'] });
    expect(users.find((u) => u.username === 'gd-pbc-officer')).toMatchObject({ agencyName: '中国人民银行广东省分行' });
    for (const { username } of DEMO_USERS) {
      await expect(signIn(t.db, { username, password: DEMO_PASSWORD, ip: null, userAgent: null })).resolves.toMatchObject({ actor: { username } });
    }
  });

  it('is idempotent and never overwrites a changed password', async () => {
    await resetPassword(t.db, { username: 'admin', password: 'a-real-admin-password' });
    const before = await t.db.selectFrom('users').select(['id', 'username', 'passwordHash']).orderBy('username').execute();
    expect(await ensureDemoUsers(t.db)).toEqual({ created: [] });
    const after = await t.db.selectFrom('users').select(['id', 'username', 'passwordHash']).orderBy('username').execute();
    expect(after).toEqual(before);
    await expect(signIn(t.db, { username: 'admin', password: DEMO_PASSWORD, ip: null, userAgent: null })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(signIn(t.db, { username: 'admin', password: 'a-real-admin-password', ip: null, userAgent: null })).resolves.toBeDefined();
  });

  it('recreates only a demo account that was removed', async () => {
    await t.db.deleteFrom('users').where('username', '=', 'auditor').execute();
    expect(await ensureDemoUsers(t.db)).toEqual({ created: ['auditor'] });
  });
});
