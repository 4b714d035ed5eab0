// `pnpm bench`: how many commands per second one machine carries, against the floor Temporal itself
// sets. Real servers (`--temporal dev`: a file-backed Temporal dev server with the SQLite pragmas;
// `--temporal postgres`: the Temporal server on PostgreSQL; embedded PostgreSQL), a real worker, the demo
// plans; prints figures and targets, and never fails on a target.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createMeasureService, type MeasureService } from '@liandong/api';
import { loadDemoPlans, type Db } from '@liandong/db';
import type { Actor } from '@liandong/domain';
import { createWorker } from '@liandong/worker';
import { measureWorkflowId } from '@liandong/workflows';
import { noopUpdate, noopWorkflowsPath, stopSignal } from '@liandong/workflows/bench';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { openBenchDatabase, startBenchPostgres } from './database';
import { recordFigure, verdict } from './figures';
import { measureLoad, type LoadFigures } from './load';
import { startBenchTemporal, temporalTarget, type TemporalTarget } from './temporal';
import { TRACING_NOTE, WITH_TRACING } from './workflow-bundle';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 2);
const CALLERS = [1, 16] as const;
/** A deadline burst: this many agencies acting on one measure in the same second, on each of BURST_MEASURES measures in turn. */
const BURST_CALLERS = 30;
const BURST_MEASURES = 5;
const NOOP_TASK_QUEUE = 'bench-noop';
const TARGETS = { commandsPerSecond: 100, ratioToBaseline: 0.7, p50Ms: 30 };

type Figures = Omit<LoadFigures, 'calls'> & { commands: number };
type Command = (i: number) => Promise<unknown>;

/** The load's figures, counted as commands. */
async function measure(callers: number, seconds: number, command: Command): Promise<Figures> {
  const { calls, ...rest } = await measureLoad(callers, seconds, command);
  return { ...rest, commands: calls };
}

async function run(label: string, command: Command): Promise<Figures[]> {
  const results: Figures[] = [];
  for (const callers of CALLERS) {
    if (WARMUP_SECONDS > 0) await measure(callers, WARMUP_SECONDS, command);
    const figures = await measure(callers, SECONDS, command);
    console.log(
      `  ${label}, ${String(callers).padStart(2)} caller(s): ${figures.perSecond.toFixed(1)} commands/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms` +
        (figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''),
    );
    results.push(figures);
  }
  return results;
}

interface SubtaskTarget {
  measureId: string;
  lead: Actor;
  partnerAgencyId: number;
}

/** A lead unit's officer and a partner unit per measure: creating a subtask is legal while the measure is open. */
async function subtaskTargets(service: MeasureService, measureIds: string[]): Promise<SubtaskTarget[]> {
  const targets: SubtaskTarget[] = [];
  for (const measureId of measureIds) {
    const state = await service.state(measureId);
    const leadAgencyId = state.parties.leadAgencyIds[0];
    const partner = state.assignments.find((a) => a.role === 'partner' && a.status !== 'withdrawn');
    if (state.status !== 'active' || leadAgencyId === undefined || !partner) continue;
    const lead: Actor = { userId: randomUUID(), username: `bench-lead-${leadAgencyId}`, displayName: '压测牵头单位', agencyId: leadAgencyId, roles: ['officer'] };
    targets.push({ measureId, lead, partnerAgencyId: partner.agencyId });
  }
  if (targets.length === 0) throw new Error('no open demo measure with a lead and a partner unit');
  return targets;
}

/** createSubtask by the lead's officer, round robin over the targets, each with a fresh request id as the portal sends it. */
function subtaskCommand(service: MeasureService, targets: SubtaskTarget[]): Command {
  const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  return (i) => {
    const t = targets[i % targets.length]!;
    return service.createSubtask(t.lead, t.measureId, { assigneeAgencyId: t.partnerAgencyId, title: `压测子任务 ${i}`, dueAt }, randomUUID());
  };
}

/** The command, counting its successes (warm-up included): what the history and the audit log grew by. */
function counting(command: Command): { command: Command; done: () => number } {
  let done = 0;
  return {
    command: async (i) => {
      const result = await command(i);
      done += 1;
      return result;
    },
    done: () => done,
  };
}

/** The workflows' history, summed: events and bytes (describe's historyLength and historySizeBytes). */
async function historyOf(handles: WorkflowHandle[]): Promise<{ events: number; bytes: number }> {
  const described = await Promise.all(handles.map((h) => h.describe()));
  return { events: described.reduce((sum, d) => sum + d.historyLength, 0), bytes: described.reduce((sum, d) => sum + (d.historySize ?? 0), 0) };
}

const growth = (before: { events: number; bytes: number }, after: { events: number; bytes: number }) => ({ events: after.events - before.events, bytes: after.bytes - before.bytes });

async function auditEventCount(db: Db): Promise<number> {
  return Number((await db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}

function table(target: TemporalTarget, baseline: Figures[], liandong: Figures[]): void {
  const row = (name: string, f: Figures) =>
    `| ${name.padEnd(30)} | ${String(f.callers).padStart(7)} | ${f.perSecond.toFixed(1).padStart(10)} | ${f.p50.toFixed(1).padStart(7)} | ${f.p99.toFixed(1).padStart(7)} | ${String(f.errors).padStart(6)} |`;
  console.log('');
  console.log(`| what                           | callers | commands/s | p50 ms  | p99 ms  | errors |`);
  console.log(`| ------------------------------ | ------- | ---------- | ------- | ------- | ------ |`);
  for (const f of baseline) console.log(row('no-op Update (baseline)', f));
  for (const f of liandong) console.log(row('Liandong createSubtask', f));
  const at = (list: Figures[], callers: number) => list.find((f) => f.callers === callers)!;
  const ratio = at(liandong, 16).perSecond / at(baseline, 16).perSecond;
  console.log('');
  console.log(`Liandong / baseline at 16 callers: ${ratio.toFixed(2)}`);
  console.log('');
  const checks: [string, string, boolean][] = [
    [`≥ ${TARGETS.commandsPerSecond} commands/s at 16 callers`, at(liandong, 16).perSecond.toFixed(1), at(liandong, 16).perSecond >= TARGETS.commandsPerSecond],
    [`≥ ${TARGETS.ratioToBaseline} of the no-op baseline at 16 callers`, ratio.toFixed(2), ratio >= TARGETS.ratioToBaseline],
    [`p50 ≤ ${TARGETS.p50Ms} ms at 1 caller`, `${at(liandong, 1).p50.toFixed(1)} ms`, at(liandong, 1).p50 <= TARGETS.p50Ms],
  ];
  console.log('targets (Liandong commands):');
  for (const [what, value, ok] of checks) console.log(`  ${what.padEnd(44)} ${value.padStart(9)}  ${verdict(ok)}`);
  const perSecond = (callers: number) => ({
    value: `${at(liandong, callers).perSecond.toFixed(1)}/s`,
    baseline: `${at(baseline, callers).perSecond.toFixed(1)}/s (no-op Update)`,
    ratio: at(liandong, callers).perSecond / at(baseline, callers).perSecond,
  });
  const common = { bench: 'commands', temporal: target } as const;
  recordFigure({ ...common, what: 'createSubtask, 1 caller, p50', value: `${at(liandong, 1).p50.toFixed(1)} ms`, baseline: `${at(baseline, 1).p50.toFixed(1)} ms (no-op Update)`, ratio: at(liandong, 1).p50 / at(baseline, 1).p50, target: checks[2]![0], verdict: verdict(checks[2]![2]) });
  recordFigure({ ...common, what: 'createSubtask, 1 caller', ...perSecond(1), target: '', verdict: '' });
  recordFigure({ ...common, what: 'createSubtask, 16 callers', ...perSecond(16), target: `${checks[0]![0]}, ${checks[1]![0]}`, verdict: verdict(checks[0]![2] && checks[1]![2]) });
}

async function main(): Promise<void> {
  const target = temporalTarget();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cpus = os.cpus();
  console.log(`commands bench (--temporal ${target}): ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  const stops: Stoppable[] = [];
  try {
    const bundled = bundleWorkflowCode({ workflowsPath: noopWorkflowsPath, logger: new DefaultLogger('WARN') });
    bundled.catch(() => {}); // awaited below, after the servers started
    const { dataDir, postgres } = await startBenchPostgres(`commands-${target}`, stops);
    const { client, address, description } = await startBenchTemporal(target, { dataDir, postgres, stops });
    const noopBundle = await bundled;
    console.log(`  ${description}; PostgreSQL ready${WITH_TRACING ? `; ${TRACING_NOTE}` : ''}`);

    const db = await openBenchDatabase(postgres, stops);
    await loadDemoPlans(db);

    const { worker, connection: workerConnection } = await createWorker({ temporalAddress: address, db, workflowTracing: WITH_TRACING });
    const noopWorker = await Worker.create({ connection: workerConnection, taskQueue: NOOP_TASK_QUEUE, workflowBundle: { code: noopBundle.code } });
    const workers = [worker.run(), noopWorker.run()];
    stops.push({
      name: 'workers',
      stop: async () => {
        worker.shutdown();
        noopWorker.shutdown();
        await Promise.all(workers);
        await workerConnection.close();
      },
    });

    const service = createMeasureService({ db, temporal: client });
    const startedAt = performance.now();
    const { measures } = await service.startWorkflows();
    console.log(`  ${measures} measure workflows started in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    const measureIds = (await db.selectFrom('measures').select('id').where('workflowId', 'is not', null).orderBy('id').execute()).map((r) => r.id);

    // As many no-op workflows as measures, addressed the same way, so the two differ only in the command.
    const noopHandles = await Promise.all(
      measureIds.map((_, i) => client.workflow.start('noopWorkflow', { taskQueue: NOOP_TASK_QUEUE, workflowId: `bench-noop-${i}-${randomUUID()}` })),
    );
    stops.push({ name: 'no-op workflows', stop: () => Promise.all(noopHandles.map((h) => h.signal(stopSignal))) });

    console.log('baseline: a no-op Update on a trivial workflow');
    const noopHistory = await historyOf(noopHandles);
    const noop = counting((i) => noopHandles[i % noopHandles.length]!.executeUpdate(noopUpdate, { args: [i] }));
    const baseline = await run('no-op Update', noop.command);
    const noopGrowth = growth(noopHistory, await historyOf(noopHandles));
    console.log('Liandong commands through the measure service');
    const measureHandles = measureIds.map((id) => client.workflow.getHandle(measureWorkflowId(id)));
    const [measureHistory, auditBefore] = [await historyOf(measureHandles), await auditEventCount(db)];
    const targets = await subtaskTargets(service, measureIds);
    console.log(`  commands go to ${targets.length} measures (createSubtask by the lead unit's officer)`);
    // Round robin over the measures: 16 callers keep one or two Updates in flight per workflow (Temporal allows 10).
    const subtasks = counting(subtaskCommand(service, targets));
    const liandong = await run('createSubtask', subtasks.command);
    const measureGrowth = growth(measureHistory, await historyOf(measureHandles));
    const auditEvents = (await auditEventCount(db)) - auditBefore;
    const spread = liandong.find((f) => f.callers === 16)!;
    console.log(`a deadline burst: ${BURST_CALLERS} commands sent at once to one measure, on ${BURST_MEASURES} measures in turn`);
    const bursts: { drainMs: number; errors: number; firstError?: string }[] = [];
    for (const [n, target] of targets.slice(-BURST_MEASURES).entries()) {
      const command = subtaskCommand(service, [target]);
      const began = performance.now();
      const outcomes = await Promise.allSettled(Array.from({ length: BURST_CALLERS }, (_, i) => command(n * BURST_CALLERS + i)));
      const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      bursts.push({ drainMs: performance.now() - began, errors: failures.length, firstError: failures[0] && String(failures[0].reason) });
    }
    table(target, baseline, liandong);
    const drains = bursts.map((b) => b.drainMs).sort((a, b) => a - b);
    const medianDrain = drains[Math.floor(drains.length / 2)]!;
    const burstErrors = bursts.reduce((sum, b) => sum + b.errors, 0);
    console.log('');
    console.log(
      `a deadline burst, ${BURST_CALLERS} commands at once on one measure: all answered in ${(medianDrain / 1000).toFixed(2)} s (median of ${bursts.length}; ${drains.map((d) => (d / 1000).toFixed(2)).join(', ')} s), ` +
        `${(BURST_CALLERS / (medianDrain / 1000)).toFixed(1)} commands/s on the one measure` +
        (burstErrors ? `, ${burstErrors} errors (first: ${bursts.find((b) => b.firstError)?.firstError})` : ''),
    );
    recordFigure({
      bench: 'commands',
      temporal: target,
      what: `createSubtask, ${BURST_CALLERS} at once on one measure (median of ${bursts.length} bursts)`,
      value: `${(medianDrain / 1000).toFixed(2)} s to answer all, ${burstErrors} errors`,
      baseline: `${(BURST_CALLERS / spread.perSecond).toFixed(2)} s (${BURST_CALLERS} commands at the 16-caller rate over all measures)`,
      ratio: medianDrain / 1000 / (BURST_CALLERS / spread.perSecond),
      target: '',
      verdict: '',
    });
    console.log('');
    console.log('what one command leaves behind (warm-up included):');
    console.log(`  no-op Update: ${(noopGrowth.events / noop.done()).toFixed(1)} history events, ${(noopGrowth.bytes / noop.done()).toFixed(0)} bytes of history (${noop.done()} commands)`);
    console.log(`  createSubtask: ${(measureGrowth.events / subtasks.done()).toFixed(1)} history events, ${(measureGrowth.bytes / subtasks.done()).toFixed(0)} bytes of history, ${(auditEvents / subtasks.done()).toFixed(2)} audit events (${subtasks.done()} commands)`);
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
