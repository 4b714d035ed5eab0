import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { resumeWebhookEndpoint } from '@liandong/db/queries';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import { createActivities } from '../activities';
import { startMeasureWorkflow } from '../measure/measure.client';
import { wakeAllWebhookEndpoints, wakeWebhookEndpoint } from './webhook.client';
import { webhookEndpointWorkflowId } from './webhook.messages';
import { writeWebhookOutbox } from './webhook.outbox';
import {
  addEndpoint,
  batch,
  cycleOf,
  FAST_WEBHOOKS,
  newAgency,
  newMeasure,
  newSecret,
  reminders,
  runWebhookWorker,
  startReceiver,
  waitFor,
  wakeAll,
  type Receiver,
} from './webhook.test-support';

let t: TestDatabase;
let connection: Connection;
let client: Client;
let taskQueue: string;
let stopWorker: () => Promise<void>;
const receivers: Receiver[] = [];
const endpoints: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  taskQueue = `test-${randomUUID()}`;
  stopWorker = await runWebhookWorker(t.db, client, taskQueue);
});
afterAll(async () => {
  // The endpoint workflows would poll forever: end them before the worker goes.
  await Promise.all(endpoints.map((id) => client.workflow.getHandle(webhookEndpointWorkflowId(id)).terminate('test over').catch(() => {})));
  await stopWorker?.();
  await Promise.all(receivers.map((r) => r.close()));
  await connection?.close();
  await t?.drop();
});

const receiver = async (answer?: (n: number) => number) => {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
};
const endpoint = async (...args: Parameters<typeof addEndpoint>) => {
  const e = await addEndpoint(...args);
  endpoints.push(e.id);
  return e;
};
/** The recording activity as the worker runs it, waking this file's worker. */
const activities = () => createActivities({ db: t.db, webhookSettings: FAST_WEBHOOKS, wakeWebhooks: (ids) => wakeAll(client, ids, taskQueue) });
const deliveriesOf = (endpointId: string) =>
  t.db.selectFrom('webhookDeliveries').select(['id', 'eventType', 'status', 'attempts', 'lastStatusCode', 'lastResponse', 'lastError']).where('endpointId', '=', endpointId).orderBy('seq').execute();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Recorded histories that replay.test.ts replays against the current workflow code. */
const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

/**
 * With LIANDONG_RECORD_HISTORIES=1, saves the history of the endpoint workflow's latest run as histories/<scenario>.json,
 * once that run waits on a timer or has ended (not halfway through a task). Call it once the test has asserted its outcome.
 */
async function recordHistory(endpointId: string, scenario: string): Promise<void> {
  if (process.env.LIANDONG_RECORD_HISTORIES !== '1') return;
  const handle = client.workflow.getHandle(webhookEndpointWorkflowId(endpointId));
  const history = await waitFor(async () => {
    const recorded = await handle.fetchHistory();
    const last = recorded.events?.at(-1);
    return (last?.timerStartedEventAttributes || last?.workflowExecutionCompletedEventAttributes) && recorded;
  });
  await mkdir(HISTORIES_DIR, { recursive: true });
  // Write, then rename: a replay test running alongside never reads half a file.
  const file = path.join(HISTORIES_DIR, `${scenario}.json`);
  await writeFile(`${file}.${process.pid}.tmp`, `${historyToJSON(history)}\n`);
  await rename(`${file}.${process.pid}.tmp`, file);
}

describe('webhook delivery (推送)', () => {
  it("pushes a started measure to its lead's subscribed endpoint, signed with the secret; an unsubscribed type or another agency's endpoint gets nothing", async () => {
    const [lead, partner, coordinator, outsider] = await Promise.all(['lead', 'partner', 'coord', 'outsider'].map((l) => newAgency(t.db, l)));
    const [leadHooks, partnerHooks, outsiderHooks] = [await receiver(), await receiver(), await receiver()];
    // The lead rotated its secret an hour ago: receivers still on the old one verify for a day.
    const oldSecret = newSecret();
    const leadEndpoint = await endpoint(t.db, lead!, leadHooks.url, ['assignment.assigned', 'report.due'], { previousSecret: oldSecret, previousSecretExpiresAt: new Date(Date.now() + 23 * 3600_000) });
    const partnerEndpoint = await endpoint(t.db, partner!, partnerHooks.url, ['measure.closed']);
    const outsiderEndpoint = await endpoint(t.db, outsider!, outsiderHooks.url, ['all']);
    const measure = await newMeasure(t.db, lead!, [partner!]);

    await startMeasureWorkflow(
      client,
      {
        measureId: measure.id,
        planId: null,
        parties: { leadAgencyIds: [lead!], coordinatorAgencyId: coordinator! },
        assignments: [{ agencyId: lead!, role: 'lead' }, { agencyId: partner!, role: 'partner' }],
        policy: DEFAULT_REPORTING_POLICY,
        startedAt: new Date().toISOString(),
      },
      { taskQueue },
    );

    const [request] = await waitFor(() => leadHooks.received.length > 0 && leadHooks.received);
    const body = request!.body;
    const verified = new Webhook(leadEndpoint.secret).verify(body, request!.headers) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({
      type: 'assignment.assigned',
      data: { event: 'measure.started', cycleIndex: 0, measureId: measure.id, measureNumber: '(七)', measureTitle: '推动政务数据共享', planId: null, agencyId: lead },
    });
    expect(verified.data).not.toHaveProperty('notify');
    expect(() => new Webhook(oldSecret).verify(body, request!.headers)).not.toThrow();
    expect(() => new Webhook(newSecret()).verify(body, request!.headers)).toThrow(/signature/i);
    expect(request!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(request!.headers['content-type']).toBe('application/json');

    // The outcome is recorded just after the receiver answers.
    await waitFor(async () => (await deliveriesOf(leadEndpoint.id))[0]?.status === 'delivered');
    expect(await deliveriesOf(leadEndpoint.id)).toEqual([
      { id: request!.headers['webhook-id'], eventType: 'assignment.assigned', status: 'delivered', attempts: 1, lastStatusCode: 200, lastResponse: 'ok', lastError: null },
    ]);
    // The partner's endpoint does not subscribe to assignments, the outsider's agency is not on the measure.
    expect(await deliveriesOf(partnerEndpoint.id)).toEqual([]);
    expect(await deliveriesOf(outsiderEndpoint.id)).toEqual([]);
    await sleep(500);
    expect(partnerHooks.received).toEqual([]);
    expect(outsiderHooks.received).toEqual([]);
    expect(leadHooks.received).toHaveLength(1);
    await recordHistory(leadEndpoint.id, 'delivered-first-try');
  });

  it('retries a receiver that answers 500 twice with growing waits, then delivers, and keeps the following deliveries in order', async () => {
    const agency = await newAgency(t.db, 'retry');
    const hooks = await receiver((n) => (n < 2 ? 500 : 200));
    const { id } = await endpoint(t.db, agency, hooks.url);
    const measure = await newMeasure(t.db, agency);

    await activities().recordMeasureEvents(batch(measure.id, reminders(agency, 0, 3)));

    await waitFor(() => hooks.accepted().length === 4);
    await waitFor(async () => (await deliveriesOf(id)).every((r) => r.status === 'delivered'));
    const ids = hooks.received.map((r) => r.headers['webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(hooks.received.map((r) => [cycleOf(r), r.status])).toEqual([
      [0, 500],
      [0, 500],
      [0, 200],
      [1, 200],
      [2, 200],
      [3, 200],
    ]);
    // Backoff: 200 ms after the first failure, 400 ms after the second (timer granularity aside).
    const gaps = [hooks.received[1]!.at - hooks.received[0]!.at, hooks.received[2]!.at - hooks.received[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(180);
    expect(gaps[1]).toBeGreaterThanOrEqual(380);
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => [r.status, r.attempts, r.lastStatusCode])).toEqual([
      ['delivered', 3, 200],
      ['delivered', 1, 200],
      ['delivered', 1, 200],
      ['delivered', 1, 200],
    ]);
    expect(rows.map((r) => r.id)).toEqual([...new Set(ids)]);
    const endpointRow = await t.db.selectFrom('webhookEndpoints').select(['status', 'consecutiveFailures']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(endpointRow).toEqual({ status: 'active', consecutiveFailures: 0 });
    await recordHistory(id, 'retry-backoff-delivered');
  });

  it('delivers a batch recorded twice (a retried activity) once, and writes its outbox rows once', async () => {
    const agency = await newAgency(t.db, 'dedupe');
    const hooks = await receiver();
    const { id } = await endpoint(t.db, agency, hooks.url, ['report.due', 'report.overdue']);
    const measure = await newMeasure(t.db, agency);
    const recorded = batch(measure.id, [...reminders(agency, 0, 0), { type: 'cycle.missed', agencyId: agency, cycleIndex: 0 }]);

    await activities().recordMeasureEvents(recorded);
    await activities().recordMeasureEvents(recorded);
    // Below the ledger: the outbox itself adds nothing for keys it has.
    const again = await t.db.transaction().execute((trx) => writeWebhookOutbox(trx, { measureId: measure.id, occurredAt: new Date(recorded.occurredAt), events: recorded.events, eventKey: (i) => `${recorded.key}#${i}` }));
    expect(again).toEqual([]);

    await waitFor(() => hooks.received.length === 2);
    await sleep(500);
    await waitFor(async () => (await deliveriesOf(id)).every((r) => r.status === 'delivered'));
    expect(hooks.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(['report.due', 'report.overdue']);
    expect(new Set(hooks.received.map((r) => r.headers['webhook-id'])).size).toBe(2);
    expect((await deliveriesOf(id)).map((r) => r.status)).toEqual(['delivered', 'delivered']);
  });

  it('pauses an endpoint after 3 failures in a row, audits it and tells its agency; resumed and woken, it delivers in order', async () => {
    const agency = await newAgency(t.db, 'pause');
    // An admin elsewhere: the one who resumes it hears of the pause too.
    const adminAgency = await newAgency(t.db, 'admins');
    await t.db.insertInto('users').values({ username: `admin-${adminAgency}`, displayName: '管理员', agencyId: adminAgency, roles: ['admin'], passwordHash: 'x' }).execute();
    const hooks = await receiver(() => 500);
    const { id } = await endpoint(t.db, agency, hooks.url);
    const measure = await newMeasure(t.db, agency);
    await activities().recordMeasureEvents(batch(measure.id, reminders(agency, 0, 1)));

    const paused = await waitFor(() => t.db.selectFrom('webhookEndpoints').selectAll().where('id', '=', id).where('status', '=', 'paused').executeTakeFirst());
    expect(paused.pausedReason).toBe('连续 3 次推送失败，已暂停（最后一次：HTTP 500）');
    expect(paused.consecutiveFailures).toBe(3);
    expect(hooks.received).toHaveLength(3);
    expect((await deliveriesOf(id)).map((r) => [r.status, r.attempts, r.lastStatusCode, r.lastError])).toEqual([
      ['pending', 3, 500, 'HTTP 500'],
      ['pending', 0, null, null],
    ]);
    const audit = await t.db.selectFrom('auditEvents').select(['action', 'actor', 'subjectType', 'payload']).where('subjectId', '=', id).execute();
    expect(audit).toEqual([{ action: 'webhook.paused', actor: 'system', subjectType: 'webhook_endpoint', payload: expect.objectContaining({ endpointId: id, consecutiveFailures: 3, lastStatusCode: 500 }) }]);
    const notes = await t.db.selectFrom('notifications').select(['kind', 'measureId', 'message']).where('recipientAgencyId', '=', agency).where('kind', '=', 'webhook.paused').execute();
    expect(notes).toEqual([{ kind: 'webhook.paused', measureId: null, message: expect.stringContaining(hooks.url) }]);
    const toAdmins = await t.db.selectFrom('notifications').select('kind').where('recipientAgencyId', '=', adminAgency).execute();
    expect(toAdmins).toEqual([{ kind: 'webhook.paused' }]);

    // Events while paused wait in the outbox; nothing is sent.
    await activities().recordMeasureEvents(batch(measure.id, reminders(agency, 2, 2)));
    await sleep(700);
    expect(hooks.received).toHaveLength(3);

    hooks.answerWith(() => 200);
    expect(await resumeWebhookEndpoint(t.db, id, new Date())).toBe(true);
    await wakeWebhookEndpoint(client, id, { taskQueue });
    await waitFor(() => hooks.accepted().length === 3);
    expect(hooks.accepted().map(cycleOf)).toEqual([0, 1, 2]);
    await waitFor(async () => (await deliveriesOf(id)).every((r) => r.status === 'delivered'));
    expect((await deliveriesOf(id)).map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    await recordHistory(id, 'paused-resumed');
  });

  it('ends the endpoint workflow when the endpoint is removed, and sends nothing after', async () => {
    const agency = await newAgency(t.db, 'removed');
    const hooks = await receiver();
    const { id } = await endpoint(t.db, agency, hooks.url);
    const measure = await newMeasure(t.db, agency);
    await activities().recordMeasureEvents(batch(measure.id, reminders(agency, 0, 0)));
    await waitFor(async () => (await deliveriesOf(id))[0]?.status === 'delivered');

    // As the webhook service removes it: the row marked removed, then its workflow woken.
    await t.db.updateTable('webhookEndpoints').set({ status: 'removed' }).where('id', '=', id).execute();
    await wakeWebhookEndpoint(client, id, { taskQueue });
    const handle = client.workflow.getHandle(webhookEndpointWorkflowId(id));
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    await recordHistory(id, 'removed-ends');

    // Later events are not written for a removed endpoint, and nothing more is sent.
    await activities().recordMeasureEvents(batch(measure.id, reminders(agency, 1, 1)));
    await sleep(500);
    expect((await deliveriesOf(id)).map((r) => r.status)).toEqual(['delivered']);
    expect(hooks.received).toHaveLength(1);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const agency = await newAgency(t.db, 'redirect');
    const target = await receiver();
    const hooks = await receiver();
    hooks.answerWith(() => 302, target.url);
    const { id } = await endpoint(t.db, agency, hooks.url);
    const measure = await newMeasure(t.db, agency);
    await activities().recordMeasureEvents(batch(measure.id, reminders(agency, 0, 0)));
    await waitFor(() => t.db.selectFrom('webhookEndpoints').select('id').where('id', '=', id).where('status', '=', 'paused').executeTakeFirst());
    const [row] = await deliveriesOf(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 3, lastStatusCode: 302, lastError: `redirect 302 to ${target.url}: redirects are not followed` });
    expect(target.received).toEqual([]);
  });

  it('never loses a delivery across a worker restart while the receiver fails: each arrives once by webhook-id, in order', async () => {
    const agency = await newAgency(t.db, 'restart');
    const hooks = await receiver(() => 503);
    const { id } = await endpoint(t.db, agency, hooks.url);
    const measure = await newMeasure(t.db, agency);
    // A worker of its own, that will not pause the endpoint before the test is done with it.
    const queue = `test-${randomUUID()}`;
    const settings = { ...FAST_WEBHOOKS, maxFailures: 1_000 };
    let stop = await runWebhookWorker(t.db, client, queue, settings);
    const record = (from: number, to: number) =>
      createActivities({ db: t.db, webhookSettings: settings, wakeWebhooks: (ids) => wakeAll(client, ids, queue) }).recordMeasureEvents(batch(measure.id, reminders(agency, from, to)));
    try {
      await record(0, 4);
      await waitFor(() => hooks.received.length >= 2);
      await stop();
      // While no worker runs: the receiver recovers and more events are recorded (their wakes wait in Temporal).
      hooks.answerWith(() => 200);
      await record(5, 6);
      const attemptsWhileDown = hooks.received.length;
      await sleep(500);
      expect(hooks.received).toHaveLength(attemptsWhileDown);

      stop = await runWebhookWorker(t.db, client, queue, settings);
      await waitFor(() => hooks.accepted().length === 7);
      await waitFor(async () => (await deliveriesOf(id)).every((r) => r.status === 'delivered'));
      await sleep(500);
      const accepted = hooks.accepted();
      expect(accepted).toHaveLength(7);
      expect(accepted.map(cycleOf)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const rows = await deliveriesOf(id);
      expect(new Set(accepted.map((r) => r.headers['webhook-id']))).toEqual(new Set(rows.map((r) => r.id)));
      expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    } finally {
      await client.workflow.getHandle(webhookEndpointWorkflowId(id)).terminate('test over').catch(() => {});
      await stop();
    }
  });

  it('wakes every endpoint not removed at start-up, so deliveries written while nothing ran go out', async () => {
    const agency = await newAgency(t.db, 'startup');
    const hooks = await receiver();
    const live = await endpoint(t.db, agency, hooks.url);
    const removed = await endpoint(t.db, agency, hooks.url);
    await t.db.updateTable('webhookEndpoints').set({ status: 'removed' }).where('id', '=', removed.id).execute();
    const measure = await newMeasure(t.db, agency);
    // Recorded with no way to wake anyone (as if Temporal were unreachable).
    await createActivities({ db: t.db }).recordMeasureEvents(batch(measure.id, reminders(agency, 0, 0)));
    expect(await deliveriesOf(live.id)).toHaveLength(1);

    const woken = await wakeAllWebhookEndpoints(client, t.db, { taskQueue });
    expect(woken).toContain(live.id);
    expect(woken).not.toContain(removed.id);
    await waitFor(() => hooks.received.length === 1);
    expect(JSON.parse(hooks.received[0]!.body)).toMatchObject({ type: 'report.due', data: { agencyId: agency, cycleIndex: 0 } });
  });
});
