import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import type { Actor, Role } from '@liandong/domain';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { findAgencyByCode } from '@liandong/db/queries';
import { AppError } from '../errors';
import { callerFor, servicesFor } from '../test-support/context';

let t: TestDatabase;
let connection: Connection;
let temporal: Client;
let gzCommerce: number;
let gdCommerce: number;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  gzCommerce = (await findAgencyByCode(t.db, 'gz-commerce'))!.id;
  gdCommerce = (await findAgencyByCode(t.db, 'gd-commerce'))!.id;
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

const actor = (roles: Role[], agencyId = gdCommerce): Actor => ({
  userId: '00000000-0000-4000-8000-000000000000',
  username: `someone-${roles.join('-')}`,
  displayName: 'someone',
  agencyId,
  roles,
});
const deps = () => ({ db: t.db, temporal });
const as = (who: Actor | null) => callerFor(deps(), who);
const auth = () => servicesFor(deps()).auth;
const admin = () => as(actor(['admin']));

/** The fields a rejection names, as the error formatter reports them over HTTP. */
function fieldsOf(error: unknown): string[] {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof ZodError) return cause.issues.map((i) => i.path.join('.'));
  if (cause instanceof AppError && cause.field) return [cause.field];
  return [];
}

const newUser = (username: string) => ({ username, agency: 'gz-commerce', roles: ['officer' as const], password: 'first-password-1' });

describe('user administration is for admins only', () => {
  const procedures = {
    list: (caller: ReturnType<typeof as>) => caller.user.list(),
    create: (caller: ReturnType<typeof as>) => caller.user.create(newUser('not.created')),
    resetPassword: (caller: ReturnType<typeof as>) => caller.user.resetPassword({ username: 'admin', password: 'not-changed-1' }),
  };

  for (const [name, call] of Object.entries(procedures)) {
    it(`refuses user.${name} to a signed-out caller`, async () => {
      await expect(call(as(null))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    // An auditor who is also an admin may read the list, never change anyone (read-only everywhere).
    const refused = name === 'list' ? [] : [['auditor', 'admin']];
    for (const roles of [['officer'], ['coordinator'], ['auditor'], ['officer', 'coordinator'], ...refused] as Role[][]) {
      for (const agency of ['own agency', 'another agency'] as const) {
        it(`refuses user.${name} to a ${roles.join('+')} (${agency})`, async () => {
          await expect(call(as(actor(roles, agency === 'own agency' ? gzCommerce : gdCommerce)))).rejects.toMatchObject({ code: 'FORBIDDEN' });
        });
      }
    }
  }

  it('creates nothing when a non-admin tries', async () => {
    await expect(as(actor(['coordinator'])).user.create(newUser('sneaky'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await admin().user.list()).map((u) => u.username)).not.toContain('sneaky');
  });
});

describe('user.create', () => {
  it('creates a user an admin names, who can then sign in', async () => {
    const created = await admin().user.create({ username: 'Wang.Fang', displayName: '王芳', agency: 'gz-commerce', roles: ['officer', 'coordinator'], password: 'first-password-1' });
    expect(created).toMatchObject({ username: 'wang.fang', displayName: '王芳', agencyCode: 'gz-commerce', agencyName: '市商务局', roles: ['officer', 'coordinator'], disabledAt: null });
    const listed = await admin().user.list();
    expect(listed.find((u) => u.username === 'wang.fang')).toEqual(created);
    expect(JSON.stringify(listed)).not.toContain('argon2');
    await expect(auth().signIn({ username: 'wang.fang', password: 'first-password-1', ip: null, userAgent: null })).resolves.toMatchObject({
      actor: { username: 'wang.fang', agencyId: gzCommerce, roles: ['officer', 'coordinator'] },
    });
  });

  it('finds the agency by official name or short name as well as by code', async () => {
    expect(await admin().user.create({ ...newUser('by.name'), agency: '市商务局' })).toMatchObject({ agencyCode: 'gz-commerce' });
    expect(await admin().user.create({ ...newUser('by.short-name'), agency: '广东省商务厅' })).toMatchObject({ agencyCode: 'gd-commerce' });
  });

  it('defaults the display name to the username', async () => {
    expect(await admin().user.create(newUser('no.display'))).toMatchObject({ displayName: 'no.display' });
  });

  it.each([
    ['username', { username: 'a b' }],
    ['username', { username: 'xy' }],
    ['username', { username: 'x'.repeat(33) }],
    ['password', { password: 'too-short' }],
    ['roles', { roles: [] }],
    ['roles.0', { roles: ['mayor'] }],
    ['agency', { agency: '' }],
    ['agency', { agency: '市商务局\u0000' }],
    ['agency', { agency: '市商务局\uD800' }],
    ['displayName', { displayName: '王\u0000芳' }],
    ['displayName', { displayName: '王芳\uDC00' }],
    ['password', { password: 'first-password-1\u0000' }],
    ['password', { password: 'first-password-\uD83D' }],
  ])('rejects a bad %s with BAD_REQUEST naming the field', async (field, change) => {
    const input = { ...newUser('bad.input'), ...change } as Parameters<ReturnType<typeof admin>['user']['create']>[0];
    const error = await admin().user.create(input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(fieldsOf(error)).toEqual([field]);
    expect((await admin().user.list()).map((u) => u.username)).not.toContain('bad.input');
  });

  it('rejects an agency that is not in the directory, naming the field', async () => {
    const error = await admin().user.create({ ...newUser('no.agency'), agency: '火星商务局' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('火星商务局') });
    expect(fieldsOf(error)).toEqual(['agency']);
  });

  it('refuses a username that is taken, whatever its case', async () => {
    await admin().user.create(newUser('twice'));
    await expect(admin().user.create({ ...newUser('TWICE'), password: 'other-password-2' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('user.resetPassword', () => {
  it('sets the new password and signs the user out of every session', async () => {
    await admin().user.create(newUser('reset.me'));
    const session = await auth().signIn({ username: 'reset.me', password: 'first-password-1', ip: null, userAgent: null });
    expect(await admin().user.resetPassword({ username: 'reset.me', password: 'second-password-2' })).toEqual({ username: 'reset.me', sessionsRevoked: 1 });
    expect(await auth().resolveSession(session.token)).toBeNull();
    await expect(auth().signIn({ username: 'reset.me', password: 'second-password-2', ip: null, userAgent: null })).resolves.toBeDefined();
  });

  it('answers NOT_FOUND for an unknown username', async () => {
    await expect(admin().user.resetPassword({ username: 'nobody.here', password: 'second-password-2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
