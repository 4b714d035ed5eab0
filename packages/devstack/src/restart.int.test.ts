// What `liandong start` relies on to restart its servers: each says when its process died and how, and a
// server started again on the same data after kill -9 has kept that data.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from './paths';
import { freePort } from './ports';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres';
import { startTemporalDevServer, type RunningTemporal } from './temporal';

const testDir = path.join(findRepoRoot(), '.data', 'test');
const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await rm(path.join(testDir, `temporal-restart-${run}`), { recursive: true, force: true });
});

describe('a Temporal dev server killed with SIGKILL', () => {
  it('is seen to die, and started again on its port and SQLite file it still has its workflows', async () => {
    const options = { port: await freePort(), dbFilename: path.join(testDir, `temporal-restart-${run}`, 'temporal.sqlite') };
    const first: RunningTemporal = await startTemporalDevServer(options);
    cleanups.push(() => first.stop());
    expect(first.pid).toBeGreaterThan(0);
    expect(await readFile(`/proc/${first.pid}/cmdline`, 'utf8')).toContain('start-dev');

    const connection = await Connection.connect({ address: first.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    // No worker: the workflow only has to exist, durably.
    await client.workflow.start('noWorkerHere', { taskQueue: 'nobody-polls', workflowId: `durable-${run}` });

    process.kill(first.pid!, 'SIGKILL');
    await expect(first.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    await first.stop();

    const again = await startTemporalDevServer(options);
    cleanups.push(() => again.stop());
    expect(again.pid).not.toBe(first.pid);
    const described = await client.workflow.getHandle(`durable-${run}`).describe();
    expect(described.status.name).toBe('RUNNING');
  }, 120_000);
});

describe('an embedded PostgreSQL whose postmaster is killed with SIGKILL', () => {
  it('is seen to die, and started again on its data directory (stale postmaster.pid) it recovers its data', async () => {
    const options = { dataDir: path.join(testDir, `pg-${run}`), port: await freePort(), persistent: false, database: 'liandong' };
    const first: RunningPostgres = await startEmbeddedPostgres(options);
    const query = async (sql: string) => {
      const client = new pg.Client({ connectionString: first.url });
      client.on('error', () => {});
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    await query('create table kept (note text); insert into kept values ($$written before the crash$$)');

    process.kill(first.pid!, 'SIGKILL');
    await expect(first.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    await first.stop();
    expect((await readFile(path.join(options.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]).toBe(String(first.pid));

    const again = await startEmbeddedPostgres(options);
    cleanups.push(() => again.stop());
    expect(again.pid).not.toBe(first.pid);
    expect(await query('select note from kept')).toEqual([{ note: 'written before the crash' }]);
  }, 120_000);
});
