import { ServiceError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';

/** Every error a service may throw on purpose; anything else is an internal error. */
export class AppError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'CONFLICT' | 'INVALID_TRANSITION' | 'BAD_INPUT' | 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class NotFoundError extends AppError {
  constructor(entity: string, id: string | number) {
    super('NOT_FOUND', `${entity} ${id} does not exist`);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'you may not do this') {
    super('FORBIDDEN', message);
  }
}
/** What an auditor hears when they try to change anything: read-only everywhere, whatever other role they hold. */
export const READ_ONLY_MESSAGE = '审计员只读 / an auditor reads and changes nothing, whatever other role they hold';

export class UnauthorizedError extends AppError {
  constructor(message = 'please sign in (请先登录)') {
    super('UNAUTHORIZED', message);
  }
}
/** Refused before any work is done, e.g. sign-in after too many failures; `retryAt` says when to try again. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super('TOO_MANY_REQUESTS', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}
export class InvalidTransitionError extends AppError {
  constructor(message: string) {
    super('INVALID_TRANSITION', message);
  }
}

/** What a request leans on besides the process itself; either may be away for a while (a restart, a failover). */
export type Dependency = 'database' | 'temporal';

export const UNAVAILABLE_MESSAGES: Record<Dependency, string> = {
  database: '数据库暂时不可用，请稍后重试 (the database is unavailable; try again shortly)',
  temporal: '流程引擎暂时不可用，请稍后重试 (the workflow engine is unavailable; try again shortly)',
};

/** Seconds a client is told to wait before trying again after a 503 (Retry-After). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * A dependency is away or overloaded (HTTP 503): the same request, sent again later with the same
 * requestId, may succeed and is never applied twice. `cause` keeps the driver's error for the log.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    readonly dependency: Dependency,
    message = UNAVAILABLE_MESSAGES[dependency],
    options: { cause?: unknown } = {},
  ) {
    super('SERVICE_UNAVAILABLE', message);
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

// Signs of a PostgreSQL that is away: the socket's error codes, the server's own (57P01 admin_shutdown,
// 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections, class 08 connection
// exceptions), and what pg and pg-pool say when a connection dies or cannot be had in time.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)/;
// gRPC statuses from Temporal's frontend that mean "not now": UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED.
const GRPC_CODES = new Set([14, 4, 8]);

/** A gRPC status as @grpc/grpc-js raises it (the SDK's isGrpcServiceError test). */
function isGrpcStatus(e: object): e is Error & { code: number; details: string } {
  return e instanceof Error && typeof (e as { details?: unknown }).details === 'string' && typeof (e as { metadata?: unknown }).metadata === 'object' && (e as { metadata?: unknown }).metadata !== null && typeof (e as { code?: unknown }).code === 'number';
}

/** An error and its causes, each once, at most 16 deep (a cause chain may loop). */
function* causeChain(error: unknown): Generator<object> {
  const seen = new Set<object>();
  for (let e: unknown = error; typeof e === 'object' && e !== null && !seen.has(e) && seen.size < 16; e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e;
  }
}

/** The first gRPC status in the failure's cause chain (the SDK wraps it in a ServiceError), or null. */
export function grpcStatusIn(error: unknown): { code: number; details: string } | null {
  for (const e of causeChain(error)) if (isGrpcStatus(e)) return e;
  return null;
}

/**
 * Which dependency a failure says is away, or null: walks the cause chain (and an AggregateError's
 * errors). A person's error (an AppError other than ServiceUnavailableError, bad input, a refusal) is
 * never a dependency's, whatever it wraps.
 */
export function unavailableDependency(error: unknown): Dependency | null {
  return dependencyIn(error, 0);
}

function dependencyIn(error: unknown, depth: number): Dependency | null {
  let database = false;
  for (const e of causeChain(error)) {
    if (e instanceof ServiceUnavailableError) return e.dependency;
    if (e instanceof AppError || e instanceof ZodError || (e instanceof TRPCError && e.code !== 'INTERNAL_SERVER_ERROR')) return null;
    if (isGrpcStatus(e)) return GRPC_CODES.has(e.code) ? 'temporal' : null;
    if (e instanceof ServiceError && e.message.startsWith('Failed to connect to Temporal')) return 'temporal';
    if (e instanceof AggregateError && e.errors.length > 0 && depth < 3) {
      const inner = e.errors.map((x: unknown) => dependencyIn(x, depth + 1));
      if (inner.every((d) => d !== null && d === inner[0])) return inner[0]!;
    }
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) database = true;
    if (typeof message === 'string' && PG_MESSAGES.test(message)) database = true;
  }
  return database ? 'database' : null;
}

/** The failure as a 503 when a dependency is away (the one it wraps, if it wraps one), else null. */
export function asServiceUnavailable(error: unknown): ServiceUnavailableError | null {
  const dependency = unavailableDependency(error);
  if (!dependency) return null;
  for (const e of causeChain(error)) if (e instanceof ServiceUnavailableError) return e;
  return new ServiceUnavailableError(dependency, undefined, { cause: error });
}

const TRPC_CODES: Record<AppError['code'], TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'CONFLICT',
  BAD_INPUT: 'BAD_REQUEST',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/**
 * Maps a thrown value to the error a client sees; internal messages never leave the server. A dependency
 * that is away is a 503 naming it, not an internal error.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error.code === 'INTERNAL_SERVER_ERROR' && unavailableDependency(error.cause) ? toTRPCError(error.cause) : error;
  if (error instanceof AppError) return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
  const unavailable = asServiceUnavailable(error);
  if (unavailable) return toTRPCError(unavailable);
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error instanceof Error ? error : undefined });
}
