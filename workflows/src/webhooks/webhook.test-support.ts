// Shared set-up for webhook integration tests: a receiver on 127.0.0.1, endpoints and agencies of the test's own.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Db } from '@liandong/db';
import { createMeasure } from '@liandong/db/queries';
import type { MeasureEvent } from '@liandong/domain/measure';
import { createActivities } from '../activities';
import type { WebhookSettings } from './webhook.messages';
import { wakeWebhookEndpoint } from './webhook.client';

/** Small numbers, so that retries and pauses happen within a test. */
export const FAST_WEBHOOKS: WebhookSettings = { maxFailures: 3, retryInitialMs: 200, retryMaxMs: 1_000, timeoutMs: 2_000 };

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  /** What the receiver answered. */
  status: number;
  at: number;
}

/** An HTTP server that records every request and answers with `answer(n)` for the n-th request (0-based). */
export async function startReceiver(answer: (n: number) => number = () => 200) {
  const received: ReceivedRequest[] = [];
  let respond = answer;
  let location: string | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = respond(received.length);
      received.push({ headers: flat(req.headers), body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'text/plain', ...(location ? { location } : {}) }).end(status < 300 ? 'ok' : `failed with ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Requests answered 2xx, in arrival order. */
    accepted: () => received.filter((r) => r.status < 300),
    answerWith(next: (n: number) => number, redirectTo?: string) {
      respond = next;
      location = redirectTo;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const flat = (headers: IncomingHttpHeaders): Record<string, string> => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));

/** A worker for the task queue with the real activities, webhook settings as given; waking goes through `client`. */
export async function runWebhookWorker(db: Db, client: Client, taskQueue: string, settings: Partial<WebhookSettings> = FAST_WEBHOOKS): Promise<() => Promise<void>> {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code: inject('workflowBundle') },
    activities: createActivities({ db, webhookSettings: settings, wakeWebhooks: (ids) => wakeAll(client, ids, taskQueue) }),
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
}

export const wakeAll = async (client: Client, endpointIds: readonly string[], taskQueue: string) => {
  await Promise.all(endpointIds.map((id) => wakeWebhookEndpoint(client, id, { taskQueue })));
};

/** An agency of the test's own, so no other test's endpoints receive its events. */
export async function newAgency(db: Db, label: string): Promise<number> {
  const suffix = randomUUID().slice(0, 8);
  const row = await db
    .insertInto('agencies')
    .values({ code: `test-${label}-${suffix}`, name: `测试单位 ${label} ${suffix}`, level: 'city', parentId: null, kind: 'department' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** An endpoint row, as the webhook service would add it. */
export async function addEndpoint(db: Db, agencyId: number, url: string, events: string[] = ['all'], extra: { previousSecret?: string; previousSecretExpiresAt?: Date } = {}) {
  const secret = newSecret();
  const row = await db
    .insertInto('webhookEndpoints')
    .values({ agencyId, url, events, secret, createdBy: 'test', previousSecret: extra.previousSecret ?? null, previousSecretExpiresAt: extra.previousSecretExpiresAt ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

/** A measure led by `lead` with `partners`, in the read model only (no workflow). */
export async function newMeasure(db: Db, lead: number, partners: number[] = []) {
  return createMeasure(db, { number: '(七)', title: '推动政务数据共享', leadAgencyId: lead, partnerAgencyIds: partners });
}

/** A batch of events as the measure workflow hands it to recordMeasureEvents. */
export function batch(measureId: string, events: MeasureEvent[], key = `test-${randomUUID()}`) {
  return { key, measureId, workflowId: `measure-${measureId}`, runId: 'test-run', occurredAt: new Date().toISOString(), actor: { name: 'system', agencyId: null }, events };
}

/** Reminders for cycles `from`…`to` of one agency: each one `report.due` event, numbered by its cycle. */
export const reminders = (agencyId: number, from: number, to: number): MeasureEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ type: 'reminder.sent' as const, agencyId, cycleIndex: from + i, dueAt: '2027-03-05T09:59:59.999Z', notify: [agencyId] }));

// Polling for a condition: the measure tests' helper.
export { waitFor } from '../measure/measure.test-support';

export const cycleOf = (request: ReceivedRequest): number => (JSON.parse(request.body) as { data: { cycleIndex: number } }).data.cycleIndex;
