// `pnpm --filter @liandong/cli bench:audit` (also run by `pnpm bench`): the audit log page (审计日志) at 1,000,000
// events. Builds the log in SQL (generate_series, deterministic): two years of events, 40 agencies, 200 users (a
// few far busier than the rest), `system` and `anonymous`, 30 actions from very common (sign-ins, reports) to rare
// (`audit.verified`, about 100 in two years), five active plans of 400, 300, 200, 100 and 50 measures, and a sixth,
// archived plan whose 30 measures saw events only in the first quarter. Events are inserted through the table's
// trigger, as the app appends them, in statements of 100,000. Their hashes are random-looking text, NOT a valid
// chain: the page reads them and never checks them (verification has its own tests). Then pages of 50 through
// `searchAuditLog` for each filter alone and in the pairs an auditor uses, deep pages, a rare action, pairs that
// match nothing, `listAuditActions` and `auditLogStats`, at 1 and at 4 concurrent callers, and two whole exports.
// Prints figures and the target (p99 ≤ 100 ms per page); never fails on it. `LIANDONG_BENCH_EXPLAIN=true` prints
// `EXPLAIN ANALYZE` of each statement one call of each case sends; `LIANDONG_BENCH_CASES=<regular expression>`
// runs only the cases it matches.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { CompiledQuery, sql } from 'kysely';
import { auditKeyFrom, type Db } from '@liandong/db';
import { auditExportRows, auditLogStats, listAuditActions, recordAuditCheckpoint, searchAuditLog, type AuditLogFilter } from '@liandong/db/queries';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import { createExportAssembler } from '@liandong/domain/audit';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { measureLoad, type LoadFigures } from './load';
import { captureQueries, startBenchDatabase } from './database';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 1);
/** An audit office's one or few people at once; each case runs at every count listed. */
const CALLERS = (process.env.LIANDONG_BENCH_CALLERS ?? '1,4').split(',').map(Number);
const EVENTS = Number(process.env.LIANDONG_BENCH_EVENTS ?? 1_000_000);
/** Recorded after the checkpoint the bench takes: what `auditLogStats` counts. */
const AFTER_CHECKPOINT = 1000;
const PAGE = 50;
const TARGET_P99_MS = 100;
const EXPLAIN = process.env.LIANDONG_BENCH_EXPLAIN === 'true';
/** Only the cases whose label matches (a regular expression), e.g. `plan`. */
const ONLY = new RegExp(process.env.LIANDONG_BENCH_CASES ?? '');
const DAY_MS = 86_400_000;

/** Thirty actions: what the event is about, its weight in 10,000 events, who acts, and whether it is on a measure. */
const ACTIONS: [action: string, subject: string, weight: number, actor: 'user' | 'system' | 'anonymous', onMeasure: boolean][] = [
  ['auth.signed_in', 'user', 3000, 'user', false],
  ['report.submitted', 'report', 1900, 'user', true],
  ['report.accepted', 'report', 1000, 'user', true],
  ['assignment.accepted', 'assignment', 600, 'user', true],
  ['subtask.created', 'subtask', 500, 'user', true],
  ['subtask.done', 'subtask', 400, 'user', true],
  ['auth.sign_in_failed', 'user', 400, 'anonymous', false],
  ['report.returned', 'report', 300, 'user', true],
  ['access.forbidden', 'procedure', 250, 'user', false],
  ['escalation.raised', 'escalation', 200, 'system', true],
  ['cycle.missed', 'assignment', 200, 'system', true],
  ['assignment.declined', 'assignment', 100, 'user', true],
  ['escalation.acknowledged', 'escalation', 100, 'user', true],
  ['escalation.resolved', 'escalation', 100, 'user', true],
  ['issue.raised', 'coordination_issue', 100, 'user', true],
  ['extension.requested', 'extension_request', 100, 'user', true],
  ['supervision.notice_issued', 'supervision_notice', 100, 'user', true],
  ['supervision.notice_signed', 'supervision_notice', 90, 'user', true],
  ['escalation.climbed', 'escalation', 80, 'system', true],
  ['assignment.transfer_requested', 'assignment', 80, 'user', true],
  ['issue.triaged', 'coordination_issue', 80, 'user', true],
  ['supervision.notice_answered', 'supervision_notice', 80, 'user', true],
  ['extension.approved', 'extension_request', 70, 'user', true],
  ['issue.resolved', 'coordination_issue', 70, 'user', true],
  ['closure.requested', 'measure', 50, 'user', true],
  ['circular.drafted', 'circular', 50, 'user', false],
  ['closure.approved', 'measure', 40, 'user', true],
  ['measure.started', 'measure', 30, 'system', true],
  ['assessment.rules_set', 'plan', 2, 'user', false],
  ['audit.verified', 'chain', 1, 'user', false],
];
const RARE_ACTION = 'audit.verified';
const AGENCIES = 40;
const USERS = 200;
/** Measures of the five active plans, then of the archived one. */
const PLAN_SIZES = [400, 300, 200, 100, 50, 30];
const ACTIVE_MEASURES = 1050;

export interface AuditLogFixture {
  agencyIds: number[];
  usernames: string[];
  actions: string[];
  plans: string[];
  archivedPlan: string;
  measures: string[];
  /** When the first and the last event occurred. */
  start: Date;
  end: Date;
}

/**
 * The log, set-wise: event n occurs at start + n × (two years / events), give or take a minute (so some are
 * recorded out of order, a few across midnight); its action, user and measure come from hashes of n. A user
 * acts for their agency; `system` and `anonymous` for none. Sign-ins and refusals are on no measure; the
 * archived plan's measures appear only in the first eighth of the log.
 */
export async function generateAuditLog(db: Db, events = EVENTS, log: (line: string) => void = console.log): Promise<AuditLogFixture> {
  const step = async (what: string, query: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await query.execute(db);
    log(`    ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const tag = randomBytes(3).toString('hex');
  await sql`insert into agencies (code, name, level, kind) select ${`bench-audit-${tag}-`} || n, '压测单位' || n, 'city', 'department' from generate_series(1, ${sql.lit(AGENCIES)}) n`.execute(db);
  await sql`create temporary table bench_agency as select row_number() over (order by id) - 1 as n, id from agencies where code like ${`bench-audit-${tag}-%`}`.execute(db);
  await sql`
    insert into users (username, display_name, agency_id, roles, password_hash)
    select 'bench.user' || u.n, '压测用户' || u.n, a.id, '{officer}', 'bench' from generate_series(0, ${sql.lit(USERS - 1)}) u(n) join bench_agency a on a.n = u.n % ${sql.lit(AGENCIES)}`.execute(db);
  await sql`create temporary table bench_user as select n, 'bench.user' || n as username, (select id from bench_agency a where a.n = u.n % ${sql.lit(AGENCIES)}) as agency_id from generate_series(0, ${sql.lit(USERS - 1)}) u(n)`.execute(db);
  await sql`
    insert into plans (title, coordinator_agency_id, reporting_policy, source_text, source_hash, status)
    select '压测方案' || p.n, a.id, ${JSON.stringify(DEFAULT_REPORTING_POLICY)}::jsonb, 'bench-audit', md5(${tag} || p.n) || md5(p.n::text), case when p.n = ${sql.lit(PLAN_SIZES.length - 1)} then 'archived' else 'active' end
      from generate_series(0, ${sql.lit(PLAN_SIZES.length - 1)}) p(n) join bench_agency a on a.n = p.n`.execute(db);
  await sql`create temporary table bench_plan as select row_number() over (order by title) - 1 as n, id, status from plans where source_text = 'bench-audit'`.execute(db);
  // The measures' own triggers keep read models the audit log does not read.
  await sql`alter table measures disable trigger user`.execute(db);
  await sql`
    insert into measures (plan_id, seq, number, title, body, lead_agency_id)
    select p.id, i, '(' || (i + 1) || ')', '压测措施' || p.n || '-' || (i + 1), '', a.id
      from bench_plan p cross join lateral generate_series(0, (${sql.val(PLAN_SIZES)}::int[])[p.n + 1] - 1) i join bench_agency a on a.n = (p.n * 7 + i) % ${sql.lit(AGENCIES)}`.execute(db);
  await sql`alter table measures enable trigger user`.execute(db);
  await sql`create temporary table bench_measure as select row_number() over (order by p.n, m.seq) - 1 as n, m.id, m.plan_id from measures m join bench_plan p on p.id = m.plan_id`.execute(db);
  await sql`
    create temporary table bench_action as
    select i - 1 as i, a ->> 0 as action, a ->> 1 as subject, (a ->> 2)::int as weight, a ->> 3 as actor, (a ->> 4)::boolean as on_measure
      from jsonb_array_elements(${JSON.stringify(ACTIONS)}::jsonb) with ordinality as t(a, i)`.execute(db);
  await sql`create temporary table bench_slot as select row_number() over (order by i, s) - 1 as slot, i from bench_action cross join lateral generate_series(1, weight) s`.execute(db);
  const slots = ACTIONS.reduce((sum, a) => sum + a[2], 0);
  const totalMeasures = PLAN_SIZES.reduce((a, b) => a + b);

  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const start = new Date(end.getTime() - 730 * DAY_MS);
  const chunk = 100_000;
  for (let lo = 1; lo <= events; lo += chunk) {
    const hi = Math.min(lo + chunk - 1, events);
    await step(
      `events ${lo.toLocaleString('en')}–${hi.toLocaleString('en')}`,
      sql`
        insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, workflow_id, run_id, prev_hash, hash)
        select 'bench/' || g.n,
               ${start}::timestamptz + (g.n - 1) * ${(end.getTime() - start.getTime()) / Math.max(events - 1, 1)}::float8 * interval '1 millisecond'
                 + make_interval(secs => (abs(hashint8extended(g.n, 4)) % 120) - 60),
               case a.actor when 'user' then u.username else a.actor end,
               case a.actor when 'user' then u.agency_id end,
               a.action, a.subject,
               case a.subject when 'measure' then m.id::text when 'plan' then m.plan_id::text when 'user' then u.username when 'procedure' then 'measure.accept' else md5('subject' || g.n) end,
               case when a.on_measure then m.id end,
               jsonb_build_object('type', a.action, 'n', g.n),
               case when a.on_measure then 'measure-' || m.id end,
               case when a.on_measure then md5('run' || m.id || (g.n * 24 / ${events})) end,
               md5('prev' || g.n) || md5('prev-' || g.n), md5('hash' || g.n) || md5('hash-' || g.n)
          from generate_series(${lo}::bigint, ${hi}::bigint) g(n)
          join bench_slot s on s.slot = abs(hashint8extended(g.n, 1)) % ${sql.lit(slots)}
          join bench_action a on a.i = s.i
          join bench_user u on u.n = floor(${sql.lit(USERS)} * power((abs(hashint8extended(g.n, 2)) % 1000000) / 1000000.0, 1.5))
          join bench_measure m on m.n = abs(hashint8extended(g.n, 3)) % (case when g.n <= ${Math.floor(events / 8)} then ${sql.lit(totalMeasures)} else ${sql.lit(ACTIVE_MEASURES)} end)
         order by g.n`,
    );
  }
  await step('vacuum analyze', sql`vacuum analyze`);
  const plans = (await sql<{ id: string; status: string }>`select id, status from bench_plan order by n`.execute(db)).rows;
  return {
    agencyIds: (await sql<{ id: number }>`select id from bench_agency order by n`.execute(db)).rows.map((r) => r.id),
    usernames: (await sql<{ username: string }>`select username from bench_user order by n`.execute(db)).rows.map((r) => r.username),
    actions: ACTIONS.map((a) => a[0]),
    plans: plans.filter((p) => p.status === 'active').map((p) => p.id),
    archivedPlan: plans.find((p) => p.status === 'archived')!.id,
    measures: (await sql<{ id: string }>`select id from bench_measure order by n`.execute(db)).rows.map((r) => r.id),
    start,
    end,
  };
}

type Figures = LoadFigures & { label: string };
type Case = [label: string, call: (i: number) => Promise<unknown>];

async function run(label: string, callers: number, call: (i: number) => Promise<unknown>): Promise<Figures> {
  if (WARMUP_SECONDS > 0) await measureLoad(callers, WARMUP_SECONDS, call);
  const figures = { label, ...(await measureLoad(callers, SECONDS, call)) };
  console.log(`  ${label}: ${figures.perSecond.toFixed(0)} calls/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms${figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''}`);
  return figures;
}

/** The cases. Each call takes the next agency, user, plan, month …, so a run does not read one cached page. */
export function auditCases(db: Db, f: AuditLogFixture, events = EVENTS): Case[] {
  const pick = <T>(list: readonly T[], i: number) => list[(i * 7919) % list.length]!;
  const start = f.start.getTime();
  /** 30 days starting at some time in the first 23 months. */
  const month = (i: number) => {
    const from = start + ((i * 7919) % 23) * 30 * DAY_MS + ((i * 104_729) % DAY_MS);
    return { from: new Date(from), to: new Date(from + 30 * DAY_MS) };
  };
  /** 91 days, starting in the first eight months: a year or more ago. */
  const quarter = (i: number) => {
    const from = start + ((i * 7919) % 8) * 30 * DAY_MS + ((i * 104_729) % DAY_MS);
    return { from: new Date(from), to: new Date(from + 91 * DAY_MS) };
  };
  const oldest = (i: number) => 2 + ((i * 7919) % Math.floor(events / 100));
  const page = (filter: AuditLogFilter, before?: number) => searchAuditLog(db, filter, { limit: PAGE + 1, ...(before ? { before } : {}) });
  const common = ACTIONS.filter((a) => a[2] >= 100).map((a) => a[0]);
  return [
    ['no filter', () => page({})],
    ['time range (30 days, up to two years ago)', (i) => page(month(i))],
    ['time range (all two years)', () => page({ from: f.start, to: f.end })],
    ['agency', (i) => page({ agencyId: pick(f.agencyIds, i) })],
    ['actor', (i) => page({ actor: pick(f.usernames, i) })],
    ['action (each of the 30)', (i) => page({ action: pick(f.actions, i) })],
    ['plan', (i) => page({ planId: pick(f.plans, i) })],
    ['plan (archived: events only in the first quarter)', () => page({ planId: f.archivedPlan })],
    ['measure', (i) => page({ measureId: pick(f.measures, i) })],
    ['agency + action (common actions)', (i) => page({ agencyId: pick(f.agencyIds, i), action: pick(common, i * 31) })],
    [`agency + action (${RARE_ACTION})`, (i) => page({ agencyId: pick(f.agencyIds, i), action: RARE_ACTION })],
    ['plan + time range (91 days, a year or more ago)', (i) => page({ planId: pick(f.plans, i), ...quarter(i) })],
    ['actor + time range (30 days)', (i) => page({ actor: pick(f.usernames, i), ...month(i) })],
    ['deep page (before an id among the oldest 1%)', (i) => page({}, oldest(i))],
    ['deep page, agency (before an id among the oldest 1%)', (i) => page({ agencyId: pick(f.agencyIds, i) }, oldest(i))],
    [`rare action (${RARE_ACTION}, about 100 events)`, () => page({ action: RARE_ACTION })],
    ['actor + action (common actions)', (i) => page({ actor: pick(f.usernames, i), action: pick(common, i * 31) })],
    ['plan + action (common actions)', (i) => page({ planId: pick(f.plans, i), action: pick(common, i * 31) })],
    ['plan + agency', (i) => page({ planId: pick(f.plans, i), agencyId: pick(f.agencyIds, i * 31) })],
    // Pairs that match nothing. With an action, one index range that is empty; without, two long id lists merged to the end.
    ['nothing: actor system + report.submitted', () => page({ actor: 'system', action: 'report.submitted' })],
    ['nothing: plan + auth.signed_in (no sign-in is on a plan)', (i) => page({ planId: pick(f.plans, i), action: 'auth.signed_in' })],
    ['nothing: busiest user + an agency not theirs', () => page({ actor: f.usernames[0]!, agencyId: f.agencyIds[1]! })],
    ['nothing: actor system + an agency (system acts for none)', (i) => page({ actor: 'system', agencyId: pick(f.agencyIds, i) })],
    ['nothing: actor anonymous + a plan (sign-in failures are on none)', (i) => page({ actor: 'anonymous', planId: pick(f.plans, i) })],
    ['listAuditActions', () => listAuditActions(db)],
    [`auditLogStats (${AFTER_CHECKPOINT.toLocaleString('en')} events after the checkpoint)`, () => auditLogStats(db)],
  ];
}

/** Captures the SQL one call of each case sends, then prints each statement's plan with actual timings. */
async function explainCases(db: Db, fixture: AuditLogFixture): Promise<void> {
  const { traced, captured } = captureQueries(db);
  for (const [label, call] of auditCases(traced, fixture).filter(([label]) => ONLY.test(label))) {
    captured.length = 0;
    await call(1);
    for (const query of [...captured]) {
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
      console.log(`--- ${label}\n${query.sql}\n${JSON.stringify(query.parameters)}\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  }
}

/** An export of the whole log through the assembler, as the download streams it: its size, time and the process's memory. */
async function timeExport(db: Db, filter: AuditLogFilter, upToId: number): Promise<string> {
  const t0 = performance.now();
  const assembler = createExportAssembler({ exportedAt: new Date(), exportedBy: 'bench', filter: {} });
  let lines = assembler.header().length;
  let bytes = 0;
  let peakRss = process.memoryUsage().rss;
  for await (const row of auditExportRows(db, filter, upToId)) {
    const out = row.kind === 'event' ? assembler.event(row.event) : assembler.gap(row);
    lines += out.length;
    for (const line of out) bytes += Buffer.byteLength(line) + 1;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  lines += assembler.end(null).length;
  return `${lines.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${(peakRss / 1e6).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `audit bench: ${EVENTS.toLocaleString('en')} events, pages of ${PAGE}, ${CALLERS.join(' and ')} concurrent caller(s), ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ` +
      `${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}`,
  );
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('audit', stops, { max: 10 });
    console.log('  generating the audit log');
    const t0 = performance.now();
    const fixture = await generateAuditLog(db, EVENTS - AFTER_CHECKPOINT);
    const t1 = performance.now();
    const unanchored = await auditLogStats(db);
    console.log(`  auditLogStats before any checkpoint (counts every event): ${(performance.now() - t1).toFixed(1)} ms for ${unanchored.events.toLocaleString('en')} events`);
    // A checkpoint, as the running app takes one a minute, then events recorded after it.
    await recordAuditCheckpoint(db, auditKeyFrom('bench-audit-key-bench-audit-key-0123456789'));
    await sql`
      insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, workflow_id, run_id, prev_hash, hash)
      select 'bench/after-checkpoint/' || n, ${fixture.end}::timestamptz + n * interval '1 second', 'system', null, 'measure.started', 'measure', md5('m' || n), null, '{}', null, null,
             md5('p' || n) || md5('q' || n), md5('h' || n) || md5('k' || n)
        from generate_series(1, ${sql.lit(AFTER_CHECKPOINT)}) n`.execute(db);
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const sizes = (
      await sql<{ what: string; n: string }>`
        select 'events' as what, count(*)::text as n from audit_events
        union all select 'plan rows (audit_event_plans)', count(*)::text from audit_event_plans
        union all select 'days (audit_event_days)', count(*)::text from audit_event_days
        union all select 'stragglers (audit_event_stragglers)', count(*)::text from audit_event_stragglers
        union all select 'MB in audit_events and its indexes', (pg_total_relation_size('audit_events') / 1000000)::text
        union all select 'MB in audit_event_plans', (pg_total_relation_size('audit_event_plans') / 1000000)::text`.execute(db)
    ).rows;
    console.log(`  ${sizes.map((s) => `${s.what}: ${Number(s.n).toLocaleString('en')}`).join(', ')}`);
    if (EXPLAIN) await explainCases(db, fixture);

    const figures: Figures[] = [];
    for (const callers of CALLERS) {
      console.log(`pages of ${PAGE} through searchAuditLog, ${callers} concurrent caller(s)`);
      for (const [label, call] of auditCases(db, fixture).filter(([label]) => ONLY.test(label))) figures.push(await run(label, callers, call));
    }
    const head = Number((await sql<{ id: string }>`select max(id)::text as id from audit_events`.execute(db)).rows[0]!.id);
    console.log(`  export, one agency's events (the rest as gaps): ${await timeExport(db, { agencyId: fixture.agencyIds[3]! }, head)}`);
    console.log(`  export, every event: ${await timeExport(db, {}, head)}`);

    console.log('');
    console.log(`| case | callers | calls/s | p50 ms | p99 ms | p99 ≤ ${TARGET_P99_MS} ms |`);
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const f of figures) {
      console.log(`| ${f.label} | ${f.callers} | ${f.perSecond.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.errors ? `${f.errors} errors` : f.p99 <= TARGET_P99_MS ? 'met' : 'missed'} |`);
    }
  } finally {
    console.log('');
    await stopInOrder(stops, (line) => console.log(line));
  }
}

// Only running this file runs the bench; `generateAuditLog` and `auditCases` can be imported.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
