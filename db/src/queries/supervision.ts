import { sql, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Escalation } from '../tables/process';
import type { NewSupervisionNotice, SupervisionNotice, SupervisionNoticeStatus } from '../tables/supervision';
import type { Executor } from './executor';

// 督办单 (supervision notices): numbered per plan and year, issued to a unit, signed for and answered.

export type { SupervisionNotice, SupervisionNoticeStatus };

/**
 * The next number of the plan's notices in `year`: bumps (or starts) the plan's counter row, which stays locked
 * until the transaction ends. A concurrent issuer waits here; a rolled-back issue hands its number back.
 */
export async function nextNoticeSeq(trx: Transaction<Database>, planId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('supervisionNoticeCounters')
    .values({ planId, year, lastSeq: 1 })
    .onConflict((oc) => oc.columns(['planId', 'year']).doUpdateSet({ lastSeq: sql`supervision_notice_counters.last_seq + 1` }))
    .returning('lastSeq')
    .executeTakeFirstOrThrow();
  return row.lastSeq;
}

export async function insertNotice(trx: Transaction<Database>, notice: NewSupervisionNotice): Promise<SupervisionNotice> {
  return trx.insertInto('supervisionNotices').values(notice).returningAll().executeTakeFirstOrThrow();
}

/** The notice, its row locked until the transaction ends (sign and answer take turns on it). */
export async function lockNotice(trx: Transaction<Database>, id: string): Promise<SupervisionNotice | undefined> {
  return trx.selectFrom('supervisionNotices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** 签收: `issued` → `signed`. */
export async function markNoticeSigned(trx: Transaction<Database>, id: string, by: string, at: Date): Promise<void> {
  await trx.updateTable('supervisionNotices').set({ status: 'signed', signedBy: by, signedAt: at }).where('id', '=', id).where('status', '=', 'issued').execute();
}

/** 答复: → `answered`, signed at the same moment if it was not yet. */
export async function markNoticeAnswered(trx: Transaction<Database>, id: string, by: string, at: Date, answer: string): Promise<void> {
  await trx
    .updateTable('supervisionNotices')
    .set({ status: 'answered', answer, answeredBy: by, answeredAt: at, signedBy: sql`coalesce(signed_by, ${by})`, signedAt: sql`coalesce(signed_at, ${at})` })
    .where('id', '=', id)
    .where('status', '<>', 'answered')
    .execute();
}

/** What a notice is issued about, from the read model: the measure, its plan, the unit's duty and the escalation. */
export interface NoticeSubject {
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  measureStatus: string;
  cycleIndex: number | null;
  planId: string;
  planTitle: string;
  coordinatorAgencyId: number;
  coordinatorName: string;
  /** The plan's reporting policy (报送要求), as stored. */
  reportingPolicy: unknown;
  /** The unit's live assignment on the measure, if it has one. */
  assignment: { role: 'lead' | 'partner'; status: string; dueAt: Date | null; unreportedDueAt: Date | null } | null;
  agencyName: string | null;
}

/** The measure, with its plan and the unit's live assignment; undefined for an unknown measure or one outside any plan. */
export async function findNoticeSubject(db: Executor, measureId: string, agencyId: number): Promise<NoticeSubject | undefined> {
  const row = await db
    .selectFrom('measures as m')
    .innerJoin('plans as p', 'p.id', 'm.planId')
    .innerJoin('agencies as c', 'c.id', 'p.coordinatorAgencyId')
    .leftJoin('agencies as u', (join) => join.on('u.id', '=', agencyId))
    .leftJoin('assignments as a', (join) => join.onRef('a.measureId', '=', 'm.id').on('a.agencyId', '=', agencyId).on('a.status', '<>', 'withdrawn'))
    .select([
      'm.id as measureId',
      'm.number as measureNumber',
      'm.title as measureTitle',
      'm.status as measureStatus',
      'm.cycleIndex',
      'p.id as planId',
      'p.title as planTitle',
      'p.coordinatorAgencyId',
      'c.name as coordinatorName',
      'p.reportingPolicy',
      'u.name as agencyName',
      'a.role',
      'a.status as assignmentStatus',
      'a.dueAt',
      'a.unreportedDueAt',
    ])
    .where('m.id', '=', measureId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { role, assignmentStatus, dueAt, unreportedDueAt, ...rest } = row;
  return { ...rest, assignment: role && assignmentStatus ? { role, status: assignmentStatus, dueAt, unreportedDueAt } : null };
}

/** One escalation of the measure, as the read model holds it. */
export async function findMeasureEscalation(db: Executor, measureId: string, escalationId: string): Promise<Escalation | undefined> {
  return db.selectFrom('escalations').selectAll().where('id', '=', escalationId).where('measureId', '=', measureId).executeTakeFirst();
}

/** The unit's open (unresolved) escalation on the measure, the highest and oldest first, if any. */
export async function findOpenEscalationOf(db: Executor, measureId: string, agencyId: number): Promise<Escalation | undefined> {
  return db
    .selectFrom('escalations')
    .selectAll()
    .where('measureId', '=', measureId)
    .where('agencyId', '=', agencyId)
    .where('status', '<>', 'resolved')
    .orderBy(sql`case level when 'red' then 3 when 'yellow' then 2 else 1 end`, 'desc')
    .orderBy('raisedAt')
    .limit(1)
    .executeTakeFirst();
}

/** A notice as lists and its page show it: with the measure, plan and units named and the escalation's state. */
export type NoticeRow = SupervisionNotice & {
  measureNumber: string;
  measureTitle: string;
  planTitle: string;
  agencyName: string;
  coordinatorName: string;
  /** The escalation it was issued from was resolved (已办结). */
  escalationResolved: boolean;
  escalationDecision: string | null;
};

function noticeRows(db: Executor) {
  return db
    .selectFrom('supervisionNotices as n')
    .innerJoin('measures as m', 'm.id', 'n.measureId')
    .innerJoin('plans as p', 'p.id', 'n.planId')
    .innerJoin('agencies as u', 'u.id', 'n.agencyId')
    .innerJoin('agencies as c', 'c.id', 'n.coordinatorAgencyId')
    .leftJoin('escalations as e', 'e.id', 'n.escalationId');
}

const NOTICE_COLUMNS = [
  'm.number as measureNumber',
  'm.title as measureTitle',
  'p.title as planTitle',
  'u.name as agencyName',
  'c.name as coordinatorName',
  'e.decision as escalationDecision',
] as const;

export async function findNotice(db: Executor, id: string): Promise<NoticeRow | undefined> {
  const row = await noticeRows(db)
    .selectAll('n')
    .select(NOTICE_COLUMNS)
    .select(sql<boolean>`coalesce(e.status = 'resolved', false)`.as('escalationResolved'))
    .where('n.id', '=', id)
    .executeTakeFirst();
  return row;
}

export interface NoticeFilter {
  /**
   * Whose notices: those addressed to the agency, and (`asCoordinator`) those it issued as a plan's coordinator;
   * null for every notice (an auditor, an admin).
   */
  scope: { agencyId: number; asCoordinator: boolean } | null;
  planId?: string;
  agencyId?: number;
  status?: SupervisionNoticeStatus;
  limit: number;
  offset: number;
}

/** Notices in scope, newest first, offset-paged with the total that matches. */
export async function listNotices(db: Executor, filter: NoticeFilter): Promise<{ rows: NoticeRow[]; total: number }> {
  let matching = noticeRows(db);
  const scope = filter.scope;
  if (scope) {
    matching = scope.asCoordinator
      ? matching.where((eb) => eb.or([eb('n.agencyId', '=', scope.agencyId), eb('n.coordinatorAgencyId', '=', scope.agencyId)]))
      : matching.where('n.agencyId', '=', scope.agencyId);
  }
  if (filter.planId !== undefined) matching = matching.where('n.planId', '=', filter.planId);
  if (filter.agencyId !== undefined) matching = matching.where('n.agencyId', '=', filter.agencyId);
  if (filter.status !== undefined) matching = matching.where('n.status', '=', filter.status);
  const [rows, count] = await Promise.all([
    matching
      .selectAll('n')
      .select(NOTICE_COLUMNS)
      .select(sql<boolean>`coalesce(e.status = 'resolved', false)`.as('escalationResolved'))
      .orderBy('n.issuedAt', 'desc')
      .orderBy('n.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    matching.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
