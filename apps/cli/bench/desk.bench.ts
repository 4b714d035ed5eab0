// `pnpm --filter @liandong/cli bench:desk`: the coordinator's desk reads at province scale. Loads the dashboards
// bench's province once (10,000 measures in 10 plans, 100,000 assignments, 1,000,000 reports; open escalations on
// every assignment with a level, resolved ones for 5% of duties per cycle; declines, transfers, pending
// extensions and closure requests waiting), adds what only the desk reads (督办单 for one open escalation in
// ten, 联动事项 on one measure in twenty, answers from a responder of the triaged ones), then concurrent callers
// read `escalation.queue`, `decision.pending`, `issue.board` and `supervision.notices` through the tRPC router as
// the coordinator of two plans (2,000 measures) and as an auditor (every plan), against `auth.me` in the same
// run. Prints figures and the target (p99 ≤ 100 ms); never fails on it.
import os from 'node:os';
import { Client } from '@temporalio/client';
import { CompiledQuery, sql } from 'kysely';
import { createCaller, createServices } from '@liandong/api';
import { type Db } from '@liandong/db';
import type { Actor, Role } from '@liandong/domain';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { generate } from './dashboards.bench';
import { measureLoad, type LoadFigures } from './load';
import { captureQueries, startBenchDatabase } from './database';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 2);
/** A working group's few coordinators (and the odd auditor) at their desks at once. */
const CALLERS = Number(process.env.LIANDONG_BENCH_CALLERS ?? 4);
const TARGET_P99_MS = 100;
/** Set to print EXPLAIN ANALYZE of every query one call of each read sends. */
const EXPLAIN = process.env.LIANDONG_BENCH_EXPLAIN === 'true';

type Figures = LoadFigures & { label: string };
type Call = (i: number) => Promise<unknown>;

async function run(label: string, call: Call): Promise<Figures> {
  if (WARMUP_SECONDS > 0) await measureLoad(CALLERS, WARMUP_SECONDS, call);
  const figures = { label, ...(await measureLoad(CALLERS, SECONDS, call)) };
  console.log(`  ${label}: ${figures.perSecond.toFixed(0)} calls/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms${figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''}`);
  return figures;
}

/** What only the desk reads, which the dashboards' province has none of: supervision notices and coordination issues. */
async function addDeskRows(db: Db): Promise<void> {
  const step = async (what: string, query: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await query.execute(db);
    console.log(`    ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  // 督办单 for one open escalation in ten, numbered per plan; a third signed, a third answered.
  await step(
    'supervision notices',
    sql`insert into supervision_notices (plan_id, year, seq, number, measure_id, agency_id, escalation_id, coordinator_agency_id, requirement, answer_due_at, status,
                                         issued_by, issued_by_name, issued_at, signed_by, signed_at, answer, answered_by, answered_at)
        select m.plan_id, 2026, row_number() over (partition by m.plan_id order by e.raised_at, e.id), '督办〔2026〕第' || row_number() over (partition by m.plan_id order by e.raised_at, e.id) || '号',
               e.measure_id, e.agency_id, e.id, m.coordinator_agency_id, '压测督办', e.raised_at + interval '10 days',
               (array['issued','signed','answered'])[1 + (hashtext(e.id::text) & 1023) % 3], 'bench', '压测用户', e.raised_at + interval '1 day',
               case when (hashtext(e.id::text) & 1023) % 3 > 0 then 'bench' end, case when (hashtext(e.id::text) & 1023) % 3 > 0 then e.raised_at + interval '2 days' end,
               case when (hashtext(e.id::text) & 1023) % 3 = 2 then '压测答复' end, case when (hashtext(e.id::text) & 1023) % 3 = 2 then 'bench' end,
               case when (hashtext(e.id::text) & 1023) % 3 = 2 then e.raised_at + interval '3 days' end
          from escalations e join measures m on m.id = e.measure_id
         where e.status <> 'resolved' and e.agency_id is not null and (hashtext(e.id::text || 'notice') & 1023) % 10 = 0`,
  );
  // 联动事项 on one measure in twenty: raised by the lead, needing two of its partners; open, triaged or resolved.
  await step(
    'coordination issues',
    sql`insert into coordination_issues (id, measure_id, raised_by_agency_id, title, description, needed_agency_ids, responder_agency_ids, status, due_at, resolution, raised_at, resolved_at)
        select gen_random_uuid(), m.id, m.lead_agency_id, '压测联动事项', '压测',
               array(select s.agency_id from assignments s where s.measure_id = m.id and s.role = 'partner' order by s.agency_id limit 2),
               case when k % 3 > 0 then array(select s.agency_id from assignments s where s.measure_id = m.id and s.role = 'partner' order by s.agency_id limit 2) else '{}' end,
               (array['open','triaged','resolved'])[1 + k % 3], case when k % 3 > 0 then now() + make_interval(days => k % 20 - 10) end,
               case when k % 3 = 2 then '压测' end, now() - make_interval(days => k % 60), case when k % 3 = 2 then now() - make_interval(days => k % 5) end
          from (select m.*, (hashtext(m.id::text) & 1023) as k from measures m where m.status = 'active') m
         where (hashtext(m.id::text || 'issue') & 1023) % 20 = 0`,
  );
  await step(
    'issue responses',
    sql`insert into issue_responses (id, issue_id, measure_id, agency_id, revision, response, responded_by, responded_at)
        select gen_random_uuid(), i.id, i.measure_id, i.responder_agency_ids[1], 1, '压测答复', 'bench', i.raised_at + interval '1 day'
          from coordination_issues i where i.status <> 'open' and cardinality(i.responder_agency_ids) > 0`,
  );
  await step('vacuum analyze', sql`vacuum analyze`);
}

/** Captures the SQL each read sends, then prints each query's plan with actual timings. */
async function explainReads(db: Db, reads: [string, (caller: ReturnType<typeof createCaller>) => Promise<unknown>][], actor: Actor): Promise<void> {
  const { traced, captured } = captureQueries(db);
  const caller = createCaller({ services: createServices({ db: traced, temporal: new Client() }), actor });
  for (const [label, read] of reads) {
    captured.length = 0;
    await read(caller).catch((error: unknown) => console.log(`--- ${label}: ${error instanceof Error ? error.message : String(error)}`));
    for (const query of captured.filter((q) => /^\s*(select|with)/i.test(q.sql))) {
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
      console.log(`--- ${label} (${actor.roles.join(',')})\n${query.sql}\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`desk bench: ${CALLERS} concurrent callers, ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}`);
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('desk', stops, { max: Math.max(CALLERS * 8, 10) });
    console.log('  generating the province (the dashboards bench\'s) and the desk\'s rows');
    const t0 = performance.now();
    const { plans } = await generate(db);
    await addDeskRows(db);
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const counts = (
      await sql<{ what: string; n: string }>`
        select 'measures' as what, count(*)::text as n from measures
        union all select 'reports', count(*)::text from reports
        union all select 'open escalations', count(*)::text from escalations where status <> 'resolved'
        union all select 'resolved escalations', count(*)::text from escalations where status = 'resolved'
        union all select 'supervision notices', count(*)::text from supervision_notices
        union all select 'coordination issues', count(*)::text from coordination_issues
        union all select 'declines and transfers waiting', count(*)::text from assignments where status in ('declined', 'transfer_requested')
        union all select 'extensions waiting', count(*)::text from extension_requests where status = 'pending'
        union all select 'closures waiting', count(*)::text from measures where status = 'closure_requested'`.execute(db)
    ).rows;
    console.log(`  ${counts.map((c) => `${c.what} ${Number(c.n).toLocaleString('en')}`).join(', ')}`);

    // Reads never touch Temporal; a lazy client never connects.
    const services = createServices({ db, temporal: new Client() });
    const coordinatorAgencyId = plans[0]!.coordinatorAgencyId;
    const planId = plans[0]!.id;
    const coordinatorUser = (await db.selectFrom('users').select('id').where('agencyId', '=', coordinatorAgencyId).executeTakeFirstOrThrow()).id;
    const auditorAgency = (await db.selectFrom('agencies').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const actor = (userId: string, agencyId: number, role: Role): Actor => ({ userId, username: `bench-${agencyId}`, displayName: '压测用户', agencyId, roles: [role] });
    const coordinatorActor = actor(coordinatorUser, coordinatorAgencyId, 'coordinator');
    const auditorActor = actor(coordinatorUser, auditorAgency, 'auditor');
    const coordinator = createCaller({ services, actor: coordinatorActor });
    const auditor = createCaller({ services, actor: auditorActor });
    const planCount = plans.filter((p) => p.coordinatorAgencyId === coordinatorAgencyId).length;
    const queue = await coordinator.escalation.queue({});
    const all = await auditor.escalation.queue({});
    console.log(`  the coordinator (${planCount} plans) has ${queue.total} open escalations in its queue; the auditor sees ${all.total}`);

    type Read = [string, (caller: ReturnType<typeof createCaller>) => Promise<unknown>];
    const reads: Read[] = [
      ['escalation.queue (first page of 20)', (c) => c.escalation.queue({})],
      ['escalation.queue red only', (c) => c.escalation.queue({ level: 'red' })],
      ['escalation.queue one plan', (c) => c.escalation.queue({ planId })],
      ['escalation.queue page 26 (offset 500)', (c) => c.escalation.queue({ offset: 500 })],
      ['decision.pending', (c) => c.decision.pending({})],
      ['issue.board', (c) => c.issue.board({})],
      ['supervision.notices', (c) => c.supervision.notices({})],
    ];
    if (EXPLAIN) {
      await explainReads(db, reads, coordinatorActor);
      await explainReads(db, reads, auditorActor);
    }

    console.log('reads through the tRPC router');
    const figures = [await run('auth.me (trivial, authenticated)', () => coordinator.auth.me())];
    for (const [who, caller] of [
      ['coordinator', coordinator],
      ['auditor', auditor],
    ] as const) {
      for (const [label, read] of reads) figures.push(await run(`${label}, ${who}`, () => read(caller)));
    }

    console.log('');
    console.log(`| read | calls/s | p50 ms | p99 ms | p99 ≤ ${TARGET_P99_MS} ms |`);
    console.log(`| --- | --- | --- | --- | --- |`);
    for (const f of figures) {
      console.log(`| ${f.label} | ${f.perSecond.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.errors ? `${f.errors} errors` : f.p99 <= TARGET_P99_MS ? 'PASS' : 'BELOW'} |`);
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
