// A reporting deadline: fifty agencies report to one measure in the same second. Temporal admits 10 Updates in
// flight per workflow and refuses more (RESOURCE_EXHAUSTED); the service sends a few at a time per measure, so the
// burst never meets the limit, and sends a refusal for load again, so nobody hears it. Each agency owes one report
// a cycle (a second is refused as already submitted), so the measure has fifty partner agencies, each reporting once.
import { randomUUID } from 'node:crypto';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMeasure, findAgencyByCode } from '@liandong/db/queries';
import { DEFAULT_REPORTING_POLICY, type Actor } from '@liandong/domain';
import * as m from '@liandong/workflows';
import { createActivities } from '@liandong/workflows/activities';
import { startMeasureStack, type MeasureStack } from '../measure-stack.test-support';
import { createMeasureService, type MeasureService } from './measures';

const PARTNERS = 50;

let stack: MeasureStack;
const connections: Connection[] = [];

/**
 * A client that counts the RESOURCE_EXHAUSTED answers it gets. `retryLoad: false` leaves them to the service at
 * once instead of retrying them itself for ~40 s (everything else it retries as the SDK does).
 */
async function countingClient({ retryLoad }: { retryLoad: boolean }) {
  const sdk = defaultGrpcRetryOptions();
  const counted = { refusedForLoad: 0 };
  const retry = makeGrpcRetryInterceptor({
    delayFunction: sdk.delayFunction,
    retryableDecider: (attempt, status) => {
      if (status.code === 8) counted.refusedForLoad += 1;
      return (retryLoad || status.code !== 8) && sdk.retryableDecider(attempt, status);
    },
  });
  const connection = await Connection.connect({ address: inject('temporalAddress'), interceptors: [retry] });
  connections.push(connection);
  return Object.assign(counted, { client: new Client({ connection }) });
}

beforeAll(async () => {
  stack = await startMeasureStack('api-burst');
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await stack?.stop();
});

const content = (i: number) => ({ progressStatus: 'on_track' as const, percentDone: i, kpiValues: [], summary: `第 ${i} 家单位按期报送`, problems: '', supportRequested: '' });

/** A measure led by 市商务局 with `PARTNERS` partner agencies from the directory, an officer of each, and its workflow (`started`: recorded). */
async function burstMeasure({ taskQueue = stack.taskQueue, started = true } = {}) {
  const db = stack.t.db;
  const lead = (await findAgencyByCode(db, 'gz-commerce'))!.id;
  const coordinator = (await findAgencyByCode(db, 'gd-commerce'))!.id;
  const partners = (await db.selectFrom('agencies').select('id').where('id', 'not in', [lead, coordinator]).orderBy('id').limit(PARTNERS).execute()).map((a) => a.id);
  expect(partners).toHaveLength(PARTNERS);
  const measure = await createMeasure(db, { number: '(五十)', title: '截止日集中报送', leadAgencyId: lead, partnerAgencyIds: partners });
  // As a plan's measure has: the read model names the parties, so the policy check asks no workflow.
  await db.updateTable('measures').set({ coordinatorAgencyId: coordinator }).where('id', '=', measure.id).execute();
  await m.startMeasureWorkflow(
    stack.client,
    {
      measureId: measure.id,
      planId: null,
      parties: { leadAgencyIds: [lead], coordinatorAgencyId: coordinator },
      assignments: [{ agencyId: lead, role: 'lead' }, ...partners.map((agencyId) => ({ agencyId, role: 'partner' as const }))],
      policy: DEFAULT_REPORTING_POLICY,
      startedAt: new Date().toISOString(),
    },
    { taskQueue },
  );
  if (started) await expect.poll(async () => (await db.selectFrom('measures').select('cycleIndex').where('id', '=', measure.id).executeTakeFirstOrThrow()).cycleIndex, { timeout: 20_000 }).not.toBeNull();
  const officers: Actor[] = partners.map((agencyId) => ({ userId: randomUUID(), username: `officer-${agencyId}`, displayName: `承办人 ${agencyId}`, agencyId, roles: ['officer'] }));
  return { measureId: measure.id, partners, officers, requestIds: partners.map(() => randomUUID()) };
}

type Burst = Awaited<ReturnType<typeof burstMeasure>>;

/** Every partner's report at once, each through one of `services` (API processes), with its request id. */
const sendAll = (b: Burst, services: MeasureService[]) =>
  Promise.allSettled(b.officers.map((officer, i) => services[i % services.length]!.authorized.submitReport(officer, b.measureId, { agencyId: officer.agencyId, cycleIndex: 0, content: content(i) }, b.requestIds[i])));

/** What the read model and the audit log hold: the agencies with a report, and those with a report.submitted event. */
async function recorded(measureId: string) {
  const db = stack.t.db;
  const reports = await db.selectFrom('reports').select(['agencyId', 'revision']).where('measureId', '=', measureId).execute();
  const audited = await db.selectFrom('auditEvents').select('payload').where('measureId', '=', measureId).where('action', '=', 'report.submitted').execute();
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
  return { reportAgencies: sorted(reports.map((r) => r.agencyId)), revisions: new Set(reports.map((r) => r.revision)), auditedAgencies: sorted(audited.map((e) => e.payload.agencyId as number)) };
}

describe('a burst of reports to one measure', () => {
  it('takes 50 concurrent reports from two API processes, each exactly once, without meeting the limit; all 50 again change nothing', { timeout: 180_000 }, async () => {
    const b = await burstMeasure();
    const temporal = await countingClient({ retryLoad: true });
    const processes = [0, 1].map(() => createMeasureService({ db: stack.t.db, temporal: temporal.client, taskQueue: stack.taskQueue }));
    const began = Date.now();
    const first = await sendAll(b, processes);
    const tookMs = Date.now() - began;
    expect(first.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(first.map((r) => (r as PromiseFulfilledResult<m.CommandResult>).value.events)).toEqual(Array(PARTNERS).fill(['report.submitted']));
    const expected = [...b.partners].sort((x, y) => x - y);
    expect(await recorded(b.measureId)).toEqual({ reportAgencies: expected, revisions: new Set([1]), auditedAgencies: expected });
    expect(temporal.refusedForLoad).toBe(0);
    const state = await stack.service.state(b.measureId);

    const again = await sendAll(b, processes);
    expect(again.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await recorded(b.measureId)).toEqual({ reportAgencies: expected, revisions: new Set([1]), auditedAgencies: expected });
    expect((await stack.service.state(b.measureId)).seq).toBe(state.seq);
    expect(processes.map((p) => p.measuresWithUpdatesInFlight())).toEqual([0, 0]);
    console.log(`[burst] ${PARTNERS} reports through 2 processes in ${tookMs} ms`);
  });

  it('sends an update refused for load again until it is taken, once', { timeout: 180_000 }, async () => {
    // No worker yet: the first 10 updates wait in flight at the server, the next two are refused RESOURCE_EXHAUSTED
    // and reach the service (this client does not retry them). Once a worker polls, the service's retries get them in.
    const taskQueue = `burst-idle-${randomUUID()}`;
    const b = await burstMeasure({ taskQueue, started: false });
    const temporal = await countingClient({ retryLoad: false });
    const unpaced = createMeasureService({ db: stack.t.db, temporal: temporal.client, taskQueue, updates: { inFlightPerMeasure: 12 } });
    const twelve = { ...b, officers: b.officers.slice(0, 12) };
    const sent = sendAll(twelve, [unpaced]);
    await expect.poll(() => temporal.refusedForLoad, { timeout: 20_000 }).toBeGreaterThan(0);
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    try {
      const worker = await Worker.create({ connection, taskQueue, workflowBundle: { code: inject('workflowBundle') }, activities: createActivities({ db: stack.t.db }) });
      const results = await worker.runUntil(sent);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await connection.close();
    }
    const taken = b.partners.slice(0, 12).sort((x, y) => x - y);
    expect(await recorded(b.measureId)).toEqual({ reportAgencies: taken, revisions: new Set([1]), auditedAgencies: taken });
    console.log(`[burst] ${temporal.refusedForLoad} refusals for load carried through by the service`);
  });
});
