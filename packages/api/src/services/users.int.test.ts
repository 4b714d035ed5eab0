import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { listUsers } from '@liandong/db/queries';
import { UnauthorizedError } from '../errors';
import { servicesFor } from '../test-support/context';
import type { AuthService } from './auth';
import { DEMO_PASSWORD, DEMO_USERS, type UserService } from './users';

let t: TestDatabase;
let auth: AuthService;
let users: UserService;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  ({ auth, users } = servicesFor({ db: t.db, temporal: new Client({ connection: Connection.lazy({ address: inject('temporalAddress') }) }) }));
});
afterAll(() => t?.drop());

describe('demo users', () => {
  it('creates one account per demo user in its agency, each able to sign in with the demo password', async () => {
    const { created } = await users.ensureDemoUsers();
    expect(created).toEqual(DEMO_USERS.map((u) => u.username));
    const rows = await listUsers(t.db);
    expect(rows.map((u) => [u.username, u.agencyCode, u.roles])).toEqual(
      expect.arrayContaining(DEMO_USERS.map((u) => [u.username, u.agencyCode, u.roles])),
    );
    expect(rows.find((u) => u.username === 'gz-coordinator')).toMatchObject({ agencyName: '市商务局', roles: ['coordinator'] });
    expect(rows.find((u) => u.username === 'gd-pbc-officer')).toMatchObject({ agencyName: '中国人民银行广东省分行' });
    for (const { username } of DEMO_USERS) {
      await expect(auth.signIn({ username, password: DEMO_PASSWORD, ip: null, userAgent: null })).resolves.toMatchObject({ actor: { username } });
    }
  });

  it('is idempotent and never overwrites a changed password', async () => {
    await users.resetPassword({ username: 'admin', password: 'a-real-admin-password' });
    const before = await t.db.selectFrom('users').select(['id', 'username', 'passwordHash']).orderBy('username').execute();
    expect(await users.ensureDemoUsers()).toEqual({ created: [] });
    const after = await t.db.selectFrom('users').select(['id', 'username', 'passwordHash']).orderBy('username').execute();
    expect(after).toEqual(before);
    await expect(auth.signIn({ username: 'admin', password: DEMO_PASSWORD, ip: null, userAgent: null })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.signIn({ username: 'admin', password: 'a-real-admin-password', ip: null, userAgent: null })).resolves.toBeDefined();
  });

  it('recreates only a demo account that was removed', async () => {
    await t.db.deleteFrom('users').where('username', '=', 'auditor').execute();
    expect(await users.ensureDemoUsers()).toEqual({ created: ['auditor'] });
  });
});
