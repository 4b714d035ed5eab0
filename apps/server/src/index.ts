// Standalone API process (the worker runs apart): reads the environment and serves.
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '@liandong/db';
import { createApp, createLogger } from './app';
import { closeServer } from './close';
import { readEnv } from './env';

const env = readEnv();
const db = createDb(env.DATABASE_URL);
const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
const server = serve({ fetch: createApp({ db, temporal, logger: createLogger(), apiRateLimit: env.LIANDONG_API_RATE_LIMIT }).fetch, port: env.PORT, hostname: env.HOST });
console.log(`api listening on http://${env.HOST}:${env.PORT}`);

const stop = () => void closeServer(server).then(() => Promise.all([connection.close(), db.destroy()]));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
