// `liandong cluster start` as a user runs it: a child process, its own data directory and ports, the Temporal
// server on the embedded PostgreSQL, two workers and two API processes. Slow: it builds and starts everything.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot, freePort } from '@liandong/devstack';
import type { ClusterState } from './state';
import { isAlive, readyz, spawnCollecting, waitFor } from './cluster.test-support';

const root = findRepoRoot();
const dataDir = path.join(root, '.data', 'test', `cluster-${randomBytes(4).toString('hex')}`);
const stateFile = path.join(dataDir, 'cluster.json');
const readState = () => (existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState) : undefined);
const pidsOf = (state: ClusterState) => [state.pid, state.temporal.pid, state.postgres.pid, ...state.workers.map((w) => w.pid), ...state.apis.map((a) => a.pid)].filter((p): p is number => p !== undefined);

let cluster: ReturnType<typeof spawnCollecting> | undefined;
const seen = new Set<number>();

afterAll(async () => {
  // A failed run must not leave its processes behind: every pid the cluster ever reported, by pid.
  if (cluster?.child.exitCode === null) {
    cluster.child.kill('SIGTERM');
    await Promise.race([cluster.exit, new Promise((r) => setTimeout(r, 60_000))]);
  }
  for (const pid of seen) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
}, 120_000);

describe('liandong cluster start', () => {
  it('serves through one port from two API processes, restarts a killed worker and API, and stops cleanly on SIGTERM', async () => {
    const [port, pgPort, temporalPort] = [await freePort(), await freePort(), await freePort()];
    cluster = spawnCollecting(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'cluster', 'start'], {
      cwd: root,
      env: { ...process.env, LIANDONG_DATA_DIR: dataDir, PORT: String(port), LIANDONG_PG_PORT: String(pgPort), LIANDONG_TEMPORAL_PORT: String(temporalPort), LIANDONG_DEMO: 'true' },
    });
    const output = cluster.output;
    await waitFor('"Liandong cluster is ready"', () => {
      if (cluster!.child.exitCode !== null) throw new Error(`cluster start exited:\n${output()}`);
      return output().includes('Liandong cluster is ready');
    }, 300_000, 500);

    const state = readState()!;
    for (const pid of pidsOf(state)) seen.add(pid);
    expect(state).toMatchObject({ pid: cluster.child.pid, port, url: `http://127.0.0.1:${port}`, postgres: { embedded: true, port: pgPort }, temporal: { address: `127.0.0.1:${temporalPort}` } });
    expect(pidsOf(state)).toHaveLength(7);
    expect(new Set(pidsOf(state)).size).toBe(7);

    // One port, both API processes answering, each ready with the workers polling.
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await readyz(state.url));
    expect(answers.every((a) => a.status === 200 && a.worker)).toBe(true);
    expect(new Set(answers.map((a) => a.pid))).toEqual(new Set(state.apis.map((a) => a.pid)));

    // kill -9 a worker: restarted, said so, and cluster.json names the new pid.
    const killed = state.workers[0]!.pid!;
    process.kill(killed, 'SIGKILL');
    const restarted = await waitFor('worker 1 to be restarted', () => {
      const pid = readState()?.workers[0]?.pid;
      return pid !== undefined && pid !== killed && pid;
    }, 120_000);
    seen.add(restarted);
    expect(output()).toContain(`worker 1 (pid ${killed}) exited (SIGKILL); restarting in 1 s`);
    expect(output()).toContain(`worker 1 restarted as pid ${restarted}`);
    expect(isAlive(restarted)).toBe(true);

    // kill -9 an API process: the other keeps answering on the same port while it comes back.
    const killedApi = state.apis[1]!.pid!;
    process.kill(killedApi, 'SIGKILL');
    await waitFor('the cluster to notice', () => output().includes(`API 2 (pid ${killedApi}) exited (SIGKILL); restarting in 1 s`), 10_000, 20);
    expect((await readyz(state.url)).pid).toBe(state.apis[0]!.pid);
    const restartedApi = await waitFor('API 2 to be restarted', () => {
      const pid = readState()?.apis[1]?.pid;
      return pid !== undefined && pid !== killedApi && pid;
    }, 120_000);
    seen.add(restartedApi);
    expect(output()).toContain(`API 2 restarted as pid ${restartedApi}`);

    // SIGTERM: everything stops, in order, exit 0, nothing left running, cluster.json gone.
    const running = pidsOf(readState()!);
    cluster.child.kill('SIGTERM');
    expect(await cluster.exit).toEqual({ code: 0, signal: null });
    expect(output()).toMatch(/stopped API processes[\s\S]*stopped workers[\s\S]*stopped Temporal server[\s\S]*stopped PostgreSQL[\s\S]*all stopped/);
    await waitFor('every process of the cluster to be gone', () => running.every((pid) => !isAlive(pid)), 10_000);
    expect(existsSync(stateFile)).toBe(false);
  }, 600_000);
});
