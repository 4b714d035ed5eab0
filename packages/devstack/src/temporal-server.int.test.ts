import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findRepoRoot } from './paths';
import { assertPortFree, freePort } from './ports';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres';
import { startTemporalServer, type RunningTemporalServer, type TemporalServerOptions } from './temporal-server';

// @liandong/workflows (searchAttributeKeys) depends on this package: two keys of the same kinds stand in.
const plan = defineSearchAttributeKey('LiandongTestPlan', 'KEYWORD');
const agencies = defineSearchAttributeKey('LiandongTestAgencies', 'KEYWORD_LIST');

const testDir = path.join(findRepoRoot(), '.data', 'test');
const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
let postgres: RunningPostgres;
let admin: TemporalServerOptions['postgres'];
/** Every server a test started, stopped after the tests even when one fails half-way. */
const servers: RunningTemporalServer[] = [];
async function start(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const server = await startTemporalServer(options);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  // `pg-<pid>-…` like @liandong/db's test clusters, so a killed run's folder is cleaned up the same way.
  postgres = await startEmbeddedPostgres({ dataDir: path.join(testDir, `pg-${run}`), port: await freePort(), persistent: false, database: 'liandong' });
  const url = new URL(postgres.url);
  admin = { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await postgres?.stop();
  await rm(path.join(testDir, `temporal-${run}`), { recursive: true, force: true });
});

async function connect(address: string): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address }) });
}

describe('a Temporal server on PostgreSQL', () => {
  // The first start may build the server with Go (about 5 minutes, cold, on 2 cores).
  it('keeps workflows and their search attributes across a stop and a kill -9, setting up its schema once', { timeout: 900_000 }, async () => {
    const progress: string[] = [];
    const options: TemporalServerOptions = {
      postgres: admin,
      dataDir: path.join(testDir, `temporal-${run}`),
      port: await freePort(),
      metricsPort: await freePort(),
      searchAttributes: [plan, agencies],
      progress: (line) => progress.push(line),
    };

    const first = await start(options);
    expect(first).toMatchObject({ address: `127.0.0.1:${options.port}`, setup: 'created' });
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.stringContaining('creating the Temporal schema in temporal on'),
        expect.stringContaining('creating the Temporal schema in temporal_visibility on'),
        'registered the Temporal namespace default (closed workflows kept 30 days)',
        'registered search attributes LiandongTestPlan, LiandongTestAgencies in default',
      ]),
    );
    const metrics = await (await fetch(first.metricsUrl!)).text();
    expect(metrics).toMatch(/build_information\{[^}]*build_version="1_29_1"/);

    let client = await connect(first.address);
    const { namespaceInfo, config } = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(namespaceInfo?.name).toBe('default');
    expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(30 * 24 * 3600);
    // No worker polls this queue: the workflow stays open, as a measure waiting for its first report does.
    const workflowId = `probe-${run}`;
    await client.workflow.start('liandongProbe', {
      taskQueue: 'nobody-polls',
      workflowId,
      typedSearchAttributes: [
        { key: plan, value: 'plan-1' },
        { key: agencies, value: ['财政厅', '教育厅'] },
      ],
    });
    const findIt = async (c: Client) => {
      const description = await c.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.typedSearchAttributes.get(agencies)).toEqual(['财政厅', '教育厅']);
      await vi.waitFor(
        async () => {
          const ids: string[] = [];
          for await (const workflow of c.workflow.list({ query: `LiandongTestPlan = 'plan-1' AND LiandongTestAgencies = '教育厅'` })) ids.push(workflow.workflowId);
          expect(ids).toEqual([workflowId]);
        },
        { timeout: 15_000, interval: 250 },
      );
    };
    await findIt(client);
    await client.connection.close();

    // A second start on the same data dir while the first runs says so, instead of failing on a port.
    await expect(startTemporalServer(options)).rejects.toThrow(`a Temporal server (pid ${first.pid}) is already running on`);

    await first.stop();
    await expect(first.exited).resolves.toMatchObject({ code: 0 });
    await assertPortFree(options.port, 'the stopped frontend');
    await expect(startTemporalServer({ ...options, historyShards: 8 })).rejects.toThrow('historyShards: this cluster was set up with 4');

    progress.length = 0;
    const second = await start(options);
    expect(second).toMatchObject({ address: first.address, setup: 'existing' });
    expect(progress.filter((line) => /creating|registered/.test(line))).toEqual([]);
    client = await connect(second.address);
    await findIt(client);
    await client.connection.close();

    // What a supervisor sees when the server dies: `exited` resolves, and the same call brings it back.
    process.kill(second.pid, 'SIGKILL');
    await expect(second.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    const third = await start(options);
    expect(third.setup).toBe('existing');
    client = await connect(third.address);
    await findIt(client);
    await client.connection.close();
    await third.stop();
  });

  it('names PostgreSQL and its address when the password is wrong, without hanging', { timeout: 60_000 }, async () => {
    const started = Date.now();
    const options = { postgres: { ...admin, password: 'wrong' }, dataDir: path.join(testDir, `temporal-${run}`, 'wrong-password'), port: await freePort() };
    await expect(startTemporalServer(options)).rejects.toThrow(
      `cannot connect to the Temporal server's PostgreSQL at ${admin.host}:${admin.port} as ${admin.user}: password authentication failed`,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses a frontend port something else listens on, naming the port', { timeout: 60_000 }, async () => {
    const busy = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startTemporalServer({ postgres: admin, dataDir: path.join(testDir, `temporal-${run}`, 'busy-port'), port })).rejects.toThrow(
        `port ${port} for the Temporal server (frontend) is already in use`,
      );
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
