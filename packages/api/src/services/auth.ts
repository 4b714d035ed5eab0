import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Actor, type Role } from '@liandong/domain';
import type { Db } from '@liandong/db';
import {
  deleteDeadSessions,
  deleteLoginAttemptsOutsideWindow,
  deleteSession,
  deleteUserSessions,
  findLiveSession,
  findUserByUsername,
  findUserRow,
  insertSession,
  limitingFailure,
  lockLoginAttempts,
  recordLoginAttempt,
  touchSession,
} from '@liandong/db/queries';
import { AppError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '../errors';
import { text } from '../inputs';
import type { AuditService, SignInFailure } from './audit';
import { verifyAgainstDummy, verifyPassword } from './password';

export const SESSION_COOKIE = 'liandong_session';
/** Signed out after 30 minutes without a request (sliding). */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** Signed out 12 hours after signing in, however active: one working day. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
/** last_seen_at is written at most once a minute, not on every request. */
export const SESSION_TOUCH_SECONDS = 60;

/** The one answer for an unknown username, a wrong password and a disabled account. */
export const WRONG_CREDENTIALS_MESSAGE = '用户名或密码错误 / wrong username or password';

/**
 * Failed sign-ins allowed per window before further attempts are refused unchecked: per username
 * (guessing one person's password) and per client address (trying many usernames).
 */
export const SIGN_IN_LIMITS = { windowSeconds: 15 * 60, perUsername: 5, perIp: 20 } as const;

// 32 random bytes, base64url without padding.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The session id stored in the database: sha256 (hex) of the cookie token, never the token itself. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A sign-in's fields as the service checks them; a refusal names the field and is audited. */
export const signInInput = z.object({
  username: text(64, { trim: true, min: 1, notText: 'username is required', tooShort: 'username is required', tooLong: 'username is at most 64 characters' }),
  // Only ever hashed, never stored nor sent to PostgreSQL: any password that may have been set must still be tried.
  password: z.string({ message: 'password is required' }).min(1, 'password is required').max(1024, 'password is at most 1024 characters'),
});

/** The username as tried and recorded: trimmed, lower-case, at most 64 characters (never half a surrogate pair). */
function triedUsername(username: string): string {
  const normal = username.trim().toLowerCase();
  const cut = normal.slice(0, 64);
  return cut.length < normal.length && /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export interface SignInInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this browser held before (as someone else, perhaps): left behind for good once the new one opens. */
  replacing?: string | null;
}

/** An open session: the cookie's token (only ever sent to the browser), its id, and who it is for. */
export interface SignedIn {
  token: string;
  sessionId: string;
  expiresAt: Date;
  actor: Actor;
  profile: ActorProfile;
}

/** The signed-in person with their agency, as the portal shows them. */
export interface ActorProfile extends Actor {
  agency: { id: number; code: string; name: string };
}

/**
 * Signing in and out, and the person behind a session cookie. Every failed sign-in is an audit event
 * (`auth.sign_in_failed`: the username tried, the address and the reason; never the password).
 */
export function createAuthService({ db, audit }: { db: Db; audit: Pick<AuditService, 'signInFailed'> }) {
  async function openSession(input: { userId: string; ip: string | null; userAgent: string | null }): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const sessionId = sessionIdOf(token);
    const { expiresAt } = await insertSession(db, {
      id: sessionId,
      userId: input.userId,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      lifetimeSeconds: SESSION_LIFETIME_SECONDS,
    });
    // Housekeeping without a scheduler: each sign-in sweeps the sessions nobody can use any more.
    await deleteDeadSessions(db, { idleSeconds: SESSION_IDLE_SECONDS });
    return { token, sessionId, expiresAt };
  }

  async function profile(actor: Actor): Promise<ActorProfile> {
    const row = await findUserRow(db, actor.userId);
    if (!row) throw new NotFoundError('user', actor.userId);
    return { ...actor, agency: { id: row.agencyId, code: row.agencyCode, name: row.agencyName } };
  }

  return {
    /**
     * Checks a password and opens a session. Throws TooManyRequestsError (without looking at the
     * password) when the username or the address is over its limit, UnauthorizedError otherwise;
     * either way the failure is audited.
     */
    async signIn(input: SignInInput): Promise<SignedIn> {
      const checked = signInInput.safeParse({ username: input.username, password: input.password });
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        const field = issue.path.join('.') || '(input)';
        // The audit write replaces what PostgreSQL cannot hold (NUL, lone surrogates), so this refusal is kept too.
        await audit.signInFailed({ username: triedUsername(input.username), ip: input.ip, userAgent: input.userAgent, reason: 'invalid_input' });
        throw new AppError('BAD_INPUT', issue.message, field);
      }
      const username = triedUsername(checked.data.username);
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
        if (accepted) return { kind: 'accepted' as const, user };
        const reason: SignInFailure = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
        return { kind: 'rejected' as const, reason };
      });

      const attempt = { username, ip: input.ip, userAgent: input.userAgent };
      if (outcome.kind === 'throttled') {
        // After the attempt's own transaction: the audit chain's lock is not held while the limits are read.
        await audit.signInFailed({ ...attempt, reason: 'rate_limited', retryAt: outcome.retryAt });
        throw new TooManyRequestsError(throttledMessage(outcome.retryAt), outcome.retryAt);
      }
      if (outcome.kind === 'rejected') {
        await audit.signInFailed({ ...attempt, reason: outcome.reason });
        throw new UnauthorizedError(WRONG_CREDENTIALS_MESSAGE);
      }
      const { user } = outcome;
      const session = await openSession({ userId: user.id, ip: input.ip, userAgent: input.userAgent });
      // A browser that was signed in as someone else leaves that session behind for good.
      if (input.replacing) await deleteSession(db, input.replacing);
      const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, agencyId: user.agencyId, roles: user.roles };
      return { ...session, actor, profile: await profile(actor) };
    },

    /**
     * The person behind a cookie token, or null when the token is unknown, idle for more than
     * 30 minutes, older than 12 hours, or its user is disabled. Slides the idle timeout.
     */
    async resolveSession(token: string): Promise<Actor | null> {
      if (!TOKEN_PATTERN.test(token)) return null;
      const sessionId = sessionIdOf(token);
      const live = await findLiveSession(db, sessionId, { idleSeconds: SESSION_IDLE_SECONDS, touchAfterSeconds: SESSION_TOUCH_SECONDS });
      if (!live) {
        // Expired or unknown: drop the row if it is still there, so it cannot come back.
        await deleteSession(db, sessionId);
        return null;
      }
      if (live.stale) await touchSession(db, sessionId);
      return {
        userId: live.userId,
        username: live.username,
        displayName: live.displayName,
        agencyId: live.agencyId,
        roles: live.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
      };
    },

    /** Ends one session (signing out); harmless for a session that is gone. */
    revokeSession: (sessionId: string): Promise<boolean> => deleteSession(db, sessionId),

    /** Signs a person out everywhere. */
    revokeUserSessions: (userId: string): Promise<number> => deleteUserSessions(db, userId),

    /** The signed-in person with their agency. */
    profile,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function throttledMessage(retryAt: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
  const at = retryAt.toISOString().replace(/\.\d+Z$/, 'Z');
  return `登录失败次数过多，请 ${minutes} 分钟后再试 / too many failed sign-in attempts; try again in ${minutes} min (after ${at})`;
}
