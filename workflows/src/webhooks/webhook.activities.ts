import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Db } from '@liandong/db';
import {
  appendAuditEvent,
  findWebhookDeliveryToSend,
  findWebhookOutbox,
  insertNotifications,
  lastWebhookFailure,
  pauseWebhookEndpoint,
  recordWebhookAttempt,
  type WebhookAttempt,
} from '@liandong/db/queries';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './webhook.messages';

export interface WebhookActivityDeps {
  db: Db;
  settings?: Partial<WebhookSettings>;
  /** The HTTP client; the platform's fetch by default. */
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
}

/** The most deliveries one read of the outbox hands the workflow. */
export const OUTBOX_BATCH = 20;

export type AttemptResult =
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'failed'; statusCode: number | null; error: string; consecutiveFailures: number }
  /** Nothing sent: already delivered or cancelled (a retried activity), or the endpoint is no longer active. */
  | { outcome: 'skipped'; reason: 'delivered' | 'cancelled' | 'missing' | 'endpoint-inactive' };

export function createWebhookActivities({ db, settings: given = {}, fetch = globalThis.fetch, now = () => new Date() }: WebhookActivityDeps) {
  const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...given };
  return {
    /** The endpoint's status and its next pending deliveries in order, with the worker's delivery settings. */
    async readWebhookOutbox(input: { endpointId: string }): Promise<Awaited<ReturnType<typeof findWebhookOutbox>> & { settings: WebhookSettings }> {
      return { ...(await findWebhookOutbox(db, input.endpointId, OUTBOX_BATCH)), settings };
    },

    /**
     * One HTTP POST of one delivery, signed Standard Webhooks style, and its outcome recorded. A delivery already
     * delivered or cancelled, or an endpoint no longer active, sends nothing: a retried activity sends once more at
     * most when the first try's outcome was not recorded (receivers recognise it by its `webhook-id`).
     */
    async attemptWebhookDelivery(input: { deliveryId: string }): Promise<AttemptResult> {
      const delivery = await findWebhookDeliveryToSend(db, input.deliveryId);
      if (!delivery) return { outcome: 'skipped', reason: 'missing' };
      if (delivery.status !== 'pending') return { outcome: 'skipped', reason: delivery.status };
      if (delivery.endpointStatus !== 'active') return { outcome: 'skipped', reason: 'endpoint-inactive' };

      const at = now();
      const body = JSON.stringify(delivery.payload);
      const secrets = [delivery.secret];
      if (delivery.previousSecret && delivery.previousSecretExpiresAt && delivery.previousSecretExpiresAt > at) secrets.push(delivery.previousSecret);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Liandong-Webhooks/1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        // After a rotation the previous secret signs too, so a receiver still on it keeps verifying.
        'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(delivery.id, at, body)).join(' '),
      };

      const attempt = await post(fetch, delivery.url, headers, body, settings.timeoutMs);
      const recorded = await db.transaction().execute((trx) => recordWebhookAttempt(trx, delivery.id, { at, ...attempt }));
      if (attempt.delivered) return { outcome: 'delivered', statusCode: attempt.statusCode! };
      return { outcome: 'failed', statusCode: attempt.statusCode, error: attempt.error!, consecutiveFailures: recorded.consecutiveFailures };
    },

    /**
     * Pauses an endpoint that failed `maxFailures` times in a row, audits it and tells its agency and the admins' agencies, in one transaction.
     * Once only: an endpoint already paused (a retried activity) or resumed since is left alone.
     */
    async pauseFailingWebhookEndpoint(input: { endpointId: string; maxFailures: number; workflowId: string; runId: string }): Promise<{ paused: boolean }> {
      const at = now();
      return db.transaction().execute(async (trx) => {
        const last = await lastWebhookFailure(trx, input.endpointId);
        const lastText = last?.lastStatusCode != null ? `HTTP ${last.lastStatusCode}` : (last?.lastError ?? '未知错误');
        const reason = `连续 ${input.maxFailures} 次推送失败，已暂停（最后一次：${lastText}）`;
        const endpoint = await pauseWebhookEndpoint(trx, input.endpointId, { reason, at, minFailures: input.maxFailures });
        if (!endpoint) return { paused: false };
        const key = `webhook.paused:${endpoint.id}:${at.toISOString()}`;
        // Its agency, and every agency with an admin (who resumes it on the admin page): each bell rings once.
        const admins = await trx.selectFrom('users').select('agencyId').distinct().where(sql<boolean>`'admin' = any(roles)`).where('disabledAt', 'is', null).execute();
        const recipients = [...new Set([endpoint.agencyId, ...admins.map((a) => a.agencyId)])];
        await insertNotifications(
          trx,
          recipients.map((agencyId) => ({
            notificationKey: `${key}@${agencyId}`,
            recipientAgencyId: agencyId,
            measureId: null,
            kind: 'webhook.paused',
            message: `推送地址 ${endpoint.url} ${reason}。请检查对方系统后在管理页恢复。`,
            createdAt: at,
          })),
        );
        await appendAuditEvent(trx, {
          eventKey: key,
          occurredAt: at,
          actor: 'system',
          actorAgencyId: null,
          action: 'webhook.paused',
          subjectType: 'webhook_endpoint',
          subjectId: endpoint.id,
          measureId: null,
          payload: { endpointId: endpoint.id, agencyId: endpoint.agencyId, url: endpoint.url, consecutiveFailures: endpoint.consecutiveFailures, lastStatusCode: last?.lastStatusCode ?? null, lastError: last?.lastError ?? null, reason },
          workflowId: input.workflowId,
          runId: input.runId,
        });
        return { paused: true };
      });
    },
  };
}

/** One POST: its status and the start of its response, or why it failed. Redirects are not followed (a failure). */
async function post(fetch: typeof globalThis.fetch, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Omit<WebhookAttempt, 'at'>> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await readStart(response, 1000);
    const delivered = response.status >= 200 && response.status < 300;
    const error = delivered
      ? null
      : response.status >= 300 && response.status < 400
        ? `redirect ${response.status} to ${response.headers.get('location') ?? '(no location)'}: redirects are not followed`
        : `HTTP ${response.status}`;
    return { statusCode: response.status, response: text, error, delivered };
  } catch (error) {
    return { statusCode: null, response: null, error: describeFetchError(error, timeoutMs), delivered: false };
  }
}

/** The first `limit` characters of the body (the rest is not read), or null when it is empty or unreadable. */
async function readStart(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off or timed out after the status arrived: the status is what counts.
  } finally {
    void reader.cancel().catch(() => {});
  }
  const clean = text.slice(0, limit);
  return clean.length > 0 ? clean : null;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no response within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${cause.code}: ${cause.message ?? message}` : message;
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
