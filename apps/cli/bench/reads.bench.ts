// `pnpm --filter @liandong/cli bench:reads`: the officer's daily reads at province scale. Fills an embedded
// PostgreSQL with 10,000 measures, 100,000 assignments and 1,000,000 reports (plus subtasks, extension
// requests and notifications), then 20 concurrent signed-in callers read the inbox, the measure list and the
// bell through the tRPC router, against a trivial authenticated procedure (`auth.me`) in the same run.
// Prints figures and targets; never fails on a target. These reads never reach Temporal (the read model is in
// PostgreSQL), so one run serves both Temporal targets; the measure page (a Temporal query) is not covered here:
// the live-workflows bench queries every measure workflow once (live.bench.ts).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Client } from '@temporalio/client';
import { CompiledQuery, sql } from 'kysely';
import { createCaller, createServices } from '@liandong/api';
import { type Db } from '@liandong/db';
import { loadWorkingCalendar } from '@liandong/db/queries';
import { DEFAULT_REPORTING_POLICY, type Actor, type Role } from '@liandong/domain';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { recordFigure, verdict } from './figures';
import { measureLoad, type LoadFigures } from './load';
import { captureQueries, startBenchDatabase } from './database';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 2);
const CALLERS = Number(process.env.LIANDONG_BENCH_CALLERS ?? 20);
/** Scale: measures; each has ASSIGNMENTS_PER_MEASURE assignments, each CYCLES reports. */
const MEASURES = Number(process.env.LIANDONG_BENCH_MEASURES ?? 10_000);
const ASSIGNMENTS_PER_MEASURE = 10;
const CYCLES = 10;
const PLANS = 10;
const AGENCIES = 300;
const TARGETS = { p99Ms: 50, ratioToBaseline: 0.5 };
/** Set to print EXPLAIN ANALYZE of every query one call of each read sends, for one agency. */
const EXPLAIN = process.env.LIANDONG_BENCH_EXPLAIN === 'true';
/**
 * `process`: the services hold the working-day calendar as `liandong start` does (read once, kept by the
 * process). By default each inbox and list request reads it from the database, as the standalone API does.
 */
const PROCESS_CALENDAR = process.env.LIANDONG_BENCH_CALENDAR === 'process';

type Figures = LoadFigures & { label: string };
type Call = (i: number) => Promise<unknown>;

async function measure(label: string, seconds: number, call: Call): Promise<Figures> {
  return { label, ...(await measureLoad(CALLERS, seconds, call)) };
}

async function run(label: string, call: Call): Promise<Figures> {
  if (WARMUP_SECONDS > 0) await measure(label, WARMUP_SECONDS, call);
  const figures = await measure(label, SECONDS, call);
  console.log(`  ${label}: ${figures.perSecond.toFixed(0)} calls/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms${figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''}`);
  return figures;
}

/**
 * The read model as the projection would leave it after ten reporting cycles, written set-wise in SQL.
 * Deterministic from the row numbers: the same run gives the same data. What the reads keep derived (inbox
 * items, owed-report deadlines, highest levels) comes from `refresh_daily_work`, the function the triggers
 * run for every write of the projection (migration denormalize-daily-work). For the bulk load the triggers
 * are off and it runs once at the end, as the migration's backfill does for an existing installation:
 * statement by statement, each insert here would recompute all 10,000 measures again.
 */
async function generate(db: Db): Promise<{ agencyIds: number[]; coordinatorIds: number[] }> {
  const tag = randomBytes(3).toString('hex');
  const step = async (what: string, query: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await query.execute(db);
    console.log(`    ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const derivedFrom = ['measures', 'assignments', 'reports', 'subtasks', 'extension_requests'];
  for (const table of derivedFrom) await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  await step(
    `${AGENCIES} agencies`,
    sql`insert into agencies (code, name, level, kind) select 'bench-${sql.raw(tag)}-' || n, '压测单位' || n, 'city', 'department' from generate_series(1, ${sql.lit(AGENCIES)}) n`,
  );
  const agencyIds = (await db.selectFrom('agencies').select('id').where('code', 'like', `bench-${tag}-%`).orderBy('id').execute()).map((a) => a.id);
  const coordinatorIds = agencyIds.slice(0, PLANS);
  await sql`create temporary table bench_agency as select row_number() over (order by id) - 1 as n, id from agencies where code like ${`bench-${tag}-%`}`.execute(db);
  await step(
    `${PLANS} plans`,
    sql`insert into plans (title, coordinator_agency_id, reporting_policy, source_text, source_hash)
        select '压测方案' || n, (select id from bench_agency where bench_agency.n = p.n), ${JSON.stringify(DEFAULT_REPORTING_POLICY)}::jsonb, 'bench', md5(${tag} || n) || md5(n::text)
          from generate_series(0, ${sql.lit(PLANS - 1)}) p(n)`,
  );
  await sql`create temporary table bench_plan as select row_number() over (order by id) - 1 as n, id, coordinator_agency_id from plans where source_text = 'bench'`.execute(db);
  const partners = AGENCIES - PLANS;
  // Measures: 40% in cycle 10 (no report yet: due), the rest in cycle 9; due dates spread from 10 days ago to 30 ahead.
  await step(
    `${MEASURES} measures`,
    sql`insert into measures (plan_id, seq, number, title, body, lead_agency_id, coordinator_agency_id, status, cycle_index, cycle_due_at)
        select p.id, i / ${sql.lit(PLANS)}, '(' || i || ')', '压测措施' || i, '', (select id from bench_agency a where a.n = ${sql.lit(PLANS)} + (i * 7) % ${sql.lit(partners)}), p.coordinator_agency_id,
               case when i % 20 = 0 then 'closed' else 'active' end, case when i % 5 < 2 then ${sql.lit(CYCLES)} else ${sql.lit(CYCLES - 1)} end,
               now() + make_interval(days => (i % 40) - 10)
          from generate_series(0, ${sql.lit(MEASURES - 1)}) i join bench_plan p on p.n = i % ${sql.lit(PLANS)}`,
  );
  await sql`create temporary table bench_measure as select row_number() over (order by seq, number) - 1 as i, id, cycle_index, cycle_due_at from measures where plan_id in (select id from bench_plan)`.execute(db);
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE} assignments`,
    sql`insert into assignments (measure_id, agency_id, role, status, due_at, escalation_level)
        select m.id, a.id, case when k = 0 then 'lead' else 'partner' end,
               case when k = 0 then 'accepted' else (array['pending','accepted','accepted','accepted','accepted','accepted','accepted','accepted','declined','transfer_requested'])[1 + (m.i + k) % 10] end,
               m.cycle_due_at, case when (m.i + k) % 50 = 0 then 'yellow' when (m.i + k) % 23 = 0 then 'blue' end
          from bench_measure m cross join generate_series(0, ${sql.lit(ASSIGNMENTS_PER_MEASURE - 1)}) k
          join bench_agency a on a.n = ${sql.lit(PLANS)} + ((m.i * 7) + k * 29) % ${sql.lit(partners)}`,
  );
  // One report per assignment and cycle 0–9: earlier cycles accepted, cycle 9 submitted / accepted / returned.
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE * CYCLES} reports`,
    sql`insert into reports (id, measure_id, agency_id, cycle_index, kind, revision, status, progress_status, percent_done, submitted_by, submitted_at)
        select gen_random_uuid(), s.measure_id, s.agency_id, c, case when s.role = 'lead' then 'combined' else 'partner' end, 1,
               case when c < ${sql.lit(CYCLES - 1)} then 'accepted' else (array['submitted','submitted','submitted','submitted','submitted','accepted','accepted','accepted','accepted','returned'])[1 + (hashtext(s.id::text) & 1023) % 10] end,
               'on_track', c * 10, 'bench', now() - make_interval(days => (${sql.lit(CYCLES)} - c) * 30)
          from assignments s cross join generate_series(0, ${sql.lit(CYCLES - 1)}) c
         where s.measure_id in (select id from bench_measure)`,
  );
  await step(
    'subtasks',
    sql`insert into subtasks (id, measure_id, assignee_agency_id, created_by_agency_id, title, due_at, status)
        select gen_random_uuid(), s.measure_id, s.agency_id, m.lead_agency_id, '压测子任务', now() + make_interval(days => (hashtext(s.id::text) & 31)), case when hashtext(s.id::text) & 1 = 0 then 'open' else 'done' end
          from assignments s join measures m on m.id = s.measure_id where s.role = 'partner' and s.measure_id in (select id from bench_measure) and hashtext(s.id::text) & 3 = 0`,
  );
  await step(
    'extension requests',
    sql`insert into extension_requests (id, measure_id, agency_id, current_due_at, requested_due_at, reason, status, requested_at)
        select gen_random_uuid(), s.measure_id, s.agency_id, s.due_at, s.due_at + interval '20 days', '压测', case when hashtext(s.id::text) & 64 = 0 then 'pending' else 'approved' end, now() - interval '1 day'
          from assignments s where s.role = 'partner' and s.measure_id in (select id from bench_measure) and (hashtext(s.id::text) & 63) = 5`,
  );
  await step(
    'notifications',
    sql`insert into notifications (notification_key, recipient_agency_id, measure_id, kind, message, created_at, read_at)
        select 'bench-' || s.id || '-' || c, s.agency_id, s.measure_id, 'report.accepted', '进展报告已通过审核', now() - make_interval(days => c * 30),
               case when c < ${sql.lit(CYCLES - 2)} then now() end
          from assignments s cross join generate_series(0, 2) c where s.measure_id in (select id from bench_measure)`,
  );
  // A user per unit: `auth.me` (the baseline) reads the signed-in person's profile.
  await step(
    'users',
    sql`insert into users (username, display_name, agency_id, roles, password_hash) select 'bench-' || id, '压测用户', id, '{officer,coordinator}', 'bench' from bench_agency`,
  );
  for (const table of derivedFrom) await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
  // Steady state: autovacuum would have set the visibility map long since (index-only scans need it).
  await step('vacuum analyze', sql`vacuum analyze`);
  await step('inbox items, owed deadlines and levels (refresh_daily_work)', sql`select refresh_daily_work(array(select id from measures))`);
  await step('vacuum analyze', sql`vacuum analyze`);
  return { agencyIds: agencyIds.slice(PLANS), coordinatorIds };
}

/** Captures the SQL a read sends, then prints its plan with actual timings. */
async function explainReads(db: Db, officer: Actor, coordinator: Actor): Promise<void> {
  const { traced, captured } = captureQueries(db);
  const services = createServices({ db: traced, temporal: new Client() });
  const reads: [string, () => Promise<unknown>][] = [
    ['inbox.items', () => createCaller({ services, actor: officer }).inbox.items({ limit: 30 })],
    ['inbox.measures overdue', () => createCaller({ services, actor: officer }).inbox.measures({ overdue: true, sort: 'due', limit: 20 })],
    ['inbox.measures coordinator yellow', () => createCaller({ services, actor: coordinator }).inbox.measures({ escalationLevel: 'yellow', sort: 'escalation', limit: 20 })],
    ['notification.list', () => createCaller({ services, actor: officer }).notification.list({ limit: 30 })],
  ];
  for (const [label, read] of reads) {
    captured.length = 0;
    await read();
    for (const query of captured.filter((q) => /^\s*select/i.test(q.sql))) {
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
      console.log(`--- ${label}\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`reads bench: ${CALLERS} concurrent callers, ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  console.log('  Temporal: not involved (these reads never reach it): one run for both targets');
  console.log(`  working-day calendar: ${PROCESS_CALENDAR ? 'held by the process (liandong start)' : 'read by each request (standalone API)'}`);
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('reads', stops, { max: CALLERS });
    console.log('  generating the read model');
    const { agencyIds, coordinatorIds } = await generate(db);

    // Reads never touch Temporal; a lazy client never connects.
    const calendar = PROCESS_CALENDAR ? await loadWorkingCalendar(db) : undefined;
    const services = createServices({ db, temporal: new Client(), ...(calendar ? { calendar: { current: () => calendar, refresh: async () => calendar } } : {}) });
    const userIds = new Map((await db.selectFrom('users').select(['id', 'agencyId']).where('username', 'like', 'bench-%').execute()).map((u) => [u.agencyId, u.id]));
    const signedIn = (agencyId: number, role: Role): Actor => ({ userId: userIds.get(agencyId)!, username: `bench-${agencyId}`, displayName: '压测用户', agencyId, roles: [role] });
    const caller = (who: Actor) => createCaller({ services, actor: who });
    const officers = agencyIds.map((agencyId) => caller(signedIn(agencyId, 'officer')));
    const coordinators = coordinatorIds.map((agencyId) => caller(signedIn(agencyId, 'coordinator')));
    if (EXPLAIN) await explainReads(db, signedIn(agencyIds[0]!, 'officer'), signedIn(coordinatorIds[0]!, 'coordinator'));
    const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;

    console.log('reads through the tRPC router');
    const baseline = await run('auth.me (trivial, authenticated)', (i) => pick(officers, i).auth.me());
    const figures = [
      await run('inbox.counts', (i) => pick(officers, i).inbox.counts()),
      await run('inbox.items (first page of 30)', (i) => pick(officers, i).inbox.items({ limit: 30 })),
      await run('inbox.measures (overdue, by due date)', (i) => pick(officers, i).inbox.measures({ overdue: true, sort: 'due', limit: 20 })),
      await run('inbox.measures (coordinator, page 5)', (i) => pick(coordinators, i).inbox.measures({ sort: 'number', limit: 20, offset: 80 })),
      await run('inbox.measures (coordinator, red/yellow)', (i) => pick(coordinators, i).inbox.measures({ escalationLevel: 'yellow', sort: 'escalation', limit: 20 })),
      await run('notification.unreadCount', (i) => pick(officers, i).notification.unreadCount()),
      await run('notification.list', (i) => pick(officers, i).notification.list({ limit: 30 })),
    ];

    console.log('');
    console.log(`| read                                        | calls/s | p50 ms | p99 ms | ratio | p99 ≤ ${TARGETS.p99Ms} | ratio ≥ ${TARGETS.ratioToBaseline} |`);
    console.log(`| ------------------------------------------- | ------- | ------ | ------ | ----- | --------- | ----------- |`);
    for (const f of [baseline, ...figures]) {
      const ratio = f.perSecond / baseline.perSecond;
      console.log(
        `| ${f.label.padEnd(43)} | ${f.perSecond.toFixed(0).padStart(7)} | ${f.p50.toFixed(1).padStart(6)} | ${f.p99.toFixed(1).padStart(6)} | ${ratio.toFixed(2).padStart(5)} | ${verdict(f.p99 <= TARGETS.p99Ms).padEnd(9)} | ${verdict(ratio >= TARGETS.ratioToBaseline).padEnd(11)} |`,
      );
    }
    for (const f of figures) {
      const ratio = f.perSecond / baseline.perSecond;
      recordFigure({
        bench: 'reads',
        temporal: 'none',
        what: `${f.label}, ${CALLERS} callers, ${MEASURES} measures`,
        value: `${f.perSecond.toFixed(0)}/s, p99 ${f.p99.toFixed(1)} ms`,
        baseline: `${baseline.perSecond.toFixed(0)}/s (auth.me)`,
        ratio,
        target: `p99 ≤ ${TARGETS.p99Ms} ms, ratio ≥ ${TARGETS.ratioToBaseline}`,
        verdict: verdict(f.p99 <= TARGETS.p99Ms && ratio >= TARGETS.ratioToBaseline),
      });
    }
  } finally {
    console.log('');
    await stopInOrder(stops, (line) => console.log(line));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
