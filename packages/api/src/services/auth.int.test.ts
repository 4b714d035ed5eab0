import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '@liandong/db';
import { verifyAuditChain } from '@liandong/db/queries';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { freePort } from '@liandong/devstack';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import { servicesFor } from '../test-support/context';
import { createAuditService } from './audit';
import { createAuthService, WRONG_CREDENTIALS_MESSAGE, type AuthService } from './auth';
import type { UserService } from './users';

let t: TestDatabase;
let auth: AuthService;
let users: UserService;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  // Signing in never reaches Temporal: a lazy connection that is never opened.
  ({ auth, users } = servicesFor({ db: t.db, temporal: new Client({ connection: Connection.lazy({ address: inject('temporalAddress') }) }) }));
});
afterAll(() => t?.drop());

const PASSWORD = 'right-password-1';
const from = (ip: string | null = null) => ({ ip, userAgent: 'vitest' });

async function person(username: string) {
  return users.create({ username, agency: 'gz-commerce', roles: ['officer'], password: PASSWORD, displayName: `${username} 承办人` });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function attempts(username: string) {
  return t.db.selectFrom('loginAttempts').select(['succeeded', 'ip']).where('username', '=', username).orderBy('id').execute();
}

describe('signing in', () => {
  it('opens a session for the right password and returns who signed in', async () => {
    const user = await person('si.right');
    const session = await auth.signIn({ username: ' SI.Right ', password: PASSWORD, ...from('198.51.100.1') });
    expect(session.actor).toEqual({ userId: user.id, username: 'si.right', displayName: 'si.right 承办人', agencyId: user.agencyId, roles: ['officer'] });
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await auth.resolveSession(session.token)).toEqual(session.actor);
    expect(await attempts('si.right')).toEqual([{ succeeded: true, ip: '198.51.100.1' }]);
  });

  it('stores only the sha256 of the token, never the token itself', async () => {
    await person('si.hashed');
    const { token, actor } = await auth.signIn({ username: 'si.hashed', password: PASSWORD, ...from() });
    const rows = await t.db.selectFrom('sessions').selectAll().where('userId', '=', actor.userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    const { rows: everything } = await sql<{ dump: string }>`select string_agg(s::text, '|') as dump from sessions s`.execute(t.db);
    expect(everything[0]?.dump).not.toContain(token);
  });

  it('answers a wrong password and an unknown username with the same message', async () => {
    await person('si.same');
    const wrongPassword = await failure(auth.signIn({ username: 'si.same', password: 'wrong-password-1', ...from() }));
    const unknownUser = await failure(auth.signIn({ username: 'si.nobody', password: PASSWORD, ...from() }));
    expect(wrongPassword).toBeInstanceOf(UnauthorizedError);
    expect(unknownUser).toBeInstanceOf(UnauthorizedError);
    expect((wrongPassword as Error).message).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect((unknownUser as Error).message).toBe((wrongPassword as Error).message);
    expect(await attempts('si.same')).toEqual([{ succeeded: false, ip: null }]);
    expect(await attempts('si.nobody')).toEqual([{ succeeded: false, ip: null }]);
  });

  it('takes about as long for an unknown username as for a wrong password', async () => {
    await person('si.timing');
    const time = async (username: string) => {
      const started = performance.now();
      await failure(auth.signIn({ username, password: 'wrong-password-1', ...from() }));
      return performance.now() - started;
    };
    await time('si.warmup'); // the dummy hash is made on first use
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('si.timing'));
      unknown.push(await time(`si.timing-ghost-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    // Without the dummy hash an unknown name answers in a few ms against ~60 ms for argon2.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('refuses a disabled user with the same message, and ends their sessions', async () => {
    const user = await person('si.disabled');
    const { token } = await auth.signIn({ username: 'si.disabled', password: PASSWORD, ...from() });
    await t.db.updateTable('users').set({ disabledAt: new Date() }).where('id', '=', user.id).execute();
    expect(await auth.resolveSession(token)).toBeNull();
    const error = await failure(auth.signIn({ username: 'si.disabled', password: PASSWORD, ...from() }));
    expect(error).toMatchObject({ message: WRONG_CREDENTIALS_MESSAGE });
  });
});

describe('sign-in rate limiting', () => {
  it('refuses the sixth failed attempt with TOO_MANY_REQUESTS even with the right password', async () => {
    await person('rl.victim');
    for (let i = 0; i < 5; i++) {
      await expect(auth.signIn({ username: 'rl.victim', password: `guess-number-${i}`, ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    }
    const refused = await failure(auth.signIn({ username: 'rl.victim', password: PASSWORD, ...from() }));
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).message).toMatch(/try again in 15 min/);
    const retryIn = (refused as TooManyRequestsError).retryAt.getTime() - Date.now();
    expect(retryIn).toBeGreaterThan(14 * 60_000);
    expect(retryIn).toBeLessThanOrEqual(15 * 60_000);
    // The refused attempt checked nothing, so it is not recorded and opened no session.
    expect(await attempts('rl.victim')).toHaveLength(5);
    const sessions = await t.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.userId').where('users.username', '=', 'rl.victim').execute();
    expect(sessions).toEqual([]);
  });

  it('lets the person in again once the failures are older than 15 minutes', async () => {
    await person('rl.later');
    for (let i = 0; i < 5; i++) await failure(auth.signIn({ username: 'rl.later', password: 'wrong-password-1', ...from() }));
    await expect(auth.signIn({ username: 'rl.later', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(TooManyRequestsError);
    await sql`update login_attempts set attempted_at = attempted_at - interval '15 minutes 1 second' where username = 'rl.later'`.execute(t.db);
    await expect(auth.signIn({ username: 'rl.later', password: PASSWORD, ...from() })).resolves.toMatchObject({ actor: { username: 'rl.later' } });
  });

  it('counts per username only the failures since the last successful sign-in', async () => {
    await person('rl.forgetful');
    for (let i = 0; i < 4; i++) await failure(auth.signIn({ username: 'rl.forgetful', password: 'wrong-password-1', ...from() }));
    await auth.signIn({ username: 'rl.forgetful', password: PASSWORD, ...from() });
    await failure(auth.signIn({ username: 'rl.forgetful', password: 'wrong-password-1', ...from() }));
    await expect(auth.signIn({ username: 'rl.forgetful', password: PASSWORD, ...from() })).resolves.toMatchObject({ actor: { username: 'rl.forgetful' } });
  });

  it('refuses an address after 20 failures across usernames, while other addresses still get in', async () => {
    await person('rl.bystander');
    const sprayer = from('203.0.113.66');
    for (let i = 0; i < 20; i++) {
      await expect(auth.signIn({ username: `rl.sprayed-${i}`, password: 'password-123', ...sprayer })).rejects.toBeInstanceOf(UnauthorizedError);
    }
    await expect(auth.signIn({ username: 'rl.bystander', password: PASSWORD, ...sprayer })).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(auth.signIn({ username: 'rl.bystander', password: PASSWORD, ...from('203.0.113.67') })).resolves.toMatchObject({
      actor: { username: 'rl.bystander' },
    });
  });

  it('purges attempts older than 15 minutes on a failed sign-in, keeps newer ones, and still limits', async () => {
    await person('rl.purged');
    const attemptAgo = (username: string, seconds: number, succeeded = false, ip: string | null = null) =>
      t.db.insertInto('loginAttempts').values({ username, ip, succeeded, attemptedAt: sql<Date>`now() - make_interval(secs => ${seconds})` }).execute();
    // Old rows of other people and addresses, a long-past success of this person, and 3 recent failures of theirs.
    await attemptAgo('rl.purged-stranger', 15 * 60 + 1);
    await attemptAgo('rl.purged-sprayed', 2 * 24 * 60 * 60, false, '203.0.113.80');
    await attemptAgo('rl.purged', 60 * 60, true);
    for (const minutes of [14, 10, 5]) await attemptAgo('rl.purged', minutes * 60);
    const old = () =>
      t.db.selectFrom('loginAttempts').select('username').where('attemptedAt', '<=', sql<Date>`now() - interval '15 minutes'`).execute();
    expect(await old()).not.toEqual([]);

    await expect(auth.signIn({ username: 'rl.purged', password: 'wrong-password-1', ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await old()).toEqual([]);
    expect(await attempts('rl.purged-stranger')).toEqual([]);
    expect(await attempts('rl.purged-sprayed')).toEqual([]);
    expect(await attempts('rl.purged')).toEqual(Array.from({ length: 4 }, () => ({ succeeded: false, ip: null })));

    // The kept failures still count: one more makes five, and the right password is then refused.
    await expect(auth.signIn({ username: 'rl.purged', password: 'wrong-password-2', ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.signIn({ username: 'rl.purged', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('holds under parallel guesses: no more than 5 are checked', async () => {
    await person('rl.parallel');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => auth.signIn({ username: 'rl.parallel', password: `parallel-guess-${i}`, ...from() })),
    );
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).constructor.name : 'fulfilled'));
    expect(reasons.filter((r) => r === 'UnauthorizedError')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'TooManyRequestsError')).toHaveLength(7);
    expect(await attempts('rl.parallel')).toHaveLength(5);
  });
});

describe('sessions', () => {
  async function signedIn(username: string) {
    await person(username);
    return auth.signIn({ username, password: PASSWORD, ...from() });
  }
  const row = (sessionId: string) => t.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();

  it('ends a session idle for more than 30 minutes', async () => {
    const { token, sessionId } = await signedIn('se.idle');
    await sql`update sessions set last_seen_at = now() - interval '30 minutes 1 second' where id = ${sessionId}`.execute(t.db);
    expect(await auth.resolveSession(token)).toBeNull();
    expect(await row(sessionId)).toBeUndefined();
  });

  it('slides the idle timeout, writing last_seen_at at most once a minute', async () => {
    const { token, sessionId, actor } = await signedIn('se.sliding');
    await sql`update sessions set last_seen_at = now() - interval '29 minutes' where id = ${sessionId}`.execute(t.db);
    expect(await auth.resolveSession(token)).toEqual(actor);
    const refreshed = (await row(sessionId))!.lastSeenAt;
    expect(Date.now() - refreshed.getTime()).toBeLessThan(10_000);

    await sql`update sessions set last_seen_at = now() - interval '30 seconds' where id = ${sessionId}`.execute(t.db);
    const thirtySecondsAgo = (await row(sessionId))!.lastSeenAt;
    expect(await auth.resolveSession(token)).toEqual(actor);
    expect((await row(sessionId))!.lastSeenAt).toEqual(thirtySecondsAgo);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { token, sessionId } = await signedIn('se.absolute');
    const { expiresAt } = (await row(sessionId))!;
    const { createdAt } = (await row(sessionId))!;
    expect(expiresAt.getTime() - createdAt.getTime()).toBe(12 * 60 * 60 * 1000);
    await sql`update sessions set created_at = now() - interval '12 hours 1 second', expires_at = now() - interval '1 second', last_seen_at = now() where id = ${sessionId}`.execute(
      t.db,
    );
    expect(await auth.resolveSession(token)).toBeNull();
  });

  it('sweeps sessions that can no longer be used whenever someone signs in', async () => {
    const idle = await signedIn('se.swept-idle');
    const old = await signedIn('se.swept-old');
    await sql`update sessions set last_seen_at = now() - interval '31 minutes' where id = ${idle.sessionId}`.execute(t.db);
    await sql`update sessions set expires_at = now() - interval '1 second' where id = ${old.sessionId}`.execute(t.db);
    const fresh = await signedIn('se.sweeper');
    expect(await row(idle.sessionId)).toBeUndefined();
    expect(await row(old.sessionId)).toBeUndefined();
    expect(await row(fresh.sessionId)).toBeDefined();
  });

  it('forgets a revoked session', async () => {
    const { token, sessionId } = await signedIn('se.revoked');
    expect(await auth.revokeSession(sessionId)).toBe(true);
    expect(await auth.resolveSession(token)).toBeNull();
  });

  it('ignores tokens that are malformed or unknown', async () => {
    expect(await auth.resolveSession('not a token')).toBeNull();
    expect(await auth.resolveSession('A'.repeat(43))).toBeNull();
  });

  it('signs a person out everywhere when an admin resets the password', async () => {
    await person('se.reset');
    const laptop = await auth.signIn({ username: 'se.reset', password: PASSWORD, ...from() });
    const phone = await auth.signIn({ username: 'se.reset', password: PASSWORD, ...from() });
    expect(await users.resetPassword({ username: 'se.reset', password: 'brand-new-password' })).toEqual({ username: 'se.reset', sessionsRevoked: 2 });
    expect(await auth.resolveSession(laptop.token)).toBeNull();
    expect(await auth.resolveSession(phone.token)).toBeNull();
    await expect(auth.signIn({ username: 'se.reset', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.signIn({ username: 'se.reset', password: 'brand-new-password', ...from() })).resolves.toMatchObject({
      actor: { username: 'se.reset' },
    });
  });
});

describe('failed sign-ins in the audit log', () => {
  const lazyTemporal = () => new Client({ connection: Connection.lazy({ address: inject('temporalAddress') }) });
  const failures = (username: string) =>
    t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'auth.sign_in_failed').where('subjectId', '=', username).orderBy('id').execute();

  it('records a wrong password as auth.sign_in_failed with the username tried, the address and the reason, never the password', async () => {
    await person('au.wrong');
    // As the app role: what the running system may write to the audit log (insert and select only).
    const { auth: asApp } = servicesFor({ db: t.appDb, temporal: lazyTemporal() });
    await expect(asApp.signIn({ username: ' AU.Wrong ', password: 'not-the-password-1', ...from('198.51.100.7') })).rejects.toBeInstanceOf(UnauthorizedError);
    const events = await failures('au.wrong');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'anonymous',
      actorAgencyId: null,
      subjectType: 'user',
      subjectId: 'au.wrong',
      measureId: null,
      payload: { username: 'au.wrong', ip: '198.51.100.7', userAgent: 'vitest', reason: 'wrong_password' },
    });
    expect(JSON.stringify(events)).not.toContain('not-the-password-1');
    expect(await verifyAuditChain(t.db, { from: 'start' })).toMatchObject({ ok: true });
  });

  it('records an unknown user, a disabled account and a rate-limited attempt, each with its reason; a success records nothing', async () => {
    await expect(auth.signIn({ username: 'au.nobody', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    const disabled = await person('au.disabled');
    await t.db.updateTable('users').set({ disabledAt: new Date() }).where('id', '=', disabled.id).execute();
    await expect(auth.signIn({ username: 'au.disabled', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    await person('au.limited');
    for (let i = 0; i < 5; i++) await failure(auth.signIn({ username: 'au.limited', password: `guess-number-${i}`, ...from() }));
    await expect(auth.signIn({ username: 'au.limited', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(TooManyRequestsError);
    await person('au.fine');
    await auth.signIn({ username: 'au.fine', password: PASSWORD, ...from() });

    expect((await failures('au.nobody')).map((e) => e.payload.reason)).toEqual(['unknown_user']);
    expect((await failures('au.disabled')).map((e) => e.payload.reason)).toEqual(['disabled']);
    const limited = await failures('au.limited');
    expect(limited.map((e) => e.payload.reason)).toEqual([...Array(5).fill('wrong_password'), 'rate_limited']);
    expect(limited.at(-1)?.payload).toMatchObject({ retryAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(await failures('au.fine')).toEqual([]);
  });

  it('refuses a username holding NUL or a broken surrogate as bad input, and audits it with U+FFFD in their place', async () => {
    const { auth: asApp } = servicesFor({ db: t.appDb, temporal: lazyTemporal() });
    for (const [tried, recorded] of [
      ['au.nul\u0000', 'au.nul\uFFFD'],
      ['AU.Half\uD83D', 'au.half\uFFFD'],
      ['\uDE00au.low', '\uFFFDau.low'],
    ] as const) {
      await expect(asApp.signIn({ username: tried, password: PASSWORD, ...from('198.51.100.9') })).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'username' });
      const events = await failures(recorded);
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toEqual({ username: recorded, ip: '198.51.100.9', userAgent: 'vitest', reason: 'invalid_input' });
    }
    // Nothing was looked up or counted towards the limits.
    expect(await t.db.selectFrom('loginAttempts').where('ip', '=', '198.51.100.9').execute()).toEqual([]);
    expect(await verifyAuditChain(t.db, { from: 'start' })).toMatchObject({ ok: true });
  });

  it('still answers UNAUTHORIZED when the audit log cannot be written, and logs that', async () => {
    await person('au.unlogged');
    const logged: string[] = [];
    const logger = { warn: () => {}, error: (_fields: object, message: string) => void logged.push(message) };
    // A database that is not there: the audit write fails, the sign-in itself does not depend on it.
    const nowhere = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    try {
      const broken = createAuthService({ db: t.db, audit: createAuditService({ db: nowhere, temporal: lazyTemporal(), logger }) });
      await expect(broken.signIn({ username: 'au.unlogged', password: 'wrong-password-1', ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      await nowhere.destroy();
    }
    expect(logged).toEqual(['audit event could not be recorded']);
  });
});
