// REST /api/v1 through the real HTTP app, over a real database and a real worker (the fuzz world: an officer of 市政务和数据局
// (gz-data) is a partner on one measure of plan 甲, coordinated by 市商务局 (gz-commerce)).
// Tokens are created by the service an admin uses; each request is what another system would send.
import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createApiTokenService, createServices, openApiDocument, REST_OPERATIONS, type Services } from '@liandong/api';
import { createApp } from '../app';
import { problemWithErrorBody, settledSnapshot, startFuzzStack, type FuzzStack } from '../fuzz.test-support';

let stack: FuzzStack;
let services: Services;
let app: ReturnType<typeof createApp>;
const tokens = { officer: '', other: '', coordinator: '' };
let officerTokenId = '';

// Every answer is checked against what the document says it answers: a 200 against the operation's response schema,
// an error against the one error shape. The document is the contract a client is written from.
const documented = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json': { schema: object } } }> }>>; components: { schemas: { Error: object } } };
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const errorShape = ajv.compile(documented.components.schemas.Error);
const answerShapes = REST_OPERATIONS.map((op) => ({
  method: op.method.toUpperCase(),
  pattern: new RegExp(`^/api/v1${op.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  validate: ajv.compile(documented.paths[op.path]![op.method]!.responses['200']!.content!['application/json'].schema),
}));

async function conformsToDocument(method: string, path: string, res: Response): Promise<void> {
  const text = await res.clone().text();
  if (res.status >= 400) {
    if (!errorShape(JSON.parse(text))) throw new Error(`${method} ${path} ${res.status}: not the documented error shape: ${ajv.errorsText(errorShape.errors)}\n${text.slice(0, 300)}`);
    return;
  }
  const shape = answerShapes.find((a) => a.method === method && a.pattern.test(path));
  if (shape && !shape.validate(JSON.parse(text))) throw new Error(`${method} ${path}: the answer is not what the document describes: ${ajv.errorsText(shape.validate.errors)}\n${text.slice(0, 500)}`);
}

async function api(token: string | null, path: string, init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const method = init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET');
  const res = await app.request(`http://localhost/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
  });
  if (path !== '/openapi.json') await conformsToDocument(method, new URL(`http://localhost/api/v1${path}`).pathname, res);
  return res;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read as a client would, field by field
const json = async (res: Response) => (await res.json()) as Record<string, any>;

beforeAll(async () => {
  stack = await startFuzzStack('rest');
  services = createServices(stack.deps);
  // The tests send far more than a minute's allowance from one token; the limit has a test of its own below.
  services.apiTokens = createApiTokenService({ ...stack.deps, rateLimit: { requests: 100_000, windowSeconds: 60 } });
  app = createApp({ db: stack.t.db, temporal: stack.deps.temporal, taskQueue: stack.deps.taskQueue, portalDir: null, services });
  const made = async (agency: string, role: 'officer' | 'coordinator' = 'officer') => (await services.apiTokens.create({ agency, name: `测试 ${agency} ${role}`, role }, 'test-admin'));
  const officer = await made('gz-data');
  officerTokenId = officer.summary.id;
  tokens.officer = officer.token;
  tokens.other = (await made('gz-finance')).token;
  tokens.coordinator = (await made('gz-commerce', 'coordinator')).token;
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json without a token and validates as OpenAPI 3.1', async () => {
    const res = await api(null, '/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    const result = await new Validator().validate(doc as Parameters<Validator['validate']>[0]);
    expect(result).toEqual({ valid: true });
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toContain('联动');
  });

  it('describes every REST operation in Chinese, with the procedure behind it', async () => {
    const doc = await json(await api(null, '/openapi.json'));
    for (const op of REST_OPERATIONS) {
      const described = doc.paths[op.path]?.[op.method];
      expect(described, `${op.method} ${op.path}`).toBeDefined();
      expect(described.summary).toMatch(/[\u4e00-\u9fff]/);
      expect(described['x-liandong-procedure']).toBe(op.procedure);
    }
    // The report's fields come from measure.submitReport's own schema: the same bounds.
    const body = doc.paths['/measures/{measureId}/reports'].post.requestBody.content['application/json'].schema;
    expect(body.properties.content.properties.percentDone).toMatchObject({ type: 'integer', minimum: 0, maximum: 100, description: '完成百分比（0–100）' });
    expect(body.required).toEqual(['cycleIndex', 'content']);
  });

  it('names only procedures that exist', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, unknown>;
    for (const op of REST_OPERATIONS) if (op.procedure) expect(procedures[op.procedure], op.procedure).toBeDefined();
    expect(openApiDocument().paths).toBeDefined();
  });
});

describe('tokens', () => {
  it('401 without a token, with a malformed one, an unknown one, and after revocation; one JSON shape', async () => {
    const cases: [string | null, RegExp][] = [
      [null, /缺少接口令牌/],
      ['not-a-token', /格式/],
      [`ld_${'A'.repeat(43)}`, /令牌无效/],
    ];
    for (const [token, message] of cases) {
      const res = await api(token, '/assignments');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      const body = await json(res);
      expect(body.error).toMatchObject({ code: 'UNAUTHORIZED', fields: null });
      expect(body.error.message).toMatch(message);
    }
    const temp = await services.apiTokens.create({ agency: 'gz-data', name: 'soon revoked' }, 'test-admin');
    expect((await api(temp.token, '/me')).status).toBe(200);
    await services.apiTokens.revoke(temp.summary.id, 'test-admin');
    const revoked = await api(temp.token, '/me');
    expect(revoked.status).toBe(401);
    expect((await json(revoked)).error.message).toMatch(/吊销|revoked/);
    // The refused use is in the audit log under the token it named.
    const uses = await stack.t.db.selectFrom('auditEvents').select('payload').where('action', '=', 'api.token_used').where('subjectId', '=', temp.summary.id).execute();
    expect(uses.map((u) => (u.payload as { status: number }).status)).toEqual([200, 401]);
  });

  it('acts as its agency, never more: /me', async () => {
    const me = await json(await api(tokens.officer, '/me'));
    expect(me).toMatchObject({ agency: { id: stack.world.officer.agencyId, name: '市政务和数据局' }, roles: ['officer'] });
  });

  it('429 with Retry-After past the rate limit, and each refused use is audited too', async () => {
    const limited = createServices(stack.deps);
    limited.apiTokens = createApiTokenService({ ...stack.deps, rateLimit: { requests: 3, windowSeconds: 60 } });
    const limitedApp = createApp({ db: stack.t.db, temporal: stack.deps.temporal, taskQueue: stack.deps.taskQueue, portalDir: null, services: limited });
    const { token, summary } = await limited.apiTokens.create({ agency: 'gz-data', name: 'rate limited' }, 'test-admin');
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await limitedApp.request('http://localhost/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(last!)).error).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const audited = await stack.t.db.selectFrom('auditEvents').select(['payload']).where('action', '=', 'api.token_used').where('subjectId', '=', summary.id).execute();
    expect(audited.map((e) => (e.payload as { status: number }).status).sort()).toEqual([200, 200, 200, 429, 429]);
  });
});

describe('an agency system at work', () => {
  it('lists its assignments, accepts one, submits a report, and every use is in the audit log', async () => {
    const before = await stack.t.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'api.token_used').executeTakeFirstOrThrow();
    const list = await json(await api(tokens.officer, '/assignments?role=partner&limit=50'));
    const own = list.rows.find((r: { id: string }) => r.id === stack.world.ownMeasureId);
    expect(own).toMatchObject({ role: 'partner', assignmentStatus: 'pending' });
    expect(list.total).toBe(list.rows.length);
    const inbox = await json(await api(tokens.officer, '/inbox?limit=100'));
    expect(inbox.items.some((i: { measureId: string; kind: string }) => i.measureId === stack.world.ownMeasureId)).toBe(true);

    const accepted = await api(tokens.officer, `/measures/${stack.world.ownMeasureId}/accept`, { body: {}, headers: { 'idempotency-key': 'accept-1' } });
    expect(accepted.status).toBe(200);
    expect((await json(accepted)).events).toEqual(['assignment.accepted']);
    // The same key again is the same command: answered, not applied twice.
    const again = await api(tokens.officer, `/measures/${stack.world.ownMeasureId}/accept`, { body: {}, headers: { 'idempotency-key': 'accept-1' } });
    expect(again.status).toBe(200);

    const measure = await json(await api(tokens.officer, `/measures/${stack.world.ownMeasureId}`));
    const cycleIndex = measure.cycle.index as number;
    const report = await api(tokens.officer, `/measures/${stack.world.ownMeasureId}/reports`, {
      body: { cycleIndex, requestId: 'report-1', content: { progressStatus: 'on_track', percentDone: 40, summary: '已完成数据接口对接（经 OA 报送）' } },
    });
    expect(report.status).toBe(200);
    expect((await json(report)).events).toContain('report.submitted');
    await settledSnapshot(stack.t.db);
    const stored = await stack.t.db.selectFrom('reports').select(['summary', 'percentDone']).where('measureId', '=', stack.world.ownMeasureId).where('agencyId', '=', stack.world.officer.agencyId).execute();
    expect(stored).toEqual([{ summary: '已完成数据接口对接（经 OA 报送）', percentDone: 40 }]);
    const accepts = await stack.t.db.selectFrom('auditEvents').select('id').where('action', '=', 'assignment.accepted').where('measureId', '=', stack.world.ownMeasureId).execute();
    expect(accepts).toHaveLength(1);

    const after = await stack.t.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'api.token_used').executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(6);
  });

  it('reads and acknowledges its notifications', async () => {
    const page = await json(await api(tokens.officer, '/notifications?unreadOnly=true&limit=100'));
    expect(Array.isArray(page.items)).toBe(true);
    const marked = await json(await api(tokens.officer, '/notifications/read', { body: { ids: 'all' } }));
    expect(marked.marked).toBe(page.items.length);
    expect((await json(await api(tokens.officer, '/notifications?unreadOnly=true'))).items).toEqual([]);
  });
});

describe('errors: one JSON shape, the field named, nothing changed', () => {
  it('400 names the field: a query value, a body field, an unknown field, a body that is not JSON', async () => {
    const snapshot = await settledSnapshot(stack.t.db);
    const id = stack.world.ownMeasureId;
    const cases: [string, { method?: string; body?: unknown; raw?: string }, string][] = [
      ['/assignments?limit=500', {}, 'limit'],
      ['/assignments?overdue=perhaps', {}, 'overdue'],
      ['/assignments?agencyId=1', {}, 'agencyId'],
      [`/measures/${id}/reports`, { body: { cycleIndex: 0, content: { progressStatus: 'on_track', percentDone: 101 } } }, 'content.percentDone'],
      [`/measures/${id}/reports`, { body: { cycleIndex: 0, content: { progressStatus: 'fine', percentDone: 1 } } }, 'content.progressStatus'],
      [`/measures/${id}/reports`, { body: { cycleIndex: 0, content: { progressStatus: 'on_track', percentDone: 1, summary: 'a\u0000b' } } }, 'content.summary'],
      [`/measures/${id}/reports`, { body: { cycleIndex: 0, contents: {} } }, 'contents'],
      [`/measures/${id}/decline`, { body: { reason: '   ' } }, 'reason'],
      [`/measures/${id}/transfer-request`, { body: { toAgencyId: 99_999_999, reason: '不属于本单位职责' } }, 'toAgencyId'],
      [`/measures/${id}/accept`, { raw: '{not json' }, '(body)'],
      [`/measures/${id}/accept`, { raw: '[1,2]' }, '(body)'],
      ['/measures/not-a-uuid', {}, 'measureId'],
      ['/notifications/read', { body: { ids: ['x'] } }, 'ids.0'],
      [`/measures/${id}/accept`, { raw: '{"__proto__":{"roles":["admin"]}}' }, '__proto__'],
      [`/measures/${id}/accept`, { body: { constructor: 1 } }, 'constructor'],
      ['/assignments?__proto__=x', {}, '__proto__'],
      ['/assignments?toString=1', {}, 'toString'],
    ];
    for (const [path, init, field] of cases) {
      const res = await api(tokens.officer, path, init);
      const text = await res.text();
      expect(res.status, `${path} ${text}`).toBe(400);
      const body = JSON.parse(text);
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.fields.map((f: { field: string }) => f.field), text).toContain(field);
      expect(problemWithErrorBody(res.status, text)).toBeNull();
    }
    expect(await settledSnapshot(stack.t.db)).toEqual(snapshot);
  });

  it('403 for another agency’s measure or a coordinator’s queue, 404 for none, 409 with the workflow’s reason', async () => {
    const foreign = stack.world.foreignMeasureIds[0]!;
    const forbidden = await api(tokens.other, `/measures/${stack.world.ownMeasureId}/accept`, { body: {} });
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).error.code).toBe('FORBIDDEN');
    expect((await api(tokens.officer, `/measures/${foreign}`)).status).toBe(403);
    expect((await api(tokens.officer, '/escalations')).status).toBe(403);
    const missing = await api(tokens.officer, `/measures/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('NOT_FOUND');
    const nowhere = await api(tokens.officer, '/nothing-here');
    expect(nowhere.status).toBe(404);
    // Accepted above: accepting again (a new request) is refused by the measure's workflow, with its reason.
    const conflict = await api(tokens.officer, `/measures/${stack.world.ownMeasureId}/accept`, { body: { requestId: randomUUID() } });
    expect(conflict.status).toBe(409);
    const body = await json(conflict);
    expect(body.error.code).toBe('CONFLICT');
    expect(body.error.message.length).toBeGreaterThan(5);
  });

  it('a coordinator office token reads its escalation queue, acknowledges and resolves one; an officer token may not', async () => {
    const queue = await api(tokens.coordinator, '/escalations');
    expect(queue.status).toBe(200);
    const body = await json(queue);
    expect(body.total).toBeGreaterThanOrEqual(1);
    const { id, measureId } = body.rows[0] as { id: string; measureId: string };
    expect((await api(tokens.officer, `/measures/${measureId}/escalations/${id}/acknowledge`, { body: {} })).status).toBe(403);
    const acknowledged = await api(tokens.coordinator, `/measures/${measureId}/escalations/${id}/acknowledge`, { body: {} });
    expect(acknowledged.status).toBe(200);
    expect((await json(acknowledged)).events).toEqual(['escalation.acknowledged']);
    const noDecision = await api(tokens.coordinator, `/measures/${measureId}/escalations/${id}/resolve`, { body: {} });
    expect(noDecision.status).toBe(400);
    expect((await json(noDecision)).error.fields[0].field).toBe('decision');
    const resolved = await api(tokens.coordinator, `/measures/${measureId}/escalations/${id}/resolve`, { body: { decision: '已约谈，限期一周报送' } });
    expect(resolved.status).toBe(200);
    const after = await json(await api(tokens.coordinator, `/escalations?measureId=${measureId}`));
    expect(after.rows.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it('hostile bodies for every command: never a 5xx, always the error shape, nothing changed', async () => {
    const snapshot = await settledSnapshot(stack.t.db);
    const commands = REST_OPERATIONS.filter((op) => op.method === 'post');
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('\u0000', '\uD800', '__proto__', 'all', '-1'));
    const body = fc.dictionary(fc.constantFrom('agencyId', 'reason', 'toAgencyId', 'cycleIndex', 'content', 'ids', 'decision', 'requestId', '__proto__', 'x'), fc.oneof(value, fc.dictionary(fc.string({ maxLength: 8 }), value)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commands), body, fc.constantFrom(stack.world.foreignMeasureIds[0]!, randomUUID(), 'x'), async (op, sent, measureId) => {
        const path = op.path.replace('{measureId}', measureId).replace('{escalationId}', 'e-1');
        const res = await api(tokens.officer, path, { body: sent });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        if (res.status >= 400) expect(problemWithErrorBody(res.status, text)).toBeNull();
      }),
      { numRuns: process.env.LIANDONG_DEEP === '1' ? Number(process.env.LIANDONG_DEEP_RUNS ?? 5_000) : 150 },
    );
    const after = await settledSnapshot(stack.t.db);
    // Audit events grow (every use is audited); reports, assignments and the rest do not move.
    expect(after).toEqual(snapshot);
    const used = await stack.t.db.selectFrom('apiTokens').select('useCount').where('id', '=', officerTokenId).executeTakeFirstOrThrow();
    expect(Number(used.useCount)).toBeGreaterThan(150);
  });
});

// The REST operations × who holds the token, written out (never computed from the policy): no token; an officer of
// 市政务和数据局 (partner on the measure); an officer of 市财政局 (on plan 甲, not on this measure); the coordinator office
// 市商务局. `ok` means the policy lets it through: 2xx, or refused by the measure afterwards (400 / 409).
type RestOutcome = 'ok' | 401 | 403;
const REST_COLUMNS = ['none', 'officer', 'otherOfficer', 'coordinator'] as const;
// prettier-ignore
const REST_MATRIX: Record<string, [RestOutcome, RestOutcome, RestOutcome, RestOutcome]> = {
  //                       none  officer  other  coordinator
  getMe:                  [401,  'ok',    'ok',  'ok'],
  listAssignments:        [401,  'ok',    'ok',  'ok'],
  listInbox:              [401,  'ok',    'ok',  'ok'],
  getMeasure:             [401,  'ok',    403,   'ok'],
  acceptAssignment:       [401,  'ok',    403,   403],
  declineAssignment:      [401,  'ok',    403,   403],
  requestTransfer:        [401,  'ok',    403,   403],
  submitReport:           [401,  'ok',    403,   403],
  listNotifications:      [401,  'ok',    'ok',  'ok'],
  markNotificationsRead:  [401,  'ok',    'ok',  'ok'],
  listEscalations:        [401,  403,     403,   'ok'],
  acknowledgeEscalation:  [401,  403,     403,   'ok'],
  resolveEscalation:      [401,  403,     403,   'ok'],
};

describe('the REST authorization matrix', () => {
  it('has a row for every REST operation', () => {
    expect(REST_OPERATIONS.map((op) => op.operationId).sort()).toEqual(Object.keys(REST_MATRIX).sort());
  });

  it('answers each operation for each token as the table says', async () => {
    const escalations = await stack.t.db.selectFrom('escalations').select(['id', 'measureId']).where('measureId', 'in', stack.world.foreignMeasureIds).execute();
    const escalation = escalations[0]!;
    const gzFinance = (await stack.t.db.selectFrom('agencies').select('id').where('code', '=', 'gz-finance').executeTakeFirstOrThrow()).id;
    const bodies: Record<string, unknown> = {
      acceptAssignment: {},
      declineAssignment: { reason: '不属于本单位职责' },
      requestTransfer: { toAgencyId: gzFinance, reason: '应由市财政局承办' },
      submitReport: { cycleIndex: 0, content: { progressStatus: 'on_track', percentDone: 50 } },
      markNotificationsRead: { ids: 'all' },
      acknowledgeEscalation: {},
      resolveEscalation: { decision: '已督促整改' },
    };
    const held = { none: null, officer: tokens.officer, otherOfficer: tokens.other, coordinator: tokens.coordinator };
    const mismatches: string[] = [];
    for (const op of REST_OPERATIONS) {
      const measureId = op.path.includes('escalations/') ? escalation.measureId : stack.world.ownMeasureId;
      const path = op.path.replace('{measureId}', measureId).replace('{escalationId}', escalation.id);
      for (const [i, column] of REST_COLUMNS.entries()) {
        const res = await api(held[column], path, op.method === 'post' ? { body: bodies[op.operationId] ?? {} } : {});
        const got: RestOutcome = res.status === 401 || res.status === 403 ? res.status : 'ok';
        if (res.status >= 500 || res.status === 404 || res.status === 429) mismatches.push(`${op.operationId} × ${column}: ${res.status} ${await res.text()}`);
        else if (got !== REST_MATRIX[op.operationId]![i]) mismatches.push(`${op.operationId} × ${column}: expected ${REST_MATRIX[op.operationId]![i]}, got ${res.status} ${await res.text()}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
