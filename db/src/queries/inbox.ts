import { sql, type RawBuilder } from 'kysely';
import type { AssignmentRole } from '../tables/assignments';
import type { MeasureStatus } from '../tables/measures';
import type { Executor } from './executor';
import { utcText } from './timestamps';

/**
 * What waits on an agency (工作台), one kind per action it owes:
 * - `assignment.pending`: an assignment to accept (接收), decline or transfer;
 * - `report.due`: the current cycle's report, none submitted yet;
 * - `report.returned`: the current cycle's report came back from review (退回修改); not also counted as due;
 * - `report.review`: as lead, a partner report awaiting review;
 * - `subtask.open`: a subtask the lead handed to it (交办);
 * - `extension.pending`: as lead or coordinator, another unit's extension request (延期申请);
 * - `transfer.pending`, `decline.pending`: as the plan's coordinator, a transfer (转办) or decline (退回) to arbitrate.
 * - `notice.unsigned`, `notice.unanswered`: a supervision notice (督办单) to sign for (签收), then to answer (答复).
 */
export const INBOX_KINDS = [
  'assignment.pending',
  'report.due',
  'report.returned',
  'report.review',
  'subtask.open',
  'extension.pending',
  'transfer.pending',
  'decline.pending',
  'notice.unsigned',
  'notice.unanswered',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItem {
  kind: InboxKind;
  /** The assignment, report, subtask or extension request the item is about. */
  refId: string;
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  /** The other unit involved (the partner whose report awaits review, the requester), or the agency itself. */
  agencyId: number;
  /** When the action is due, when there is a deadline. */
  dueAt: Date | null;
  /** When the item arrived (assigned, returned, submitted, requested). */
  since: Date;
}

export interface InboxScope {
  /**
   * Whether requests the agency decides as its plans' coordinator (协调办) are included. The agency's own
   * officers without the coordinator role cannot decide them, so the service leaves them out for those.
   */
  asCoordinator?: boolean;
}

/** Keyset position in the inbox order: due date (none last), arrival, kind, id. Timestamps as µs-precise UTC text. */
export interface InboxCursor {
  dueAt: string;
  since: string;
  kind: string;
  refId: string;
}

/**
 * The inbox is kept in `inbox_items`, one row per item per agency, recomputed for a measure whenever a row it
 * derives from is written (migration denormalize-daily-work, where the view `inbox_items_source` defines it).
 * A read is one range scan of the agency's rows in inbox order: no assignment is checked against its reports here.
 * To change what an item is, a migration replaces the view and recomputes (`refresh_daily_work`).
 */
function agencyItems(db: Executor, agencyId: number, scope: InboxScope) {
  const query = db.selectFrom('inboxItems').where('agencyId', '=', agencyId);
  return (scope.asCoordinator ?? true) ? query : query.where('coordinatorOnly', '=', false);
}

/** How many items of each kind wait on the agency, and in all. */
export async function inboxCounts(db: Executor, agencyId: number, scope: InboxScope = {}): Promise<{ total: number; byKind: Record<InboxKind, number> }> {
  const rows = await agencyItems(db, agencyId, scope)
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('kind')
    .$narrowType<{ kind: InboxKind }>()
    .execute();
  const byKind = Object.fromEntries(INBOX_KINDS.map((k) => [k, 0])) as Record<InboxKind, number>;
  for (const row of rows) byKind[row.kind] = Number(row.n);
  return { total: rows.reduce((sum, row) => sum + Number(row.n), 0), byKind };
}

/**
 * The items, most urgent first: the earliest deadline (none last), then the longest waiting. Keyset paging:
 * pass the returned `next` back as `cursor`; null when there is no more.
 */
export async function inboxItems(
  db: Executor,
  agencyId: number,
  page: { limit: number; cursor?: InboxCursor | null },
  scope: InboxScope = {},
): Promise<{ items: InboxItem[]; next: InboxCursor | null }> {
  const { limit, cursor } = page;
  let query = agencyItems(db, agencyId, scope).select([
    'kind',
    'refId',
    'measureId',
    'measureNumber',
    'measureTitle',
    'otherAgencyId as agencyId',
    'dueAt',
    'since',
    utcText(sql.ref('due_sort')).as('dueSortText'),
    utcText(sql.ref('since')).as('sinceText'),
  ]);
  if (cursor) {
    query = query.where(sql<boolean>`(due_sort, since, kind, ref_id) > (${cursor.dueAt}::timestamptz, ${cursor.since}::timestamptz, ${cursor.kind}, ${cursor.refId}::uuid)`);
  }
  const rows = await query.orderBy('dueSort').orderBy('since').orderBy('kind').orderBy('refId').limit(limit + 1).$narrowType<{ kind: InboxKind }>().execute();
  const more = rows.length > limit;
  const page_ = rows.slice(0, limit);
  const last = page_.at(-1);
  return {
    items: page_.map(({ dueSortText: _d, sinceText: _s, ...item }) => item),
    next: more && last ? { dueAt: last.dueSortText, since: last.sinceText, kind: last.kind, refId: last.refId } : null,
  };
}

// ---- the agency's measures (我的督办事项) ----------------------------------

/**
 * Looks a row's measure up by primary key: left to itself the planner hashes the whole measures table for a few
 * hundred assignments (`offset 0` keeps the subquery from being flattened).
 */
const measureOf = (ref: RawBuilder<unknown>) => sql`cross join lateral (select mm.* from measures mm where mm.id = ${ref} offset 0) m`;

/** An escalation level as a number to sort on, highest first; written as the measures index on it has it. */
const rank = (level: RawBuilder<unknown>) => sql`case ${level} when 'red' then 3 when 'yellow' then 2 when 'blue' then 1 else 0 end`;
const LEVEL_RANK = { none: 0, blue: 1, yellow: 2, red: 3 } as const;

export type MeasureListRole = AssignmentRole | 'coordinator';
export const MEASURE_LIST_SORTS = ['due', 'number', 'updated', 'escalation'] as const;
export type MeasureListSort = (typeof MEASURE_LIST_SORTS)[number];

export interface MeasureListFilter {
  agencyId: number;
  /** Set for a coordinator: every measure of the plans this agency coordinates is listed too. */
  coordinatorAgencyId?: number;
  planId?: string;
  /** The agency's part: lead, partner, or coordinator of the plan (without an assignment of its own). */
  role?: MeasureListRole;
  status?: MeasureStatus;
  escalationLevel?: 'blue' | 'yellow' | 'red' | 'none';
  /** Only measures with (or without) a report past its due date in the agency's view. */
  overdue?: boolean;
  sort: MeasureListSort;
  limit: number;
  offset: number;
  /** For tests and benchmarks; defaults to the database's clock. */
  now?: Date;
}

export interface MeasureListRow {
  id: string;
  planId: string | null;
  planTitle: string | null;
  number: string;
  title: string;
  status: MeasureStatus;
  cycleIndex: number | null;
  leadAgencyId: number;
  role: MeasureListRole;
  assignmentStatus: string | null;
  /** The agency's own deadline, or the cycle's for a coordinator. */
  dueAt: Date | null;
  /** The agency's own level; for a coordinator, the highest open on the measure. */
  escalationLevel: 'blue' | 'yellow' | 'red' | null;
  overdue: boolean;
  updatedAt: Date;
}

/**
 * The measures involving the agency (its non-withdrawn assignments) and, for a coordinator, all measures of
 * its plans; filtered, sorted and offset-paged, with the total that matches the filter.
 *
 * Overdue and the coordinator's highest level are read from what the database keeps on each row (migration
 * denormalize-daily-work): `unreported_due_at`, the deadline while the current cycle's report is owed, is
 * compared with `now` here, so overdue is never a stale flag. Every filter is applied inside the branch it
 * concerns, so an overdue filter is a range scan of the agency's owed reports by deadline.
 */
export async function listMeasuresForAgency(db: Executor, filter: MeasureListFilter): Promise<{ rows: MeasureListRow[]; total: number }> {
  const { agencyId, coordinatorAgencyId } = filter;
  const now = filter.now ? sql`${filter.now}::timestamptz` : sql`now()`;
  const own = filter.role !== 'coordinator';
  const coordinated = coordinatorAgencyId !== undefined && (filter.role === undefined || filter.role === 'coordinator');

  // The conditions of one branch: `row` is the alias holding the role's level and owed deadline (the agency's own
  // assignment, or the measure for a coordinator).
  const conditions = (row: 'a' | 'm') => {
    const unreported = sql.ref(`${row}.unreported_due_at`);
    const list = [];
    if (filter.planId !== undefined) list.push(sql`m.plan_id = ${filter.planId}`);
    if (filter.status !== undefined) list.push(sql`m.status = ${filter.status}`);
    if (row === 'a' && filter.role !== undefined) list.push(sql`a.role = ${filter.role}`);
    if (filter.escalationLevel !== undefined) {
      // A measure's level by its rank (none is 0), as the plan's escalation index has it.
      if (row === 'm') list.push(sql`${rank(sql.ref('m.highest_escalation_level'))} = ${LEVEL_RANK[filter.escalationLevel]}`);
      else if (filter.escalationLevel === 'none') list.push(sql`a.escalation_level is null`);
      else list.push(sql`a.escalation_level = ${filter.escalationLevel}`);
    }
    if (filter.overdue === true) list.push(sql`${unreported} < ${now}`);
    else if (filter.overdue === false) list.push(sql`(${unreported} is null or ${unreported} >= ${now})`);
    return list.length > 0 ? sql`and ${sql.join(list, sql` and `)}` : sql``;
  };
  const measureFilter = filter.planId !== undefined || filter.status !== undefined;
  // `not in` (measure_id is never null): the agency's few assignments are hashed once, not probed per measure.
  const notOwn = sql`m.id not in (select a.measure_id from assignments a where a.agency_id = ${agencyId} and a.status <> 'withdrawn')`;
  const ownFrom = sql`from assignments a ${measureOf(sql`a.measure_id`)} where a.agency_id = ${agencyId} and a.status <> 'withdrawn' ${conditions('a')}`;

  const order = {
    due: sql`due_at asc nulls last, plan_id, seq, number, id`,
    number: sql`plan_title, plan_id, seq nulls last, number, id`,
    updated: sql`updated_at desc, id`,
    escalation: sql`${rank(sql.ref('escalation_level'))} desc, due_at asc nulls last, id`,
  }[filter.sort];
  // The same order within one plan (its title and id are the same for all its measures), as an index on
  // measures has it (migration denormalize-daily-work): the coordinator's branch reads each plan's first rows
  // in index order and stops, instead of sorting all of them.
  const planOrder = {
    due: sql`m.cycle_due_at asc nulls last, m.seq, m.number, m.id`,
    number: sql`m.seq nulls last, m.number, m.id`,
    updated: sql`m.updated_at desc, m.id`,
    escalation: sql`${rank(sql.ref('m.highest_escalation_level'))} desc, m.cycle_due_at asc nulls last, m.id`,
  }[filter.sort];
  // A page needs at most offset + limit rows of each branch, the first in the page's order.
  const firstRows = filter.offset + filter.limit;

  // The agency's own assignments (each measure looked up by key), then, for a coordinator, the measures of its
  // plans it has no assignment on.
  const branches = [];
  if (own) {
    branches.push(sql`
      select * from (
        select m.id, m.plan_id, (select p.title from plans p where p.id = m.plan_id) as plan_title, m.number, m.seq, m.title, m.status, m.cycle_index, m.lead_agency_id, m.updated_at,
               a.role, a.status as assignment_status, coalesce(a.due_at, m.cycle_due_at) as due_at, a.escalation_level, coalesce(a.unreported_due_at < ${now}, false) as overdue
          ${ownFrom}) own
       order by ${order} limit ${firstRows}`);
  }
  if (coordinated) {
    branches.push(sql`
      select m.id, m.plan_id, p.title as plan_title, m.number, m.seq, m.title, m.status, m.cycle_index, m.lead_agency_id, m.updated_at,
             'coordinator' as role, null as assignment_status, m.cycle_due_at as due_at, m.highest_escalation_level as escalation_level, coalesce(m.unreported_due_at < ${now}, false) as overdue
        from plans p
        cross join lateral (select m.* from measures m where m.plan_id = p.id and ${notOwn} ${conditions('m')} order by ${planOrder} limit ${firstRows}) m
       where p.coordinator_agency_id = ${coordinatorAgencyId ?? null}`);
  }
  if (branches.length === 0) return { rows: [], total: 0 };
  // The total counts the same rows without fetching them: the measure is looked up only when a filter is on it.
  const counts = [];
  if (own) counts.push(measureFilter ? sql`(select count(*) ${ownFrom})` : sql`(select count(*) from assignments a where a.agency_id = ${agencyId} and a.status <> 'withdrawn' ${conditions('a')})`);
  // A coordinator's: the plans' measures that match, less those among them the agency has an assignment on
  // (one at most per measure), instead of checking each measure for one.
  if (coordinated) {
    counts.push(sql`(select count(*) from plans p join measures m on m.plan_id = p.id where p.coordinator_agency_id = ${coordinatorAgencyId ?? null} ${conditions('m')})`);
    counts.push(sql`-(select count(*) from assignments a ${measureOf(sql`a.measure_id`)}
                      where a.agency_id = ${agencyId} and a.status <> 'withdrawn' ${conditions('m')}
                        and m.plan_id in (select p.id from plans p where p.coordinator_agency_id = ${coordinatorAgencyId ?? null}))`);
  }

  // One statement for the page and its total (computed once, on every row): each statement sent costs the
  // server a round trip of its own, which at these sizes is most of a read. Only a page past the end, which
  // has no row to carry it, asks for the total again.
  const total = sql<string>`(select ${sql.join(counts, sql` + `)})`;
  const { rows } = await sql<MeasureListRow & { seq: number | null; total: string }>`
    select listed.*, ${total} as total
      from (${sql.join(branches.map((branch) => sql`(${branch})`), sql` union all `)}) listed
     order by ${order} limit ${filter.limit} offset ${filter.offset}`.execute(db);
  const first = rows[0];
  const counted = first ? Number(first.total) : filter.offset === 0 ? 0 : Number((await sql<{ total: string }>`select ${total} as total`.execute(db)).rows[0]?.total ?? 0);
  return { rows: rows.map(({ seq: _seq, total: _total, ...row }) => row), total: counted };
}
