import { sql } from 'kysely';
import type { EscalationLevel } from '@liandong/domain';
import type { Escalation } from '../tables/process';
import type { Executor } from './executor';

/** The coordinator's queue of open escalations (督办单: supervision notices), filtered and offset-paged. */
export interface EscalationQueueFilter {
  /** The plans one agency coordinates; null for every plan (an auditor, an admin). */
  coordinatorAgencyId: number | null;
  level?: EscalationLevel;
  planId?: string;
  /** The escalated agency; a whole-measure escalation names none and never matches. */
  agencyId?: number;
  measureId?: string;
  limit: number;
  offset: number;
}

export interface EscalationQueueRow {
  id: string;
  level: EscalationLevel;
  reason: string;
  raisedAt: Date;
  /** `open`, or `acknowledged` (已签收) by the coordinator and not yet resolved. */
  status: Exclude<Escalation['status'], 'resolved'>;
  acknowledgedAt: Date | null;
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  planId: string;
  planTitle: string;
  /** Null when the whole measure is escalated, not one agency's part. */
  agencyId: number | null;
  agencyName: string | null;
}

/** A level as a number to sort on, highest (red) first; escalations_open_queue_idx is built on the same expression. */
const rank = sql<number>`case e.level when 'red' then 3 when 'yellow' then 2 else 1 end`;

/**
 * Open (not yet resolved) escalations of the plans in scope, red first, then oldest first, with the total that
 * matches. Written as the partial indexes have it (`status <> 'resolved'`): escalations_open_queue_idx holds the
 * open ones in the queue's order (its expression is `rank` above), so a page reads the next rows of the index;
 * escalations_open_by_measure_idx finds a measure's. The total counts the open escalations whose measure is
 * in a plan in scope (a semi-join on the measures' primary key, not a join and sort of every row).
 */
export async function listOpenEscalations(db: Executor, filter: EscalationQueueFilter): Promise<{ rows: EscalationQueueRow[]; total: number }> {
  let matching = db
    .selectFrom('escalations as e')
    .innerJoin('measures as m', 'm.id', 'e.measureId')
    .innerJoin('plans as p', 'p.id', 'm.planId')
    .where(sql<boolean>`e.status <> 'resolved'`);
  if (filter.coordinatorAgencyId !== null) matching = matching.where('p.coordinatorAgencyId', '=', filter.coordinatorAgencyId);
  if (filter.level !== undefined) matching = matching.where('e.level', '=', filter.level);
  if (filter.planId !== undefined) matching = matching.where('m.planId', '=', filter.planId);
  if (filter.agencyId !== undefined) matching = matching.where('e.agencyId', '=', filter.agencyId);
  if (filter.measureId !== undefined) matching = matching.where('e.measureId', '=', filter.measureId);

  let counted = db.selectFrom('escalations as e').where(sql<boolean>`e.status <> 'resolved'`);
  if (filter.level !== undefined) counted = counted.where('e.level', '=', filter.level);
  if (filter.agencyId !== undefined) counted = counted.where('e.agencyId', '=', filter.agencyId);
  if (filter.measureId !== undefined) counted = counted.where('e.measureId', '=', filter.measureId);
  // Always through the plans, as the rows are: a measure created outside a plan has no place in the queue.
  const { coordinatorAgencyId, planId } = filter;
  counted = counted.where('e.measureId', 'in', (eb) => {
    let measures = eb.selectFrom('measures as m').innerJoin('plans as p', 'p.id', 'm.planId').select('m.id');
    if (coordinatorAgencyId !== null) measures = measures.where('p.coordinatorAgencyId', '=', coordinatorAgencyId);
    if (planId !== undefined) measures = measures.where('m.planId', '=', planId);
    return measures;
  });

  const [rows, count] = await Promise.all([
    matching
      .leftJoin('agencies as a', 'a.id', 'e.agencyId')
      .select([
        'e.id',
        'e.level',
        'e.reason',
        'e.raisedAt',
        'e.status',
        'e.acknowledgedAt',
        'm.id as measureId',
        'm.number as measureNumber',
        'm.title as measureTitle',
        'p.id as planId',
        'p.title as planTitle',
        'e.agencyId',
        'a.name as agencyName',
      ])
      .orderBy(rank, 'desc')
      .orderBy('e.raisedAt', 'asc')
      .orderBy('e.id', 'asc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    counted.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  // `status <> 'resolved'` above is what narrows the status; the builder cannot see it in raw SQL.
  return { rows: rows as EscalationQueueRow[], total: Number(count.total) };
}
