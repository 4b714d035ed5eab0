// Test support: one embedded PostgreSQL per test run, one fresh database per test file.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { dropDatabase, ensureDatabase, findRepoRoot, freePort, startEmbeddedPostgres, type RunningPostgres } from '@liandong/devstack';
import { createDb, type Db } from './database';
import { migrateToLatest } from './migrations';
import { seedReferenceData } from './seed';

const TEMPLATE = 'liandong_template';

/**
 * Starts a throwaway PostgreSQL and prepares a migrated, seeded template database that each
 * test file copies (CREATE DATABASE … TEMPLATE), so tests never share or truncate tables.
 */
export async function startTestPostgres(): Promise<{ postgres: RunningPostgres; adminUrl: string; template: string }> {
  const dataDir = path.join(findRepoRoot(), '.data', 'test', `pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: TEMPLATE });
  const db = createDb(postgres.url, { max: 2 });
  try {
    await migrateToLatest(db);
    await seedReferenceData(db);
  } finally {
    await db.destroy();
  }
  return { postgres, adminUrl: postgres.urlFor('postgres'), template: TEMPLATE };
}

export interface TestDatabase {
  db: Db;
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh database copied from the migrated template: own tables, own rows. */
export async function createTestDatabase(adminUrl: string, template = TEMPLATE): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, template);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = createDb(url, { max: 5 });
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
