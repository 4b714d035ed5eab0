// Test support: one embedded PostgreSQL per test run, one fresh database per test file.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { dropDatabase, embeddedAppUrl, ensureDatabase, findRepoRoot, freePort, startEmbeddedPostgres, type RunningPostgres } from '@liandong/devstack';
import { createDb, type Db } from './database';
import { migrateToLatest } from './migrations';
import { seedReferenceData } from './seed';

const TEMPLATE = 'liandong_template';

/**
 * Starts a throwaway PostgreSQL and prepares a migrated, seeded template database that each
 * test file copies (CREATE DATABASE … TEMPLATE), so tests never share or truncate tables.
 */
export async function startTestPostgres(): Promise<{ postgres: RunningPostgres; adminUrl: string; template: string }> {
  const testDir = path.join(findRepoRoot(), '.data', 'test');
  await removeAbandonedClusters(testDir);
  const dataDir = path.join(testDir, `pg-${process.pid}-${randomBytes(4).toString('hex')}`);
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

/**
 * A test run that was killed leaves its cluster directory (`pg-<pid>-…`) behind. One is abandoned
 * when neither the run that made it nor the PostgreSQL it started is alive; runs going on beside
 * this one (turbo runs packages in parallel) are left alone. Returns what it removed.
 */
export async function removeAbandonedClusters(testDir: string): Promise<string[]> {
  const entries = await readdir(testDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    const owner = /^pg-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
    if (!owner || isAlive(Number(owner))) continue;
    const postmaster = await readFile(path.join(testDir, name, 'postmaster.pid'), 'utf8').catch(() => '');
    const serverPid = Number(postmaster.split('\n')[0]);
    if (serverPid > 0 && isAlive(serverPid)) continue;
    await rm(path.join(testDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface TestDatabase {
  /** As the owner (a superuser): fixtures, and tampering in tests. */
  db: Db;
  url: string;
  /** As the app role (APP_ROLE), with the privileges the running app has. */
  appDb: Db;
  appUrl: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh database copied from the migrated template: own tables, own rows. */
export async function createTestDatabase(adminUrl: string, template = TEMPLATE): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, template);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = createDb(url, { max: 5 });
  const appUrl = embeddedAppUrl(url);
  const appDb = createDb(appUrl, { max: 3 });
  return {
    db,
    url,
    appDb,
    appUrl,
    drop: async () => {
      await Promise.all([db.destroy(), appDb.destroy()]);
      await dropDatabase(adminUrl, name);
    },
  };
}
