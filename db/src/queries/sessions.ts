import { sql } from 'kysely';
import type { Executor } from './executor';

// Durations are compared against the database clock, the one clock every API process shares.
const secondsAgo = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;

export async function insertSession(
  db: Executor,
  input: { id: string; userId: string; ip: string | null; userAgent: string | null; lifetimeSeconds: number },
): Promise<{ expiresAt: Date }> {
  return db
    .insertInto('sessions')
    .values({
      id: input.id,
      userId: input.userId,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt: sql<Date>`now() + make_interval(secs => ${input.lifetimeSeconds})`,
    })
    .returning('expiresAt')
    .executeTakeFirstOrThrow();
}

/**
 * The session and its user when the session is neither past its absolute expiry nor idle for
 * longer than `idleSeconds`, and the user is not disabled. `stale` says the last-seen time is
 * older than `touchAfterSeconds`, so the caller should refresh it.
 */
export async function findLiveSession(db: Executor, id: string, options: { idleSeconds: number; touchAfterSeconds: number }) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select([
      's.id as sessionId',
      's.expiresAt',
      'u.id as userId',
      'u.username',
      'u.displayName',
      'u.agencyId',
      'u.roles',
      sql<boolean>`s.last_seen_at < ${secondsAgo(options.touchAfterSeconds)}`.as('stale'),
    ])
    .where('s.id', '=', id)
    .where('s.expiresAt', '>', sql<Date>`now()`)
    .where('s.lastSeenAt', '>', secondsAgo(options.idleSeconds))
    .where('u.disabledAt', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, id: string): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteUserSessions(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: removes sessions that can no longer be used. */
export async function deleteDeadSessions(db: Executor, options: { idleSeconds: number }): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<=', sql<Date>`now()`), eb('lastSeenAt', '<=', secondsAgo(options.idleSeconds))]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
