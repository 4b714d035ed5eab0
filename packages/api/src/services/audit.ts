import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Db } from '@liandong/db';
import { listAuditEvents, verifyAuditChain, type AuditVerification } from '@liandong/db/queries';
import { measureWorkflowId } from '@liandong/workflows';

export interface MeasureTimeline {
  measureId: string;
  workflowId: string;
  /** The audit log's events for the measure, oldest first. */
  events: Awaited<ReturnType<typeof listAuditEvents>>;
  /** Every run of the measure's workflow (continue-as-new makes one per cycle), with its raw history. */
  runs: { runId: string; status: string; startTime: string; history: unknown }[];
}

/** What auditors read: the chain's verification, and a measure's timeline beside its raw workflow history. */
export function createAuditService({ db, temporal }: { db: Db; temporal: Client }) {
  return {
    verifyChain: (): Promise<AuditVerification> => verifyAuditChain(db),

    async measureTimeline(measureId: string): Promise<MeasureTimeline> {
      const workflowId = measureWorkflowId(measureId);
      const events = await listAuditEvents(db, { measureId, limit: 100_000 });
      const runs: MeasureTimeline['runs'] = [];
      for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
        const history = await temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
        runs.push({ runId: run.runId, status: run.status.name, startTime: run.startTime.toISOString(), history: JSON.parse(historyToJSON(history)) });
      }
      runs.sort((a, b) => a.startTime.localeCompare(b.startTime));
      return { measureId, workflowId, events, runs };
    },

    /** The timeline as one JSON document, for export and offline verification. */
    async exportMeasure(measureId: string): Promise<string> {
      return JSON.stringify(await this.measureTimeline(measureId), null, 2);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
