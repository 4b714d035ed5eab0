import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import { resolveSession, revokeSession } from './sessions';
import { signIn, WRONG_CREDENTIALS_MESSAGE } from './sign-in';
import { createUser, resetPassword } from './users';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

const PASSWORD = 'right-password-1';
const from = (ip: string | null = null) => ({ ip, userAgent: 'vitest' });

async function person(username: string) {
  return createUser(t.db, { username, agency: 'gz-commerce', roles: ['officer'], password: PASSWORD, displayName: `${username} 承办人` });
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
    const session = await signIn(t.db, { username: ' SI.Right ', password: PASSWORD, ...from('198.51.100.1') });
    expect(session.actor).toEqual({ userId: user.id, username: 'si.right', displayName: 'si.right 承办人', agencyId: user.agencyId, roles: ['officer'] });
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await resolveSession(t.db, session.token)).toEqual(session.actor);
    expect(await attempts('si.right')).toEqual([{ succeeded: true, ip: '198.51.100.1' }]);
  });

  it('stores only the sha256 of the token, never the token itself', async () => {
    await person('si.hashed');
    const { token, actor } = await signIn(t.db, { username: 'si.hashed', password: PASSWORD, ...from() });
    const rows = await t.db.selectFrom('sessions').selectAll().where('userId', '=', actor.userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    const { rows: everything } = await sql<{ dump: string }>`select string_agg(s::text, '|') as dump from sessions s`.execute(t.db);
    expect(everything[0]?.dump).not.toContain(token);
  });

  it('answers a wrong password and an unknown username with the same message', async () => {
    await person('si.same');
    const wrongPassword = await failure(signIn(t.db, { username: 'si.same', password: 'wrong-password-1', ...from() }));
    const unknownUser = await failure(signIn(t.db, { username: 'si.nobody', password: PASSWORD, ...from() }));
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
      await failure(signIn(t.db, { username, password: 'wrong-password-1', ...from() }));
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
    const { token } = await signIn(t.db, { username: 'si.disabled', password: PASSWORD, ...from() });
    await t.db.updateTable('users').set({ disabledAt: new Date() }).where('id', '=', user.id).execute();
    expect(await resolveSession(t.db, token)).toBeNull();
    const error = await failure(signIn(t.db, { username: 'si.disabled', password: PASSWORD, ...from() }));
    expect(error).toMatchObject({ message: WRONG_CREDENTIALS_MESSAGE });
  });
});

describe('sign-in rate limiting', () => {
  it('refuses the sixth failed attempt with TOO_MANY_REQUESTS even with the right password', async () => {
    await person('rl.victim');
    for (let i = 0; i < 5; i++) {
      await expect(signIn(t.db, { username: 'rl.victim', password: `guess-number-${i}`, ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    }
    const refused = await failure(signIn(t.db, { username: 'rl.victim', password: PASSWORD, ...from() }));
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
    for (let i = 0; i < 5; i++) await failure(signIn(t.db, { username: 'rl.later', password: 'wrong-password-1', ...from() }));
    await expect(signIn(t.db, { username: 'rl.later', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(TooManyRequestsError);
    await sql`update login_attempts set attempted_at = attempted_at - interval '15 minutes 1 second' where username = 'rl.later'`.execute(t.db);
    await expect(signIn(t.db, { username: 'rl.later', password: PASSWORD, ...from() })).resolves.toMatchObject({ actor: { username: 'rl.later' } });
  });

  it('counts per username only the failures since the last successful sign-in', async () => {
    await person('rl.forgetful');
    for (let i = 0; i < 4; i++) await failure(signIn(t.db, { username: 'rl.forgetful', password: 'wrong-password-1', ...from() }));
    await signIn(t.db, { username: 'rl.forgetful', password: PASSWORD, ...from() });
    await failure(signIn(t.db, { username: 'rl.forgetful', password: 'wrong-password-1', ...from() }));
    await expect(signIn(t.db, { username: 'rl.forgetful', password: PASSWORD, ...from() })).resolves.toMatchObject({ actor: { username: 'rl.forgetful' } });
  });

  it('refuses an address after 20 failures across usernames, while other addresses still get in', async () => {
    await person('rl.bystander');
    const sprayer = from('203.0.113.66');
    for (let i = 0; i < 20; i++) {
      await expect(signIn(t.db, { username: `rl.sprayed-${i}`, password: 'password-123', ...sprayer })).rejects.toBeInstanceOf(UnauthorizedError);
    }
    await expect(signIn(t.db, { username: 'rl.bystander', password: PASSWORD, ...sprayer })).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(signIn(t.db, { username: 'rl.bystander', password: PASSWORD, ...from('203.0.113.67') })).resolves.toMatchObject({
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

    await expect(signIn(t.db, { username: 'rl.purged', password: 'wrong-password-1', ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await old()).toEqual([]);
    expect(await attempts('rl.purged-stranger')).toEqual([]);
    expect(await attempts('rl.purged-sprayed')).toEqual([]);
    expect(await attempts('rl.purged')).toEqual(Array.from({ length: 4 }, () => ({ succeeded: false, ip: null })));

    // The kept failures still count: one more makes five, and the right password is then refused.
    await expect(signIn(t.db, { username: 'rl.purged', password: 'wrong-password-2', ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(signIn(t.db, { username: 'rl.purged', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('holds under parallel guesses: no more than 5 are checked', async () => {
    await person('rl.parallel');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => signIn(t.db, { username: 'rl.parallel', password: `parallel-guess-${i}`, ...from() })),
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
    return signIn(t.db, { username, password: PASSWORD, ...from() });
  }
  const row = (sessionId: string) => t.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();

  it('ends a session idle for more than 30 minutes', async () => {
    const { token, sessionId } = await signedIn('se.idle');
    await sql`update sessions set last_seen_at = now() - interval '30 minutes 1 second' where id = ${sessionId}`.execute(t.db);
    expect(await resolveSession(t.db, token)).toBeNull();
    expect(await row(sessionId)).toBeUndefined();
  });

  it('slides the idle timeout, writing last_seen_at at most once a minute', async () => {
    const { token, sessionId, actor } = await signedIn('se.sliding');
    await sql`update sessions set last_seen_at = now() - interval '29 minutes' where id = ${sessionId}`.execute(t.db);
    expect(await resolveSession(t.db, token)).toEqual(actor);
    const refreshed = (await row(sessionId))!.lastSeenAt;
    expect(Date.now() - refreshed.getTime()).toBeLessThan(10_000);

    await sql`update sessions set last_seen_at = now() - interval '30 seconds' where id = ${sessionId}`.execute(t.db);
    const thirtySecondsAgo = (await row(sessionId))!.lastSeenAt;
    expect(await resolveSession(t.db, token)).toEqual(actor);
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
    expect(await resolveSession(t.db, token)).toBeNull();
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
    expect(await revokeSession(t.db, sessionId)).toBe(true);
    expect(await resolveSession(t.db, token)).toBeNull();
  });

  it('ignores tokens that are malformed or unknown', async () => {
    expect(await resolveSession(t.db, 'not a token')).toBeNull();
    expect(await resolveSession(t.db, 'A'.repeat(43))).toBeNull();
  });

  it('signs a person out everywhere when an admin resets the password', async () => {
    await person('se.reset');
    const laptop = await signIn(t.db, { username: 'se.reset', password: PASSWORD, ...from() });
    const phone = await signIn(t.db, { username: 'se.reset', password: PASSWORD, ...from() });
    expect(await resetPassword(t.db, { username: 'se.reset', password: 'brand-new-password' })).toEqual({ username: 'se.reset', sessionsRevoked: 2 });
    expect(await resolveSession(t.db, laptop.token)).toBeNull();
    expect(await resolveSession(t.db, phone.token)).toBeNull();
    await expect(signIn(t.db, { username: 'se.reset', password: PASSWORD, ...from() })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(signIn(t.db, { username: 'se.reset', password: 'brand-new-password', ...from() })).resolves.toMatchObject({
      actor: { username: 'se.reset' },
    });
  });
});
