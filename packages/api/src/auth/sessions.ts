import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Actor, type Role } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { deleteDeadSessions, deleteSession, deleteUserSessions, findLiveSession, insertSession, touchSession } from '@liandong/db/queries';

export const SESSION_COOKIE = 'liandong_session';
/** Signed out after 30 minutes without a request (sliding). */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** Signed out 12 hours after signing in, however active: one working day. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
/** last_seen_at is written at most once a minute, not on every request. */
export const SESSION_TOUCH_SECONDS = 60;

// 32 random bytes, base64url without padding.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The session id stored in the database: sha256 (hex) of the cookie token, never the token itself. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  input: { userId: string; ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
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

/**
 * The person behind a cookie token, or null when the token is unknown, idle for more than
 * 30 minutes, older than 12 hours, or its user is disabled. Slides the idle timeout.
 */
export async function resolveSession(db: Db, token: string): Promise<Actor | null> {
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
}

export async function revokeSession(db: Db, sessionId: string): Promise<boolean> {
  return deleteSession(db, sessionId);
}

/** Signs a person out everywhere, e.g. after a password reset. */
export async function revokeUserSessions(db: Db, userId: string): Promise<number> {
  return deleteUserSessions(db, userId);
}
