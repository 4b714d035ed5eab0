import { z } from 'zod';
import { SESSION_COOKIE, SESSION_LIFETIME_SECONDS } from '../services/auth';
import { publicProcedure, router } from '../trpc';

/**
 * Only the shape: the auth service checks the fields (`signInInput`), so that a refused username is
 * audited like every other failed sign-in.
 */
const signInRequest = z.object({
  username: z.string({ message: 'username is required' }).max(1024, 'username is at most 64 characters'),
  password: z.string({ message: 'password is required' }).max(1024, 'password is at most 1024 characters'),
});

export const authRouter = router({
  /** Checks the password, sets the session cookie and returns who signed in. */
  signIn: publicProcedure.input(signInRequest).mutation(async ({ ctx, input }) => {
    const http = ctx.http;
    if (!http) throw new Error('auth.signIn needs the HTTP host: the session travels in a cookie');
    const session = await ctx.services.auth.signIn({ ...input, ip: http.ip, userAgent: http.userAgent, replacing: ctx.sessionId });
    http.setCookie(SESSION_COOKIE, session.token, { maxAgeSeconds: SESSION_LIFETIME_SECONDS });
    return session.profile;
  }),

  /** Ends this browser's session; harmless when not signed in. */
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionId) await ctx.services.auth.revokeSession(ctx.sessionId);
    ctx.http?.deleteCookie(SESSION_COOKIE);
    return { signedOut: true };
  }),

  /** The signed-in person with their agency, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? ctx.services.auth.profile(ctx.actor) : null)),
});
