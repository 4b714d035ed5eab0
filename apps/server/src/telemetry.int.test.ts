// Observability through the real HTTP app, over a real database and a real worker built as the worker process builds
// it (the bundle of workflowBundleOptions, workerTelemetry's interceptors and sink): /metrics after real commands, one
// command's trace from the HTTP request through the workflow to its activity, and /readyz once the worker stops.
import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices, createSystemService, type Services } from '@liandong/api';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { InMemorySpanExporter, installTracing, temporalClientInterceptors, workerTelemetry, type ReadableSpan } from '@liandong/telemetry';
import { workflowBundleOptions } from '@liandong/workflows';
import { createActivities } from '@liandong/workflows/activities';
import { createApp } from './app';
import { ORIGIN, signInOverHttp } from './fuzz.test-support';

const spans = new InMemorySpanExporter();
installTracing({ serviceName: 'liandong-test', exporter: spans });

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const PASSWORD = 'telemetry-password-1';

let t: TestDatabase;
let connection: Connection;
let workerConnection: NativeConnection;
let temporal: Client;
let worker: Worker;
let running: Promise<void>;
let services: Services;
let app: ReturnType<typeof createApp>;
const taskQueue = `telemetry-${randomUUID()}`;
let officerCookie = '';
let officerAgencyId = 0;
/** One measure per test, each with gz-data as a partner whose assignment is still to accept. */
let measureIds: string[] = [];

/** Retries `probe` until it returns something, for at most `timeoutMs`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const post = (path: string, cookie: string, input: unknown) =>
  app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, cookie }, body: JSON.stringify(input) });

/** /metrics, as Prometheus reads it: each sample's name, labels and value. */
async function scrape(): Promise<{ name: string; labels: Record<string, string>; value: number }[]> {
  const res = await app.request('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return (await res.text())
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels = '', value] = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      return { name: name!, labels: Object.fromEntries([...labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!])), value: Number(value) };
    });
}
const sample = (samples: Awaited<ReturnType<typeof scrape>>, name: string, labels: Record<string, string>) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection, interceptors: temporalClientInterceptors() });
  workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions({ tracing: true }), logger: new DefaultLogger('WARN') });
  const telemetry = workerTelemetry();
  worker = await Worker.create({ connection: workerConnection, taskQueue, workflowBundle: { code }, activities: createActivities({ db: t.db }), interceptors: telemetry.interceptors, sinks: telemetry.sinks });
  running = worker.run();
  services = createServices({ db: t.db, temporal, taskQueue });
  app = createApp({ db: t.db, temporal, taskQueue, portalDir: null, services });

  await services.users.create({ username: 'tel.admin', agency: 'gd-gov', roles: ['admin'], password: PASSWORD });
  officerAgencyId = (await services.users.create({ username: 'tel.officer', agency: 'gz-data', roles: ['officer'], password: PASSWORD })).agencyId;
  const adminCookie = await signInOverHttp(app, 'tel.admin', PASSWORD);
  const confirmed = await post('/trpc/plan.confirm', adminCookie, {
    sourceText: '观测测试方案\n1措施1。\n2措施2。\n3措施3。',
    meta: { title: '观测测试方案', coordinatorAgencyCode: 'gz-commerce' },
    measures: ['gz-science-technology', 'gz-health', 'gz-justice'].map((lead, i) => ({ number: `${i + 1}`, title: `措施${i + 1}`, leadCodes: [lead], partnerCodes: ['gz-data'] })),
  });
  expect(confirmed.status).toBe(200);
  const { planId } = ((await confirmed.json()) as { result: { data: { planId: string } } }).result.data;
  measureIds = (await t.db.selectFrom('measures').select('id').where('planId', '=', planId).orderBy('number').execute()).map((m) => m.id);
  officerCookie = await signInOverHttp(app, 'tel.officer', PASSWORD);
}, 120_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await workerConnection?.close();
  await connection?.close();
  await t?.drop();
});

describe('GET /metrics', () => {
  it('counts a command by procedure and outcome, each refusal by its code, REST calls once as rest, and never an id in a label', async () => {
    const before = await scrape();
    const accepted = await post('/trpc/measure.acceptAssignment', officerCookie, { measureId: measureIds[0], agencyId: officerAgencyId, requestId: randomUUID() });
    expect(accepted.status).toBe(200);
    const badInput = await post('/trpc/measure.submitReport', officerCookie, { measureId: measureIds[0], agencyId: officerAgencyId, cycleIndex: 0, content: { progressStatus: 'on_track', percentDone: 101 } });
    expect(badInput.status).toBe(400);
    const foreign = await post('/trpc/measure.acceptAssignment', officerCookie, { measureId: measureIds[0], agencyId: officerAgencyId + 1 });
    expect(foreign.status).toBe(403);
    const { token } = await services.apiTokens.create({ agency: 'gz-data', name: '观测测试', role: 'officer' }, 'test-admin');
    const rest = await app.request('/api/v1/assignments', { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(200);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('liandong_command_duration_seconds_count', { procedure: 'measure.acceptAssignment', outcome: 'ok', transport: 'trpc' })).toBe(1);
    expect(sample(after, 'liandong_command_duration_seconds_bucket', { procedure: 'measure.acceptAssignment', outcome: 'ok', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(delta('liandong_command_refusals_total', { procedure: 'measure.submitReport', code: 'BAD_REQUEST' })).toBe(1);
    expect(delta('liandong_command_duration_seconds_count', { procedure: 'measure.submitReport', outcome: 'refused' })).toBe(1);
    expect(delta('liandong_command_refusals_total', { procedure: 'measure.acceptAssignment', code: 'FORBIDDEN' })).toBe(1);
    // The REST operation runs its procedure in process: one count, as rest, none as trpc.
    expect(delta('liandong_command_duration_seconds_count', { procedure: 'inbox.measures', outcome: 'ok', transport: 'rest' })).toBe(1);
    expect(delta('liandong_command_duration_seconds_count', { procedure: 'inbox.measures', transport: 'trpc' })).toBe(0);
    expect(delta('liandong_http_requests_total', { method: 'POST', route: '/trpc/measure.acceptAssignment', status: '200' })).toBe(1);
    expect(delta('liandong_http_requests_total', { method: 'GET', route: '/api/v1/assignments', status: '200' })).toBe(1);

    // Read from the readiness check at scrape time.
    expect(sample(after, 'liandong_stuck_measures', {})).toBe(0);
    for (const dependency of ['database', 'temporal', 'worker']) expect(sample(after, 'liandong_dependency_up', { dependency }), dependency).toBe(1);
    expect(after.some((s) => s.name === 'liandong_process_cpu_user_seconds_total')).toBe(true);
    expect(after.some((s) => s.name === 'liandong_nodejs_eventloop_lag_seconds')).toBe(true);

    const withIds = after.filter((s) => Object.values(s.labels).some((v) => UUID.test(v)));
    expect(withIds.map((s) => `${s.name}${JSON.stringify(s.labels)}`)).toEqual([]);
  });
});

describe('a trace', () => {
  it('follows one command from the HTTP request through the update and the workflow to its activity', async () => {
    spans.reset();
    const res = await post('/trpc/measure.acceptAssignment', officerCookie, { measureId: measureIds[1], agencyId: officerAgencyId, requestId: randomUUID() });
    expect(res.status).toBe(200);
    const named = (finished: ReadableSpan[], prefix: string) => finished.find((s) => s.name.startsWith(prefix));
    // The workflow's spans leave the sandbox through the sink, after the workflow task completes.
    const finished = await eventually('the activity span', async () => {
      const all = spans.getFinishedSpans();
      return named(all, 'RunActivity:') ? all : undefined;
    });
    const server = finished.find((s) => s.name === 'POST /trpc/measure.acceptAssignment')!;
    expect(server, finished.map((s) => s.name).join(', ')).toBeDefined();
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes['http.route']).toBe('/trpc/measure.acceptAssignment');
    const update = named(finished, 'StartWorkflowUpdate:acceptAssignment')!;
    const handle = named(finished, 'HandleUpdate:acceptAssignment')!;
    const schedule = named(finished, 'StartActivity:')!;
    const activity = named(finished, 'RunActivity:')!;
    const chain = [server, update, handle, schedule, activity];
    expect(chain.map((s) => s?.name.split(':')[0])).toEqual(['POST /trpc/measure.acceptAssignment', 'StartWorkflowUpdate', 'HandleUpdate', 'StartActivity', 'RunActivity']);
    // One trace, each span the child of the one before: request → client update → workflow handler → activity.
    expect(new Set(chain.map((s) => s.spanContext().traceId)).size).toBe(1);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.parentSpanId, chain[i]!.name).toBe(chain[i - 1]!.spanContext().spanId);
    expect(schedule.name.split(':')[1]).toBe(activity.name.split(':')[1]);
    expect(activity.attributes.temporalWorkflowId).toBe(`measure-${measureIds[1]}`);
    // The server span names the route, never the raw URL.
    expect(finished.filter((s) => UUID.test(s.name)).map((s) => s.name)).toEqual([]);
  });
});

describe('/readyz', () => {
  it('reports each dependency with its time, and 503 with a reason once the worker has stopped', async () => {
    // A short window for a live poller (production waits longer than Temporal's one-minute long poll).
    const system = createSystemService({ db: t.db, temporal, taskQueue, livePollerMs: 8_000 });
    const probe = createApp({ db: t.db, temporal, taskQueue, portalDir: null, services: { ...services, system } });
    // A command makes the worker poll again.
    expect((await post('/trpc/measure.acceptAssignment', officerCookie, { measureId: measureIds[2], agencyId: officerAgencyId, requestId: randomUUID() })).status).toBe(200);
    const ready = await probe.request('/readyz');
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; ms: number; error?: string }> };
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('ready');
    for (const dependency of ['database', 'temporal', 'worker']) {
      expect(body.checks[dependency], dependency).toMatchObject({ ok: true, ms: expect.any(Number) });
      expect(body.checks[dependency]).not.toHaveProperty('error');
    }

    worker.shutdown();
    await running;
    const stopped = await eventually('/readyz to answer 503', async () => {
      const res = await probe.request('/readyz');
      return res.status === 503 ? ((await res.json()) as typeof body) : undefined;
    });
    expect(stopped.status).toBe('not ready');
    expect(stopped.checks.worker).toMatchObject({ ok: false, error: `no worker has polled task queue ${taskQueue} for 8 s` });
    expect(stopped.checks.database!.ok).toBe(true);
    expect(stopped.checks.temporal!.ok).toBe(true);
  });
});
