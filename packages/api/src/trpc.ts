import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { hasRole, type Role } from '@liandong/domain';
import type { ApiContext } from './context';
import { AppError, toTRPCError } from './errors';

// ---- initialisation --------------------------------------------------------

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fields =
      cause instanceof ZodError
        ? cause.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }))
        : cause instanceof AppError && cause.field
          ? [{ field: cause.field, message: cause.message }]
          : null;
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'internal error'
        : fields
          ? fields.map((f) => `${f.field}: ${f.message}`).join('; ')
          : shape.message;
    // The stack and internal causes stay on the server.
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fields } };
  },
});

// ---- procedures ------------------------------------------------------------

/** Maps domain errors to tRPC codes, so routers can just throw. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  // tRPC wraps a thrown AppError in an INTERNAL_SERVER_ERROR; give it its own code instead.
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** Signed in: `ctx.actor` is set. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'please sign in (请先登录)' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Signed in with one of the roles. Finer rules (own agency, own plan) stay in the services. */
export const roleProcedure = (...roles: Role[]) =>
  authedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.actor, ...roles)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the role ${roles.join(' or ')}` });
    }
    return next();
  });
