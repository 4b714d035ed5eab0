// 推送地址: webhook endpoints as admins manage them (add, rotate, pause, resume, remove) and their deliveries as the
// admin pages read them. The outbox itself (writing and delivering) is in webhooks.ts.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Agency } from '../tables/agencies';
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointsTable, WebhookPayload } from '../tables/integrations';
import type { Executor } from './executor';

export type WebhookEndpointRow = WebhookEndpoint & { agencyName: Agency['name'] };

const endpoints = (db: Executor) => db.selectFrom('webhookEndpoints as e').innerJoin('agencies as a', 'a.id', 'e.agencyId').selectAll('e').select('a.name as agencyName');

export async function insertWebhookEndpoint(db: Executor, endpoint: Insertable<WebhookEndpointsTable>): Promise<{ id: string }> {
  return db.insertInto('webhookEndpoints').values(endpoint).returning('id').executeTakeFirstOrThrow();
}

/** Every endpoint, removed ones too (they keep their delivery history), newest first. */
export async function listWebhookEndpointRows(db: Executor): Promise<WebhookEndpointRow[]> {
  return endpoints(db).orderBy('e.createdAt', 'desc').orderBy('e.id').execute();
}

export async function findWebhookEndpointRow(db: Executor, id: string): Promise<WebhookEndpointRow | undefined> {
  return endpoints(db).where('e.id', '=', id).executeTakeFirst();
}

/** The endpoint's row, locked until the caller's transaction ends: one change at a time. */
export async function lockWebhookEndpoint(db: Executor, id: string): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom('webhookEndpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setWebhookEndpoint(db: Executor, id: string, changes: Updateable<WebhookEndpointsTable>): Promise<void> {
  await db.updateTable('webhookEndpoints').set(changes).where('id', '=', id).execute();
}

/** A removed endpoint's waiting deliveries will never go out: cancelled, so nothing shows as pending for ever. */
export async function cancelWaitingDeliveriesOfEndpoint(db: Executor, endpointId: string): Promise<number> {
  const result = await db.updateTable('webhookDeliveries').set({ status: 'cancelled' }).where('endpointId', '=', endpointId).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type WebhookDeliveryCounts = Record<WebhookDeliveryStatus, number>;

/** Deliveries per status, per endpoint; every id asked for is in the answer. */
export async function countWebhookDeliveriesByStatus(db: Executor, endpointIds: readonly string[]): Promise<Map<string, WebhookDeliveryCounts>> {
  const counts = new Map(endpointIds.map((id) => [id, { pending: 0, delivered: 0, cancelled: 0 }]));
  if (endpointIds.length === 0) return counts;
  const rows = await db
    .selectFrom('webhookDeliveries')
    .select((eb) => ['endpointId', 'status', eb.fn.countAll<number>().as('n')])
    .where('endpointId', 'in', [...endpointIds])
    .groupBy(['endpointId', 'status'])
    .execute();
  for (const row of rows) counts.get(row.endpointId)![row.status] = Number(row.n);
  return counts;
}

/** A delivery with its payload as it was written (read as text: the camel-case plugin must not rename its keys). */
export type WebhookDeliveryRow = Omit<WebhookDelivery, 'payload' | 'endpointId' | 'dedupeKey'> & { payload: WebhookPayload };

/** Newest first by seq, `limit` of them before `before` (keyset). */
export async function pageWebhookDeliveries(db: Executor, endpointId: string, page: { limit: number; before?: number }): Promise<WebhookDeliveryRow[]> {
  let query = db
    .selectFrom('webhookDeliveries')
    .select(['id', 'seq', 'eventType', 'createdAt', 'status', 'attempts', 'lastAttemptAt', 'lastStatusCode', 'lastResponse', 'lastError', 'deliveredAt'])
    .select(sql<string>`payload::text`.as('payloadText'))
    .where('endpointId', '=', endpointId);
  if (page.before !== undefined) query = query.where('seq', '<', page.before);
  const rows = await query.orderBy('seq', 'desc').limit(page.limit).execute();
  return rows.map(({ payloadText, ...row }) => ({ ...row, payload: JSON.parse(payloadText) as WebhookPayload }));
}
