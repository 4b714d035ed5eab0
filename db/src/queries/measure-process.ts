import type { Transaction } from 'kysely';
import type { ReportingPolicy } from '@liandong/domain';
import type { Database } from '../database';
import type { Executor } from './executor';

export interface MeasureToRun {
  measureId: string;
  planId: string;
  coordinatorAgencyId: number;
  policy: ReportingPolicy;
  /** The plan's confirmation: the anchor of its reporting cycles. */
  startedAt: Date;
  assignments: { agencyId: number; agencyCode: string; role: 'lead' | 'partner' }[];
}

/** Measures that should have a running workflow: open ones of active plans (all plans, or one). */
export async function listMeasuresToRun(db: Executor, planId?: string): Promise<MeasureToRun[]> {
  let query = db
    .selectFrom('measures as m')
    .innerJoin('plans as p', 'p.id', 'm.planId')
    .select(['m.id as measureId', 'p.id as planId', 'p.coordinatorAgencyId', 'p.reportingPolicy as policy', 'p.createdAt as startedAt'])
    .where('p.status', '=', 'active')
    .where('m.status', 'in', ['active', 'closure_requested'])
    .orderBy('p.createdAt')
    .orderBy('m.seq');
  if (planId) query = query.where('p.id', '=', planId);
  const measures = await query.execute();
  if (measures.length === 0) return [];
  const assignments = await db
    .selectFrom('assignments as s')
    .innerJoin('agencies as a', 'a.id', 's.agencyId')
    .select(['s.measureId', 's.agencyId', 'a.code as agencyCode', 's.role'])
    .where('s.measureId', 'in', measures.map((m) => m.measureId))
    .where('s.status', '!=', 'withdrawn')
    .orderBy('s.role')
    .orderBy('a.id')
    .execute();
  return measures.map((m) => ({
    ...m,
    planId: m.planId,
    assignments: assignments.filter((a) => a.measureId === m.measureId).map(({ measureId: _m, ...a }) => a),
  }));
}

/** Measures a plan revision removed (status `withdrawn`) that once had a workflow: their workflows must go dormant. */
export async function listWithdrawnMeasures(db: Executor, planId?: string): Promise<{ measureId: string }[]> {
  let query = db
    .selectFrom('measures as m')
    .innerJoin('plans as p', 'p.id', 'm.planId')
    .select('m.id as measureId')
    .where('m.status', '=', 'withdrawn')
    .where('m.workflowId', 'is not', null)
    .orderBy('p.createdAt')
    .orderBy('m.seq');
  if (planId) query = query.where('p.id', '=', planId);
  return query.execute();
}

export async function setMeasureWorkflowIds(db: Executor, rows: { measureId: string; workflowId: string }[]): Promise<void> {
  for (const row of rows) {
    await db.updateTable('measures').set({ workflowId: row.workflowId }).where('id', '=', row.measureId).where('workflowId', 'is', null).execute();
  }
}

/**
 * Orders a measure's recorded batches: `apply` when `seq` is the next one, `stale` when a later
 * batch is already applied (its read-model writes would move the measure backwards), `gap` when
 * an earlier batch has not committed yet. Locks the measure row until the transaction ends.
 */
export async function claimEventSeq(trx: Transaction<Database>, measureId: string, seq: number): Promise<'apply' | 'stale' | 'gap' | 'missing'> {
  // The usual case in one statement; the row stays locked until the transaction ends.
  const claimed = await trx.updateTable('measures').set({ eventSeq: seq }).where('id', '=', measureId).where('eventSeq', '=', seq - 1).returning('id').executeTakeFirst();
  if (claimed) return 'apply';
  const row = await trx.selectFrom('measures').select('eventSeq').where('id', '=', measureId).executeTakeFirst();
  if (!row) return 'missing';
  return seq <= row.eventSeq ? 'stale' : 'gap';
}
