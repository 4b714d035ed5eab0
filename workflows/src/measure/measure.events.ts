import type { MeasureEvent } from '@liandong/domain/measure';

export type { MeasureEvent } from '@liandong/domain/measure';

export interface RecordEventsInput {
  /** Idempotency key: workflow id plus update id, or a business key for timer transitions. */
  key: string;
  measureId: string;
  workflowId: string;
  runId: string;
  /** Workflow time of the decision. */
  occurredAt: string;
  actor: { name: string; agencyId: number | null };
  events: MeasureEvent[];
  /**
   * The batch's place in the measure's decision order (1, 2, …): the read model applies batches in
   * this order only. Absent for the first-version workflow, which did not number them.
   */
  seq?: number;
}
