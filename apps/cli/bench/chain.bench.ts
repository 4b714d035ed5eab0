// `pnpm bench` (bench/all.ts), or `pnpm --filter @liandong/cli bench:chain`: how many audit events per second the
// hash chain takes. Every append, whoever makes it (a measure's recording, a sign-in, an API token's use), waits for
// the chain's one advisory lock; this measures `recordAuditEvent` (one event in a transaction of its own) at 1, 4
// and 16 concurrent callers against the same row inserted into a table of the same shape and indexes without the chain
// (no lock, no read of the previous hash, no triggers), in the same run. Never reaches Temporal; never fails on a figure.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { recordAuditEvent, type NewAuditEvent } from '@liandong/db/queries';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { startBenchDatabase } from './database';
import { recordFigure } from './figures';
import { measureLoad, type LoadFigures } from './load';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 2);
const CALLERS = [1, 4, 16];

/** A report submission's event, as the recording activity appends it. */
const event = (i: number): NewAuditEvent => ({
  eventKey: `bench/${randomUUID()}`,
  occurredAt: new Date(),
  actor: 'bench-officer',
  actorAgencyId: null,
  action: 'report.submitted',
  subjectType: 'measure',
  subjectId: `bench-${i % 1000}`,
  measureId: null,
  payload: { cycleIndex: i % 12, percentDone: i % 100, summary: '本月按计划推进，已完成阶段性任务。' },
  workflowId: null,
  runId: null,
});

async function run(label: string, call: (i: number) => Promise<unknown>): Promise<LoadFigures[]> {
  const figures: LoadFigures[] = [];
  for (const callers of CALLERS) {
    if (WARMUP_SECONDS > 0) await measureLoad(callers, WARMUP_SECONDS, call);
    const f = await measureLoad(callers, SECONDS, call);
    console.log(`  ${label}, ${String(callers).padStart(2)} caller(s): ${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms${f.errors ? `, ${f.errors} errors (first: ${f.firstError})` : ''}`);
    figures.push(f);
  }
  return figures;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`audit chain bench: ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  console.log('  Temporal: not involved: one run for both targets');
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('chain', stops, { max: Math.max(...CALLERS) });
    // Columns, identity and indexes of audit_events; not its triggers (append-only, the log's index tables).
    await sql`create table bench_unchained (like audit_events including all)`.execute(db);
    console.log('baseline: the same row into a table of the same shape and indexes, without the chain');
    const baseline = await run('insert, unchained', (i) => {
      const e = event(i);
      return db.transaction().execute((trx) =>
        sql`insert into bench_unchained (event_key, occurred_at, actor, actor_agency_id, action, subject_type, subject_id, measure_id, payload, workflow_id, run_id, prev_hash, hash)
            values (${e.eventKey}, ${e.occurredAt}, ${e.actor}, ${e.actorAgencyId}, ${e.action}, ${e.subjectType}, ${e.subjectId}, ${e.measureId}, ${JSON.stringify(e.payload)}, ${e.workflowId}, ${e.runId}, '', ${randomUUID()})`.execute(trx),
      );
    });
    console.log('the audit chain: recordAuditEvent');
    const chained = await run('recordAuditEvent', (i) => recordAuditEvent(db, event(i)));

    console.log('');
    console.log('| callers | unchained inserts/s (baseline) | chained appends/s | p50 ms | p99 ms | ratio |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    CALLERS.forEach((callers, i) => {
      const [b, c] = [baseline[i]!, chained[i]!];
      console.log(`| ${callers} | ${b.perSecond.toFixed(0)} | ${c.perSecond.toFixed(0)} | ${c.p50.toFixed(1)} | ${c.p99.toFixed(1)} | ${(c.perSecond / b.perSecond).toFixed(2)} |`);
      recordFigure({
        bench: 'audit chain',
        temporal: 'none',
        what: `audit appends, ${callers} caller${callers > 1 ? 's' : ''}`,
        value: `${c.perSecond.toFixed(0)}/s, p99 ${c.p99.toFixed(1)} ms`,
        baseline: `${b.perSecond.toFixed(0)}/s (unchained insert)`,
        ratio: c.perSecond / b.perSecond,
        target: '',
        verdict: '',
      });
    });
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
