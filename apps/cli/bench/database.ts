import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CompiledQuery, KyselyPlugin, RootOperationNode } from 'kysely';
import { createDb, migrateToLatest, seedReferenceData, type Db } from '@liandong/db';
import { findRepoRoot, freePort, startEmbeddedPostgres, type RunningPostgres } from '@liandong/devstack';
import type { Stoppable } from '../src/shutdown';

/**
 * A throwaway embedded PostgreSQL for one bench run in `.data/bench/<name>-…`: its data directory and the server
 * are pushed onto `stops`, so the caller's `stopInOrder(stops)` removes both, also when starting failed half-way.
 * Returns the run's directory (for the bench's other data) and the server.
 */
export async function startBenchPostgres(name: string, stops: Stoppable[]): Promise<{ dataDir: string; postgres: RunningPostgres }> {
  const dataDir = path.join(findRepoRoot(), '.data', 'bench', `${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
  stops.push({ name: 'bench data', stop: () => rm(dataDir, { recursive: true, force: true }) });
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: await freePort(), persistent: false, database: 'liandong_bench' });
  stops.push({ name: 'PostgreSQL', stop: postgres.stop });
  return { dataDir, postgres };
}

/** The app's database on `postgres`, migrated and seeded; its pool is pushed onto `stops`. */
export async function openBenchDatabase(postgres: RunningPostgres, stops: Stoppable[], pool: { max?: number } = {}): Promise<Db> {
  const db = createDb(postgres.url, pool);
  stops.push({ name: 'database pool', stop: () => db.destroy() });
  await migrateToLatest(db);
  await seedReferenceData(db);
  return db;
}

/** A throwaway embedded PostgreSQL for one bench run (startBenchPostgres), migrated and seeded. */
export async function startBenchDatabase(name: string, stops: Stoppable[], pool: { max?: number } = {}): Promise<Db> {
  const { postgres } = await startBenchPostgres(name, stops);
  return openBenchDatabase(postgres, stops, pool);
}

/** A view of `db` that records the SQL each of its queries compiles to, for printing its plan with EXPLAIN. */
export function captureQueries(db: Db): { traced: Db; captured: CompiledQuery[] } {
  const captured: CompiledQuery[] = [];
  const capture: KyselyPlugin = {
    transformQuery: (args) => {
      captured.push(db.getExecutor().compileQuery(args.node as RootOperationNode, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { traced: db.withPlugin(capture), captured };
}
