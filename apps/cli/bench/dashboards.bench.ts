// `pnpm --filter @liandong/cli bench:dashboards`: the dashboards (统计) at province scale. Fills an embedded
// PostgreSQL with the reads bench's shape (10,000 measures in 10 plans, 100,000 assignments, 1,000,000 reports)
// plus what the dashboards read: late reports spread over the days after their due date, approved extensions,
// 1,000 KPI targets with values in the leads' combined reports, escalations (open and resolved), missed cycles
// and closures in the audit trail and the read model, and one audit event per report. Five working groups
// coordinate two plans each. Then concurrent signed-in coordinators read `dashboard.plan` (1,000 measures,
// 100,000 reports) and `dashboard.group` (2,000 measures, 200,000 reports) through the tRPC router, computed for
// every call (`fresh`) and as served (a computation is reused for 30 s), against `auth.me` in the same run.
// Prints figures and the target (p99 ≤ 100 ms); never fails on it.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Client } from '@temporalio/client';
import { CompiledQuery, sql } from 'kysely';
import { createCaller, createServices } from '@liandong/api';
import { type Db } from '@liandong/db';
import { loadWorkingCalendar } from '@liandong/db/queries';
import { DEFAULT_REPORTING_POLICY, type Actor, type Role } from '@liandong/domain';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { measureLoad, type LoadFigures } from './load';
import { captureQueries, startBenchDatabase } from './database';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 2);
/** A handful of coordinators look at dashboards at once, not the province's officers. */
const CALLERS = Number(process.env.LIANDONG_BENCH_CALLERS ?? 4);
const MEASURES = Number(process.env.LIANDONG_BENCH_MEASURES ?? 10_000);
const ASSIGNMENTS_PER_MEASURE = 10;
const CYCLES = 10;
const PLANS = 10;
const GROUPS = 5;
const AGENCIES = 300;
const TARGET_P99_MS = 100;
/** Set to print EXPLAIN ANALYZE of every query one call of each dashboard sends. */
const EXPLAIN = process.env.LIANDONG_BENCH_EXPLAIN === 'true';
/** `process`: the services hold the working-day calendar as `liandong start` does; by default each request reads it (the standalone API). */
const PROCESS_CALENDAR = process.env.LIANDONG_BENCH_CALENDAR === 'process';

type Figures = LoadFigures & { label: string };
type Call = (i: number) => Promise<unknown>;

async function run(label: string, call: Call): Promise<Figures> {
  if (WARMUP_SECONDS > 0) await measureLoad(CALLERS, WARMUP_SECONDS, call);
  const figures = { label, ...(await measureLoad(CALLERS, SECONDS, call)) };
  console.log(`  ${label}: ${figures.perSecond.toFixed(0)} calls/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms${figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''}`);
  return figures;
}

/**
 * The read model after ten monthly reporting cycles, written set-wise and deterministic from the row numbers.
 * The plans started ten months and a week ago under the default policy, so each cycle's due date is the 5th
 * working day of the next month; a report is late for 15% of duties, sent 1–15 days after that month's 10th.
 * Triggers are off for the load; `refresh_daily_work` then derives owed deadlines, levels and inbox items once.
 */
export async function generate(db: Db): Promise<{ coordinatorIds: number[]; plans: { id: string; coordinatorAgencyId: number }[] }> {
  const tag = randomBytes(3).toString('hex');
  const step = async (what: string, query: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await query.execute(db);
    console.log(`    ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const derivedFrom = ['measures', 'assignments', 'reports', 'subtasks', 'extension_requests'];
  for (const table of derivedFrom) await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  await step(`${AGENCIES} agencies`, sql`insert into agencies (code, name, level, kind) select 'bench-${sql.raw(tag)}-' || n, '压测单位' || n, 'city', 'department' from generate_series(1, ${sql.lit(AGENCIES)}) n`);
  await sql`create temporary table bench_agency as select row_number() over (order by id) - 1 as n, id from agencies where code like ${`bench-${tag}-%`}`.execute(db);
  const coordinatorIds = (await sql<{ id: number }>`select id from bench_agency where n < ${sql.lit(GROUPS)} order by n`.execute(db)).rows.map((r) => r.id);
  // Plan p is coordinated by working group p % GROUPS: two plans each.
  await step(
    `${PLANS} plans`,
    sql`insert into plans (title, coordinator_agency_id, reporting_policy, source_text, source_hash)
        select '压测方案' || n, (select id from bench_agency where bench_agency.n = p.n % ${sql.lit(GROUPS)}), ${JSON.stringify(DEFAULT_REPORTING_POLICY)}::jsonb, 'bench', md5(${tag} || n) || md5(n::text)
          from generate_series(0, ${sql.lit(PLANS - 1)}) p(n)`,
  );
  await sql`update plans set created_at = date_trunc('month', now()) - interval '10 months' + interval '7 days' where source_text = 'bench'`.execute(db);
  await sql`create temporary table bench_plan as select row_number() over (order by id) - 1 as n, id, coordinator_agency_id, created_at from plans where source_text = 'bench'`.execute(db);
  const partners = AGENCIES - GROUPS;
  await step(
    `${MEASURES} measures`,
    sql`insert into measures (plan_id, seq, number, title, body, lead_agency_id, coordinator_agency_id, status, cycle_index, cycle_due_at, closed_at)
        select p.id, i / ${sql.lit(PLANS)}, '(' || i || ')', '压测措施' || i, '', (select id from bench_agency a where a.n = ${sql.lit(GROUPS)} + (i * 7) % ${sql.lit(partners)}), p.coordinator_agency_id,
               case when i % 20 = 0 then 'closed' when i % 97 = 0 then 'withdrawn' when i % 31 = 0 then 'closure_requested' else 'active' end,
               case when i % 5 < 2 then ${sql.lit(CYCLES)} else ${sql.lit(CYCLES - 1)} end,
               now() + make_interval(days => (i % 40) - 10),
               case when i % 20 = 0 then now() - make_interval(days => (i / 20) % 330) end
          from generate_series(0, ${sql.lit(MEASURES - 1)}) i join bench_plan p on p.n = i % ${sql.lit(PLANS)}`,
  );
  await sql`create temporary table bench_measure as select row_number() over (order by seq, number) - 1 as i, id, plan_id, cycle_index, cycle_due_at from measures where plan_id in (select id from bench_plan)`.execute(db);
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE} assignments`,
    sql`insert into assignments (measure_id, agency_id, role, status, due_at, escalation_level)
        select m.id, a.id, case when k = 0 then 'lead' else 'partner' end,
               case when k = 0 then 'accepted' else (array['pending','accepted','accepted','accepted','accepted','accepted','accepted','accepted','declined','transfer_requested'])[1 + (m.i + k) % 10] end,
               m.cycle_due_at, case when (m.i + k) % 97 = 0 then 'red' when (m.i + k) % 50 = 0 then 'yellow' when (m.i + k) % 23 = 0 then 'blue' end
          from bench_measure m cross join generate_series(0, ${sql.lit(ASSIGNMENTS_PER_MEASURE - 1)}) k
          join bench_agency a on a.n = ${sql.lit(GROUPS)} + ((m.i * 7) + k * 29) % ${sql.lit(partners)}`,
  );
  // Cycle c covers month c after the plans' start; its report is due early in month c + 1. Late ones come after the 10th.
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE * CYCLES} reports`,
    sql`insert into reports (id, measure_id, agency_id, cycle_index, kind, revision, status, progress_status, percent_done, kpi_values, late, submitted_by, submitted_at)
        select gen_random_uuid(), s.measure_id, s.agency_id, c, case when s.role = 'lead' then 'combined' else 'partner' end, 1,
               case when c < ${sql.lit(CYCLES - 1)} then 'accepted' else (array['submitted','submitted','submitted','submitted','submitted','accepted','accepted','accepted','accepted','returned'])[1 + (hashtext(s.id::text) & 1023) % 10] end,
               'on_track', c * 10,
               case when s.role = 'lead' and (m.i / 10) % 10 = 0 then jsonb_build_array(jsonb_build_object('metric', '压测指标', 'value', c * 100)) else '[]'::jsonb end,
               (hashtext(s.id::text || c) & 1023) % 100 < 15, 'bench',
               date_trunc('month', p.created_at) + make_interval(months => c + 1)
                 + case when (hashtext(s.id::text || c) & 1023) % 100 < 15 then make_interval(days => 10 + (hashtext(s.id::text || c) & 15)) else interval '2 days' end
          from assignments s join bench_measure m on m.id = s.measure_id join bench_plan p on p.id = m.plan_id cross join generate_series(0, ${sql.lit(CYCLES - 1)}) c`,
  );
  await step(
    'KPI targets',
    sql`insert into measure_kpis (measure_id, seq, metric, target, unit, comparator, deadline_year)
        select m.id, 0, '压测指标', 1000 + m.i % 500, '亿元', '>=', 2025 + m.i % 3 from bench_measure m where (m.i / 10) % 10 = 0`,
  );
  await step(
    'approved extensions',
    sql`insert into extension_requests (id, measure_id, agency_id, current_due_at, requested_due_at, reason, status, requested_at)
        select gen_random_uuid(), s.measure_id, s.agency_id, s.due_at - interval '20 days', s.due_at - interval '15 days', '压测', case when hashtext(s.id::text) & 64 = 0 then 'pending' else 'approved' end, now() - interval '30 days'
          from assignments s where s.role = 'partner' and s.measure_id in (select id from bench_measure) and (hashtext(s.id::text) & 31) = 5`,
  );
  await step(
    'escalations',
    sql`insert into escalations (id, measure_id, agency_id, cycle_index, kind, level, status, reason, raised_by, raised_at, resolved_at)
        select gen_random_uuid(), s.measure_id, s.agency_id, ${sql.lit(CYCLES - 1)}, 'overdue', s.escalation_level, 'open', '逾期', 'system', now() - make_interval(days => hashtext(s.id::text) & 63), null
          from assignments s where s.escalation_level is not null and s.measure_id in (select id from bench_measure)
        union all
        select gen_random_uuid(), s.measure_id, s.agency_id, c, 'overdue', 'blue', 'resolved', '逾期', 'system', now() - make_interval(days => 30 * (${sql.lit(CYCLES)} - c)), now() - make_interval(days => 30 * (${sql.lit(CYCLES)} - c) - 5)
          from assignments s cross join generate_series(0, ${sql.lit(CYCLES - 1)}) c
         where s.measure_id in (select id from bench_measure) and (hashtext(s.id::text || c) & 1023) % 100 < 5`,
  );
  // The audit trail: one event per report (what the dashboards must not read), and the missed cycles (what they do).
  await step(
    'audit events',
    sql`insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
        select 'bench-r-' || r.id, r.submitted_at, 'bench', r.agency_id, 'report.submitted', 'report', r.id::text, r.measure_id,
               jsonb_build_object('type', 'report.submitted', 'reportId', r.id, 'agencyId', r.agency_id, 'cycleIndex', r.cycle_index), '', md5(r.id::text)
          from reports r where r.measure_id in (select id from bench_measure)
        union all
        select 'bench-m-' || s.id || '-' || c, date_trunc('month', p.created_at) + make_interval(months => c + 1, days => 20), 'system', null, 'cycle.missed', 'assignment', s.measure_id || '/' || s.agency_id, s.measure_id,
               jsonb_build_object('type', 'cycle.missed', 'agencyId', s.agency_id, 'cycleIndex', c), '', md5(s.id::text || c)
          from assignments s join bench_measure m on m.id = s.measure_id join bench_plan p on p.id = m.plan_id cross join generate_series(0, ${sql.lit(CYCLES - 2)}) c
         where (hashtext(s.id::text || c || 'missed') & 1023) % 100 < 2`,
  );
  await step(
    'users',
    sql`insert into users (username, display_name, agency_id, roles, password_hash) select 'bench-' || id, '压测用户', id, '{officer,coordinator}', 'bench' from bench_agency`,
  );
  for (const table of derivedFrom) await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
  await step('vacuum analyze', sql`vacuum analyze`);
  await step('owed deadlines, levels and inbox items (refresh_daily_work)', sql`select refresh_daily_work(array(select id from measures))`);
  await step('vacuum analyze', sql`vacuum analyze`);
  const plans = (await sql<{ id: string; coordinatorAgencyId: number }>`select id, coordinator_agency_id from bench_plan order by n`.execute(db)).rows;
  return { coordinatorIds, plans };
}

/** Captures the SQL a dashboard sends, then prints each query's plan with actual timings. */
async function explainDashboards(db: Db, coordinator: Actor, planId: string): Promise<void> {
  const { traced, captured } = captureQueries(db);
  const services = createServices({ db: traced, temporal: new Client() });
  for (const [label, read] of [
    ['dashboard.plan', () => createCaller({ services, actor: coordinator }).dashboard.plan({ planId })],
    ['dashboard.group', () => createCaller({ services, actor: coordinator }).dashboard.group()],
  ] as const) {
    captured.length = 0;
    await read();
    for (const query of captured.filter((q) => /^\s*(select|with)/i.test(q.sql))) {
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
      console.log(`--- ${label}\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`dashboards bench: ${MEASURES} measures, ${CALLERS} concurrent callers, ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}`);
  console.log(`  working-day calendar: ${PROCESS_CALENDAR ? 'held by the process (liandong start)' : 'read by each request (standalone API)'}`);
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('dashboards', stops, { max: Math.max(CALLERS * 8, 10) });
    console.log('  generating the read model');
    const t0 = performance.now();
    const { coordinatorIds, plans } = await generate(db);
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    // Reads never touch Temporal; a lazy client never connects.
    const calendar = PROCESS_CALENDAR ? await loadWorkingCalendar(db) : undefined;
    const services = createServices({ db, temporal: new Client(), ...(calendar ? { calendar: { current: () => calendar, refresh: async () => calendar } } : {}) });
    const userIds = new Map((await db.selectFrom('users').select(['id', 'agencyId']).where('username', 'like', 'bench-%').execute()).map((u) => [u.agencyId, u.id]));
    const signedIn = (agencyId: number, role: Role): Actor => ({ userId: userIds.get(agencyId)!, username: `bench-${agencyId}`, displayName: '压测用户', agencyId, roles: [role] });
    const coordinators = coordinatorIds.map((agencyId) => createCaller({ services, actor: signedIn(agencyId, 'coordinator') }));
    const planCallers = plans.map((plan) => ({ planId: plan.id, caller: coordinators[coordinatorIds.indexOf(plan.coordinatorAgencyId)]! }));
    if (EXPLAIN) await explainDashboards(db, signedIn(plans[0]!.coordinatorAgencyId, 'coordinator'), plans[0]!.id);

    const sample = await coordinators[0]!.dashboard.group();
    console.log(
      `  one working group: ${sample.plans.length} plans, ${sample.measures.total} measures, ${sample.agencies.length} agencies, ${sample.kpis.length} KPIs, ` +
        `${sample.totals.reportsOnTime + sample.totals.reportsLate} reports in 12 months (on-time rate ${((sample.totals.onTimeRate ?? 0) * 100).toFixed(1)}%, average delay ${sample.totals.averageDelayWorkingDays?.toFixed(1)} working days)`,
    );
    const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;

    console.log('reads through the tRPC router');
    const baseline = await run('auth.me (trivial, authenticated)', (i) => pick(coordinators, i).auth.me());
    // `fresh`: computed for every call (the page's 刷新); without it, served from the last 30 s's computation.
    const figures = [
      await run('dashboard.plan fresh (1,000 measures)', (i) => {
        const { planId, caller } = pick(planCallers, i);
        return caller.dashboard.plan({ planId, fresh: true });
      }),
      await run('dashboard.group fresh (2,000 measures)', (i) => pick(coordinators, i).dashboard.group({ fresh: true })),
      await run('dashboard.plan (1,000 measures)', (i) => {
        const { planId, caller } = pick(planCallers, i);
        return caller.dashboard.plan({ planId });
      }),
      await run('dashboard.group (2,000 measures)', (i) => pick(coordinators, i).dashboard.group()),
    ];

    console.log('');
    console.log(`| read                                        | calls/s | p50 ms | p99 ms | p99 ≤ ${TARGET_P99_MS} |`);
    console.log(`| ------------------------------------------- | ------- | ------ | ------ | ---------- |`);
    for (const f of [baseline, ...figures]) {
      console.log(`| ${f.label.padEnd(43)} | ${f.perSecond.toFixed(0).padStart(7)} | ${f.p50.toFixed(1).padStart(6)} | ${f.p99.toFixed(1).padStart(6)} | ${(f.p99 <= TARGET_P99_MS ? 'PASS' : 'BELOW').padEnd(10)} |`);
    }
  } finally {
    console.log('');
    await stopInOrder(stops, (line) => console.log(line));
  }
}

// The desk bench (`desk.bench.ts`) reuses `generate`; only running this file runs the dashboards.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
