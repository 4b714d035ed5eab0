// The worker process as deployed (apps/worker/src/index.ts) with LIANDONG_WORKER_METRICS_ADDRESS: the Temporal SDK
// serves its metrics for Prometheus, and after activities ran (one of them failing) the activity metrics are there,
// activity failures under the SDK's own name.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { freePort } from '@liandong/devstack';
import { wakeWebhookEndpoint, webhookEndpointWorkflowId } from '@liandong/workflows';

const WORKER_DIR = fileURLToPath(new URL('../../worker/', import.meta.url));

let t: TestDatabase;
let connection: Connection;
let client: Client;
let worker: ChildProcess;
let output = '';
let metricsUrl = '';
const taskQueue = `worker-metrics-${randomUUID()}`;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  // From source: it bundles the workflows at start-up, as a worker without a prebuilt bundle does.
  const { LIANDONG_WORKFLOW_BUNDLE: _prebuilt, ...inherited } = process.env;
  worker = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: WORKER_DIR,
    env: { ...inherited, DATABASE_URL: t.appUrl, TEMPORAL_ADDRESS: inject('temporalAddress'), LIANDONG_TASK_QUEUE: taskQueue, LIANDONG_WORKER_METRICS_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
}, 60_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    const timer = setTimeout(() => worker.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  await connection?.close();
  await t?.drop();
});

/** The SDK's samples whose name starts with `prefix`, for `activityType` on our task queue. */
async function activitySamples(prefix: string, activityType: string): Promise<{ name: string; value: number }[]> {
  const text = await fetch(metricsUrl).then((r) => r.text());
  return text
    .split('\n')
    .filter((line) => line.startsWith(prefix) && line.includes(`activity_type="${activityType}"`) && line.includes(`task_queue="${taskQueue}"`))
    .map((line) => ({ name: line.slice(0, line.search(/[{ ]/)), value: Number(line.slice(line.lastIndexOf(' ') + 1)) }));
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`timed out waiting for ${what}; the worker said:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('serves the Temporal SDK metrics of the activities it ran, failures as temporal_activity_execution_failed', { timeout: 120_000 }, async () => {
  // An endpoint that does not exist: its workflow reads the outbox once (an activity) and ends.
  const missing = randomUUID();
  await wakeWebhookEndpoint(client, missing, { taskQueue });
  await eventually('the webhook workflow to end', async () => ((await client.workflow.getHandle(webhookEndpointWorkflowId(missing)).describe()).status.name === 'COMPLETED' ? true : undefined));
  const latency = await eventually('activity latency samples', async () => {
    const samples = await activitySamples('temporal_activity_execution_latency', 'readWebhookOutbox');
    return samples.length > 0 ? samples : undefined;
  });
  expect(latency.find((s) => s.name.endsWith('_count'))?.value).toBeGreaterThanOrEqual(1);

  // An endpoint id PostgreSQL cannot take (not a uuid): the read fails, and is retried.
  const broken = 'not-an-endpoint-id';
  await wakeWebhookEndpoint(client, broken, { taskQueue });
  try {
    const failed = await eventually('a failed activity to be counted', async () => {
      const [sample] = await activitySamples('temporal_activity_execution_failed', 'readWebhookOutbox');
      return sample && sample.value >= 1 ? sample : undefined;
    });
    expect(failed.name).toBe('temporal_activity_execution_failed');
  } finally {
    await client.workflow.getHandle(webhookEndpointWorkflowId(broken)).terminate('test over');
  }
});
