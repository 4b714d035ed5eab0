import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { findAgencyByCode } from './agencies';
import { insertSession, findLiveSession } from './sessions';
import { findUserRow, insertUserIfAbsent, listUsers } from './users';

let t: TestDatabase;
let agencyId: number;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  agencyId = (await findAgencyByCode(t.db, 'gz-commerce'))!.id;
});
afterAll(() => t?.drop());

const user = (username: string, roles: string[] = ['officer']) => ({
  username,
  displayName: username,
  agencyId,
  roles: roles as never,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
});

describe('users', () => {
  it('stores a user with their agency and lists them without the password hash', async () => {
    const { id } = (await insertUserIfAbsent(t.db, user('q.chen', ['officer', 'coordinator'])))!;
    expect(await findUserRow(t.db, id)).toMatchObject({ username: 'q.chen', agencyCode: 'gz-commerce', agencyName: '市商务局', roles: ['officer', 'coordinator'], disabledAt: null });
    const listed = await listUsers(t.db, { agencyId });
    expect(listed.map((u) => u.username)).toContain('q.chen');
    expect(Object.keys(listed[0]!)).not.toContain('passwordHash');
  });

  it('leaves an existing username alone instead of overwriting it', async () => {
    await insertUserIfAbsent(t.db, user('q.once'));
    expect(await insertUserIfAbsent(t.db, { ...user('q.once'), displayName: 'changed' })).toBeUndefined();
  });

  it.each([
    ['an uppercase username', () => user('Q.Upper')],
    ['a too short username', () => user('qq')],
    ['no roles', () => user('q.noroles', [])],
    ['an unknown role', () => user('q.mayor', ['mayor'])],
  ])('refuses %s at the database too', async (_label, row) => {
    await expect(insertUserIfAbsent(t.db, row())).rejects.toThrow(/check constraint/);
  });

  it('deletes the sessions of a deleted user', async () => {
    const { id } = (await insertUserIfAbsent(t.db, user('q.gone')))!;
    await insertSession(t.db, { id: 'f'.repeat(64), userId: id, ip: null, userAgent: null, lifetimeSeconds: 60 });
    expect(await findLiveSession(t.db, 'f'.repeat(64), { idleSeconds: 60, touchAfterSeconds: 60 })).toBeDefined();
    await t.db.deleteFrom('users').where('id', '=', id).execute();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from sessions where user_id = ${id}`.execute(t.db);
    expect(rows[0]?.n).toBe(0);
  });
});
