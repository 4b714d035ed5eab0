import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startTemporalDevServer, startTemporalServer, type RunningPostgres } from '@liandong/devstack';
import { searchAttributeKeys } from '@liandong/workflows';
import type { Stoppable } from '../src/shutdown';

/** Which Temporal server a bench runs on: the SQLite dev server `liandong start` runs, or the production shape on PostgreSQL. */
export type TemporalTarget = 'dev' | 'postgres';

/** The PostgreSQL server's history shards: startTemporalServer's default unless LIANDONG_BENCH_HISTORY_SHARDS says otherwise. */
const HISTORY_SHARDS = Number(process.env.LIANDONG_BENCH_HISTORY_SHARDS ?? 4);

export const TEMPORAL_TARGETS: readonly TemporalTarget[] = ['dev', 'postgres'];

/** `--temporal dev|postgres` on the command line (`dev` when absent); anything else is refused, naming the flag. */
export function temporalTarget(argv: readonly string[] = process.argv.slice(2)): TemporalTarget {
  const at = argv.indexOf('--temporal');
  if (at < 0) return 'dev';
  const value = argv[at + 1];
  if (!TEMPORAL_TARGETS.includes(value as TemporalTarget)) throw new Error(`--temporal: expected ${TEMPORAL_TARGETS.join(' or ')}, got ${value ?? 'nothing'}`);
  return value as TemporalTarget;
}

export interface BenchTemporal {
  target: TemporalTarget;
  address: string;
  /** One line for the bench's header. */
  description: string;
  client: Client;
}

/**
 * Starts the target's Temporal server for one bench run, with Liandong's search attributes, and a client on it;
 * both are pushed onto `stops` (after `postgres`, so they stop before it).
 * - `dev`: `temporal server start-dev` on a SQLite file in `dataDir` with the pragmas `liandong start` sets;
 * - `postgres`: the Temporal server on the bench's embedded PostgreSQL, in databases of its own.
 */
export async function startBenchTemporal(target: TemporalTarget, { dataDir, postgres, stops }: { dataDir: string; postgres: RunningPostgres; stops: Stoppable[] }): Promise<BenchTemporal> {
  let address: string;
  let description: string;
  if (target === 'dev') {
    const server = await startTemporalDevServer({ port: await freePort(), dbFilename: path.join(dataDir, 'temporal.sqlite'), searchAttributes: searchAttributeKeys });
    stops.push({ name: 'Temporal dev server', stop: server.stop });
    address = server.address;
    description = `Temporal dev server ${address} (SQLite file, WAL, synchronous=normal)`;
  } else {
    const url = new URL(postgres.url);
    const server = await startTemporalServer({
      postgres: { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) },
      databases: { main: 'temporal_bench', visibility: 'temporal_bench_visibility' },
      dataDir: path.join(dataDir, 'temporal-server'),
      port: await freePort(),
      searchAttributes: searchAttributeKeys,
      historyShards: HISTORY_SHARDS,
    });
    stops.push({ name: 'Temporal server', stop: server.stop });
    address = server.address;
    description = `Temporal server ${address} on PostgreSQL ${url.host} (${HISTORY_SHARDS} history shards)`;
  }
  const connection = await Connection.connect({ address });
  stops.push({ name: 'Temporal client', stop: () => connection.close() });
  return { target, address, description, client: new Client({ connection }) };
}
