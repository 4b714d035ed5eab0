// `pnpm --filter @liandong/cli bench:assessment`: the agency assessment (考核) and the ledger (台账) at province
// scale. Fills an embedded PostgreSQL with 10,000 measures in 10 plans, 100,000 assignments, 1,000,000 reports and
// the audit events the assessment reads (a `report.submitted` per report, plus returns, missed cycles,
// escalations and closures), spread over ten 30-day cycles; then, as a plan's coordinator through the tRPC
// router, times the ranking of a quarter, one unit's explanation, the .xlsx export of both and the ledger.
// `LIANDONG_BENCH_PLANS=1` puts all measures in one plan (the ranking then reads ten times the events).
// Prints figures and the target (≤ 2 s for the quarter); never fails on it.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Client } from '@temporalio/client';
import { CompiledQuery, sql } from 'kysely';
import { createCaller, createServices } from '@liandong/api';
import { type Db } from '@liandong/db';
import { countAssessmentFacts, listAssessmentFacts, listPlanAgencies } from '@liandong/db/queries';
import { DEFAULT_ASSESSMENT_RULES, DEFAULT_REPORTING_POLICY, parsePeriod, periodKeyOf, rank, score, type Actor } from '@liandong/domain';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { captureQueries, startBenchDatabase } from './database';

const MEASURES = Number(process.env.LIANDONG_BENCH_MEASURES ?? 10_000);
const PLANS = Number(process.env.LIANDONG_BENCH_PLANS ?? 10);
const RUNS = Number(process.env.LIANDONG_BENCH_RUNS ?? 5);
const ASSIGNMENTS_PER_MEASURE = 10;
const CYCLES = 10;
const AGENCIES = 300;
const TARGET_MS = 2_000;
/** Set to print EXPLAIN ANALYZE of the statements the ranking of the quarter sends. */
const EXPLAIN = process.env.LIANDONG_BENCH_EXPLAIN === 'true';

async function generate(db: Db): Promise<{ coordinatorIds: number[]; planIds: string[] }> {
  const tag = randomBytes(3).toString('hex');
  const step = async (what: string, query: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await query.execute(db);
    console.log(`    ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  // The daily-work triggers derive what the inbox reads; the assessment and the ledger read none of it.
  for (const table of ['measures', 'assignments', 'reports', 'subtasks', 'extension_requests']) await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  await step(`${AGENCIES} agencies`, sql`insert into agencies (code, name, level, kind) select 'bench-${sql.raw(tag)}-' || n, '压测单位' || n, 'city', 'department' from generate_series(1, ${sql.lit(AGENCIES)}) n`);
  await sql`create temporary table bench_agency as select row_number() over (order by id) - 1 as n, id from agencies where code like ${`bench-${tag}-%`}`.execute(db);
  await step(
    `${PLANS} plans`,
    sql`insert into plans (title, coordinator_agency_id, reporting_policy, source_text, source_hash)
        select '压测方案' || n, (select id from bench_agency where bench_agency.n = p.n), ${JSON.stringify(DEFAULT_REPORTING_POLICY)}::jsonb, 'bench', md5(${tag} || n) || md5(n::text)
          from generate_series(0, ${sql.lit(PLANS - 1)}) p(n)`,
  );
  await sql`create temporary table bench_plan as select row_number() over (order by id) - 1 as n, id, coordinator_agency_id from plans where source_text = 'bench'`.execute(db);
  const partners = AGENCIES - PLANS;
  await step(
    `${MEASURES} measures`,
    sql`insert into measures (plan_id, seq, number, title, body, lead_agency_id, coordinator_agency_id, status, cycle_index, cycle_due_at, closed_at)
        select p.id, i / ${sql.lit(PLANS)}, '(' || (i / ${sql.lit(PLANS)} + 1) || ')', '压测措施' || i, '', (select id from bench_agency a where a.n = ${sql.lit(PLANS)} + (i * 7) % ${sql.lit(partners)}), p.coordinator_agency_id,
               case when i % 20 = 0 then 'closed' else 'active' end, ${sql.lit(CYCLES - 1)}, now() + make_interval(days => (i % 40) - 10),
               case when i % 20 = 0 then now() - make_interval(days => (i % 280) + 20) end
          from generate_series(0, ${sql.lit(MEASURES - 1)}) i join bench_plan p on p.n = i % ${sql.lit(PLANS)}`,
  );
  await sql`create temporary table bench_measure as select row_number() over (order by seq, number) - 1 as i, id, status, closed_at from measures where plan_id in (select id from bench_plan)`.execute(db);
  await step(
    `${MEASURES} targets (KPIs)`,
    sql`insert into measure_kpis (measure_id, seq, metric, target, unit, comparator, deadline_year)
        select id, 0, '压测指标', 100, '项', '>=', case when i % 3 = 0 then null else 2026 + (i % 4)::int end from bench_measure`,
  );
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE} assignments`,
    sql`insert into assignments (measure_id, agency_id, role, status, due_at)
        select m.id, a.id, case when k = 0 then 'lead' else 'partner' end, 'accepted', now() + interval '10 days'
          from bench_measure m cross join generate_series(0, ${sql.lit(ASSIGNMENTS_PER_MEASURE - 1)}) k
          join bench_agency a on a.n = ${sql.lit(PLANS)} + ((m.i * 7) + k * 29) % ${sql.lit(partners)}`,
  );
  // Cycle c's reports were submitted (10 − c) × 30 days ago, give or take a few hours.
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE * CYCLES} reports`,
    sql`insert into reports (id, measure_id, agency_id, cycle_index, kind, revision, status, progress_status, percent_done, kpi_values, summary, late, submitted_by, submitted_at)
        select gen_random_uuid(), s.measure_id, s.agency_id, c, case when s.role = 'lead' then 'combined' else 'partner' end, 1, 'accepted', 'on_track', c * 10,
               case when s.role = 'lead' then jsonb_build_array(jsonb_build_object('metric', '压测指标', 'value', c * 10)) else '[]'::jsonb end,
               '第' || (c + 1) || '期进展', (hashtext(s.id::text || c) & 7) = 0, 'bench',
               now() - make_interval(days => (${sql.lit(CYCLES)} - c) * 30, hours => hashtext(s.id::text) & 63)
          from assignments s cross join generate_series(0, ${sql.lit(CYCLES - 1)}) c
         where s.measure_id in (select id from bench_measure)`,
  );
  await step(
    `${MEASURES * ASSIGNMENTS_PER_MEASURE * CYCLES} report.submitted audit events`,
    sql`insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
        select 'bench-report-' || r.id, r.submitted_at, 'bench', r.agency_id, 'report.submitted', 'report', r.id::text, r.measure_id,
               jsonb_build_object('type', 'report.submitted', 'reportId', r.id, 'agencyId', r.agency_id, 'cycleIndex', r.cycle_index, 'kind', r.kind, 'revision', 1, 'late', r.late,
                                  'content', jsonb_build_object('progressStatus', 'on_track', 'percentDone', r.percent_done, 'kpiValues', r.kpi_values, 'summary', r.summary, 'problems', '', 'supportRequested', '')),
               'bench', 'bench'
          from reports r`,
  );
  await step(
    'report.returned audit events (1 in 32 reports)',
    sql`insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
        select 'bench-returned-' || r.id, r.submitted_at + interval '2 days', 'bench', null, 'report.returned', 'report', r.id::text, r.measure_id,
               jsonb_build_object('type', 'report.returned', 'reportId', r.id, 'agencyId', r.agency_id, 'cycleIndex', r.cycle_index, 'comment', '请补充'), 'bench', 'bench'
          from reports r where (hashtext(r.id::text) & 31) = 1`,
  );
  await step(
    'cycle.missed audit events (1 in 32 duties)',
    sql`insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
        select 'bench-missed-' || s.id || '-' || c, now() - make_interval(days => (${sql.lit(CYCLES)} - c) * 30 - 25), 'bench', null, 'cycle.missed', 'assignment', s.measure_id || '/' || s.agency_id, s.measure_id,
               jsonb_build_object('type', 'cycle.missed', 'agencyId', s.agency_id, 'cycleIndex', c), 'bench', 'bench'
          from assignments s cross join generate_series(0, ${sql.lit(CYCLES - 1)}) c where (hashtext(s.id::text || c) & 31) = 2`,
  );
  await sql`create temporary table bench_escalation as
      select gen_random_uuid() as id, s.measure_id, s.agency_id, c, now() - make_interval(days => (${sql.lit(CYCLES)} - c) * 30 - 8) as raised_at, (hashtext(s.id::text || c || 'climbs') & 3) = 0 as climbs
        from assignments s cross join generate_series(0, ${sql.lit(CYCLES - 1)}) c where (hashtext(s.id::text || c) & 63) = 3`.execute(db);
  await step(
    'escalations (1 in 64 duties, a quarter of them climbing to red) and their audit events',
    sql`with raised as (
          insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
          select 'bench-escalation-' || e.id, e.raised_at, 'bench', null, 'escalation.raised', 'escalation', e.id::text, e.measure_id,
                 jsonb_build_object('type', 'escalation.raised', 'escalationId', e.id, 'kind', 'overdue', 'level', 'yellow', 'agencyId', e.agency_id, 'cycleIndex', e.c, 'reason', '逾期'), 'bench', 'bench'
            from bench_escalation e returning id)
        insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
        select 'bench-climbed-' || e.id, e.raised_at + interval '3 days', 'bench', null, 'escalation.climbed', 'escalation', e.id::text, e.measure_id,
               jsonb_build_object('type', 'escalation.climbed', 'escalationId', e.id, 'level', 'red'), 'bench', 'bench'
          from bench_escalation e where e.climbs and (select count(*) from raised) > 0`,
  );
  await step(
    'open escalations in the read model (the last cycle)',
    sql`insert into escalations (id, measure_id, agency_id, cycle_index, kind, level, status, reason, raised_by, raised_at)
        select id, measure_id, agency_id, c, 'overdue', case when climbs then 'red' else 'yellow' end, 'open', '逾期', 'bench', raised_at from bench_escalation where c = ${sql.lit(CYCLES - 1)}`,
  );
  await step(
    'closure.approved audit events (the closed measures)',
    sql`insert into audit_events (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, prev_hash, hash)
        select 'bench-closure-' || m.id, m.closed_at, 'bench', null, 'closure.approved', 'measure', m.id::text, m.id,
               jsonb_build_object('type', 'closure.approved', 'closureId', gen_random_uuid(), 'comment', '同意销号'), 'bench', 'bench'
          from bench_measure m where m.status = 'closed'`,
  );
  await step(
    'users',
    sql`insert into users (username, display_name, agency_id, roles, password_hash) select 'bench-' || coordinator_agency_id, '压测协调办', coordinator_agency_id, '{coordinator}', 'bench' from bench_plan`,
  );
  await step('vacuum analyze', sql`vacuum analyze`);
  const plans = await sql<{ id: string; coordinatorAgencyId: number }>`select id, coordinator_agency_id from bench_plan order by n`.execute(db);
  return { coordinatorIds: plans.rows.map((p) => p.coordinatorAgencyId), planIds: plans.rows.map((p) => p.id) };
}

interface Timing {
  label: string;
  ms: number[];
  note: string;
}

async function time(label: string, runs: number, call: () => Promise<string>): Promise<Timing> {
  const ms: number[] = [];
  let note = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    note = await call();
    ms.push(performance.now() - t0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(`  ${label}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${note})`);
  return { label, ms, note };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`assessment bench: ${MEASURES} measures in ${PLANS} plans, ${RUNS} runs per figure; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}`);
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('assessment', stops, { max: 4 });
    console.log('  generating');
    const t0 = performance.now();
    const { coordinatorIds, planIds } = await generate(db);
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const services = createServices({ db, temporal: new Client() });
    const userIds = new Map((await db.selectFrom('users').select(['id', 'agencyId']).where('username', 'like', 'bench-%').execute()).map((u) => [u.agencyId, u.id]));
    const coordinator: Actor = { userId: userIds.get(coordinatorIds[0]!)!, username: 'bench-coordinator', displayName: '压测协调办', agencyId: coordinatorIds[0]!, roles: ['coordinator'] };
    const caller = createCaller({ services, actor: coordinator });
    const planId = planIds[0]!;
    // The quarter the generated cycles cover most fully: the one that ended before last month.
    const quarter = periodKeyOf(new Date(Date.now() - 120 * 86_400_000), 'quarter');
    const month = periodKeyOf(new Date(Date.now() - 60 * 86_400_000), 'month');
    const bounds = parsePeriod(quarter)!;
    const counted = await sql<{ n: number }>`
      select count(*)::int as n from audit_events ae join measures m on m.id = ae.measure_id
       where m.plan_id = ${planId} and ae.action in ('report.submitted', 'report.returned', 'cycle.missed', 'escalation.raised', 'escalation.climbed', 'closure.approved')
         and ae.occurred_at >= ${bounds.start} and ae.occurred_at < ${bounds.end}`.execute(db);
    const totalEvents = await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(db);
    console.log(`  ${totalEvents.rows[0]!.n} audit events in all; ${counted.rows[0]!.n} of them of plan 1 in ${quarter} that the assessment reads`);

    const ranking = await caller.assessment.ranking({ planId, period: quarter });
    const worst = ranking.rows.at(-1)!;
    console.log(`  ${quarter}: ${ranking.rows.length} units ranked; top ${ranking.rows[0]!.score}, bottom ${worst.score}`);
    const figures = [
      await time(`assessment.ranking (${quarter})`, RUNS, async () => {
        const r = await caller.assessment.ranking({ planId, period: quarter });
        return `${r.rows.length} units, ${r.rows.reduce((n, row) => n + Object.values(row.counts).reduce((a, b) => a + b, 0), 0)} scored events`;
      }),
      await time(`assessment.ranking (${month})`, RUNS, async () => `${(await caller.assessment.ranking({ planId, period: month })).rows.length} units`),
      await time(`assessment.explain (${quarter}, lowest unit)`, RUNS, async () => `${(await caller.assessment.explain({ planId, period: quarter, agencyId: worst.agencyId })).lines.length} lines`),
      await time(`assessment.export (${quarter}, .xlsx)`, RUNS, async () => `${Math.round((await caller.assessment.export({ planId, period: quarter })).base64.length * 0.75 / 1024)} KB`),
      await time('ledger.export (.xlsx)', RUNS, async () => `${Math.round((await caller.ledger.export({ planId })).base64.length * 0.75 / 1024)} KB`),
    ];
    // Where the time goes: the ranking's counting query and units query; every fact of the quarter (what the
    // export reads), and scoring them all in the process.
    const facts = await listAssessmentFacts(db, { planId, start: bounds.start, end: bounds.end });
    const agencies = await listPlanAgencies(db, planId);
    const parts = [
      await time('  of which countAssessmentFacts (SQL)', RUNS, async () => `${(await countAssessmentFacts(db, { planId, start: bounds.start, end: bounds.end })).length} units with events`),
      await time('  of which listPlanAgencies (SQL)', RUNS, async () => `${(await listPlanAgencies(db, planId)).length} units`),
      await time('every fact of the quarter: listAssessmentFacts', RUNS, async () => `${(await listAssessmentFacts(db, { planId, start: bounds.start, end: bounds.end })).length} facts`),
      await time('every fact scored and ranked: score() and rank()', RUNS, async () => {
        const names = new Map(agencies.map((a) => [a.id, a.name]));
        const ranked = rank(score(DEFAULT_ASSESSMENT_RULES, facts, [...names.keys()]).map((x) => ({ ...x, agencyName: names.get(x.agencyId) ?? '' })));
        return `${ranked.length} ranked`;
      }),
    ];
    figures.splice(1, 0, ...parts);
    if (EXPLAIN) {
      const { traced, captured } = captureQueries(db);
      await createCaller({ services: createServices({ db: traced, temporal: new Client() }), actor: coordinator }).assessment.ranking({ planId, period: quarter });
      for (const query of captured) {
        const plan = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
        console.log(`--- ${query.sql.slice(0, 80).replace(/\s+/g, ' ')}…\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`);
      }
    }
    console.log('');
    console.log(`| call | median ms | max ms | what | ≤ ${TARGET_MS} ms |`);
    console.log('| --- | --- | --- | --- | --- |');
    for (const f of figures) {
      const sorted = [...f.ms].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const max = sorted.at(-1)!;
      console.log(`| ${f.label} | ${median.toFixed(0)} | ${max.toFixed(0)} | ${f.note} | ${max <= TARGET_MS ? 'met' : 'missed'} |`);
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
