// `liandong setup` against a real, empty PostgreSQL database and a real Temporal server, run twice.
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startTestPostgres, type TestDatabase } from '@liandong/db/testing';
import type { RunningPostgres, RunningTemporal } from '@liandong/devstack';
import { createWorker } from '@liandong/worker';
import { bundleWorkflowsForTests, startTestTemporal } from '@liandong/workflows/testing';
import { setupCommand } from './setup';

let postgres: RunningPostgres;
let t: TestDatabase;
let temporal: RunningTemporal;
let connection: Connection;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  const [pg, tmp] = await Promise.all([startTestPostgres(), startTestTemporal()]);
  postgres = pg.postgres;
  temporal = tmp;
  // An empty database (template0): setup migrates it from nothing.
  t = await createTestDatabase(pg.adminUrl, 'template0');
  connection = await Connection.connect({ address: temporal.address });
  // The deployment's workers run while setup does: a workflow it starts records its start through them.
  const { worker, connection: workerConnection } = await createWorker({ temporalAddress: temporal.address, db: t.appDb, workflowBundle: { code: await bundleWorkflowsForTests() } });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
  };
}, 180_000);
afterAll(async () => {
  await stopWorker?.();
  await connection?.close();
  await t?.drop();
  await postgres?.stop();
  await temporal?.stop();
}, 60_000);

async function setup(env: NodeJS.ProcessEnv, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await setupCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('liandong setup', () => {
  it('migrates an empty database, loads the directory and the demo plans, and runs every measure as a workflow; a second run changes nothing', { timeout: 180_000 }, async () => {
    const env = { DATABASE_URL: t.url, LIANDONG_APP_DATABASE_URL: t.appUrl, TEMPORAL_ADDRESS: temporal.address, LIANDONG_DEMO: 'true' };
    const first = await setup(env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/migrations: [1-9]\d* applied/);
    expect(first.out).toMatch(/measure workflows: \d+ running/);
    expect(first.out).toMatch(/setup done$/);

    const measures = await t.db.selectFrom('measures').select('id').where('status', '=', 'active').execute();
    expect(measures.length).toBeGreaterThan(20);
    const client = new Client({ connection });
    const statuses = await Promise.all(measures.map((m) => client.workflow.getHandle(`measure-${m.id}`).describe().then((d) => d.status.name)));
    expect(new Set(statuses)).toEqual(new Set(['RUNNING']));
    const runIds = await Promise.all(measures.map((m) => client.workflow.getHandle(`measure-${m.id}`).describe().then((d) => d.runId)));

    const second = await setup(env);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/migrations: 0 applied/);
    expect(second.out).toMatch(/agency directory: 0 new agencies/);
    // The same workflows, not new runs beside them.
    const again = await Promise.all(measures.map((m) => client.workflow.getHandle(`measure-${m.id}`).describe().then((d) => d.runId)));
    expect(again).toEqual(runIds);
  });

  it('names what is missing and touches nothing without DATABASE_URL and TEMPORAL_ADDRESS', async () => {
    const none = await setup({});
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/DATABASE_URL and TEMPORAL_ADDRESS must be set/);
    const noTemporal = await setup({ DATABASE_URL: t.url });
    expect(noTemporal.code).toBe(2);
    expect(noTemporal.err).toMatch(/^error: TEMPORAL_ADDRESS must be set/);
    await expect(setup({ DATABASE_URL: 'not a url', TEMPORAL_ADDRESS: '127.0.0.1:1' })).rejects.toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('refuses arguments', async () => {
    const wrong = await setup({}, ['--force']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/usage: liandong setup/);
  });
});
