// Other government systems (issue 12): API tokens (接口令牌) and webhook endpoints (推送地址), administered by admins
// in the portal and at the shell (`pnpm liandong token|webhook …`). CONTRACT: the REST host (apps/server/src/rest),
// the CLI and the portal depend on these names and shapes.
import { z } from 'zod';
import type { Actor } from '@liandong/domain';
import type { Db } from '@liandong/db';
import type { Client } from '@temporalio/client';
import { text } from '../inputs';

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

export type TokenCheck = { ok: true; principal: TokenPrincipal } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' };

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

/** Per token: at most `requests` per `windowSeconds` (LIANDONG_API_RATE_LIMIT=requests/windowSeconds overrides). */
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
  temporal: Client;
  taskQueue?: string;
  /** For tests: the rate limit and the clock. */
  rateLimit?: { requests: number; windowSeconds: number };
  clock?: () => Date;
}

// ---- implementation (filled in by the services work; stubs until then) ------------------------------------

const notYet = (): never => {
  throw new Error('not implemented yet');
};

export function createApiTokenService(_deps: IntegrationDeps): ApiTokenService {
  return { create: notYet, list: notYet, revoke: notYet, authenticate: notYet, takeRequest: notYet, recordUse: notYet };
}

export function createWebhookService(_deps: IntegrationDeps): WebhookService {
  return { add: notYet, list: notYet, get: notYet, rotateSecret: notYet, pause: notYet, resume: notYet, remove: notYet, deliveries: notYet };
}
