import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { deleteLoginAttemptsOutsideWindow, recordLoginAttempt } from './login-attempts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

const WINDOW = { windowSeconds: 15 * 60 };

/** An attempt made `secondsAgo` seconds before now, by the database clock. */
async function attemptAgo(username: string, secondsAgo: number, succeeded = false, ip: string | null = null) {
  await t.db
    .insertInto('loginAttempts')
    .values({ username, ip, succeeded, attemptedAt: sql<Date>`now() - make_interval(secs => ${secondsAgo})` })
    .execute();
}

const usernames = async (prefix: string) =>
  (await t.db.selectFrom('loginAttempts').select('username').where('username', 'like', `${prefix}%`).orderBy('id').execute()).map((r) => r.username);

describe('login attempt housekeeping', () => {
  it('deletes attempts older than the window, of every username and address, and keeps the newer ones', async () => {
    await attemptAgo('la.old-failure', 15 * 60 + 1);
    await attemptAgo('la.old-success', 3 * 60 * 60, true, '198.51.100.9');
    await attemptAgo('la.old-sprayer', 24 * 60 * 60, false, '203.0.113.9');
    await attemptAgo('la.recent', 14 * 60);
    await recordLoginAttempt(t.db, { username: 'la.now', ip: null, succeeded: false });

    expect(await deleteLoginAttemptsOutsideWindow(t.db, WINDOW)).toBe(3);
    expect(await usernames('la.')).toEqual(['la.recent', 'la.now']);
  });

  it('skips rows another sign-in is already purging instead of waiting for it', async () => {
    await attemptAgo('la.contended', 60 * 60);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let purgedFirst!: () => void;
    const firstPurged = new Promise<void>((resolve) => (purgedFirst = resolve));
    const first = t.db.transaction().execute(async (trx) => {
      const deleted = await deleteLoginAttemptsOutsideWindow(trx, WINDOW);
      purgedFirst();
      await held;
      return deleted;
    });
    await firstPurged;
    const second = await Promise.race([
      deleteLoginAttemptsOutsideWindow(t.db, WINDOW),
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000)),
    ]);
    release();
    expect(second).toBe(0);
    expect(await first).toBe(1);
    expect(await usernames('la.contended')).toEqual([]);
  });

  it('finds old attempts through an index on attempted_at, not by scanning the table', async () => {
    const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'login_attempts'`.execute(t.db);
    expect(rows.map((r) => r.indexdef)).toContainEqual(expect.stringMatching(/\(attempted_at\)$/));
  });
});
