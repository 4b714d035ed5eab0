import { TRPCError } from '@trpc/server';
import { Hono, type Context } from 'hono';
import { ZodError } from 'zod';

import { clientAddress } from '../api-context';
import type { Logger } from '../logger';
import { agencyListInput, AppError, asServiceUnavailable, createCaller, type Dependency, UNAVAILABLE_RETRY_AFTER_SECONDS, type Services, type TokenCheck, type TokenPrincipal, inputJsonSchema, openApiDocument, operationFields, REST_OPERATIONS, type JsonSchema, type RestOperation, type RestRequest } from '@liandong/api';

/** One JSON shape for every REST error: a code, a message, and for bad input the fields. */
export interface RestError {
  code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'PAYLOAD_TOO_LARGE' | 'INTERNAL' | 'SERVICE_UNAVAILABLE';
  message: string;
  fields: { field: string; message: string }[] | null;
  retryAfterSeconds?: number;
  /** 503: which dependency is away. */
  dependency?: Dependency;
}

const STATUS: Record<RestError['code'], 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export const restError = (c: Context, error: RestError) => {
  if (error.code === 'SERVICE_UNAVAILABLE') c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  return c.json({ error }, STATUS[error.code]);
};

const badRequest = (fields: { field: string; message: string }[]): RestError => ({
  code: 'BAD_REQUEST',
  message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
  fields,
});

const UNAUTHORIZED_REASONS = {
  missing: '缺少接口令牌 / send the agency’s API token as Authorization: Bearer <token>',
  malformed: '令牌格式不对 / the Authorization header must be Bearer followed by a token that starts with ld_',
  unknown: '令牌无效 / no such token',
  revoked: '令牌已吊销 / this token was revoked',
  expired: '令牌已过期 / this token has expired',
} as const;

/** What a procedure's failure becomes: the code and the fields; an internal fault says no more than that. */
export function toRestError(error: unknown): RestError {
  const trpc = error instanceof TRPCError ? error : null;
  const cause = trpc?.cause ?? error;
  const unavailable = asServiceUnavailable(cause);
  if (unavailable) return { code: 'SERVICE_UNAVAILABLE', message: unavailable.message, fields: null, dependency: unavailable.dependency };
  if (cause instanceof ZodError) return badRequest(cause.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message })));
  if (cause instanceof AppError) {
    if (cause.code === 'BAD_INPUT') return badRequest([{ field: cause.field ?? '(input)', message: cause.message }]);
    const code = cause.code === 'INVALID_TRANSITION' ? 'CONFLICT' : cause.code;
    return { code, message: cause.message, fields: cause.field ? [{ field: cause.field, message: cause.message }] : null };
  }
  if (trpc) {
    switch (trpc.code) {
      case 'BAD_REQUEST':
        return badRequest([{ field: '(input)', message: trpc.message }]);
      case 'UNAUTHORIZED':
      case 'FORBIDDEN':
      case 'NOT_FOUND':
      case 'CONFLICT':
      case 'TOO_MANY_REQUESTS':
        return { code: trpc.code, message: trpc.message, fields: null };
      default:
        break;
    }
  }
  return { code: 'INTERNAL', message: 'internal error', fields: null };
}

/** A query string's value as the field's schema types it: the procedure then checks it like any JSON value. */
export function coerceQueryValue(value: string, schema: JsonSchema | undefined): unknown {
  const types = schemaTypes(schema);
  if ((types.has('integer') || types.has('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function schemaTypes(schema: JsonSchema | undefined): Set<string> {
  if (!schema) return new Set();
  const own = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  const nested = [...((schema.anyOf as JsonSchema[] | undefined) ?? []), ...((schema.oneOf as JsonSchema[] | undefined) ?? [])].flatMap((s) => [...schemaTypes(s)]);
  return new Set([...own, ...nested]);
}

const honoPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

/** Calls the procedure at `path` on a caller, as the tRPC client would. */
function callProcedure(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

/**
 * The request's input for the procedure: the token's defaults, then the query (coerced) or the JSON body, then the path.
 * A field the operation does not have is refused by name, so a typo is not silently ignored.
 */
async function readInput(c: Context, op: RestOperation): Promise<{ ok: true; request: Omit<RestRequest, 'principal'> } | { ok: false; error: RestError }> {
  const fields = operationFields(op);
  const params = c.req.param() as Record<string, string>;
  // Built as own properties, so that `__proto__` or `constructor` in a request is a field like any other (and refused).
  const query: Record<string, unknown> =
    op.from === 'query' ? Object.fromEntries(Object.entries(c.req.query()).map(([name, value]) => [name, coerceQueryValue(value, Object.hasOwn(fields.properties, name) ? fields.properties[name] : undefined)])) : {};
  let body: Record<string, unknown> = {};
  if (op.from === 'body') {
    const raw = await c.req.text();
    if (raw.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return { ok: false, error: badRequest([{ field: '(body)', message: '请求体不是 JSON / the body must be a JSON object' }]) };
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: badRequest([{ field: '(body)', message: '请求体必须是 JSON 对象 / the body must be a JSON object' }]) };
      body = parsed as Record<string, unknown>;
    }
    const key = c.req.header('idempotency-key');
    if (key !== undefined && body.requestId === undefined && Object.hasOwn(fields.properties, 'requestId')) body = { ...body, requestId: key };
  }
  const given = op.from === 'query' ? query : body;
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(fields.properties, k));
  if (unknown.length > 0) {
    return { ok: false, error: badRequest(unknown.map((field) => ({ field, message: `此接口没有这个字段 / not a field of ${op.operationId}; fields: ${Object.keys(fields.properties).join(', ') || '(none)'}` }))) };
  }
  return { ok: true, request: { params, query, body } };
}

/** /api/v1: the OpenAPI document, the directory, and every REST operation behind an agency's API token. */
export function restApi(services: Services, logger: Logger): Hono {
  const api = new Hono();
  const document = openApiDocument();

  api.get('/openapi.json', (c) => c.json(document));

  // A dependency away outside an operation's own handling (the token check, the directory): 503 naming it.
  api.onError((error, c) => {
    const unavailable = asServiceUnavailable(error);
    if (!unavailable) throw error;
    logger.warn({ err: error, method: c.req.method, path: c.req.path, dependency: unavailable.dependency }, 'a dependency is unavailable');
    return restError(c, { code: 'SERVICE_UNAVAILABLE', message: unavailable.message, fields: null, dependency: unavailable.dependency });
  });

  api.get('/agencies', async (c) => {
    // The same rules as agency.list: a search PostgreSQL cannot take (NUL, a broken surrogate) is a 400.
    const filter = agencyListInput.safeParse({ search: c.req.query('search') });
    if (!filter.success) return restError(c, badRequest(filter.error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }))));
    return c.json({ agencies: await services.agencies.list(filter.data) });
  });

  for (const op of REST_OPERATIONS) {
    // Fail at start-up, not on a request, if an operation names a procedure that is not there.
    if (op.procedure) inputJsonSchema(op.procedure);
    api.on(op.method.toUpperCase(), honoPath(op.path), async (c) => {
      const check = await services.apiTokens.authenticate(c.req.header('authorization'));
      // A revoked or expired token's use is audited too; an unknown one names nobody to audit it under.
      if (!check.ok && !check.principal) return unauthorized(c, check);
      const principal = check.principal!;
      const answer = check.ok ? await answerFor(c, op, principal) : unauthorized(c, check);
      const use = { method: c.req.method, path: c.req.path, status: answer.status, ip: clientAddress(c), operation: op.operationId };
      // Every use is audited, refusals included; a failure to audit is logged, and the answer still goes out.
      await services.apiTokens.recordUse(principal, use).catch((err: unknown) => logger.error({ err, ...use }, 'API token use could not be audited'));
      return answer;
    });
  }

  function unauthorized(c: Context, check: TokenCheck & { ok: false }): Response {
    c.header('WWW-Authenticate', 'Bearer realm="liandong"');
    return restError(c, { code: 'UNAUTHORIZED', message: UNAUTHORIZED_REASONS[check.reason], fields: null });
  }

  api.all('*', (c) => restError(c, { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}; see /api/v1/openapi.json`, fields: null }));

  async function answerFor(c: Context, op: RestOperation, principal: TokenPrincipal): Promise<Response> {
    const rate = services.apiTokens.takeRequest(principal.tokenId);
    if (!rate.ok) {
      c.header('Retry-After', String(rate.retryAfterSeconds));
      return restError(c, { code: 'TOO_MANY_REQUESTS', message: `超过请求频率限制，请 ${rate.retryAfterSeconds} 秒后重试 / over the token's rate limit`, fields: null, retryAfterSeconds: rate.retryAfterSeconds });
    }
    const read = await readInput(c, op);
    if (!read.ok) return restError(c, read.error);
    const request: RestRequest = { ...read.request, principal };
    try {
      if (op.local) return c.json((await op.local(request, services)) as object);
      const input = { ...(op.defaults?.(principal) ?? {}), ...request.query, ...request.body, ...request.params };
      const caller = createCaller({ services, actor: principal.actor, sessionId: null });
      const result = await callProcedure(caller, op.procedure!, input);
      return c.json((result ?? null) as object);
    } catch (error) {
      const mapped = toRestError(error);
      const err = error instanceof TRPCError ? (error.cause ?? error) : error;
      if (mapped.code === 'INTERNAL') logger.error({ err, operation: op.operationId }, 'REST operation failed');
      else if (mapped.code === 'SERVICE_UNAVAILABLE') logger.warn({ err, operation: op.operationId, dependency: mapped.dependency }, 'a dependency is unavailable');
      return restError(c, mapped);
    }
  }

  return api;
}
