// `pnpm build`'s output runs under plain node: no TypeScript, the workflow bundle prebuilt, against a real
// PostgreSQL and a real Temporal.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startTestPostgres, type TestDatabase } from '@liandong/db/testing';
import { findRepoRoot, freePort, type RunningPostgres, type RunningTemporal } from '@liandong/devstack';
import { buildServer } from '@liandong/server/build';
import { buildWorker } from '@liandong/worker/build';
import { startTestTemporal } from '@liandong/workflows/testing';
import { readyz, spawnCollecting, waitFor } from './cluster.test-support';

// Inside each app, as dist/ is: the bundles load their packages from the app's node_modules.
const run = `build-test-${randomBytes(4).toString('hex')}`;
const serverOut = path.join(findRepoRoot(), 'apps/server/.cache', run);
const workerOut = path.join(findRepoRoot(), 'apps/worker/.cache', run);
let server: { entry: string };
let worker: { entry: string; workflowBundle: string; tracedWorkflowBundle: string };

beforeAll(async () => {
  [server, worker] = await Promise.all([buildServer({ outdir: serverOut }), buildWorker({ outdir: workerOut })]);
}, 180_000);
afterAll(async () => {
  await Promise.all([rm(serverOut, { recursive: true, force: true }), rm(workerOut, { recursive: true, force: true })]);
});

/** Every module specifier the file imports: static, re-exported, dynamic, required. */
function specifiers(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\d*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
}

describe('pnpm build', () => {
  it('compiles the API and the worker to JavaScript that imports no TypeScript, with the workflows bundled beside the worker, with and without tracing', async () => {
    for (const entry of [server.entry, worker.entry]) {
      const imported = specifiers(await readFile(entry, 'utf8'));
      expect(imported.length).toBeGreaterThan(10);
      expect(imported.filter((s) => /\.(c|m)?tsx?$/.test(s) || s.startsWith('@liandong/'))).toEqual([]);
    }
    expect(path.dirname(worker.workflowBundle)).toBe(workerOut);
    expect(path.dirname(worker.tracedWorkflowBundle)).toBe(workerOut);
    const [plain, traced] = [await readFile(worker.workflowBundle, 'utf8'), await readFile(worker.tracedWorkflowBundle, 'utf8')];
    expect(plain).toContain('measureWorkflow');
    expect(traced).toContain('measureWorkflow');
    // The tracer the OpenTelemetry workflow interceptors register, and the random stream of ours that wraps them.
    for (const marker of ['@temporalio/interceptor-workflow', 'liandong.telemetry']) {
      expect(plain).not.toContain(marker);
      expect(traced).toContain(marker);
    }
  });

  it('exits 1 under plain node, naming the variable, when the environment is bad', async () => {
    for (const [entry, name] of [[server.entry, 'api'], [worker.entry, 'worker']] as const) {
      const started = spawnCollecting(process.execPath, [entry], { env: { PATH: process.env.PATH, DATABASE_URL: 'not a url', TEMPORAL_ADDRESS: '127.0.0.1:7233' } });
      expect(await started.exit).toEqual({ code: 1, signal: null });
      expect(started.output()).toContain(`${name}: bad environment: DATABASE_URL: must be a postgres:// URL`);
    }
  });
});

describe('the built API and worker against PostgreSQL and Temporal', () => {
  let postgres: RunningPostgres;
  let temporal: RunningTemporal;
  let t: TestDatabase;

  beforeAll(async () => {
    const [pg, tmp] = await Promise.all([startTestPostgres(), startTestTemporal()]);
    postgres = pg.postgres;
    temporal = tmp;
    t = await createTestDatabase(pg.adminUrl, pg.template);
  }, 180_000);
  afterAll(async () => {
    await t?.drop();
    await postgres?.stop();
    await temporal?.stop();
  }, 60_000);

  it('serves /readyz with a worker polling, from the prebuilt workflow bundle, and both stop on SIGTERM', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH, DATABASE_URL: t.appUrl, TEMPORAL_ADDRESS: temporal.address, PORT: String(port) };
    const workerProcess = spawnCollecting(process.execPath, [worker.entry], { env });
    const apiProcess = spawnCollecting(process.execPath, [server.entry], { env });
    try {
      const answer = await waitFor('/readyz to answer 200 with a worker', async () => {
        const r = await readyz(`http://127.0.0.1:${port}`).catch(() => undefined);
        return r?.status === 200 && r.worker && r;
      }, 90_000);
      expect(answer.pid).toBe(apiProcess.child.pid);
      expect(workerProcess.output()).toContain(`worker (pid ${workerProcess.child.pid}) polling task queue "liandong" on ${temporal.address} (workflows from workflow-bundle.js)`);
      expect(workerProcess.output()).not.toContain('bundled from source');
    } finally {
      workerProcess.child.kill('SIGTERM');
      apiProcess.child.kill('SIGTERM');
    }
    expect(await apiProcess.exit).toEqual({ code: 0, signal: null });
    expect(await workerProcess.exit).toEqual({ code: 0, signal: null });
    expect(apiProcess.output()).toContain('SIGTERM, stopping');
    expect(workerProcess.output()).toContain('stopped');
  }, 180_000);

  it('a worker that exports spans (OTEL_EXPORTER_OTLP_ENDPOINT) runs the traced workflow bundle', async () => {
    // Nothing listens there: the worker starts all the same, and its spans are dropped.
    const env = { PATH: process.env.PATH, DATABASE_URL: t.appUrl, TEMPORAL_ADDRESS: temporal.address, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}` };
    const workerProcess = spawnCollecting(process.execPath, [worker.entry], { env });
    try {
      await waitFor('the worker to poll', () => workerProcess.output().includes('polling task queue'), 90_000);
      expect(workerProcess.output()).toContain(`worker (pid ${workerProcess.child.pid}) polling task queue "liandong" on ${temporal.address} (workflows from workflow-bundle-traced.js)`);
    } finally {
      workerProcess.child.kill('SIGTERM');
    }
    expect(await workerProcess.exit).toEqual({ code: 0, signal: null });
  }, 120_000);
});
