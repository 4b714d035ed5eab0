import type { Client } from '@temporalio/client';
import type { Db } from '@liandong/db';
import { databaseAnswers } from '@liandong/db/queries';
import { TASK_QUEUE } from '@liandong/workflows';

/** Running measures that cannot record what they decided (LiandongStuck): the admin's list, and /readyz's warning. */
export const STUCK_MEASURES_QUERY = `LiandongStuck = 'stuck' AND ExecutionStatus = 'Running'`;

export interface StuckMeasure {
  measureId: string;
  workflowId: string;
  runId: string;
  since: Date;
}

export interface Readiness {
  database: boolean;
  temporal: boolean;
  /** A worker polls the measure workflows' task queue. */
  worker: boolean;
  stuckMeasures: number;
}

/** Whether the parts Liandong stands on answer: the portal's badge, /readyz, and the admin's stuck measures. */
export function createSystemService({ db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string }) {
  return {
    /** Whether PostgreSQL and Temporal answer. */
    async status(): Promise<{ database: boolean; temporal: boolean }> {
      const [database, reachable] = await Promise.all([databaseAnswers(db), temporal.workflowService.getSystemInfo({}).then(() => true, () => false)]);
      return { database, temporal: reachable };
    },

    /** What /readyz reports: the database, Temporal, a worker on the task queue, and how many measures are stuck. */
    async readiness(): Promise<Readiness> {
      const database = await databaseAnswers(db);
      let reachable = false;
      let worker = false;
      try {
        const { pollers } = await temporal.workflowService.describeTaskQueue({
          namespace: temporal.options.namespace,
          taskQueue: { name: taskQueue },
          taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
        });
        reachable = true;
        worker = (pollers ?? []).length > 0;
      } catch {
        // Temporal does not answer: neither does the worker.
      }
      const stuckMeasures = reachable ? await temporal.workflow.count(STUCK_MEASURES_QUERY).then((r) => r.count, () => 0) : 0;
      return { database, temporal: reachable, worker, stuckMeasures };
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
