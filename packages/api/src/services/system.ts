import type { Client } from '@temporalio/client';
import type { Db } from '@liandong/db';
import { databaseAnswers, pingDatabase } from '@liandong/db/queries';
import type { DependencyCheck, ReadinessReading } from '@liandong/telemetry';
import { TASK_QUEUE } from '@liandong/workflows';

/** Running measures that cannot record what they decided (LiandongStuck): the admin's list, and /readyz's warning. */
export const STUCK_MEASURES_QUERY = `LiandongStuck = 'stuck' AND ExecutionStatus = 'Running'`;

/** How long /readyz waits for one dependency before calling it down. */
export const READINESS_TIMEOUT_MS = 3_000;
/**
 * A worker counts as polling when its last poll began this recently. Temporal holds an idle worker's poll for up to a
 * minute (so a live worker may not have polled for that long), and lists a stopped worker's polls for minutes after.
 */
export const LIVE_POLLER_MS = 70_000;

export interface StuckMeasure {
  measureId: string;
  workflowId: string;
  runId: string;
  since: Date;
}

/** What /readyz reports: each dependency's check (ok, how long it took, why not), and how many measures are stuck. */
export type Readiness = ReadinessReading;

/** The reason in a few words: an error's code where it has one (ECONNREFUSED, 57P01), else its message's first line. */
function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message ? message.split('\n')[0]! : String(error);
  return (typeof code === 'string' && code && !text.includes(code) ? `${code}: ${text}` : text).slice(0, 160);
}

/** Runs one check against the clock: it answers null when all is well, or why not; a throw or the timeout is a reason too. */
async function timed(check: () => Promise<string | null>, timeoutMs: number): Promise<DependencyCheck> {
  const began = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const error = await Promise.race([check().catch(reasonOf), timeout]).finally(() => clearTimeout(timer));
  const ms = Math.round(performance.now() - began);
  return error === null ? { ok: true, ms } : { ok: false, ms, error };
}

/** Whether the parts Liandong stands on answer: the portal's badge, /readyz, and the admin's stuck measures. */
export function createSystemService({ db, temporal, taskQueue = TASK_QUEUE, livePollerMs = LIVE_POLLER_MS, timeoutMs = READINESS_TIMEOUT_MS }: { db: Db; temporal: Client; taskQueue?: string; livePollerMs?: number; timeoutMs?: number }) {
  /** Temporal's gRPC calls give up at the same time as the check, instead of retrying on. */
  const withinTimeout = <T>(call: () => Promise<T>) => temporal.withDeadline(Date.now() + timeoutMs, call);
  return {
    /** Whether PostgreSQL and Temporal answer. */
    async status(): Promise<{ database: boolean; temporal: boolean }> {
      const [database, reachable] = await Promise.all([databaseAnswers(db), temporal.workflowService.getSystemInfo({}).then(() => true, () => false)]);
      return { database, temporal: reachable };
    },

    /**
     * What /readyz reports, each dependency checked at once and at most `timeoutMs`: PostgreSQL answers `select 1`,
     * Temporal's frontend answers, and a worker is polling the measure workflows' task queue.
     */
    async readiness(): Promise<Readiness> {
      const [database, temporalCheck, worker] = await Promise.all([
        timed(async () => (await pingDatabase(db), null), timeoutMs),
        timed(async () => (await withinTimeout(() => temporal.workflowService.getSystemInfo({})), null), timeoutMs),
        timed(async () => {
          const { pollers } = await withinTimeout(() =>
            temporal.workflowService.describeTaskQueue({
              namespace: temporal.options.namespace,
              taskQueue: { name: taskQueue },
              taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
            }),
          );
          const since = Date.now() - livePollerMs;
          const live = (pollers ?? []).filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since);
          if (live.length > 0) return null;
          return (pollers ?? []).length > 0 ? `no worker has polled task queue ${taskQueue} for ${Math.round(livePollerMs / 1000)} s` : `no worker polls task queue ${taskQueue}`;
        }, timeoutMs),
      ]);
      // A worker cannot be seen without Temporal: its reason is Temporal's.
      if (!temporalCheck.ok && !worker.ok) worker.error = `Temporal does not answer (${temporalCheck.error})`;
      const stuckMeasures = temporalCheck.ok ? await withinTimeout(() => temporal.workflow.count(STUCK_MEASURES_QUERY)).then((r) => r.count, () => 0) : 0;
      return { database, temporal: temporalCheck, worker, stuckMeasures };
    },

    /** Measures whose workflow cannot record what it decided (the log says why, at error): for the admin to look into. */
    async stuckMeasures(limit = 200): Promise<StuckMeasure[]> {
      const stuck: StuckMeasure[] = [];
      for await (const w of temporal.workflow.list({ query: STUCK_MEASURES_QUERY })) {
        stuck.push({ measureId: w.workflowId.replace(/^measure-/, ''), workflowId: w.workflowId, runId: w.runId, since: w.startTime });
        if (stuck.length >= limit) break;
      }
      return stuck;
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
