import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CompiledQuery, KyselyPlugin, RootOperationNode } from 'kysely';
import { createDb, migrateToLatest, seedReferenceData, type Db } from '@liandong/db';
import { findRepoRoot, freePort, startEmbeddedPostgres } from '@liandong/devstack';
import type { Stoppable } from '../src/shutdown';

/**
 * A throwaway embedded PostgreSQL for one bench run, migrated and seeded, in `.data/bench/<name>-…`. What
 * it starts is pushed onto `stops` (its data directory, the server, the pool), so the caller's
 * `stopInOrder(stops)` removes it all, also when starting failed half-way.
 */
export async function startBenchDatabase(name: string, stops: Stoppable[], pool: { max?: number } = {}): Promise<Db> {
  const dataDir = path.join(findRepoRoot(), '.data', 'bench', `${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
  stops.push({ name: 'bench data', stop: () => rm(dataDir, { recursive: true, force: true }) });
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: await freePort(), persistent: false, database: 'liandong_bench' });
  stops.push({ name: 'PostgreSQL', stop: postgres.stop });
  const db = createDb(postgres.url, pool);
  stops.push({ name: 'database pool', stop: () => db.destroy() });
  await migrateToLatest(db);
  await seedReferenceData(db);
  return db;
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
