import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { generateCookie, getCookie } from 'hono/cookie';
import type { FetchCreateContextFnOptions } from '@trpc/server/adapters/fetch';
import { SESSION_COOKIE, sessionIdOf, type ApiContext, type HttpBridge, type Services } from '@liandong/api';

/** Builds each tRPC request's context: the services (built once by `createApp`), the HTTP bridge, and the person behind the session cookie. */
export async function createApiContext(services: Services, opts: FetchCreateContextFnOptions, c: Context) {
  const http = createHttpBridge(c, opts.resHeaders);
  const token = http.getCookie(SESSION_COOKIE);
  const actor = token ? await services.auth.resolveSession(token) : null;
  // An inferred object type (not the ApiContext interface) fits the adapter's Record<string, unknown>.
  return { services, actor, sessionId: actor && token ? sessionIdOf(token) : null, http } satisfies ApiContext;
}

/**
 * Cookies and client details for tRPC procedures. Cookies go out through tRPC's `resHeaders`:
 * the tRPC adapter answers with a Response of its own, which drops headers set on the Hono
 * context (so `setCookie(c, …)` would be lost).
 */
export function createHttpBridge(c: Context, resHeaders: Headers): HttpBridge {
  // Secure only over https, so that sign-in also works on http://127.0.0.1 during development.
  const secure = new URL(c.req.url).protocol === 'https:';
  const base = { httpOnly: true, sameSite: 'Strict', path: '/', secure } as const;
  return {
    ip: clientAddress(c),
    userAgent: c.req.header('user-agent') ?? null,
    getCookie: (name) => getCookie(c, name),
    setCookie: (name, value, options) => resHeaders.append('set-cookie', generateCookie(name, value, { ...base, maxAge: options.maxAgeSeconds })),
    deleteCookie: (name) => resHeaders.append('set-cookie', generateCookie(name, '', { ...base, maxAge: 0, expires: new Date(0) })),
  };
}

/** The socket's peer address. X-Forwarded-For is not trusted: anyone can send it. */
export function clientAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests: no socket
  }
}
