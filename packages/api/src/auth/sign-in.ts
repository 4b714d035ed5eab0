import type { Actor } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { deleteLoginAttemptsOutsideWindow, findUserByUsername, limitingFailure, lockLoginAttempts, recordLoginAttempt } from '@liandong/db/queries';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import { verifyAgainstDummy, verifyPassword } from './password';
import { createSession } from './sessions';

/** The one answer for an unknown username, a wrong password and a disabled account. */
export const WRONG_CREDENTIALS_MESSAGE = '用户名或密码错误 / wrong username or password';

/**
 * Failed sign-ins allowed per window before further attempts are refused unchecked: per username
 * (guessing one person's password) and per client address (trying many usernames).
 */
export const SIGN_IN_LIMITS = { windowSeconds: 15 * 60, perUsername: 5, perIp: 20 } as const;

export interface SignInInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks a password and opens a session. Throws TooManyRequestsError (without looking at the
 * password) when the username or the address is over its limit, UnauthorizedError otherwise.
 */
export async function signIn(db: Db, input: SignInInput): Promise<{ token: string; sessionId: string; expiresAt: Date; actor: Actor }> {
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const outcome = await db.transaction().execute(async (trx) => {
    await lockLoginAttempts(trx, username);
    const { windowSeconds } = SIGN_IN_LIMITS;
    const blockedSince = [
      await limitingFailure(trx, { username }, { windowSeconds, limit: SIGN_IN_LIMITS.perUsername }),
      input.ip ? await limitingFailure(trx, { ip: input.ip }, { windowSeconds, limit: SIGN_IN_LIMITS.perIp }) : undefined,
    ].filter((d): d is Date => d !== undefined);
    if (blockedSince.length > 0) {
      // Refused attempts are not recorded: they checked nothing, and must not extend the lock-out.
      const retryAt = new Date(Math.max(...blockedSince.map((d) => d.getTime())) + SIGN_IN_LIMITS.windowSeconds * 1000);
      return { kind: 'throttled' as const, retryAt };
    }
    const user = await findUserByUsername(trx, username);
    const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
    const accepted = ok && user !== undefined && user.disabledAt === null;
    await recordLoginAttempt(trx, { username, ip: input.ip, succeeded: accepted });
    // Failures are what pile up (guessing, spraying), so they pay for keeping the table small.
    if (!accepted) await deleteLoginAttemptsOutsideWindow(trx, { windowSeconds });
    return accepted ? { kind: 'accepted' as const, user } : { kind: 'rejected' as const };
  });

  if (outcome.kind === 'throttled') throw new TooManyRequestsError(throttledMessage(outcome.retryAt), outcome.retryAt);
  if (outcome.kind === 'rejected') throw new UnauthorizedError(WRONG_CREDENTIALS_MESSAGE);
  const { user } = outcome;
  const session = await createSession(db, { userId: user.id, ip: input.ip, userAgent: input.userAgent });
  return {
    ...session,
    actor: { userId: user.id, username: user.username, displayName: user.displayName, agencyId: user.agencyId, roles: user.roles },
  };
}

function throttledMessage(retryAt: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
  const at = retryAt.toISOString().replace(/\.\d+Z$/, 'Z');
  return `登录失败次数过多，请 ${minutes} 分钟后再试 / too many failed sign-in attempts; try again in ${minutes} min (after ${at})`;
}
