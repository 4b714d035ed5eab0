import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@liandong/db';
import { findMeasure, insertWebhookDeliveries, listAssignments, listSubscribedWebhookEndpoints, storableForAudit } from '@liandong/db/queries';
import { subscribes, webhookEventsOf, type WebhookEventOf } from '@liandong/domain/integrations';
import type { MeasureEvent } from '../measure/measure.events';

/** A delivery's id, sent as `webhook-id`: receivers recognise a redelivery by it. */
export const newDeliveryId = (): string => `msg_${randomBytes(16).toString('hex')}`;

export interface OutboxBatch {
  measureId: string;
  occurredAt: Date;
  events: readonly MeasureEvent[];
  /** The batch's idempotency key of event `i` (the audit event key): with type and endpoint, the dedupe key. */
  eventKey: (i: number) => string;
}

/**
 * Writes the webhook deliveries a batch of measure events makes, inside the transaction that records them: one per
 * public event, recipient agency and subscribed endpoint (active or paused). Returns the endpoints given new rows.
 * One query on webhook_endpoints when no agency concerned has one.
 */
export async function writeWebhookOutbox(trx: Transaction<Database>, batch: OutboxBatch): Promise<string[]> {
  const assignedAgencyIds = batch.events.some((e) => e.type === 'measure.started')
    ? (await listAssignments(trx, batch.measureId)).filter((a) => a.status !== 'withdrawn' && a.status !== 'declined').map((a) => a.agencyId)
    : [];
  const mapped: { i: number; event: WebhookEventOf }[] = batch.events.flatMap((e, i) => webhookEventsOf(e, { assignedAgencyIds }).map((event) => ({ i, event })));
  if (mapped.length === 0) return [];
  const endpoints = await listSubscribedWebhookEndpoints(trx, [...new Set(mapped.flatMap(({ event }) => event.agencyIds))]);
  if (endpoints.length === 0) return [];
  const measure = await findMeasure(trx, batch.measureId);
  const about = { measureId: batch.measureId, measureNumber: measure?.number ?? null, measureTitle: measure?.title ?? null, planId: measure?.planId ?? null };
  const timestamp = batch.occurredAt.toISOString();
  const rows = mapped.flatMap(({ i, event: { type, agencyIds, data } }) =>
    agencyIds.flatMap((agencyId) =>
      endpoints
        .filter((e) => e.agencyId === agencyId && subscribes(e.events, type))
        .map((endpoint) => ({
          id: newDeliveryId(),
          endpointId: endpoint.id,
          dedupeKey: `${batch.eventKey(i)}:${type}@${endpoint.id}`,
          eventType: type,
          // Text jsonb cannot store (a NUL) is replaced, as in the audit log: a delivery never refuses a recording.
          payload: JSON.stringify(storableForAudit({ type, timestamp, data: { ...data, ...about, agencyId } })),
        })),
    ),
  );
  return insertWebhookDeliveries(trx, rows);
}
