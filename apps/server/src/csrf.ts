import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '@liandong/api';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Cross-site request forgery guard for state-changing API requests, on top of the SameSite=Strict
 * cookie: the Origin (or else the Referer) must name this host. A request with neither header is
 * let through only without a session cookie, i.e. from a script that cannot act as anyone.
 */
export function sameOriginGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const ownHost = c.req.header('host') ?? new URL(c.req.url).host;
    const source = c.req.header('origin') ?? c.req.header('referer');
    let allowed: boolean;
    let reason: string;
    if (source === undefined) {
      allowed = getCookie(c, SESSION_COOKIE) === undefined;
      reason = 'a signed-in request must carry an Origin or Referer header';
    } else {
      allowed = hostOf(source) === ownHost.toLowerCase();
      reason = `requests from ${source} may not change anything here`;
    }
    if (allowed) return next();
    return c.json({ error: { code: 'CSRF', message: `跨站请求被拒绝 / cross-site request refused: ${reason}` } }, 403);
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null; // `Origin: null` (sandboxed frames, file://) and garbage
  }
}
