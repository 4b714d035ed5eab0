import { Client, Connection } from '@temporalio/client';
import { createServices } from '@liandong/api';
import { createDb } from '@liandong/db';
import { loadWorkingCalendar } from '@liandong/db/queries';
import { temporalClientInterceptors } from '@liandong/telemetry';
import { wakeAllWebhookEndpoints } from '@liandong/workflows';
import { readStartEnv } from '../env';
import { prepareDatabase, startMeasureWorkflows } from '../setup';
import { stopInOrder, type Stoppable } from '../shutdown';

const USAGE = `usage: liandong setup
  The start-up work of a deployment whose API and worker processes run apart (docs/DEPLOY.md), once per release
  and on a schedule (hourly suits): migrations as the owner (DATABASE_URL), the agency directory, demo data where
  LIANDONG_DEMO=true, every open measure's workflow running, deadlines recomputed under the calendar in force,
  and every webhook endpoint's delivery workflow started. Idempotent. Needs DATABASE_URL and TEMPORAL_ADDRESS;
  LIANDONG_APP_DATABASE_URL when the app runs as its own role.`;

/** `liandong setup`: what `pnpm start` and `cluster start` do before serving, for a cluster that runs elsewhere. */
export async function setupCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }, source: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.length > 0) {
    io.stderr(USAGE);
    return args[0] === 'help' || args[0] === '--help' ? 0 : 2;
  }
  const env = readStartEnv(source);
  const missing = (['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    io.stderr(`error: ${missing.join(' and ')} must be set: setup works on a deployment's own PostgreSQL and Temporal (pnpm start needs no setup)\n\n${USAGE}`);
    return 2;
  }
  const stops: Stoppable[] = [];
  try {
    const db = createDb(env.LIANDONG_APP_DATABASE_URL ?? env.DATABASE_URL!, { max: 4 });
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    await prepareDatabase({ ownerUrl: env.DATABASE_URL!, db, env, log: io.stdout });
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    stops.push({ name: 'Temporal client', stop: () => connection.close() });
    const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, interceptors: temporalClientInterceptors() });
    const services = createServices({ db, temporal });
    await startMeasureWorkflows({ services, calendar: await loadWorkingCalendar(db), log: io.stdout });
    const endpoints = await wakeAllWebhookEndpoints(temporal, db);
    io.stdout(`  webhooks: ${endpoints.length} endpoints delivering`);
    io.stdout('setup done');
    return 0;
  } finally {
    await stopInOrder(stops, () => {});
  }
}
