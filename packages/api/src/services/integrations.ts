// Other government systems (issue 12): API tokens (接口令牌) and webhook endpoints (推送地址), administered by admins
// in the portal and at the shell (`pnpm liandong token|webhook …`). CONTRACT: the REST host (apps/server/src/rest),
// the CLI and the portal depend on these names and shapes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { ALL_WEBHOOK_EVENTS, parseWebhookEvents, WEBHOOK_EVENT_TYPES, type Actor } from '@liandong/domain';
import type { Database, Db, WebhookEndpoint } from '@liandong/db';
import {
  appendAuditEvent,
  cancelWaitingDeliveriesOfEndpoint,
  countApiTokenUse,
  countWebhookDeliveriesByStatus,
  findApiToken,
  findApiTokenByHash,
  findUserByUsername,
  findWebhookEndpointRow,
  insertApiToken,
  insertWebhookEndpoint,
  listApiTokens,
  listWebhookEndpointRows,
  lockWebhookEndpoint,
  pageWebhookDeliveries,
  revokeApiToken,
  setWebhookEndpoint,
  type ApiTokenRow,
  type WebhookDeliveryCounts,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '@liandong/db/queries';
import { wakeWebhookEndpoint } from '@liandong/workflows';
import type { Client } from '@temporalio/client';
import { AppError, ConflictError, NotFoundError } from '../errors';
import { text } from '../inputs';
import { createAgencyService, type FoundAgency } from './agencies';
import { consoleLogger, type ServiceLogger } from './logger';

// ---- inputs (the router, the CLI and the REST host check exactly these) ------------------------------------

const agency = text(100, { trim: true, min: 1, notText: 'agency is required', tooShort: 'agency is required', tooLong: 'agency is at most 100 characters' });

export const createApiTokenInput = z.object({
  /** Agency code (`gz-commerce`), official name (`市商务局`) or a listed short name. */
  agency,
  /** A label for the system that will use it (`OA 系统`). */
  name: text(100, { trim: true, min: 1, notText: 'name is required', tooShort: 'name must not be empty', tooLong: 'name is at most 100 characters' }),
  /** officer (default): acts as the agency's officer; coordinator: as its coordinator office (协调办). */
  role: z.enum(['officer', 'coordinator'], { message: 'role must be officer or coordinator' }).default('officer'),
  /** Optional expiry, in the future. */
  expiresAt: z.iso.datetime({ offset: true, message: 'expiresAt must be an ISO 8601 date-time such as 2027-12-31T16:00:00Z' }).optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

export const addWebhookInput = z.object({
  agency,
  /** http(s) URL the events are POSTed to. */
  url: text(2000, { trim: true, min: 1, notText: 'url is required', tooShort: 'url is required', tooLong: 'url is at most 2000 characters' }),
  /** Event types (WEBHOOK_EVENT_TYPES of @liandong/domain) as a list or `a,b`, or `all`. */
  events: z.union([text(2000), z.array(text(100)).max(50)], { message: 'events must be a list of event types, or all' }),
  description: text(200, { trim: true, tooLong: 'description is at most 200 characters' }).default(''),
});
export type AddWebhookInput = z.input<typeof addWebhookInput>;

export const idInput = z.object({ id: z.uuid({ message: 'id must be an id (uuid)' }) });

// ---- outputs ---------------------------------------------------------------------------------------------

export interface ApiTokenSummary {
  id: string;
  agencyId: number;
  agencyName: string;
  role: 'officer' | 'coordinator';
  name: string;
  /** The token's first characters (`ld_3fA9x…`), to recognise it; the token itself is shown only once. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
  useCount: number;
  state: 'active' | 'expired' | 'revoked';
}

/** Who a valid token acts as, for the REST host. */
export interface TokenPrincipal {
  tokenId: string;
  actor: Actor;
}

/** Why not: a revoked or expired token still names who it was, so that its refused use is audited too. */
export type TokenCheck = { ok: true; principal: TokenPrincipal } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired'; principal?: TokenPrincipal };

export interface WebhookEndpointSummary {
  id: string;
  agencyId: number;
  agencyName: string;
  url: string;
  events: string[];
  description: string;
  status: 'active' | 'paused' | 'removed';
  consecutiveFailures: number;
  pausedAt: string | null;
  pausedReason: string | null;
  createdBy: string;
  createdAt: string;
  /** The secret's first characters (`whsec_AbC…`); the secret itself is shown on creation and rotation only. */
  secretPrefix: string;
  /** Set for a day after a rotation: the previous secret still signs beside the new one until then. */
  previousSecretExpiresAt: string | null;
  /** Deliveries waiting / delivered / cancelled. */
  counts: { pending: number; delivered: number; cancelled: number };
}

export interface WebhookDeliverySummary {
  /** The `webhook-id` header. */
  id: string;
  seq: number;
  eventType: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'cancelled';
  attempts: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  /** The first 1,000 characters of the last response body. */
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** Per token: at most `requests` per `windowSeconds`; the hosts read LIANDONG_API_RATE_LIMIT=requests/windowSeconds into ServiceDeps.apiRateLimit. */
export const DEFAULT_API_RATE_LIMIT = { requests: 120, windowSeconds: 60 };

export interface ApiTokenService {
  /** Creates a token: `token` is shown once and never stored (only its sha256). BAD_INPUT names the field. */
  create(input: CreateApiTokenInput, by: string): Promise<{ token: string; summary: ApiTokenSummary }>;
  list(): Promise<ApiTokenSummary[]>;
  /** Revokes at once (idempotent); NOT_FOUND for an unknown id. Audited. */
  revoke(id: string, by: string): Promise<ApiTokenSummary>;
  /** The `Authorization` header's token → who it acts as, or why not. */
  authenticate(authorization: string | undefined): Promise<TokenCheck>;
  /** Counts one request against the token's rate limit; `retryAfterSeconds` when over it. */
  takeRequest(tokenId: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** Every use: the audit event `api.token_used` (method, path, status, ip) and last_used_at / use_count. */
  recordUse(principal: TokenPrincipal, request: { method: string; path: string; status: number; ip: string | null; operation: string | null }): Promise<void>;
}

export interface WebhookService {
  /** Adds an endpoint and starts its delivery workflow: `secret` (`whsec_…`) is shown here and on rotation only. */
  add(input: AddWebhookInput, by: string): Promise<{ secret: string; endpoint: WebhookEndpointSummary }>;
  list(): Promise<WebhookEndpointSummary[]>;
  get(id: string): Promise<WebhookEndpointSummary>;
  /** A new secret; the previous one keeps signing beside it for 24 hours. */
  rotateSecret(id: string, by: string): Promise<{ secret: string; endpoint: WebhookEndpointSummary }>;
  pause(id: string, by: string): Promise<WebhookEndpointSummary>;
  /** Active again, failures reset, its workflow woken: what waited is delivered in order. */
  resume(id: string, by: string): Promise<WebhookEndpointSummary>;
  /** Removed: nothing more is queued for it, and what waits is cancelled. */
  remove(id: string, by: string): Promise<WebhookEndpointSummary>;
  /** Newest first, keyset-paged by seq. */
  deliveries(id: string, page: { limit: number; before?: number }): Promise<{ items: WebhookDeliverySummary[]; next: number | null }>;
}

export interface IntegrationDeps {
  db: Db;
  /** Where endpoint workflows are woken; the shell's token commands need none. */
  temporal?: Client;
  taskQueue?: string;
  /** The rate limit (else LIANDONG_API_RATE_LIMIT, else DEFAULT_API_RATE_LIMIT) and, for tests, the clock. */
  rateLimit?: { requests: number; windowSeconds: number };
  clock?: () => Date;
  /** Where a wake that failed is reported; stderr when absent. */
  logger?: ServiceLogger;
  /**
   * Wakes an endpoint's delivery workflow; `wakeWebhookEndpoint` over `temporal` when absent. The shell passes its
   * own, to say when Temporal cannot be reached.
   */
  wake?: (endpointId: string) => Promise<void>;
}

// ---- implementation ----------------------------------------------------------------------------------------

const TOKEN_PREFIX = 'ld_';
/** `ld_` and 43 characters of base64url: 32 random bytes. */
const TOKEN_SHAPE = /^ld_[A-Za-z0-9_-]{43}$/;
/** Characters of a token or secret kept to recognise it in a list. */
const SHOWN_PREFIX = 10;
/** How long the previous secret still signs after a rotation. */
export const PREVIOUS_SECRET_HOURS = 24;
/** What a wake may take before the command goes on without it (the workflow also polls, and starts at `liandong start`). */
const WAKE_TIMEOUT_MS = 10_000;
/** The longest request path an audit event quotes. */
const AUDITED_PATH_MAX = 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A new token: 32 random bytes, base64url, after `ld_` (what `Authorization: Bearer …` carries). */
export const newApiToken = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');
/** A new signing secret as Standard Webhooks writes it: `whsec_` and the base64 of 24 random bytes. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export { parseApiRateLimit } from '@liandong/domain';

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('BAD_INPUT', issue?.message ?? 'invalid input', issue?.path.map(String).join('.') || '(input)');
}

const tokenState = (row: Pick<ApiTokenRow, 'revokedAt' | 'expiresAt'>, now: Date): ApiTokenSummary['state'] =>
  row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';

const tokenSummary = (row: ApiTokenRow, now: Date): ApiTokenSummary => ({
  id: row.id,
  agencyId: row.agencyId,
  agencyName: row.agencyName,
  role: row.role,
  name: row.name,
  prefix: row.prefix,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  expiresAt: iso(row.expiresAt),
  revokedAt: iso(row.revokedAt),
  revokedBy: row.revokedBy,
  lastUsedAt: iso(row.lastUsedAt),
  useCount: Number(row.useCount),
  state: tokenState(row, now),
});

const endpointSummary = (row: WebhookEndpointRow, counts: WebhookDeliveryCounts | undefined, now: Date): WebhookEndpointSummary => ({
  id: row.id,
  agencyId: row.agencyId,
  agencyName: row.agencyName,
  url: row.url,
  events: row.events,
  description: row.description,
  status: row.status,
  consecutiveFailures: row.consecutiveFailures,
  pausedAt: iso(row.pausedAt),
  pausedReason: row.pausedReason,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  secretPrefix: row.secret.slice(0, SHOWN_PREFIX),
  previousSecretExpiresAt: row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt.toISOString() : null,
  counts: counts ?? { pending: 0, delivered: 0, cancelled: 0 },
});

const deliverySummary = (row: WebhookDeliveryRow): WebhookDeliverySummary => ({
  id: row.id,
  seq: Number(row.seq),
  eventType: row.eventType,
  createdAt: row.createdAt.toISOString(),
  status: row.status,
  attempts: row.attempts,
  lastAttemptAt: iso(row.lastAttemptAt),
  lastStatusCode: row.lastStatusCode,
  lastResponse: row.lastResponse,
  lastError: row.lastError,
  deliveredAt: iso(row.deliveredAt),
  payload: row.payload,
});

/** An admin's act on a token or an endpoint, appended in the caller's transaction (never a token or a secret in it). */
async function appendAdminAct(
  trx: Transaction<Database>,
  act: { action: string; by: string; at: Date; subject: { type: 'api_token' | 'webhook_endpoint'; id: string }; payload: Record<string, unknown> },
): Promise<void> {
  const user = await findUserByUsername(trx, act.by);
  await appendAuditEvent(trx, {
    eventKey: `${act.action}:${act.subject.id}:${randomUUID()}`,
    occurredAt: act.at,
    actor: act.by,
    // The shell (`shell:<os user>`) is no user and no agency.
    actorAgencyId: user?.agencyId ?? null,
    action: act.action,
    subjectType: act.subject.type,
    subjectId: act.subject.id,
    measureId: null,
    payload: act.payload,
    workflowId: null,
    runId: null,
  });
}

/** The agency a token or an endpoint is for, by code, official name or listed short name. */
async function agencyNamed(db: Db, codeOrName: string): Promise<FoundAgency> {
  const agency = await createAgencyService({ db }).find(codeOrName);
  if (!agency) throw new AppError('BAD_INPUT', `no agency with the code or name ${codeOrName}`, 'agency');
  return agency;
}

/** 接口令牌: tokens for other systems, what they act as, their rate limit and the record of every use. */
export function createApiTokenService(deps: IntegrationDeps): ApiTokenService {
  const { db, clock = () => new Date() } = deps;
  // The host's env.ts should hand the limit over in deps; read here too, so the variable works whoever builds the services.
  const limit = deps.rateLimit ?? DEFAULT_API_RATE_LIMIT;
  /** Per token, the times (ms) of the requests within the last window: a sliding window, in this process. */
  const recent = new Map<string, number[]>();

  async function summaryOf(id: string): Promise<ApiTokenSummary> {
    const row = await findApiToken(db, id);
    if (!row) throw new NotFoundError('API token', id);
    return tokenSummary(row, clock());
  }

  return {
    async create(input, by) {
      const valid = parse(createApiTokenInput, input);
      const now = clock();
      const expiresAt = valid.expiresAt === undefined ? null : new Date(valid.expiresAt);
      if (expiresAt && expiresAt <= now) throw new AppError('BAD_INPUT', `expiresAt must be in the future (it is ${expiresAt.toISOString()}, now is ${now.toISOString()})`, 'expiresAt');
      const agency = await agencyNamed(db, valid.agency);
      const token = newApiToken();
      const id = await db.transaction().execute(async (trx) => {
        const { id } = await insertApiToken(trx, {
          agencyId: agency.id,
          role: valid.role,
          name: valid.name,
          tokenHash: sha256(token),
          prefix: token.slice(0, SHOWN_PREFIX),
          createdBy: by,
          createdAt: now,
          expiresAt,
        });
        await appendAdminAct(trx, {
          action: 'api.token_created',
          by,
          at: now,
          subject: { type: 'api_token', id },
          payload: { tokenId: id, name: valid.name, agencyId: agency.id, agencyCode: agency.code, role: valid.role, prefix: token.slice(0, SHOWN_PREFIX), expiresAt: iso(expiresAt) },
        });
        return id;
      });
      return { token, summary: await summaryOf(id) };
    },

    async list() {
      const now = clock();
      return (await listApiTokens(db)).map((row) => tokenSummary(row, now));
    },

    async revoke(id, by) {
      const tokenId = parse(idInput, { id }).id;
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await findApiToken(trx, tokenId);
        if (!row) throw new NotFoundError('API token', tokenId);
        // Revoking twice changes nothing and records nothing more: the first revocation stands.
        if (!(await revokeApiToken(trx, tokenId, by, now))) return;
        await appendAdminAct(trx, { action: 'api.token_revoked', by, at: now, subject: { type: 'api_token', id: tokenId }, payload: { tokenId, name: row.name, agencyId: row.agencyId, prefix: row.prefix } });
      });
      recent.delete(tokenId);
      return summaryOf(tokenId);
    },

    async authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
      // RFC 6750: the scheme is case-insensitive; one token after it.
      const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
      const token = match?.[1];
      if (!token || !TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
      // Looked up on every request, never cached: a revocation holds on the next request, in every process.
      const row = await findApiTokenByHash(db, sha256(token));
      if (!row) return { ok: false, reason: 'unknown' };
      const principal: TokenPrincipal = {
        tokenId: row.id,
        // The agency's officer or its coordinator office: never an admin or an auditor.
        actor: { userId: `token:${row.id}`, username: `token:${row.name}`, displayName: `接口令牌 ${row.name}`, agencyId: row.agencyId, roles: [row.role] },
      };
      if (row.revokedAt) return { ok: false, reason: 'revoked', principal };
      if (row.expiresAt && row.expiresAt <= clock()) return { ok: false, reason: 'expired', principal };
      return { ok: true, principal };
    },

    takeRequest(tokenId) {
      const now = clock().getTime();
      const windowMs = limit.windowSeconds * 1000;
      const times = (recent.get(tokenId) ?? []).filter((t) => t > now - windowMs);
      if (times.length >= limit.requests) {
        recent.set(tokenId, times);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000)) };
      }
      times.push(now);
      recent.set(tokenId, times);
      // Tokens idle for a whole window are forgotten, so the map stays as small as the tokens in use.
      if (recent.size > 1000) for (const [id, ts] of recent) if (ts.every((t) => t <= now - windowMs)) recent.delete(id);
      return { ok: true };
    },

    async recordUse(principal, request) {
      const at = clock();
      const tokenName = principal.actor.username.replace(/^token:/, '');
      await db.transaction().execute(async (trx) => {
        await countApiTokenUse(trx, principal.tokenId, at);
        await appendAuditEvent(trx, {
          eventKey: `api.token_used:${principal.tokenId}:${randomUUID()}`,
          occurredAt: at,
          actor: principal.actor.username,
          actorAgencyId: principal.actor.agencyId,
          action: 'api.token_used',
          subjectType: 'api_token',
          subjectId: principal.tokenId,
          measureId: null,
          payload: {
            tokenId: principal.tokenId,
            tokenName,
            method: request.method.slice(0, 16),
            path: request.path.slice(0, AUDITED_PATH_MAX),
            status: request.status,
            ip: request.ip,
            operation: request.operation,
          },
          workflowId: null,
          runId: null,
        });
      });
    },
  };
}

/** The url an endpoint is POSTed to, as stored: an http(s) address with a host, or a BAD_INPUT saying why not. */
export function webhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('BAD_INPUT', `url must be a web address such as https://oa.example.gov.cn/liandong/webhook (${JSON.stringify(value.slice(0, 80))} is not one)`, 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('BAD_INPUT', `url must start with http:// or https:// (not ${url.protocol})`, 'url');
  if (url.hostname === '') throw new AppError('BAD_INPUT', 'url must name a host', 'url');
  // A password in the url would show in every list of endpoints.
  if (url.username !== '' || url.password !== '') throw new AppError('BAD_INPUT', 'url must not contain a user name or password', 'url');
  if (url.href.length > 2000) throw new AppError('BAD_INPUT', 'url is at most 2000 characters once encoded', 'url');
  return url.href;
}

/**
 * The url as the audit log quotes it: query values blanked, since receivers often carry a key there (a DingTalk
 * robot's `?access_token=…`), and the log is read by auditors and kept for ever.
 */
export function urlForAudit(href: string): string {
  const url = new URL(href);
  for (const key of new Set(url.searchParams.keys())) url.searchParams.set(key, 'redacted');
  url.hash = '';
  return url.href;
}

/** The event types an endpoint subscribes to, or a BAD_INPUT naming the unknown ones and listing the valid ones. */
export function webhookEventList(value: string | readonly string[]): string[] {
  const parsed = parseWebhookEvents(value);
  if ('events' in parsed) return parsed.events;
  const valid = `${WEBHOOK_EVENT_TYPES.join(', ')}, or ${ALL_WEBHOOK_EVENTS}`;
  const named = parsed.unknown.filter((n) => n !== '');
  if (named.length === 0) throw new AppError('BAD_INPUT', `events must name at least one event type: ${valid}`, 'events');
  const shown = named.slice(0, 5).map((n) => JSON.stringify(n.slice(0, 60)));
  const more = named.length > shown.length ? ` and ${named.length - shown.length} more` : '';
  throw new AppError('BAD_INPUT', `unknown event type${named.length > 1 ? 's' : ''} ${shown.join(', ')}${more}; the event types are ${valid}`, 'events');
}

/** 推送地址: webhook endpoints, their secrets and their deliveries; each change audited, each wakes the endpoint's workflow. */
export function createWebhookService(deps: IntegrationDeps): WebhookService {
  const { db, temporal, taskQueue, clock = () => new Date(), logger = consoleLogger } = deps;
  const wakeEndpoint =
    deps.wake ?? ((endpointId: string) => (temporal ? wakeWebhookEndpoint(temporal, endpointId, { taskQueue }) : Promise.reject(new Error('no Temporal client was given'))));

  /** A failed wake fails nothing: the workflow polls, and `liandong start` wakes every endpoint. */
  async function wake(endpointId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        wakeEndpoint(endpointId),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from Temporal within ${WAKE_TIMEOUT_MS / 1000} s`)), WAKE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      logger.warn({ err: error, endpointId }, 'webhook endpoint workflow could not be woken; it will pick up its deliveries when it next polls or at the next start');
    } finally {
      clearTimeout(timer);
    }
  }

  async function summaryOf(id: string): Promise<WebhookEndpointSummary> {
    const row = await findWebhookEndpointRow(db, id);
    if (!row) throw new NotFoundError('webhook endpoint', id);
    const counts = await countWebhookDeliveriesByStatus(db, [id]);
    return endpointSummary(row, counts.get(id), clock());
  }

  /**
   * Applies one admin change to a live endpoint in a transaction: the row locked, NOT_FOUND or CONFLICT (removed)
   * first. `change` returns the columns to set and the audit payload, or null when there is nothing to change.
   */
  async function change(
    id: string,
    by: string,
    action: string,
    verb: string,
    decide: (row: WebhookEndpoint, now: Date) => { set: Parameters<typeof setWebhookEndpoint>[2]; payload: Record<string, unknown>; cancel?: boolean } | null,
  ): Promise<void> {
    const endpointId = parse(idInput, { id }).id;
    const now = clock();
    await db.transaction().execute(async (trx) => {
      const row = await lockWebhookEndpoint(trx, endpointId);
      if (!row) throw new NotFoundError('webhook endpoint', endpointId);
      if (row.status === 'removed') throw new ConflictError(`webhook endpoint ${endpointId} was removed: it cannot be ${verb}`);
      const decided = decide(row, now);
      if (!decided) return;
      await setWebhookEndpoint(trx, endpointId, { ...decided.set, updatedAt: now });
      const cancelled = decided.cancel ? await cancelWaitingDeliveriesOfEndpoint(trx, endpointId) : undefined;
      await appendAdminAct(trx, {
        action,
        by,
        at: now,
        subject: { type: 'webhook_endpoint', id: endpointId },
        payload: { endpointId, agencyId: row.agencyId, url: urlForAudit(row.url), ...decided.payload, ...(cancelled !== undefined ? { cancelledDeliveries: cancelled } : {}) },
      });
    });
  }

  return {
    async add(input, by) {
      const valid = parse(addWebhookInput, input);
      const url = webhookUrl(valid.url);
      const events = webhookEventList(valid.events);
      const agency = await agencyNamed(db, valid.agency);
      const secret = newWebhookSecret();
      const now = clock();
      const id = await db.transaction().execute(async (trx) => {
        const { id } = await insertWebhookEndpoint(trx, { agencyId: agency.id, url, events, description: valid.description, secret, createdBy: by, createdAt: now, updatedAt: now });
        await appendAdminAct(trx, {
          action: 'webhook.added',
          by,
          at: now,
          subject: { type: 'webhook_endpoint', id },
          payload: { endpointId: id, agencyId: agency.id, agencyCode: agency.code, url: urlForAudit(url), events, description: valid.description, secretPrefix: secret.slice(0, SHOWN_PREFIX) },
        });
        return id;
      });
      await wake(id);
      return { secret, endpoint: await summaryOf(id) };
    },

    async list() {
      const rows = await listWebhookEndpointRows(db);
      const counts = await countWebhookDeliveriesByStatus(db, rows.map((r) => r.id));
      const now = clock();
      return rows.map((row) => endpointSummary(row, counts.get(row.id), now));
    },

    async get(id) {
      return summaryOf(parse(idInput, { id }).id);
    },

    async rotateSecret(id, by) {
      const secret = newWebhookSecret();
      await change(id, by, 'webhook.secret_rotated', 'rotated', (row, now) => {
        const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000);
        return {
          set: { secret, previousSecret: row.secret, previousSecretExpiresAt },
          payload: { secretPrefix: secret.slice(0, SHOWN_PREFIX), previousSecretPrefix: row.secret.slice(0, SHOWN_PREFIX), previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
        };
      });
      return { secret, endpoint: await summaryOf(id) };
    },

    async pause(id, by) {
      await change(id, by, 'webhook.paused', 'paused', (row, now) =>
        row.status === 'paused' ? null : { set: { status: 'paused', pausedAt: now, pausedReason: `paused by ${by}` }, payload: {} },
      );
      await wake(id);
      return summaryOf(id);
    },

    async resume(id, by) {
      await change(id, by, 'webhook.resumed', 'resumed', (row) =>
        row.status === 'active' && row.consecutiveFailures === 0
          ? null
          : { set: { status: 'active', consecutiveFailures: 0, pausedAt: null, pausedReason: null }, payload: { wasPaused: row.status === 'paused', pausedReason: row.pausedReason, consecutiveFailures: row.consecutiveFailures } },
      );
      await wake(id);
      return summaryOf(id);
    },

    async remove(id, by) {
      await change(id, by, 'webhook.removed', 'removed again', (row) => ({ set: { status: 'removed' }, payload: { previousStatus: row.status }, cancel: true }));
      await wake(id);
      return summaryOf(id);
    },

    async deliveries(id, page) {
      const endpointId = parse(idInput, { id }).id;
      if (!(await findWebhookEndpointRow(db, endpointId))) throw new NotFoundError('webhook endpoint', endpointId);
      const limit = Math.min(Math.max(Math.trunc(page.limit), 1), 100);
      const rows = await pageWebhookDeliveries(db, endpointId, { limit: limit + 1, before: page.before });
      const items = rows.slice(0, limit).map(deliverySummary);
      return { items, next: rows.length > limit ? items.at(-1)!.seq : null };
    },
  };
}
