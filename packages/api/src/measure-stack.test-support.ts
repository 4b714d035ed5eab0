// Test support: a real worker on the test Temporal server, a fresh database, and the services over both —
// what the api's integration tests of measure commands and reads stand on.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { createActivities } from '@liandong/workflows/activities';
import type { ServiceDeps, Services } from './services';
import type { MeasureService } from './services/measures';
import { servicesFor } from './test-support/context';

export interface MeasureStack {
  t: TestDatabase;
  client: Client;
  /** What the services are built from: `contextFor(stack.deps, actor)` gives a procedure's context over them. */
  deps: ServiceDeps;
  services: Services;
  /** `services.measures`. */
  service: MeasureService;
  taskQueue: string;
  /** Stops the worker, closes the connections and drops the database. */
  stop(): Promise<void>;
}

export async function startMeasureStack(name: string): Promise<MeasureStack> {
  const taskQueue = `${name}-${randomUUID()}`;
  const t = await createTestDatabase(inject('pgAdminUrl'));
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection });
  const workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({ connection: workerConnection, taskQueue, workflowBundle: { code: inject('workflowBundle') }, activities: createActivities({ db: t.db }) });
  const running = worker.run();
  const deps: ServiceDeps = { db: t.db, temporal: client, taskQueue };
  const services = servicesFor(deps);
  return {
    t,
    client,
    deps,
    services,
    service: services.measures,
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await t.drop();
    },
  };
}
