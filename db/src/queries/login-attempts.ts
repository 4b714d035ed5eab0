import { sql, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Executor } from './executor';

export async function recordLoginAttempt(db: Executor, attempt: { username: string; ip: string | null; succeeded: boolean }): Promise<void> {
  await db.insertInto('loginAttempts').values(attempt).execute();
}

/**
 * Housekeeping without a scheduler: removes attempts older than the rate-limit window, which no
 * limit counts any more (a success before the window cannot matter: every failure the limit counts
 * is newer). Rows another sign-in is already removing are skipped, not waited on, so concurrent
 * purges neither queue nor deadlock. Returns how many rows went.
 */
export async function deleteLoginAttemptsOutsideWindow(db: Executor, options: { windowSeconds: number }): Promise<number> {
  const result = await db
    .deleteFrom('loginAttempts')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('loginAttempts')
        .select('id')
        .where('attemptedAt', '<=', sql<Date>`now() - make_interval(secs => ${options.windowSeconds})`)
        .forUpdate()
        .skipLocked(),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Serialises sign-in attempts at one username across API processes until the transaction ends,
 * so parallel guesses cannot all slip under the limit.
 */
export async function lockLoginAttempts(trx: Transaction<Database>, username: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${username}`}, 0))`.execute(trx);
}

/**
 * When `limit` or more failed attempts fall inside the last `windowSeconds`, the time of the
 * limit-th most recent one (the limit lifts `windowSeconds` after it); otherwise undefined.
 * Per username, only failures since that username's last successful sign-in count.
 */
export async function limitingFailure(
  db: Executor,
  key: { username: string } | { ip: string },
  options: { windowSeconds: number; limit: number },
): Promise<Date | undefined> {
  let query = db
    .selectFrom('loginAttempts')
    .select('attemptedAt')
    .where('succeeded', '=', false)
    .where('attemptedAt', '>', sql<Date>`now() - make_interval(secs => ${options.windowSeconds})`);
  if ('username' in key) {
    query = query.where('username', '=', key.username).where(({ eb, selectFrom }) =>
      eb(
        'attemptedAt',
        '>',
        selectFrom('loginAttempts as s')
          .select(sql<Date>`coalesce(max(s.attempted_at), '-infinity')`.as('lastSuccess'))
          .where('s.username', '=', key.username)
          .where('s.succeeded', '=', true),
      ),
    );
  } else {
    query = query.where('ip', '=', key.ip);
  }
  const row = await query
    .orderBy('attemptedAt', 'desc')
    .limit(1)
    .offset(options.limit - 1)
    .executeTakeFirst();
  return row?.attemptedAt;
}
