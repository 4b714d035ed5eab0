// Shared set-up for measure workflow integration tests: a real worker on a real dev server.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Db } from '@liandong/db';
import { createMeasure, findAgencyByCode } from '@liandong/db/queries';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { DEFAULT_REPORTING_POLICY, WorkingCalendar, type Actor, type ReportingPolicy, type Role } from '@liandong/domain';
import { createActivities } from '../activities';
import { startMeasureWorkflow } from './measure.client';
import type { ReportContent } from './measure.messages';

export interface MeasureTestContext {
  t: TestDatabase;
  db: Db;
  client: Client;
  taskQueue: string;
  /** Swap to simulate a calendar correction. */
  calendar: { current: WorkingCalendar };
  stop(): Promise<void>;
}

/** `worker: false` leaves the task queue to a worker the test runs itself (another process). */
export async function setUpMeasureTests(options: { worker?: boolean } = {}): Promise<MeasureTestContext> {
  const t = await createTestDatabase(inject('pgAdminUrl'));
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection });
  const taskQueue = `test-${randomUUID()}`;
  const calendar = { current: new WorkingCalendar() };
  const stopWorker = options.worker === false ? async () => {} : await runWorker(t.db, taskQueue, calendar);
  return {
    t,
    db: t.db,
    client,
    taskQueue,
    calendar,
    stop: async () => {
      await stopWorker();
      await connection.close();
      await t.drop();
    },
  };
}

async function runWorker(db: Db, taskQueue: string, calendar: { current: WorkingCalendar }): Promise<() => Promise<void>> {
  const workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue,
    workflowBundle: { code: inject('workflowBundle') },
    activities: createActivities({ db, calendar: () => calendar.current }),
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
  };
}

/** Recorded histories that replay.test.ts replays against the current workflow code. */
const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

/**
 * With LIANDONG_RECORD_HISTORIES=1, saves the history of the handle's run (the latest run when the
 * handle names none) as histories/<scenario>.json. Call it once the test has asserted its outcome.
 */
export async function recordHistory(handle: WorkflowHandle, scenario: string): Promise<void> {
  if (process.env.LIANDONG_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  // Write, then rename: a replay test running alongside never reads half a file.
  // First-version histories (`<scenario>.json`) stay as they were recorded; the core's are `v2-<scenario>.json`.
  const file = path.join(HISTORIES_DIR, `v2-${scenario}.json`);
  await writeFile(`${file}.${process.pid}.tmp`, `${historyToJSON(history)}\n`);
  await rename(`${file}.${process.pid}.tmp`, file);
}

export const actor = (agencyId: number, ...roles: Role[]): Actor => ({
  userId: randomUUID(),
  username: `user-${agencyId}-${roles.join('-')}`,
  displayName: `user ${agencyId}`,
  agencyId,
  roles,
});

export async function agencyId(db: Db, code: string): Promise<number> {
  const agency = await findAgencyByCode(db, code);
  if (!agency) throw new Error(`no agency ${code} in the seeded directory`);
  return agency.id;
}

/** A policy that never fires during a test: the first report is due next month. */
export const QUIET_POLICY: ReportingPolicy = DEFAULT_REPORTING_POLICY;

/** A measure led by 市商务局 with two partners, coordinated by 省商务厅, and its running workflow. */
export async function startFixtureMeasure(
  ctx: MeasureTestContext,
  options: { policy?: ReportingPolicy; startedAt?: Date; partners?: string[]; updatesPerRun?: number } = {},
) {
  const lead = await agencyId(ctx.db, 'gz-commerce');
  const coordinator = await agencyId(ctx.db, 'gd-commerce');
  const partners = await Promise.all((options.partners ?? ['gz-development-reform', 'gz-market-regulation']).map((code) => agencyId(ctx.db, code)));
  const measure = await createMeasure(ctx.db, { number: '(二十二)', title: '强化跨部门联动协调机制', leadAgencyId: lead, partnerAgencyIds: partners });
  const handle = await startMeasureWorkflow(
    ctx.client,
    {
      measureId: measure.id,
      planId: null,
      parties: { leadAgencyIds: [lead], coordinatorAgencyId: coordinator },
      assignments: [{ agencyId: lead, role: 'lead' as const }, ...partners.map((agencyId) => ({ agencyId, role: 'partner' as const }))],
      policy: options.policy ?? QUIET_POLICY,
      startedAt: (options.startedAt ?? new Date()).toISOString(),
      ...(options.updatesPerRun ? { updatesPerRun: options.updatesPerRun } : {}),
    },
    { taskQueue: ctx.taskQueue },
  );
  // The start is recorded by an activity: wait until the read model shows it.
  await waitFor(() => ctx.db.selectFrom('measures').select('cycleIndex').where('id', '=', measure.id).where('cycleIndex', 'is not', null).executeTakeFirst());
  return {
    measure,
    handle,
    lead,
    coordinator,
    partners,
    leadOfficer: actor(lead, 'officer'),
    coordinatorUser: actor(coordinator, 'coordinator'),
    partnerOfficer: (i: number) => actor(partners[i]!, 'officer'),
  };
}

export const content = (percentDone: number, summary = '按计划推进'): ReportContent => ({
  progressStatus: 'on_track',
  percentDone,
  kpiValues: [],
  summary,
  problems: '',
  supportRequested: '',
});

/** The rejection message of a refused update, or a failure if it was accepted. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return String(error.cause?.message);
    throw error;
  }
  throw new Error('the update was accepted, but a refusal was expected');
}

export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function auditActions(db: Db, measureId: string): Promise<string[]> {
  const rows = await db.selectFrom('auditEvents').select('action').where('measureId', '=', measureId).orderBy('id').execute();
  return rows.map((r) => r.action);
}
