import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { hasRole, isReadOnly, mayAdminister, type Role } from '@liandong/domain';
import { apiMetrics } from '@liandong/telemetry';
import type { ApiContext } from './context';
import { AppError, asServiceUnavailable, READ_ONLY_MESSAGE, toTRPCError, unavailableDependency } from './errors';
import type { ForbiddenAttempt } from './services/audit';

// ---- initialisation --------------------------------------------------------

/** What a procedure says of itself, for the middlewares. */
export interface ProcedureMeta {
  /**
   * A mutation only for the size of its input: it reads and stores nothing (plan.preview), so a read-only
   * person with the role may send it.
   */
  storesNothing?: boolean;
  /**
   * An auditor's own action (verifying the audit chain): it changes nothing but the audit log it appends its
   * record to, so a read-only person may send it. The service decides who may.
   */
  auditorAction?: boolean;
}

const t = initTRPC.context<ApiContext>().meta<ProcedureMeta>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // A dependency that is away is a 503 naming it, however the failure got here (a procedure, or the
    // context's session lookup, which no middleware sees).
    const unavailable = error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE' ? asServiceUnavailable(cause) : null;
    if (unavailable) {
      return { ...shape, message: unavailable.message, data: { code: 'SERVICE_UNAVAILABLE' as const, httpStatus: 503, fields: null, dependency: unavailable.dependency } };
    }
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
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fields, dependency: null } };
  },
});

// ---- procedures ------------------------------------------------------------

/** Maps domain errors to tRPC codes, so routers can just throw. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  // tRPC wraps a thrown AppError in an INTERNAL_SERVER_ERROR; give it its own code instead (a dependency that is away: 503).
  if (!result.ok && (result.error.cause instanceof AppError || unavailableDependency(result.error.cause))) throw toTRPCError(result.error.cause);
  return result;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The measure or plan an input names, read from the raw input: a refusal may come before the input is checked. */
function subjectOf(input: unknown): ForbiddenAttempt['subject'] {
  if (typeof input !== 'object' || input === null) return null;
  const { measureId, planId } = input as { measureId?: unknown; planId?: unknown };
  if (typeof measureId === 'string' && UUID.test(measureId)) return { type: 'measure', id: measureId.toLowerCase() };
  if (typeof planId === 'string' && UUID.test(planId)) return { type: 'plan', id: planId.toLowerCase() };
  return null;
}

/**
 * Every FORBIDDEN a signed-in person gets, from a role check or a service, is an audit event
 * (`access.forbidden`). The audit service logs a write that fails and goes on: the answer stays FORBIDDEN.
 */
const auditForbidden = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const result = await next();
  if (result.ok || result.error.code !== 'FORBIDDEN' || !ctx.actor) return result;
  const input = await getRawInput().catch(() => undefined);
  await ctx.services.audit.forbidden({ actor: ctx.actor, procedure: path, subject: subjectOf(input), message: result.error.message }).catch(() => false);
  return result;
});

/**
 * Every procedure call's duration and outcome, and each refusal's code (GET /metrics). A REST operation calls its
 * procedure in process (createCaller, no HTTP bridge): counted once, as `rest`.
 */
const commandMetrics = t.middleware(async ({ ctx, path, next }) => {
  const began = performance.now();
  const result = await next();
  apiMetrics().recordCommand({ procedure: path, transport: ctx.http ? 'trpc' : 'rest', code: result.ok ? null : result.error.code, seconds: (performance.now() - began) / 1000 });
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
// The audit sees what the mapping made of an error, so it is outermost but for the metrics, which time it too.
export const publicProcedure = t.procedure.use(commandMetrics).use(auditForbidden).use(errorMapping);

/** Signed in: `ctx.actor` is set. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'please sign in (请先登录)' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * Signed in with one of the roles; for a mutation, also not read-only: an auditor changes nothing, whatever
 * other role the same person holds (unless the mutation `storesNothing`). Finer rules (own agency, own plan)
 * stay in the services.
 */
export const roleProcedure = (...roles: Role[]) =>
  authedProcedure.use(({ ctx, type, meta, next }) => {
    if (!hasRole(ctx.actor, ...roles)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the role ${roles.join(' or ')}` });
    }
    if (type === 'mutation' && !meta?.storesNothing && isReadOnly(ctx.actor)) throw new TRPCError({ code: 'FORBIDDEN', message: READ_ONLY_MESSAGE });
    return next();
  });

/** An admin acting as one (`mayAdminister`): users and holiday schedules. Never an auditor, whatever else they are. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!mayAdminister(ctx.actor)) throw new TRPCError({ code: 'FORBIDDEN', message: isReadOnly(ctx.actor) ? READ_ONLY_MESSAGE : 'this needs the role admin' });
  return next();
});
