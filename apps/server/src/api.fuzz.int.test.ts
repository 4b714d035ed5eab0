// Hostile input against every tRPC procedure, through the real HTTP app: wrong types, missing fields, huge strings,
// NUL and lone surrogates, prototype-pollution keys, deep nesting, odd numbers, other agencies' ids, SQL-ish text,
// malformed JSON, forged page tokens, wrong methods and content types — as nobody, as an officer and as an auditor.
// Every request is either invalid or unauthorized, so: never a 5xx, nothing logged as a fault, every error a JSON
// error with a message and no internals, and no content table changes. Text PostgreSQL cannot store (NUL, lone
// surrogates) is a 400 naming its field wherever the request gets that far, and a forged page token a 400 naming
// `cursor`. An admin's odd characters get a sweep of their own (no 5xx, unstorable text refused by name, nothing
// stored altered; an admin may store things). LIANDONG_DEEP=1 runs LIANDONG_DEEP_RUNS (default 20,000) random
// requests with a random seed.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@liandong/api';
import { contentSnapshot, ORIGIN, problemWithErrorBody, replacementCharacterRows, startFuzzStack, type FuzzStack, type FuzzWorld, type LoggedFault } from './fuzz.test-support';

const DEEP = process.env.LIANDONG_DEEP === '1';
const RUNS = DEEP ? Number(process.env.LIANDONG_DEEP_RUNS ?? 20_000) : 1_000;

type Identity = 'anonymous' | 'officer' | 'auditor' | 'admin';
/** Who the random run and the main sweep act as: nobody they send may change anything. */
const IDENTITIES: Identity[] = ['anonymous', 'officer', 'auditor'];

const PROCEDURES = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>).map(([path, p]) => ({ path, type: p._def.type }));
/** Procedures a signed-in identity never sends: signing out would end the session the rest of the run needs. */
const SKIPPED: Record<Identity, Set<string>> = { anonymous: new Set(), officer: new Set(['auth.signOut']), auditor: new Set(['auth.signOut']), admin: new Set(['auth.signOut']) };

// ---- hostile values ------------------------------------------------------------------

const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDC00x',
  'x\uD83D',
  "' OR '1'='1",
  "'; DROP TABLE measures; --",
  '1; select pg_sleep(5)',
  '%',
  '_',
  '\\',
  '%00',
  '\\u0000',
  '${7*7}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  ' ',
  '\t\n\r',
  '\u202e\u200b\uFEFF',
  'null',
  'true',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-000000000000\u0000',
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.oneof(loneSurrogate, fc.constant('\u0000')), fc.string({ maxLength: 10 })).map(([a, s, b]) => a + s + b) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('x', '长', '\u0000', '😀')).map(([n, c]) => c.repeat(n)) },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY),
  fc.integer(),
  fc.double(),
);
const nastyKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'roles', 'actor', 'agencyId', 'measureId', '$where', ''), fc.string({ maxLength: 8 }));
const { hostileValue } = fc.letrec<{ hostileValue: unknown }>((tie) => ({
  hostileValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('hostileValue'), { maxLength: 4 }),
    fc.dictionary(nastyKey, tie('hostileValue'), { maxKeys: 4 }),
  ),
}));

/** A page token as the lists hand them out (base64url JSON of a keyset position), with hostile positions. */
const timestampText = fc.oneof(
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace(/Z$/, '000Z')),
  fc.constantFrom('9999-99-99T99:99:99.999999Z', '2026-02-30T00:00:00.000000Z', '0000-00-00T00:00:00.000000Z', '2026-01-01T24:00:00.000000Z'),
);
const forgedCursor = fc
  .record({ dueAt: timestampText, since: timestampText, createdAt: timestampText, kind: fc.oneof(fc.constantFrom('report.due', 'a\u0000'), hostileString), refId: fc.uuid(), id: fc.uuid() }, { requiredKeys: [] })
  .map((position) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url'));

// ---- valid-looking inputs that must still be refused -------------------------------------

/** One superset of every measure command's fields (zod drops what a command does not take), aimed at measures the identity may not act on. */
function baselineFor(path: string, identity: Identity, w: FuzzWorld): fc.Arbitrary<unknown> {
  // An officer's commands go to other agencies' measures only: on its own measure a valid command is allowed.
  const measureIds = identity === 'officer' ? w.foreignMeasureIds : [w.ownMeasureId, ...w.foreignMeasureIds];
  const measureId = fc.oneof(fc.constantFrom(...measureIds), fc.uuid());
  const agencyId = fc.constantFrom(w.agencyIds.own, ...w.agencyIds.others);
  const id = fc.oneof(fc.constantFrom(...w.foreignIds, 'none'), fc.uuid());
  const future = fc.integer({ min: 1, max: 60 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString());
  const text = fc.constantFrom('理由', '已完成', '');
  if (path.startsWith('measure.') || path === 'calendar.measure') {
    return fc.record({
      measureId,
      requestId: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      agencyId,
      toAgencyId: agencyId,
      reassignToAgencyId: agencyId,
      assigneeAgencyId: agencyId,
      neededAgencyIds: fc.array(agencyId, { minLength: 1, maxLength: 3 }),
      responderAgencyIds: fc.array(agencyId, { minLength: 1, maxLength: 3 }),
      reason: text,
      comment: text,
      note: text,
      title: text,
      description: text,
      evidence: text,
      resolution: text,
      response: text,
      decision: fc.constantFrom('accept', 'return', 'insist', 'reassign', '已协调'),
      approve: fc.boolean(),
      dueAt: future,
      requestedDueAt: future,
      cycleIndex: fc.nat({ max: 3 }),
      subtaskId: id,
      escalationId: id,
      issueId: id,
      extensionId: id,
      finalKpis: fc.constant([]),
      content: fc.record({ progressStatus: fc.constantFrom('on_track', 'done'), percentDone: fc.nat({ max: 100 }), kpiValues: fc.constant([]), summary: text, problems: text, supportRequested: text }),
    });
  }
  if (path.startsWith('inbox.') || path.startsWith('notification.') && path !== 'notification.markRead') {
    return fc.record(
      {
        agencyId,
        limit: fc.integer({ min: 1, max: 100 }),
        cursor: fc.oneof(fc.string({ maxLength: 40 }), forgedCursor),
        planId: fc.constantFrom(...w.planIds),
        unreadOnly: fc.boolean(),
        sort: fc.constantFrom('due', 'number'),
        offset: fc.nat({ max: 10 }),
      },
      { requiredKeys: [] },
    );
  }
  switch (path) {
    case 'escalation.queue':
      return fc.record(
        {
          level: fc.constantFrom('blue', 'yellow', 'red'),
          planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()),
          agencyId,
          measureId,
          limit: fc.integer({ min: 1, max: 100 }),
          offset: fc.nat({ max: 10 }),
        },
        { requiredKeys: [] },
      );
    case 'decision.pending':
      return fc.record(
        { planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()), kind: fc.constantFrom('decline', 'transfer', 'extension', 'closure'), limit: fc.integer({ min: 1, max: 100 }) },
        { requiredKeys: [] },
      );
    case 'issue.board':
      return fc.record(
        { planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()), measureId, overdueOnly: fc.boolean(), limit: fc.integer({ min: 1, max: 100 }) },
        { requiredKeys: [] },
      );
    case 'notification.markRead':
      // Never 'all' and never the officer's own notifications: marking those read is its right.
      return identity === 'officer'
        ? fc.record({ ids: fc.array(fc.oneof(fc.constantFrom(...w.foreignNotificationIds), fc.uuid()), { minLength: 1, maxLength: 5 }) })
        : fc.record({ ids: fc.oneof(fc.constant('all'), fc.array(fc.uuid(), { minLength: 1, maxLength: 5 })) });
    case 'agency.list':
      return fc.record({ search: hostileString, level: fc.constantFrom('city', 'province'), parentCode: fc.string({ maxLength: 10 }) }, { requiredKeys: [] });
    case 'auth.signIn':
      return fc.record({ username: fc.oneof(fc.constantFrom(...w.usernames), hostileString), password: hostileString });
    case 'assessment.rules':
    case 'assessment.setRules':
    case 'assessment.ranking':
    case 'assessment.explain':
    case 'assessment.export':
    case 'ledger.export':
      return fc.record(
        {
          planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()),
          period: fc.constantFrom('2026-12', '2026-Q4', '2026-13', '2026-Q5'),
          agencyId,
          rules: fc.constant({ base: 100, onTimeReport: 0.5, lateReport: 1, missedReport: 2, returnedReport: 0.5, blueEscalation: 0, yellowEscalation: 2, redEscalation: 5, closedBeforeDeadline: 3, cap: null, floor: 0 }),
          requestId: fc.uuid(),
        },
        { requiredKeys: [] },
      );
    case 'circular.draft':
    case 'circular.update':
    case 'circular.issue':
    case 'circular.list':
    case 'circular.get':
    case 'circular.pdf':
      // 通报: none of the fuzzing identities coordinates an office, so nothing may be drafted, edited or issued.
      return fc.record(
        {
          circularId: fc.uuid(),
          planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()),
          from: fc.constantFrom('2026-11-01', '2026-13-01'),
          to: fc.constantFrom('2026-11-30', '2026-10-01'),
          title: fc.constantFrom('关于工作推进情况的通报', ''),
          body: fc.constant([{ type: 'paragraph', text: '正文' }]),
          status: fc.constantFrom('draft', 'issued'),
          limit: fc.integer({ min: 1, max: 100 }),
          offset: fc.nat({ max: 10 }),
          requestId: fc.uuid(),
        },
        { requiredKeys: [] },
      );
    case 'supervision.issueNotice':
    case 'supervision.signNotice':
    case 'supervision.answerNotice':
    case 'supervision.notices':
    case 'supervision.notice':
    case 'supervision.noticePdf':
      // 督办单: none of the fuzzing identities coordinates a plan, and the notice is another agency's to sign and answer.
      return fc.record(
        {
          noticeId: id,
          measureId,
          agencyId,
          escalationId: id,
          requirement: text,
          answer: text,
          answerDueAt: future,
          planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()),
          status: fc.constantFrom('issued', 'signed', 'answered'),
          limit: fc.integer({ min: 1, max: 100 }),
          offset: fc.nat({ max: 10 }),
          requestId: fc.uuid(),
        },
        { requiredKeys: [] },
      );
    case 'plan.get':
      return fc.record({ id: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()) });
    case 'dashboard.plan':
      return fc.record({ planId: fc.oneof(fc.constantFrom(...w.planIds), fc.uuid()) });
    case 'dashboard.group':
      return fc.record({ coordinatorAgencyId: agencyId }, { requiredKeys: [] });
    case 'plan.preview':
      return fc.record({ text: fc.constantFrom('广州市关于测试的若干措施\n(一)深化开放。内容一。(市商务局、市财政局)') });
    case 'plan.confirm':
      return fc.constant({
        sourceText: `模糊测试 ${randomUUID()}\n1措施。`,
        meta: { title: `模糊测试 ${randomUUID()}`, coordinatorAgencyCode: 'gz-data' },
        measures: [{ number: '1', title: '措施', leadCodes: ['gz-data'], partnerCodes: [] }],
      });
    case 'calendar.setYear':
      return fc.constant({ year: 2098, holidays: [{ date: '2098-01-01', name: '元旦' }], workdays: [] });
    case 'user.create':
      return fc.record({ username: fc.constantFrom('fuzz.new', 'fuzz.officer'), agency: fc.constantFrom('gz-data', 'gd-gov'), roles: fc.constantFrom(['admin'], ['officer']), password: fc.constant('a-long-password-1') });
    case 'user.resetPassword':
      // Never the admin's own: resetting it signs the admin's sweep out midway.
      return fc.record({ username: fc.constantFrom(...w.usernames.filter((u) => u !== 'fuzz.admin')), password: fc.constant('a-long-password-2') });
    default:
      return fc.constant(undefined);
  }
}

type Op = { kind: 'set' | 'delete' | 'add' | 'nest'; pick: number; key: string; value: unknown };
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('set', 'set', 'delete', 'add', 'nest'), pick: fc.nat(), key: nastyKey, value: hostileValue });
function mutated(value: unknown, ops: Op[]): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ops[0]?.value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const o of ops) {
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? keys[o.pick % keys.length]! : o.key;
    if (o.kind === 'set') copy[key] = o.value;
    else if (o.kind === 'delete') delete copy[key];
    // defineProperty: an own "__proto__" key that JSON.stringify writes out, as a hostile client sends it.
    else if (o.kind === 'add') Object.defineProperty(copy, o.key, { value: o.value, enumerable: true, configurable: true, writable: true });
    else copy[key] = { [key]: copy[key], extra: o.value };
  }
  return copy;
}
const inputFor = (path: string, identity: Identity, w: FuzzWorld): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(baselineFor(path, identity, w), fc.array(op, { minLength: 1, maxLength: 3 })).map(([b, ops]) => mutated(b, ops)) },
    { weight: 2, arbitrary: baselineFor(path, identity, w) },
    { weight: 2, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** JSON no JSON.stringify writes: malformed, polluted, deeply nested, numbers out of range. */
const rawJson = (w: FuzzWorld): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '}',
      '{"',
      '{"a":}',
      '[',
      'null',
      'true',
      '0',
      '"x"',
      '[]',
      '{"0":{}}',
      'undefined',
      'NaN',
      '\u0000',
      "{'a':1}",
      '{"a":1,}',
      '\uFEFF{}',
      '{"__proto__":{"roles":["admin"],"agencyId":1,"isAdmin":true}}',
      '{"constructor":{"prototype":{"roles":["admin"],"isAdmin":true}}}',
      `{"measureId":"${w.foreignMeasureIds[0]}","__proto__":{"actor":{"roles":["admin"]}},"agencyId":${w.agencyIds.own}}`,
      `{"measureId":"${w.foreignMeasureIds[0]}","agencyId":1e999}`,
      `{"measureId":"${w.foreignMeasureIds[0]}","agencyId":-0,"cycleIndex":1e-400}`,
      '{"limit":9007199254740993,"offset":-1e308}',
      '{"ids":"all","ids":["x"]}',
      '{"search":"\\u0000"}',
      '{"search":"\\ud800"}',
      '{"username":"\\u0000","password":"\\u0000"}',
    ),
    fc.integer({ min: 50, max: 50_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 50, max: 20_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    fc.integer({ min: 50, max: 5_000 }).map((n) => `{"measureId":${'['.repeat(n)}${']'.repeat(n)}}`),
  );

// ---- requests ------------------------------------------------------------------------------

interface Request {
  identity: Identity;
  method: string;
  path: string;
  query: string | null;
  body: string | null;
  contentType: string | null;
  origin: 'same' | 'foreign' | 'null' | 'none';
  /** For anonymous: no cookie, or a forged one. */
  forgedCookie: boolean;
}

/** URL-encodes text that may hold lone surrogates (which encodeURIComponent refuses) as the invalid UTF-8 a client could send. */
function encodeLoose(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return Array.from(text, (ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    }).join('');
  }
}
const asJson = (input: unknown): string | null => (input === undefined ? null : JSON.stringify(input));

function requestArb(w: FuzzWorld): fc.Arbitrary<Request> {
  const identity = fc.constantFrom(...IDENTITIES);
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/json; charset=utf-16', 'application/xml', null) },
  );
  const origin = fc.oneof({ weight: 8, arbitrary: fc.constant('same' as const) }, { weight: 1, arbitrary: fc.constantFrom('foreign' as const, 'null' as const, 'none' as const) });
  const procedureCall = identity.chain((who) => {
    const usable = PROCEDURES.filter((p) => !SKIPPED[who].has(p.path));
    return fc.constantFrom(...usable).chain((p) =>
      fc.record({
        identity: fc.constant(who),
        // Mostly the right method; sometimes the other one, or one tRPC never takes.
        method: fc.oneof({ weight: 8, arbitrary: fc.constant(p.type === 'query' ? 'GET' : 'POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }),
        path: fc.constant(p.path),
        payload: fc.oneof({ weight: 5, arbitrary: inputFor(p.path, who, w).map(asJson) }, { weight: 1, arbitrary: rawJson(w) }),
        contentType,
        origin,
        forgedCookie: fc.boolean(),
      }),
    );
  });
  const batchCall = fc.record({
    identity,
    method: fc.constantFrom('GET', 'POST'),
    path: fc.array(fc.constantFrom(...PROCEDURES.map((p) => p.path).filter((p) => p !== 'auth.signOut')), { minLength: 2, maxLength: 3 }).map((ps) => ps.join(',')),
    payload: fc.oneof(fc.array(hostileValue, { maxLength: 3 }).map((vs) => JSON.stringify(Object.fromEntries(vs.map((v, i) => [String(i), v])))), rawJson(w)),
    contentType,
    origin,
    forgedCookie: fc.boolean(),
  });
  const unknownPath = fc.record({
    identity,
    method: fc.constantFrom('GET', 'POST'),
    path: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'measure.__proto__', 'measure.constructor', 'toString', 'measure', 'measure.get.get', '', '.', 'measure..get', 'user.create,user.create'),
      fc.stringMatching(/^[a-zA-Z_.]{1,30}$/),
    ),
    payload: fc.oneof(hostileValue.map(asJson), rawJson(w)),
    contentType,
    origin,
    forgedCookie: fc.boolean(),
  });
  return fc
    .oneof(
      { weight: 8, arbitrary: procedureCall.map((r) => ({ ...r, batch: false })) },
      { weight: 1, arbitrary: batchCall.map((r) => ({ ...r, batch: true })) },
      { weight: 1, arbitrary: unknownPath.map((r) => ({ ...r, batch: false })) },
    )
    .map((r) => {
      const batch = r.batch;
      const onQuery = r.method === 'GET';
      const query = [batch ? 'batch=1' : null, onQuery && r.payload !== null ? `input=${encodeLoose(r.payload)}` : null].filter(Boolean).join('&');
      return {
        identity: r.identity,
        method: r.method,
        path: r.path,
        query: query === '' ? null : query,
        body: onQuery ? null : r.payload,
        contentType: onQuery ? null : r.contentType,
        origin: r.origin,
        forgedCookie: r.forgedCookie,
      };
    });
}

// ---- sending and judging ----------------------------------------------------------------------

let stack: FuzzStack;
let before: Record<string, string>;
let prototypeKeys: string[];
/** Each measure workflow's command sequence number before the fuzzing. */
let seqs: Map<string, number>;

async function send(r: Request): Promise<{ status: number; text: string; underTrpc: boolean }> {
  const w = stack.world;
  const headers: Record<string, string> = {};
  if (r.contentType) headers['content-type'] = r.contentType;
  if (r.origin === 'same') headers.origin = ORIGIN;
  else if (r.origin === 'foreign') headers.origin = 'https://evil.example';
  else if (r.origin === 'null') headers.origin = 'null';
  if (r.identity === 'officer') headers.cookie = w.cookies.officer;
  else if (r.identity === 'auditor') headers.cookie = w.cookies.auditor;
  else if (r.identity === 'admin') headers.cookie = w.cookies.admin;
  else if (r.forgedCookie) headers.cookie = 'liandong_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const url = `${ORIGIN}/trpc/${r.path}${r.query ? `?${r.query}` : ''}`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within 20 s: ${r.method} ${url.slice(0, 300)}`)), 20_000)));
  try {
    const res = await Promise.race([stack.app.request(url, { method: r.method, headers, body: r.body ?? undefined }), timeout]);
    // A path of dot segments ("/trpc/..") leaves /trpc: what answers there is not the API.
    return { status: res.status, text: await res.text(), underTrpc: new URL(url).pathname.startsWith('/trpc/') };
  } finally {
    clearTimeout(timer);
  }
}

const describeRequest = (r: Request) => `${r.identity} ${r.method} /trpc/${r.path.slice(0, 80)}${r.query ? `?${r.query.slice(0, 300)}` : ''} body=${r.body?.slice(0, 300) ?? '(none)'} type=${r.contentType} origin=${r.origin}`;

/**
 * Faults this fuzzer found that are not fixed yet (the fixes are outside the test's files). A request that
 * meets one is told apart from a new fault; each sweep checks its known faults still occur, so a fix shows up as
 * a failure asking for the entry here to be removed. None is open: NUL reaching PostgreSQL (agency.list,
 * auth.signIn, plan.confirm, user.create, calendar.setYear), a sign-in refusal lost from the audit log, and
 * forged page tokens reaching SQL are each refused where the input is read.
 */
const KNOWN_FAULTS: { id: string; sweep: 'main' | 'admin'; what: string; matches: (r: Request, status: number, faults: LoggedFault[]) => boolean }[] = [];

/** Answers by identity and status, printed after the random run: what the fuzzer reached. */
const answered = new Map<string, number>();

async function judge(r: Request, checkData: boolean, known: Set<string>, expectation?: Expectation): Promise<string | null> {
  const { status, text, underTrpc } = await send(r);
  const tally = `${r.identity} ${status}`;
  answered.set(tally, (answered.get(tally) ?? 0) + 1);
  const faults = stack.takeFaults();
  const knownFault = KNOWN_FAULTS.find((k) => k.matches(r, status, faults));
  if (knownFault) known.add(knownFault.id);
  else {
    if (status >= 500) return `${status} for ${describeRequest(r)}: ${text.slice(0, 300)}`;
    if (faults.length > 0) return `the app logged ${JSON.stringify(faults).slice(0, 400)} for ${describeRequest(r)} (answered ${status})`;
  }
  if (underTrpc && (status >= 400 || text.includes('"error"'))) {
    const problem = problemWithErrorBody(status, text);
    if (problem) return `${problem} — for ${describeRequest(r)}`;
  }
  if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys.join() || ({} as Record<string, unknown>).roles !== undefined) {
    return `Object.prototype was polluted by ${describeRequest(r)}`;
  }
  const missed = expectation?.(status, text);
  if (missed) return `${missed} — for ${describeRequest(r)}`;
  if (checkData) {
    const now = await contentSnapshot(stack.t.db);
    const changed = Object.keys({ ...before, ...now }).filter((table) => before[table] !== now[table]);
    if (changed.length > 0) {
      before = now; // report this request, not every later one
      return `tables ${changed.join(', ')} changed after ${describeRequest(r)} (answered ${status}: ${text.slice(0, 300)})`;
    }
  }
  return null;
}

beforeAll(async () => {
  stack = await startFuzzStack('server-fuzz');
  before = await contentSnapshot(stack.t.db);
  stack.takeFaults();
  prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  seqs = new Map();
  for (const id of [stack.world.ownMeasureId, ...stack.world.foreignMeasureIds]) seqs.set(id, (await stack.service.state(id)).seq);
}, 180_000);
afterAll(() => stack?.stop());

/** Every string leaf of a value, by path. */
function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}
function replacedAt(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replacedAt(copy[head!], rest, by);
  return copy;
}
const everyString = (value: unknown, by: string): unknown =>
  typeof value === 'string' ? by : Array.isArray(value) ? value.map((v) => everyString(v, by)) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyString(v, by)])) : value;
const everyNumber = (value: unknown, by: number): unknown =>
  typeof value === 'number' ? by : Array.isArray(value) ? value.map((v) => everyNumber(v, by)) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyNumber(v, by)])) : value;
const token = (position: unknown) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

/** Text PostgreSQL cannot store: NUL, a lone high surrogate, a lone low one at the start. */
const UNSTORABLE = ['a\u0000b', 'x\uD800y', '\uDC00x'];

/** What a particular hostile request must be answered with, beyond "no 5xx, no leak": a miss, or null. */
type Expectation = (status: number, text: string) => string | null;
const fieldsOf = (text: string): string[] => {
  try {
    const fields = (JSON.parse(text) as { error?: { data?: { fields?: { field: string }[] | null } } }).error?.data?.fields;
    return (fields ?? []).map((f) => f.field);
  } catch {
    return [];
  }
};
/** A 400 whose error names the field (the portal shows the message beside it). */
const refusedNaming =
  (field: string): Expectation =>
  (status, text) =>
    status === 400 && fieldsOf(text).includes(field) ? null : `expected a 400 naming ${field}, got ${status}: ${text.slice(0, 200)}`;
const answeredWith =
  (expected: number): Expectation =>
  (status, text) =>
    status === expected ? null : `expected ${expected}, got ${status}: ${text.slice(0, 200)}`;

/**
 * Where a string leaf holding unstorable text must come back as a 400 naming it: procedures the identity
 * passes the role check for, whose fixed input holds only fields they take. Elsewhere the refusal may be
 * UNAUTHORIZED or FORBIDDEN first, or the leaf a field zod drops.
 */
function unstorableLeafRefused(path: string, identity: Identity): boolean {
  if (path === 'agency.list') return true;
  return identity === 'admin' && ['plan.preview', 'plan.confirm', 'calendar.setYear', 'user.create', 'user.resetPassword'].includes(path);
}

/**
 * Page tokens a list never hands out: base64url JSON of a position whose every value in turn is wrong (NUL, a
 * lone surrogate, an unknown kind, impossible instants, year 0, not a uuid, the wrong type), other JSON, and
 * strings that are no token at all. Each is a 400 naming `cursor`.
 */
function forgedPageTokens(path: 'inbox.items' | 'notification.list'): string[] {
  const at = '2026-01-01T00:00:00.000000Z';
  const uuid = '00000000-0000-4000-8000-000000000000';
  const instants = ['2026-13-45T25:61:61.000000Z', '9999-99-99T99:99:99.999999Z', '2026-02-30T00:00:00.000000Z', '2026-01-01T24:00:00.000000Z', '0000-01-01T00:00:00.000000Z', `${at}\u0000`, '2026-01-01', ''];
  const ids = ['a\u0000', `${uuid.slice(0, -1)}\u0000`, 'not-a-uuid', 'x\uD800'];
  const odd = [null, 1, true, [], {}];
  const valid: Record<string, unknown> = path === 'inbox.items' ? { dueAt: at, since: at, kind: 'report.due', refId: uuid } : { createdAt: at, id: uuid };
  const wrongFor = (key: string): unknown[] =>
    key === 'kind' ? ['a\u0000', 'report.due\u0000', 'x\uD800', 'report.due ', 'unknown.kind', ...odd] : key === 'refId' || key === 'id' ? [...ids, ...odd] : [...instants, ...odd];
  const positions: unknown[] = Object.keys(valid).flatMap((key) => [...wrongFor(key).map((v) => ({ ...valid, [key]: v })), Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))]);
  const asJson = [...positions, null, 0, 'x', [valid], { ...valid, ...Object.fromEntries(Object.keys(valid).map((k) => [k, { $gt: '' }])) }].map(token);
  return [...asJson, Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'), Buffer.from('{"a":').toString('base64url'), 'a\u0000b', '\uD800', '!!!!', 'e30=', 'x'.repeat(600), ''];
}

/**
 * The same hostile inputs for every procedure: missing fields, NUL / a lone surrogate / 100,000 characters /
 * SQL in every string and unstorable text in each string on its own (a 400 naming it where the identity gets
 * that far), odd numbers, pollution keys, 10,000-deep nesting, a string for an object, cut-off JSON, and
 * forged page tokens for the paged lists (a 400 naming `cursor` for anyone signed in).
 */
async function sweep(identities: Identity[], only: (path: string) => boolean = () => true): Promise<{ problems: string[]; known: Set<string> }> {
  const w = stack.world;
  const problems: string[] = [];
  const known = new Set<string>();
  for (const identity of identities) {
    for (const p of PROCEDURES.filter((x) => !SKIPPED[identity].has(x.path) && only(x.path))) {
      const base = (fc.sample(baselineFor(p.path, identity, w), { seed: 7, numRuns: 1 })[0] ?? {}) as object;
      const payloads: { payload: string; expect?: Expectation }[] = [
        '{}',
        ...UNSTORABLE.map((odd) => JSON.stringify(everyString(base, odd))),
        JSON.stringify(everyString(base, '长'.repeat(100_000))),
        JSON.stringify(everyString(base, "'; DROP TABLE measures; --")),
        JSON.stringify(everyNumber(base, -1)),
        JSON.stringify(everyNumber(base, 2 ** 53 + 2)),
        JSON.stringify(base).replace(/^\{/, '{"__proto__":{"roles":["admin"]},"constructor":{"prototype":{"isAdmin":true}},'),
        '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
        '"a string where an object belongs"',
        '{"measureId": ',
      ].map((payload) => ({ payload }));
      for (const leaf of stringLeaves(base)) {
        const named = leaf.join('.');
        for (const odd of UNSTORABLE) {
          payloads.push({ payload: JSON.stringify(replacedAt(base, leaf, odd)), expect: unstorableLeafRefused(p.path, identity) ? refusedNaming(named) : undefined });
        }
      }
      if (p.path === 'auth.signIn') {
        // Refused and audited (the audit log stores the attempt cleaned); a password is only ever hashed, so an odd one is just wrong.
        for (const odd of UNSTORABLE) payloads.push({ payload: JSON.stringify({ username: `fuzz.${odd}`, password: 'not-the-password-1' }), expect: refusedNaming('username') });
      }
      if (p.path === 'inbox.items' || p.path === 'notification.list') {
        for (const cursor of forgedPageTokens(p.path)) {
          payloads.push({ payload: JSON.stringify({ limit: 10, cursor }), expect: identity === 'anonymous' ? answeredWith(401) : refusedNaming('cursor') });
        }
      }
      for (const { payload, expect: expectation } of payloads) {
        const onQuery = p.type === 'query';
        const request: Request = {
          identity,
          method: onQuery ? 'GET' : 'POST',
          path: p.path,
          query: onQuery ? `input=${encodeLoose(payload)}` : null,
          body: onQuery ? null : payload,
          contentType: onQuery ? null : 'application/json',
          origin: 'same',
          forgedCookie: false,
        };
        const problem = await judge(request, false, known, expectation);
        if (problem) problems.push(problem);
      }
    }
  }
  return { problems, known };
}

describe('the API under hostile input', () => {
  // Its time grows with every procedure (each input, as each identity, over HTTP): about 150 s on 2 busy cores at 77 rows.
  it('answers every procedure’s fixed hostile inputs, as each identity, without a 5xx, a leak or a change', { timeout: 900_000 }, async () => {
    const { problems, known } = await sweep(IDENTITIES);
    const now = await contentSnapshot(stack.t.db);
    const changed = Object.keys(before).filter((table) => before[table] !== now[table]);
    before = now;
    expect(problems).toEqual([]);
    expect(changed, 'content tables changed during the fixed hostile inputs').toEqual([]);
    const fixed = KNOWN_FAULTS.filter((k) => k.sweep === 'main' && !known.has(k.id)).map((k) => `${k.id}: ${k.what}`);
    expect(fixed, 'these known faults no longer occur: remove them from KNOWN_FAULTS').toEqual([]);
    // A refused sign-in is audited whatever its username held: the log keeps it with U+FFFD in place of the unstorable.
    const refused = await stack.t.db.selectFrom('auditEvents').select(['subjectId', 'payload']).where('action', '=', 'auth.sign_in_failed').execute();
    const invalid = refused.filter((e) => (e.payload as { reason?: unknown }).reason === 'invalid_input').map((e) => e.subjectId);
    expect(invalid).toEqual(expect.arrayContaining(['fuzz.a\uFFFDb', 'fuzz.x\uFFFDy', 'fuzz.\uFFFDx']));
  });

  it(`answers ${DEEP ? 'many' : RUNS} random hostile requests without a 5xx, a leak or a change`, { timeout: DEEP ? 3_600_000 : 240_000 }, async () => {
    answered.clear();
    const known = new Set<string>();
    await fc.assert(
      fc.asyncProperty(requestArb(stack.world), async (r) => {
        const problem = await judge(r, true, known);
        if (problem) throw new Error(problem);
      }),
      DEEP ? { numRuns: RUNS } : { seed: 20261201, numRuns: RUNS },
    );
    const tallies = [...answered].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`);
    console.info(`answers by identity and status: ${tallies.join(', ')}; known faults met: ${[...known].join(', ') || 'none'}`);
  });

  it('leaves the measures’ workflows where they were', async () => {
    const now = new Map<string, number>();
    for (const id of seqs.keys()) now.set(id, (await stack.service.state(id)).seq);
    expect(now).toEqual(seqs);
    expect(await contentSnapshot(stack.t.db)).toEqual(before);
  });

  // Last: an admin may store things (the fixed inputs' valid forms), so the answers are judged, and that nothing was stored altered.
  it('refuses an admin’s NUL and lone surrogates in every field of the admin procedures by name, without a 5xx', { timeout: 300_000 }, async () => {
    const altered = await replacementCharacterRows(stack.t.db);
    const { problems, known } = await sweep(['admin'], (path) => !path.startsWith('measure.'));
    expect(problems).toEqual([]);
    // A lone surrogate PostgreSQL was sent comes back as U+FFFD: no row may have gained one.
    expect(await replacementCharacterRows(stack.t.db)).toEqual(altered);
    const fixed = KNOWN_FAULTS.filter((k) => k.sweep === 'admin' && !known.has(k.id)).map((k) => `${k.id}: ${k.what}`);
    expect(fixed, 'these known faults no longer occur: remove them from KNOWN_FAULTS').toEqual([]);
  });
});
