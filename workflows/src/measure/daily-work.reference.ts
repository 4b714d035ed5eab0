import { sql, type RawBuilder } from 'kysely';
import { INBOX_KINDS, type Executor, type InboxCursor, type InboxItem, type InboxKind, type InboxScope, type MeasureListFilter, type MeasureListRow } from '@liandong/db/queries';

// The inbox and the measure list as they were computed before the read model kept them (issue 8): straight
// from the base tables at read time, each assignment checked against its current cycle's report. The
// reference that what the database keeps is checked against (measure.projection.int.test.ts). Test-only.

const utcText = (column: RawBuilder<unknown>) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** Sorts an item without a deadline after every dated one. */
const NO_DUE = '9999-12-31T00:00:00.000000Z';

/**
 * One row per item, each branch driven by an index on the agency (see migration index-daily-work). Only
 * live measures (active, closure requested) count; a withdrawn or closed measure asks nothing of anyone.
 * `measureOf` looks each row's measure up by primary key: left to itself the planner hashes the whole
 * measures table for a few hundred assignments (`offset 0` keeps the subquery from being flattened).
 */
const measureOf = (ref: RawBuilder<unknown>) => sql`cross join lateral (select mm.* from measures mm where mm.id = ${ref} offset 0) m`;

function inboxRows(agencyId: number, scope: InboxScope) {
  const asCoordinator = scope.asCoordinator ?? true;
  return sql`
    select 'assignment.pending' as kind, a.id::text as ref_id, a.measure_id, a.agency_id, a.due_at, a.updated_at as since, m.number as measure_number, m.title as measure_title
      from assignments a ${measureOf(sql`a.measure_id`)}
     where a.agency_id = ${agencyId} and a.status = 'pending' and m.status in ('active', 'closure_requested')
    union all
    select 'report.due', a.id::text, a.measure_id, a.agency_id, coalesce(a.due_at, m.cycle_due_at), coalesce(m.updated_at, a.updated_at), m.number, m.title
      from assignments a ${measureOf(sql`a.measure_id`)}
     where a.agency_id = ${agencyId} and a.status in ('pending', 'accepted', 'transfer_requested')
       and m.status = 'active' and m.cycle_index is not null
       and not exists (
         select 1 from reports r
          where r.measure_id = a.measure_id and r.agency_id = a.agency_id and r.cycle_index = m.cycle_index
            and r.kind = case when a.role = 'lead' then 'combined' else 'partner' end)
    union all
    select 'report.returned', r.id::text, r.measure_id, r.agency_id, coalesce(a.due_at, m.cycle_due_at), coalesce(r.reviewed_at, r.submitted_at), m.number, m.title
      from assignments a
      ${measureOf(sql`a.measure_id`)}
      join reports r on r.measure_id = a.measure_id and r.agency_id = a.agency_id and r.cycle_index = m.cycle_index
                    and r.kind = case when a.role = 'lead' then 'combined' else 'partner' end
     where a.agency_id = ${agencyId} and a.status in ('pending', 'accepted', 'transfer_requested')
       and m.status = 'active' and r.status = 'returned'
       and not exists (
         select 1 from reports later
          where later.measure_id = r.measure_id and later.agency_id = r.agency_id and later.cycle_index = r.cycle_index
            and later.kind = r.kind and later.revision > r.revision)
    union all
    select 'report.review', r.id::text, r.measure_id, r.agency_id, m.cycle_due_at, r.submitted_at, m.number, m.title
      from measures m join reports r on r.measure_id = m.id
     where m.lead_agency_id = ${agencyId} and m.status in ('active', 'closure_requested')
       and r.kind = 'partner' and r.status = 'submitted'
    union all
    select 'subtask.open', s.id::text, s.measure_id, s.created_by_agency_id, s.due_at, s.created_at, m.number, m.title
      from subtasks s ${measureOf(sql`s.measure_id`)}
     where s.assignee_agency_id = ${agencyId} and s.status = 'open' and m.status in ('active', 'closure_requested')
    union all
    select 'extension.pending', e.id::text, e.measure_id, e.agency_id, null, e.requested_at, m.number, m.title
      from measures m join extension_requests e on e.measure_id = m.id
     where e.status = 'pending' and m.status in ('active', 'closure_requested')
       and ((m.lead_agency_id = ${agencyId} and e.agency_id <> ${agencyId})
            ${asCoordinator ? sql`or m.coordinator_agency_id = ${agencyId}` : sql``})
    ${
      asCoordinator
        ? sql`
    union all
    select case a.status when 'declined' then 'decline.pending' else 'transfer.pending' end, a.id::text, a.measure_id, a.agency_id, null, a.updated_at, m.number, m.title
      from measures m join assignments a on a.measure_id = m.id
     where m.coordinator_agency_id = ${agencyId} and m.status in ('active', 'closure_requested')
       and a.status in ('declined', 'transfer_requested')`
        : sql``
    }`;
}

/** How many items of each kind wait on the agency, and in all. */
export async function inboxCounts(db: Executor, agencyId: number, scope: InboxScope = {}): Promise<{ total: number; byKind: Record<InboxKind, number> }> {
  const { rows } = await sql<{ kind: InboxKind; n: string }>`select kind, count(*) as n from (${inboxRows(agencyId, scope)}) items group by kind`.execute(db);
  const byKind = Object.fromEntries(INBOX_KINDS.map((k) => [k, 0])) as Record<InboxKind, number>;
  for (const row of rows) byKind[row.kind] = Number(row.n);
  return { total: rows.reduce((sum, row) => sum + Number(row.n), 0), byKind };
}

/**
 * The items, most urgent first: the earliest deadline, then the longest waiting. Keyset paging: pass the
 * returned `next` back as `cursor`; null when there is no more.
 */
export async function inboxItems(
  db: Executor,
  agencyId: number,
  page: { limit: number; cursor?: InboxCursor | null },
  scope: InboxScope = {},
): Promise<{ items: InboxItem[]; next: InboxCursor | null }> {
  const { limit, cursor } = page;
  const after = cursor
    ? sql`where (items.due_sort, items.since, items.kind, items.ref_id) > (${cursor.dueAt}::timestamptz, ${cursor.since}::timestamptz, ${cursor.kind}, ${cursor.refId})`
    : sql``;
  const { rows } = await sql<InboxItem & { dueSortText: string; sinceText: string }>`
    select items.kind, items.ref_id, items.measure_id, items.measure_number, items.measure_title, items.agency_id,
           items.due_at, items.since, ${utcText(sql`items.due_sort`)} as due_sort_text, ${utcText(sql`items.since`)} as since_text
      from (select rows.*, coalesce(rows.due_at, ${NO_DUE}::timestamptz) as due_sort from (${inboxRows(agencyId, scope)}) rows) items
      ${after}
     order by items.due_sort, items.since, items.kind, items.ref_id
     limit ${limit + 1}`.execute(db);
  const more = rows.length > limit;
  const page_ = rows.slice(0, limit);
  const last = page_.at(-1);
  return {
    items: page_.map(({ dueSortText: _d, sinceText: _s, ...item }) => item),
    next: more && last ? { dueAt: last.dueSortText, since: last.sinceText, kind: last.kind, refId: last.refId } : null,
  };
}

export async function listMeasuresForAgency(db: Executor, filter: MeasureListFilter): Promise<{ rows: MeasureListRow[]; total: number }> {
  const { agencyId, coordinatorAgencyId } = filter;
  const now = filter.now ? sql`${filter.now}::timestamptz` : sql`now()`;
  const open = sql`a2.status in ('pending', 'accepted', 'transfer_requested')`;
  // A unit is overdue when its deadline passed with no report for the current cycle (a returned one does not count).
  const overdueOf = (scopeToAgency: boolean) => sql`exists (
    select 1 from assignments a2
     where a2.measure_id = m.id ${scopeToAgency ? sql`and a2.agency_id = ${agencyId}` : sql``} and ${open}
       and m.status = 'active' and a2.due_at < ${now}
       and not exists (select 1 from reports r where r.measure_id = m.id and r.agency_id = a2.agency_id and r.cycle_index = m.cycle_index
                         and r.kind = case when a2.role = 'lead' then 'combined' else 'partner' end and r.status in ('submitted', 'accepted')))`;
  const highestLevel = sql`(select a2.escalation_level from assignments a2 where a2.measure_id = m.id and a2.status <> 'withdrawn' and a2.escalation_level is not null
                             order by case a2.escalation_level when 'red' then 3 when 'yellow' then 2 else 1 end desc limit 1)`;
  const columns = (own: boolean) => sql`
    m.id, m.plan_id, (select p.title from plans p where p.id = m.plan_id) as plan_title, m.number, m.seq, m.title, m.status, m.cycle_index, m.lead_agency_id, m.updated_at,
    ${own ? sql`a.role` : sql`'coordinator'`} as role, ${own ? sql`a.status` : sql`null`} as assignment_status,
    ${own ? sql`coalesce(a.due_at, m.cycle_due_at)` : sql`m.cycle_due_at`} as due_at,
    ${own ? sql`a.escalation_level` : highestLevel} as escalation_level,
    ${overdueOf(own)} as overdue`;
  const measureFilters = sql`${filter.planId !== undefined ? sql`and m.plan_id = ${filter.planId}` : sql``} ${filter.status !== undefined ? sql`and m.status = ${filter.status}` : sql``}`;
  // The agency's own assignments (each measure looked up by key, see `measureOf`), then, for a coordinator,
  // the measures of its plans it has no assignment on.
  const scoped = sql`
    select ${columns(true)}
      from assignments a ${measureOf(sql`a.measure_id`)}
     where a.agency_id = ${agencyId} and a.status <> 'withdrawn' ${measureFilters}
    ${
      coordinatorAgencyId !== undefined
        ? sql`
    union all
    select ${columns(false)}
      from measures m
     where m.plan_id in (select p.id from plans p where p.coordinator_agency_id = ${coordinatorAgencyId}) ${measureFilters}
       and not exists (select 1 from assignments a where a.measure_id = m.id and a.agency_id = ${agencyId} and a.status <> 'withdrawn')`
        : sql``
    }`;
  const conditions = [];
  if (filter.role !== undefined) conditions.push(sql`role = ${filter.role}`);
  if (filter.escalationLevel === 'none') conditions.push(sql`escalation_level is null`);
  else if (filter.escalationLevel !== undefined) conditions.push(sql`escalation_level = ${filter.escalationLevel}`);
  if (filter.overdue !== undefined) conditions.push(sql`overdue = ${filter.overdue}`);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const order = {
    due: sql`due_at asc nulls last, plan_id, seq, number, id`,
    number: sql`plan_title, plan_id, seq nulls last, number, id`,
    updated: sql`updated_at desc, id`,
    escalation: sql`case escalation_level when 'red' then 3 when 'yellow' then 2 when 'blue' then 1 else 0 end desc, due_at asc nulls last, id`,
  }[filter.sort];

  const [page, count] = await Promise.all([
    sql<MeasureListRow & { seq: number | null }>`select * from (${scoped}) listed ${where} order by ${order} limit ${filter.limit} offset ${filter.offset}`.execute(db),
    sql<{ total: string }>`select count(*) as total from (${scoped}) listed ${where}`.execute(db),
  ]);
  return { rows: page.rows.map(({ seq: _seq, ...row }) => row), total: Number(count.rows[0]?.total ?? 0) };
}
