import { TRPCError } from '@trpc/server';

/** Every error a service may throw on purpose; anything else is an internal error. */
export class AppError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'CONFLICT' | 'INVALID_TRANSITION' | 'BAD_INPUT' | 'TOO_MANY_REQUESTS',
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

const TRPC_CODES: Record<AppError['code'], TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'CONFLICT',
  BAD_INPUT: 'BAD_REQUEST',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

/** Maps a thrown value to the error a client sees; internal messages never leave the server. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error instanceof Error ? error : undefined });
}
