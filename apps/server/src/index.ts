// Standalone API process (the worker runs apart): reads the environment and serves. `liandong cluster start`
// runs several of these as node:cluster workers, sharing one port that the primary listens on.
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createServices } from '@liandong/api';
import { auditKeyFrom, createDb } from '@liandong/db';
import { startAuditAnchoring } from '@liandong/db/queries';
import { installTracing, temporalClientInterceptors } from '@liandong/telemetry';
import { createApp, createLogger } from './app';
import { closeServer } from './close';
import { readEnv, type ServerEnv } from './env';

let env: ServerEnv;
try {
  env = readEnv();
} catch (error) {
  console.error(`api: bad environment: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const logger = createLogger();
const db = createDb(env.DATABASE_URL);
const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
// Traces from each request through the workflow to its activities (exported when OTEL_EXPORTER_OTLP_ENDPOINT is set).
installTracing({ serviceName: 'liandong-api' });
const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, interceptors: temporalClientInterceptors() });
const auditKey = env.LIANDONG_AUDIT_KEY ? auditKeyFrom(env.LIANDONG_AUDIT_KEY) : undefined;
// Every API process anchors the audit chain's head; a checkpoint is written only when the head moved, under a lock.
const anchoring = auditKey && startAuditAnchoring(db, auditKey, { onError: (error) => logger.warn({ err: error }, 'audit checkpoint failed') });
// No process-wide calendar here: services read the working-day calendar from the database, and the worker
// processes keep their own; deadlines after a holiday-schedule entry are recomputed by whoever hosts the start-up
// work (`liandong cluster start`), not by each API process.
const services = createServices({ db, temporal, logger, auditKey, apiRateLimit: env.LIANDONG_API_RATE_LIMIT, measureUpdates: { inFlightPerMeasure: env.LIANDONG_UPDATES_IN_FLIGHT } });
const app = createApp({ db, temporal, services, logger });
// Which of the API processes behind one port answered (`liandong cluster start` runs several): for operators and fault tests.
const fetch = async (request: Request, bindings?: unknown): Promise<Response> => {
  const response = await app.fetch(request, bindings);
  response.headers.set('x-liandong-process', String(process.pid));
  return response;
};
const server = serve({ fetch, port: env.PORT, hostname: env.HOST });
server.once('listening', () => console.log(`api (pid ${process.pid}) listening on http://${env.HOST}:${env.PORT}`));

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`api (pid ${process.pid}): ${signal}, stopping`);
  await closeServer(server);
  await anchoring?.stop();
  await Promise.all([connection.close(), db.destroy()]);
  process.exit(0);
};
const onSignal = (signal: NodeJS.Signals) =>
  void stop(signal).catch((error: unknown) => {
    console.error(`api (pid ${process.pid}): did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
