import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../database';
import type { WebhookDeliveriesTable, WebhookEndpoint, WebhookEndpointStatus } from '../tables/integrations';
import { storableForAudit } from './audit';
import type { Executor } from './executor';

// The webhook outbox (推送): rows written with the events that caused them, delivered in `seq` order per endpoint
// by the endpoint's workflow.

/** The endpoints that may receive an agency's events (active or paused: a paused one's deliveries wait for it). */
export async function listSubscribedWebhookEndpoints(db: Executor, agencyIds: readonly number[]): Promise<Pick<WebhookEndpoint, 'id' | 'agencyId' | 'events'>[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('webhookEndpoints')
    .select(['id', 'agencyId', 'events'])
    .where('agencyId', 'in', [...new Set(agencyIds)])
    .where('status', '<>', 'removed')
    .orderBy('createdAt')
    .execute();
}

/**
 * Writes deliveries, once per `dedupeKey` (a retried recording adds nothing), inside the caller's transaction.
 * Returns the endpoints that received a new row, to be woken after the commit.
 */
export async function insertWebhookDeliveries(db: Executor, rows: readonly Insertable<WebhookDeliveriesTable>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('webhookDeliveries')
    .values([...rows])
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .returning('endpointId')
    .execute();
  return [...new Set(inserted.map((r) => r.endpointId))];
}

/** Every endpoint not removed: their workflows are started (or woken) when Liandong starts. */
export async function listLiveWebhookEndpointIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('webhookEndpoints').select('id').where('status', '<>', 'removed').orderBy('createdAt').execute();
  return rows.map((r) => r.id);
}

/** What an endpoint's workflow needs to know next: the endpoint's status and its oldest pending deliveries. */
export async function findWebhookOutbox(db: Executor, endpointId: string, limit: number): Promise<{ status: WebhookEndpointStatus | 'missing'; deliveryIds: string[] }> {
  const endpoint = await db.selectFrom('webhookEndpoints').select('status').where('id', '=', endpointId).executeTakeFirst();
  if (!endpoint) return { status: 'missing', deliveryIds: [] };
  if (endpoint.status !== 'active') return { status: endpoint.status, deliveryIds: [] };
  const rows = await db
    .selectFrom('webhookDeliveries')
    .select('id')
    .where('endpointId', '=', endpointId)
    .where('status', '=', 'pending')
    .orderBy('seq')
    .limit(limit)
    .execute();
  return { status: endpoint.status, deliveryIds: rows.map((r) => r.id) };
}

/** A delivery with what sending it needs: its endpoint's address, status and secrets. */
export async function findWebhookDeliveryToSend(db: Executor, deliveryId: string) {
  return db
    .selectFrom('webhookDeliveries as d')
    .innerJoin('webhookEndpoints as e', 'e.id', 'd.endpointId')
    .select([
      'd.id',
      'd.endpointId',
      'd.status',
      'd.payload',
      'd.createdAt',
      'e.status as endpointStatus',
      'e.url',
      'e.secret',
      'e.previousSecret',
      'e.previousSecretExpiresAt',
      'e.consecutiveFailures',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

export interface WebhookAttempt {
  at: Date;
  statusCode: number | null;
  /** The response body's first 1000 characters, if any. */
  response: string | null;
  /** Why it failed (a refused connection, a timeout, a redirect, a non-2xx status), null on success. */
  error: string | null;
  delivered: boolean;
}

/**
 * Records one attempt and its outcome in one transaction: the delivery's attempts and last response, delivered on
 * success; the endpoint's run of consecutive failures reset on success, lengthened on failure. Returns that run.
 */
export async function recordWebhookAttempt(trx: Transaction<Database>, deliveryId: string, attempt: WebhookAttempt): Promise<{ consecutiveFailures: number }> {
  const delivery = await trx
    .updateTable('webhookDeliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      lastAttemptAt: attempt.at,
      lastStatusCode: attempt.statusCode,
      // A receiver's text is whatever it sent: cut to the column's size, with what PostgreSQL cannot store replaced.
      lastResponse: attempt.response === null ? null : storableForAudit(attempt.response.slice(0, 1000)),
      lastError: attempt.error === null ? null : storableForAudit(attempt.error.slice(0, 1000)),
      ...(attempt.delivered ? { status: 'delivered' as const, deliveredAt: attempt.at } : {}),
    }))
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .returning('endpointId')
    .executeTakeFirst();
  if (!delivery) {
    const row = await trx.selectFrom('webhookDeliveries as d').innerJoin('webhookEndpoints as e', 'e.id', 'd.endpointId').select('e.consecutiveFailures').where('d.id', '=', deliveryId).executeTakeFirstOrThrow();
    return row;
  }
  return trx
    .updateTable('webhookEndpoints')
    .set((eb) => ({ consecutiveFailures: attempt.delivered ? 0 : eb('consecutiveFailures', '+', 1) }))
    .where('id', '=', delivery.endpointId)
    .returning('consecutiveFailures')
    .executeTakeFirstOrThrow();
}

/**
 * Pauses an active endpoint that failed at least `minFailures` times in a row. Returns the endpoint, or undefined
 * when it is not active (already paused, removed) or was resumed since: the caller then reports nothing, so a
 * retried pause reports once.
 */
export async function pauseWebhookEndpoint(db: Executor, endpointId: string, pause: { reason: string; at: Date; minFailures: number }) {
  return db
    .updateTable('webhookEndpoints')
    .set({ status: 'paused', pausedAt: pause.at, pausedReason: pause.reason, updatedAt: pause.at })
    .where('id', '=', endpointId)
    .where('status', '=', 'active')
    .where('consecutiveFailures', '>=', pause.minFailures)
    .returning(['id', 'agencyId', 'url', 'consecutiveFailures'])
    .executeTakeFirst();
}

/** Resumes a paused endpoint with a fresh run of failures. Returns whether it was paused. */
export async function resumeWebhookEndpoint(db: Executor, endpointId: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('webhookEndpoints')
    .set({ status: 'active', pausedAt: null, pausedReason: null, consecutiveFailures: 0, updatedAt: at })
    .where('id', '=', endpointId)
    .where('status', '=', 'paused')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The endpoint's most recent attempt: what a pause reports. */
export async function lastWebhookFailure(db: Executor, endpointId: string): Promise<{ lastStatusCode: number | null; lastError: string | null } | undefined> {
  return db
    .selectFrom('webhookDeliveries')
    .select(['lastStatusCode', 'lastError'])
    .where('endpointId', '=', endpointId)
    .where('lastAttemptAt', 'is not', null)
    .orderBy('lastAttemptAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}
