import { chmod, mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DYNAMIC_CONFIG, renderDynamicConfig, renderServerConfig, resolveTemporalServerBinaries, startTemporalServer, type ServerPorts } from './temporal-server';

const saved = { server: process.env.LIANDONG_TEMPORAL_SERVER_BIN, sql: process.env.LIANDONG_TEMPORAL_SQL_BIN, cache: process.env.LIANDONG_CACHE_DIR };
afterEach(() => {
  for (const [key, value] of [['LIANDONG_TEMPORAL_SERVER_BIN', saved.server], ['LIANDONG_TEMPORAL_SQL_BIN', saved.sql], ['LIANDONG_CACHE_DIR', saved.cache]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function fakeBinary(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, '#!/bin/sh\necho fake\n');
  await chmod(file, 0o755);
  return file;
}

describe('finding the Temporal server and its schema tool', () => {
  it('uses LIANDONG_TEMPORAL_SERVER_BIN and LIANDONG_TEMPORAL_SQL_BIN first', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-tserver-'));
    process.env.LIANDONG_TEMPORAL_SERVER_BIN = await fakeBinary(dir, 'my-server');
    process.env.LIANDONG_TEMPORAL_SQL_BIN = await fakeBinary(dir, 'my-sql');
    process.env.LIANDONG_CACHE_DIR = path.join(dir, 'empty-cache');
    await expect(resolveTemporalServerBinaries()).resolves.toEqual({ server: path.join(dir, 'my-server'), sqlTool: path.join(dir, 'my-sql') });
  });

  it('rejects an override that is not executable, naming the variable', async () => {
    process.env.LIANDONG_TEMPORAL_SQL_BIN = '/nonexistent/sql';
    await expect(resolveTemporalServerBinaries()).rejects.toThrow('LIANDONG_TEMPORAL_SQL_BIN=/nonexistent/sql is not an executable file');
  });

  it('finds both in the versioned cache folder without building', async () => {
    delete process.env.LIANDONG_TEMPORAL_SERVER_BIN;
    delete process.env.LIANDONG_TEMPORAL_SQL_BIN;
    const cache = await mkdtemp(path.join(tmpdir(), 'ld-cache-'));
    const binDir = path.join(cache, 'bin', 'temporal-server-v1.29.1');
    const server = await fakeBinary(binDir, 'server');
    const sqlTool = await fakeBinary(binDir, 'sql');
    process.env.LIANDONG_CACHE_DIR = cache;
    const progress: string[] = [];
    await expect(resolveTemporalServerBinaries((line) => progress.push(line))).resolves.toEqual({ server, sqlTool });
    expect(progress).toEqual([]);
  });
});

const ports: ServerPorts = {
  frontendMembership: 20001,
  frontendHttp: 20002,
  history: 20003,
  historyMembership: 20004,
  matching: 20005,
  matchingMembership: 20006,
  worker: 20007,
  workerMembership: 20008,
};
const postgres = { host: '127.0.0.1', port: 5433, user: 'admin', password: 'p@ss' };

/** The parts of the config these tests read. */
interface ServerConfig {
  services: unknown;
  clusterMetadata: { clusterInformation: { active: { rpcAddress: string } } };
  persistence: { numHistoryShards: number; defaultStore: string; visibilityStore: string; datastores: Record<string, { sql: unknown }> };
  global: { metrics?: { prometheus: { listenAddress: string } } };
}

describe('the server config', () => {
  const render = (metricsPort?: number) =>
    JSON.parse(
      renderServerConfig({ postgres, databases: { main: 'tm', visibility: 'tv' }, port: 7233, ports, historyShards: 8, metricsPort, dynamicConfigFile: '/d/dc.yaml' }),
    ) as ServerConfig;

  it('runs all four services on 127.0.0.1 with the ports given, the frontend on the clients’ port', () => {
    const { services, clusterMetadata } = render();
    expect(services).toEqual({
      frontend: { rpc: { grpcPort: 7233, membershipPort: 20001, httpPort: 20002, bindOnIP: '127.0.0.1' } },
      history: { rpc: { grpcPort: 20003, membershipPort: 20004, bindOnIP: '127.0.0.1' } },
      matching: { rpc: { grpcPort: 20005, membershipPort: 20006, bindOnIP: '127.0.0.1' } },
      worker: { rpc: { grpcPort: 20007, membershipPort: 20008, bindOnIP: '127.0.0.1' } },
    });
    expect(clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:7233');
  });

  it('keeps history and visibility in their own PostgreSQL databases, with the shard count given', () => {
    const { persistence } = render();
    expect(persistence.numHistoryShards).toBe(8);
    expect(persistence.datastores[persistence.defaultStore]?.sql).toMatchObject({ pluginName: 'postgres12', databaseName: 'tm', connectAddr: '127.0.0.1:5433', user: 'admin', password: 'p@ss' });
    expect(persistence.datastores[persistence.visibilityStore]?.sql).toMatchObject({ pluginName: 'postgres12', databaseName: 'tv' });
  });

  it('serves Prometheus metrics on 127.0.0.1 only when a metrics port is given', () => {
    expect(render().global.metrics).toBeUndefined();
    expect(render(9090).global.metrics?.prometheus.listenAddress).toBe('127.0.0.1:9090');
  });

  it('turns Updates on by default and lets the caller override any key', () => {
    const defaults = JSON.parse(renderDynamicConfig()) as Record<string, { value: unknown }[]>;
    expect(defaults['frontend.enableUpdateWorkflowExecution']).toEqual([{ value: true }]);
    expect(defaults['frontend.enableUpdateWorkflowExecutionAsyncAccepted']).toEqual([{ value: true }]);
    const merged = JSON.parse(renderDynamicConfig({ 'frontend.namespaceRPS.visibility': 500, 'history.maxBufferedQueryCount': 3 })) as typeof defaults;
    expect(merged['frontend.namespaceRPS.visibility']).toEqual([{ value: 500 }]);
    expect(merged['history.maxBufferedQueryCount']).toEqual([{ value: 3 }]);
    expect(Object.keys(merged)).toEqual(expect.arrayContaining(Object.keys(DEFAULT_DYNAMIC_CONFIG)));
  });
});

describe('options', () => {
  const options = (dataDir: string) => ({ postgres, dataDir, port: 7233 });

  it.each([
    [{ port: 0 }, 'port: expected a TCP port'],
    [{ metricsPort: 70_000 }, 'metricsPort: expected a TCP port'],
    [{ historyShards: 0 }, 'historyShards: expected a positive integer'],
    [{ databases: { main: 'Temporal; drop', visibility: 'v' } }, 'databases.main: expected a lower-case PostgreSQL identifier'],
    [{ databases: { main: 'same', visibility: 'same' } }, 'databases.visibility: must differ'],
    [{ namespace: ' ' }, 'namespace: required'],
  ])('refuses %j naming the field, before touching anything', async (bad, message) => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'ld-tserver-')), 'data');
    await expect(startTemporalServer({ ...options(dataDir), ...bad })).rejects.toThrow(message);
    await expect(stat(dataDir)).rejects.toThrow('ENOENT');
  });
});
