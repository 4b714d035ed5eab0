// Another government system (an OA of 市商务局) against the whole stack as `pnpm start` runs it: it knows only the
// OpenAPI document and the token an admin printed with `pnpm liandong token create`, lists its agency's assignments,
// accepts one and reports on it; its receiver on 127.0.0.1 gets a signed webhook (Standard Webhooks, checked with the
// `standardwebhooks` library) for each event that concerns the agency. Then the receiver goes away, events happen,
// the whole stack restarts, the receiver comes back — and every event arrives exactly once by webhook-id.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@liandong/devstack';
import { removeDataDir, repoRoot, startStack, type Stack } from './support/stack';

const dataDir = path.join(repoRoot, '.data', `e2e-rest-${randomBytes(4).toString('hex')}`);
/** Quick retries, and no pause while the receiver is away: the restart test waits on the retries. */
const WEBHOOK_ENV = { LIANDONG_WEBHOOK_RETRY_INITIAL_MS: '300', LIANDONG_WEBHOOK_RETRY_MAX_MS: '2000', LIANDONG_WEBHOOK_MAX_FAILURES: '1000' };
/** (二) of the demo plan 002 (广州 若干措施): lead 市发展改革委, 市商务局 among the partners. */
const MEASURE = '促进与港澳规则衔接机制对接';

let stack: Stack;
let receiverPort: number;
let receiver: Server | undefined;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}
const received: Received[] = [];

function startReceiver(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      received.push({ path: req.url ?? '', headers, body });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const stopReceiver = (server: Server | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

/** `pnpm liandong <args>` against the running stack (its embedded PostgreSQL and Temporal); exit code and output. */
function liandong(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], { cwd: repoRoot, env: stack.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
const lastLine = (text: string) => text.trim().split('\n').at(-1)!.trim();

// ---- a client that knows only the OpenAPI document ----------------------------------------------------------------

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
}
interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
}
type OpenApiDocument = { servers: { url: string }[]; paths: Record<string, Record<string, OpenApiOperation>> };

class DocumentClient {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly baseUrl: string,
    public token: string,
  ) {}

  private find(operationId: string): { method: string; path: string; op: OpenApiOperation } {
    for (const [p, methods] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(methods)) if (op.operationId === operationId) return { method, path: p, op };
    }
    throw new Error(`the document has no operation ${operationId}`);
  }

  /** Sends what the document says the operation takes, refusing (here, in the client) anything it does not declare. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read as a client would, field by field
  async call(operationId: string, params: Record<string, string | number | boolean> = {}, body?: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const { method, path: template, op } = this.find(operationId);
    const declared = new Map((op.parameters ?? []).map((p) => [p.name, p.in]));
    let url = template;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      const where = declared.get(name);
      if (!where) throw new Error(`${operationId} declares no parameter ${name}`);
      if (where === 'path') url = url.replace(`{${name}}`, encodeURIComponent(String(value)));
      else query.set(name, String(value));
    }
    if (body) {
      const fields = op.requestBody?.content['application/json'].schema.properties ?? {};
      for (const key of Object.keys(body)) if (!(key in fields)) throw new Error(`${operationId} declares no body field ${key}`);
    }
    const res = await fetch(`${this.baseUrl}${this.doc.servers[0]!.url}${url}${query.size ? `?${query}` : ''}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  }
}

// ---- a person in the portal (the lead), over tRPC ------------------------------------------------------------------

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${stack.baseUrl}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.baseUrl },
    body: JSON.stringify({ username, password: 'liandong-demo' }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('liandong_session='));
  if (!cookie) throw new Error(`${username} could not sign in: ${res.status}`);
  return cookie;
}
async function trpc<T>(cookie: string, procedure: string, input: unknown, mutation = true): Promise<T> {
  const url = `${stack.baseUrl}/trpc/${procedure}`;
  const res = mutation
    ? await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: stack.baseUrl, cookie }, body: JSON.stringify(input) })
    : await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${procedure}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}

// ---- the events --------------------------------------------------------------------------------------------------

interface Delivered {
  id: string;
  endpoint: 'commerce' | 'ndrc';
  type: string;
  data: Record<string, unknown>;
}
const secrets: Record<'commerce' | 'ndrc', string> = { commerce: '', ndrc: '' };

/** Every request the receiver got, each checked against its endpoint's secret (throws on a bad signature). */
function verified(): Delivered[] {
  return received.map((r) => {
    const endpoint = r.path.endsWith('/ndrc') ? 'ndrc' : 'commerce';
    const payload = new Webhook(secrets[endpoint]).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> };
    return { id: r.headers['webhook-id']!, endpoint, type: payload.type, data: payload.data };
  });
}
async function waitFor(what: string, check: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}; received: ${JSON.stringify(received.map((r) => r.body))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const summary = (list: Delivered[]) => list.map((d) => `${d.endpoint}:${d.type}`).sort();

let measureId = '';
let commerceId = 0;
let client: DocumentClient;
let lead = '';
let admin = '';

beforeAll(async () => {
  receiverPort = await freePort();
  receiver = await startReceiver(receiverPort);
  stack = await startStack(dataDir, 240_000, WEBHOOK_ENV);
});
afterAll(async () => {
  await stopReceiver(receiver);
  await stack?.stop();
  await removeDataDir(dataDir);
});

describe('another system through the REST API and its webhooks', () => {
  it('uses only the OpenAPI document and a token: lists, accepts, reports, and gets each event signed', async () => {
    const created = await liandong('token', 'create', '--agency', '市商务局', '--name', 'OA 系统');
    expect(created.code, created.stderr).toBe(0);
    const token = lastLine(created.stdout);
    expect(token).toMatch(/^ld_[A-Za-z0-9_-]{20,}$/);
    for (const [endpoint, agency] of [['commerce', '市商务局'], ['ndrc', '市发展改革委']] as const) {
      const added = await liandong('webhook', 'add', '--agency', agency, '--url', `http://127.0.0.1:${receiverPort}/hooks/${endpoint}`, '--events', 'all');
      expect(added.code, added.stderr).toBe(0);
      secrets[endpoint] = lastLine(added.stdout);
      expect(secrets[endpoint]).toMatch(/^whsec_/);
    }

    const doc = (await (await fetch(`${stack.baseUrl}/api/v1/openapi.json`)).json()) as OpenApiDocument;
    client = new DocumentClient(doc, stack.baseUrl, token);

    const listed = await client.call('listAssignments', { role: 'partner', limit: 100 });
    expect(listed.status).toBe(200);
    const row = listed.body.rows.find((r: { title: string }) => r.title === MEASURE);
    expect(row).toMatchObject({ role: 'partner', assignmentStatus: 'pending' });
    measureId = row.id;

    const accepted = await client.call('acceptAssignment', { measureId }, { requestId: 'oa-accept-1' });
    expect(accepted).toMatchObject({ status: 200, body: { events: ['assignment.accepted'] } });
    const measure = await client.call('getMeasure', { measureId });
    expect(measure.status).toBe(200);
    commerceId = measure.body.assignments.find((a: { name: string }) => a.name === '市商务局').agencyId;
    const reported = await client.call('submitReport', { measureId }, { cycleIndex: measure.body.cycle.index, requestId: 'oa-report-1', content: { progressStatus: 'on_track', percentDone: 30, summary: 'OA 报送：已与港澳方面对接' } });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);

    // The lead, in the portal: gives 市商务局 a subtask, returns its report, escalates it.
    lead = await signIn('gz-ndrc-officer');
    await trpc(lead, 'measure.createSubtask', { measureId, assigneeAgencyId: commerceId, title: '提供港澳规则对接清单', dueAt: new Date(Date.now() + 20 * 86_400_000).toISOString() });
    await trpc(lead, 'measure.reviewReport', { measureId, agencyId: commerceId, cycleIndex: measure.body.cycle.index, decision: 'return', comment: '请补充数据' });
    await trpc(lead, 'measure.escalate', { measureId, agencyId: commerceId, reason: '进展滞后' });

    // 市商务局 hears of its subtask, its returned report and the escalation; 市发展改革委 (the lead) of the report to
    // review and of the escalation it raised (the lead is told of every escalation on its measure).
    const expected = ['commerce:assignment.assigned', 'commerce:measure.escalated', 'commerce:report.reviewed', 'ndrc:measure.escalated', 'ndrc:report.submitted'];
    await waitFor('five signed webhooks', () => received.length >= expected.length);
    await new Promise((r) => setTimeout(r, 1_000));
    const delivered = verified();
    expect(summary(delivered)).toEqual(expected);
    for (const d of delivered) expect(d.data.measureId).toBe(measureId);
    expect(delivered.find((d) => d.type === 'report.reviewed')!.data).toMatchObject({ decision: 'returned', agencyId: commerceId });
    // A tampered body fails the check the receiver makes.
    const first = received[0]!;
    expect(() => new Webhook(secrets.commerce).verify(first.body.replace('"', ' "'), first.headers)).toThrow();

    // Revoked at the shell: the next request is a 401.
    admin = await signIn('admin');
    const tokens = await trpc<{ id: string; name: string }[]>(admin, 'apiToken.list', undefined, false);
    const revoked = await liandong('token', 'revoke', tokens.find((t) => t.name === 'OA 系统')!.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    const refused = await client.call('listAssignments', { limit: 5 });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHORIZED');
  });

  it('delivers what happened while the receiver was away, across a restart of the whole stack, exactly once', async () => {
    admin = await signIn('admin');
    const before = verified().map((d) => d.id);
    await stopReceiver(receiver);
    receiver = undefined;

    // Events while nobody listens: a second subtask and an escalation for 市商务局.
    await trpc(lead, 'measure.createSubtask', { measureId, assigneeAgencyId: commerceId, title: '报送第二批对接事项', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await trpc(lead, 'measure.escalate', { measureId, agencyId: commerceId, reason: '仍未补充数据' });
    const endpoints = await trpc<{ id: string; agencyName: string }[]>(admin, 'webhook.list', undefined, false);
    const commerceEndpoint = endpoints.find((e) => e.agencyName === '市商务局')!.id;
    type Deliveries = { items: { id: string; status: string; attempts: number; eventType: string }[] };
    // In order per endpoint: the older one is tried (and fails) before the stack goes down; the newer waits behind it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const page = await trpc<Deliveries>(admin, 'webhook.deliveries', { id: commerceEndpoint, limit: 10 }, false);
      const pending = page.items.filter((d) => d.status === 'pending');
      if (pending.length === 2 && pending[1]!.attempts >= 2 && pending[0]!.attempts === 0) break;
      if (Date.now() > deadline) throw new Error(`the deliveries were not attempted: ${JSON.stringify(page.items)}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    expect(await stack.stop()).toBe(0);
    stack = await startStack(dataDir, 240_000, WEBHOOK_ENV);
    receiver = await startReceiver(receiverPort);

    await waitFor('the three events from while the receiver was away', () => received.length >= before.length + 3);
    await new Promise((r) => setTimeout(r, 2_000));
    const all = verified();
    const ids = all.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const after = all.filter((d) => !before.includes(d.id));
    expect(summary(after)).toEqual(['commerce:assignment.assigned', 'commerce:measure.escalated', 'ndrc:measure.escalated']);

    admin = await signIn('admin');
    const page = await trpc<Deliveries>(admin, 'webhook.deliveries', { id: commerceEndpoint, limit: 10 }, false);
    expect(page.items.every((d) => d.status === 'delivered')).toBe(true);
    const retried = page.items.filter((d) => after.some((a) => a.id === d.id));
    expect(retried.map((d) => d.eventType)).toEqual(['measure.escalated', 'assignment.assigned']);
    expect(retried[1]!.attempts).toBeGreaterThanOrEqual(3);
    // Delivered in the order they happened: the receiver got the subtask before the escalation.
    const order = after.filter((d) => d.endpoint === 'commerce').map((d) => d.type);
    expect(order).toEqual(['assignment.assigned', 'measure.escalated']);
  });
});
