// Test support for the API fuzzer: the real HTTP app over a fresh database and a real worker, people signed in
// through it, plans imported through it, and a fingerprint of every content table to prove nothing changed.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import type { ApiContext } from '@liandong/api';
import { startMeasureStack, type MeasureStack } from '@liandong/api/test-support';
import type { Db } from '@liandong/db';
import { createApp, createLogger } from './app';

export const ORIGIN = 'http://localhost';
type Actor = NonNullable<ApiContext['actor']>;
const PASSWORD = 'fuzz-password-1';

/**
 * Tables that legitimately grow while refusing: the audit log of refusals and sign-ins with the indexes the
 * database keeps of it (audit_event_*), sessions, login attempts.
 */
export const VOLATILE_TABLES = new Set(['api_tokens', 'audit_events', 'audit_checkpoints', 'audit_event_plans', 'audit_event_days', 'audit_event_stragglers', 'sessions', 'login_attempts']);

/** Row count and a hash of every row, per table (all tables of the schema but the volatile ones). */
export async function contentSnapshot(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const parts = tables.rows
    .map((r) => r.name)
    .filter((name) => !VOLATILE_TABLES.has(name))
    .map((name) => sql`select ${name}::text as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, E'\n' order by t::text)), '') as print from ${sql.table(name)} t`);
  const rows = await sql<{ name: string; print: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.print]));
}

/** Rows holding U+FFFD, per table (all but the volatile ones): what PostgreSQL keeps of a lone surrogate it is sent. */
export async function replacementCharacterRows(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const parts = tables.rows
    .map((r) => r.name)
    .filter((name) => !VOLATILE_TABLES.has(name))
    .map((name) => sql`select ${name}::text as name, count(*) filter (where strpos(t::text, chr(65533)) > 0)::int as n from ${sql.table(name)} t`);
  const rows = await sql<{ name: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.n]));
}

/** A snapshot once the workflows have stopped writing (two readings a moment apart agree). */
export async function settledSnapshot(db: Db, { quietMs = 750, timeoutMs = 30_000 } = {}): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let previous = await contentSnapshot(db);
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await contentSnapshot(db);
    if (JSON.stringify(now) === JSON.stringify(previous)) return now;
    if (Date.now() > deadline) throw new Error('the content tables kept changing: the workflows never settled');
    previous = now;
  }
}

/** The session cookie of a user signed in over HTTP, as a browser would send it back. */
export async function signInOverHttp(app: Hono, username: string, password = PASSWORD): Promise<string> {
  const res = await app.request(`${ORIGIN}/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ username, password }) });
  const token = res.headers
    .getSetCookie()
    .map((c) => c.match(/^liandong_session=([^;]+)/)?.[1])
    .find(Boolean);
  if (res.status !== 200 || !token) throw new Error(`${username} could not sign in: ${res.status} ${await res.text()}`);
  return `liandong_session=${token}`;
}

async function mutate(app: Hono, cookie: string, procedure: string, input: unknown): Promise<unknown> {
  const res = await app.request(`${ORIGIN}/trpc/${procedure}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, cookie }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
  if (res.status !== 200) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body)}`);
  return body.result?.data;
}

const planInput = (title: string, coordinator: string, measures: [lead: string, partner: string][]) => ({
  sourceText: `${title}\n${measures.map((_, i) => `${i + 1}措施${i + 1}。`).join('\n')}`,
  meta: { title, coordinatorAgencyCode: coordinator },
  measures: measures.map(([lead, partner], i) => ({ number: `${i + 1}`, title: `措施${i + 1}`, leadCodes: [lead], partnerCodes: [partner] })),
});

export interface FuzzWorld {
  /** Signed-in session cookies (the admin's only for the admin's own sweep: an admin may change things). */
  cookies: { officer: string; auditor: string; admin: string };
  officer: Actor;
  auditor: Actor;
  /** The officer's own measure (its agency is a partner), and measures of other agencies and another plan. */
  ownMeasureId: string;
  foreignMeasureIds: string[];
  planIds: string[];
  /** Ids the measures gave out, on foreign measures: escalations, subtasks, issues, extension requests. */
  foreignIds: string[];
  /** Notifications of agencies other than the officer's. */
  foreignNotificationIds: string[];
  agencyIds: { own: number; others: number[] };
  usernames: string[];
}

/** A log line the app wrote at warn or above: a fault, whatever the client was told. */
export interface LoggedFault {
  level: number;
  msg: string;
  err?: string;
  procedure?: string;
}

/** The measure stack (database, worker, services) with the HTTP app over it and the world made through it. */
export interface FuzzStack extends Pick<MeasureStack, 't' | 'service' | 'stop' | 'deps' | 'services'> {
  /** Warnings and errors the app logged since the last `takeFaults()`. */
  takeFaults(): LoggedFault[];
  app: Hono;
  world: FuzzWorld;
}

/**
 * The app as `start` builds it, over a fresh database and a worker of its own: an officer of 市政务服务数据管理局
 * (gz-data, partner on one measure), an auditor, and two plans imported by an admin through plan.confirm.
 */
export async function startFuzzStack(name: string): Promise<FuzzStack> {
  const stack = await startMeasureStack(name);
  const { t, client: temporal, taskQueue, service } = stack;
  let faults: LoggedFault[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: {
      write: (line: string) => {
        const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string }; procedure?: string };
        faults.push({ level: entry.level, msg: entry.msg, err: entry.err?.message, procedure: entry.procedure });
      },
    },
  });
  const app = createApp({ db: t.db, temporal, portalDir: null, taskQueue, logger });

  const users = stack.services.users;
  const made = async (username: string, agency: string, roles: ('officer' | 'auditor' | 'admin')[]) => {
    const u = await users.create({ username, agency, roles, password: PASSWORD });
    return { userId: u.id, username: u.username, displayName: u.displayName, agencyId: u.agencyId, roles: u.roles } satisfies Actor;
  };
  const officer = await made('fuzz.officer', 'gz-data', ['officer']);
  const auditor = await made('fuzz.auditor', 'gd-court', ['auditor']);
  await made('fuzz.admin', 'gd-gov', ['admin']);
  const adminCookie = await signInOverHttp(app, 'fuzz.admin');
  const a = (await mutate(app, adminCookie, 'plan.confirm', planInput('模糊测试方案甲', 'gz-commerce', [
    ['gz-science-technology', 'gz-data'],
    ['gz-health', 'gd-data'],
    ['gz-justice', 'gz-finance'],
  ]))) as { planId: string };
  const b = (await mutate(app, adminCookie, 'plan.confirm', planInput('模糊测试方案乙', 'gd-commerce', [['gd-data', 'gz-health']]))) as { planId: string };
  const measures = await t.db.selectFrom('measures').select(['id', 'planId', 'number', 'leadAgencyId']).where('planId', 'in', [a.planId, b.planId]).orderBy('number').execute();
  const ownMeasureId = measures.find((m) => m.planId === a.planId && m.number === '1')!.id;
  const foreign = measures.filter((m) => m.id !== ownMeasureId);

  // Give the foreign measures some history, so there are ids to aim at and rows that must not move.
  const agencyOf = async (code: string) => (await t.db.selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const as = (agencyId: number, role: 'officer' | 'coordinator' = 'officer'): Actor => ({ userId: randomUUID(), username: `setup-${agencyId}`, displayName: 'setup', agencyId, roles: [role] });
  const second = foreign.find((m) => m.planId === a.planId && m.number === '2')!;
  const [health, gdData, gzCommerce] = await Promise.all([agencyOf('gz-health'), agencyOf('gd-data'), agencyOf('gz-commerce')]);
  const state = await service.state(second.id);
  await service.acceptAssignment(as(gdData), second.id, { agencyId: gdData });
  await service.submitReport(as(gdData), second.id, { agencyId: gdData, cycleIndex: state.cycle.index, content: { progressStatus: 'at_risk', percentDone: 10, kpiValues: [], summary: '', problems: '', supportRequested: '' } });
  await service.createSubtask(as(health), second.id, { assigneeAgencyId: gdData, title: '提供数据', dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString() });
  await service.escalate(as(health), second.id, { agencyId: gdData, reason: '进展滞后' });
  await service.raiseIssue(as(gdData), second.id, { title: '需协调', description: '', neededAgencyIds: [gzCommerce] });
  const after = await service.state(second.id);
  const foreignIds = [...after.subtasks.map((x) => x.id), ...after.escalations.map((x) => x.id), ...after.issues.map((x) => x.id)];
  // A 督办单 (supervision notice) to gd-data on that measure: for the officer, someone else's to sign and answer.
  const notice = await stack.services.supervision.issueNotice(as(gzCommerce, 'coordinator'), {
    measureId: second.id,
    agencyId: gdData,
    requirement: '请报送进展',
    answerDueAt: new Date(Date.now() + 5 * 86_400_000),
    requestId: randomUUID(),
  });
  foreignIds.push(notice.id);
  for (const m of foreign) await service.state(m.id);

  const cookies = { officer: await signInOverHttp(app, 'fuzz.officer'), auditor: await signInOverHttp(app, 'fuzz.auditor'), admin: adminCookie };
  await settledSnapshot(t.db);
  const foreignNotificationIds = (await t.db.selectFrom('notifications').select('id').where('recipientAgencyId', '!=', officer.agencyId).limit(20).execute()).map((n) => n.id);
  const others = [...new Set([...foreign.map((m) => m.leadAgencyId), gdData, health, gzCommerce, auditor.agencyId])].filter((id) => id !== officer.agencyId);

  faults = [];
  return {
    t,
    takeFaults: () => {
      const taken = faults;
      faults = [];
      return taken;
    },
    app,
    service,
    deps: stack.deps,
    services: stack.services,
    world: {
      cookies,
      officer,
      auditor,
      ownMeasureId,
      foreignMeasureIds: foreign.map((m) => m.id),
      planIds: [a.planId, b.planId],
      foreignIds,
      foreignNotificationIds,
      agencyIds: { own: officer.agencyId, others },
      usernames: ['fuzz.officer', 'fuzz.auditor', 'fuzz.admin'],
    },
    stop: stack.stop,
  };
}

/** Text that gives away the server's insides: stack frames, source paths, driver messages. */
const LEAKS = [/\n\s*at\s/, /\bat [\w$.<>]+ \(/, /\.(ts|js|mjs|cjs):\d+/, /node_modules/, /\/work\//, /"stack"/, /ECONNREFUSED|syntax error at or near|violates .* constraint|invalid byte sequence|relation ".*" does not exist/i];

/**
 * What is wrong with an error response's body, or null: it must be JSON; a tRPC error (or each one of a batch)
 * must carry a code and a human message; nothing may look like a stack trace or a source path.
 */
export function problemWithErrorBody(status: number, text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `status ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  const leak = LEAKS.find((re) => re.test(text));
  if (leak) return `the body gives away internals (${leak}): ${text.slice(0, 300)}`;
  const items = Array.isArray(body) ? body : [body];
  for (const item of items) {
    const error = (item as { error?: unknown })?.error as { message?: unknown; code?: unknown; json?: unknown } | undefined;
    if (error === undefined) {
      if (status >= 400 && !Array.isArray(body)) return `status ${status} without an error: ${text.slice(0, 200)}`;
      continue;
    }
    if (typeof error.message !== 'string' || error.message.length === 0) return `an error without a message: ${text.slice(0, 200)}`;
    if (error.code === undefined) return `an error without a code: ${text.slice(0, 200)}`;
  }
  return null;
}
