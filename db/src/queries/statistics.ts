// The dashboards (统计): counts over the measures of a set of plans (one plan, or every plan a working group
// coordinates). Each query starts from the plans' measures (measures_plan_seq_idx) and reaches their rows by
// measure: reports and escalations by measure and time, missed cycles by measure in the audit trail (migration
// index-dashboards). Months and days are China's (UTC+8, no daylight saving).
import { sql } from 'kysely';
import type { ReportingPolicy } from '@liandong/domain';
import type { MeasureStatus } from '../tables/measures';
import type { Executor } from './executor';

/** A timestamptz as the China month (`YYYY-MM`) or date (`YYYY-MM-DD`) it falls in. */
const chinaMonth = (column: string) => sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

/** A plan a dashboard covers, with what its reporting cycles are computed from (see measure-process.ts: cycles start at the plan's creation). */
export interface DashboardPlan {
  id: string;
  title: string;
  coordinatorAgencyId: number;
  coordinatorName: string;
  reportingPolicy: ReportingPolicy;
  createdAt: Date;
}

/** One plan by id, or every plan one agency coordinates (its working group), oldest first. */
export async function findDashboardPlans(db: Executor, scope: { planId: string } | { coordinatorAgencyId: number }): Promise<DashboardPlan[]> {
  let query = db
    .selectFrom('plans as p')
    .innerJoin('agencies as c', 'c.id', 'p.coordinatorAgencyId')
    .select(['p.id', 'p.title', 'p.coordinatorAgencyId', 'c.name as coordinatorName', 'p.reportingPolicy', 'p.createdAt']);
  query = 'planId' in scope ? query.where('p.id', '=', scope.planId) : query.where('p.coordinatorAgencyId', '=', scope.coordinatorAgencyId);
  return query.orderBy('p.createdAt').orderBy('p.id').execute();
}

/** The name of an agency, for a working group that coordinates no plan yet. */
export async function findAgencyName(db: Executor, agencyId: number): Promise<string | undefined> {
  return (await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst())?.name;
}

export interface MeasureTally {
  planId: string;
  status: MeasureStatus;
  /** The highest level open on the measure: on its live assignments, or on the whole measure (no agency named); null for none. */
  level: 'blue' | 'yellow' | 'red' | null;
  count: number;
}

const rank = (level: string) => sql<number>`case ${sql.ref(level)} when 'red' then 3 when 'yellow' then 2 when 'blue' then 1 else 0 end`;

/**
 * Measures per plan, status and highest open escalation level. `measures.highest_escalation_level` holds the
 * levels on assignments; an escalation of the whole measure (督办 of the measure, no agency) is looked up in
 * escalations_open_by_measure_idx.
 */
export async function tallyMeasures(db: Executor, planIds: readonly string[]): Promise<MeasureTally[]> {
  const { rows } = await sql<MeasureTally>`
    select plan_id, status, (array['blue', 'yellow', 'red'])[nullif(level, 0)] as level, count(*)::int as count
      from (select m.plan_id, m.status,
                   greatest(${rank('m.highest_escalation_level')},
                            (select coalesce(max(${rank('e.level')}), 0) from escalations e
                              where e.measure_id = m.id and e.agency_id is null and e.status <> 'resolved')) as level
              from measures m where m.plan_id = any(${planIds}::uuid[])) levelled
     group by plan_id, status, level`.execute(db);
  return rows;
}

export interface AgencyWorkload {
  agencyId: number;
  agencyName: string;
  /** Its duties (assignments not withdrawn) on measures still open (active, or awaiting closure). */
  openItems: number;
  /** Of those, the ones whose current report is owed and past due. */
  overdue: number;
}

/** Each agency with a duty on the plans' measures: open duties and overdue reports, as of `now`. */
export async function agencyWorkloads(db: Executor, planIds: readonly string[], now: Date): Promise<AgencyWorkload[]> {
  // Each measure's assignments by their (measure_id, agency_id) key, not a scan of the province's (`offset 0` keeps
  // the planner from turning the lateral probe back into a join over all assignments).
  const { rows } = await sql<AgencyWorkload>`
    select w.agency_id, g.name as agency_name, w.open_items, w.overdue
      from (select a.agency_id,
                   count(*) filter (where a.status <> 'withdrawn' and m.status in ('active', 'closure_requested'))::int as open_items,
                   count(*) filter (where a.unreported_due_at < ${now})::int as overdue
              from measures m
              cross join lateral (select agency_id, status, unreported_due_at from assignments where measure_id = m.id offset 0) a
             where m.plan_id = any(${planIds}::uuid[])
             group by a.agency_id) w
      join agencies g on g.id = w.agency_id`.execute(db);
  return rows;
}

/**
 * First submissions counted three ways (`late` as the workflow judged it against the due date in force): per
 * agency, per China month, and, for the late ones, per plan, agency and cycle with the sum of their submission
 * days' ordinals among the working days (the caller turns those into delays, see `lateExtendedReports`).
 */
export type ReportTally =
  | { kind: 'agency'; agencyId: number; late: boolean; count: number }
  | { kind: 'month'; month: string; late: boolean; count: number }
  | { kind: 'cycle'; planId: string; agencyId: number; cycleIndex: number; count: number; submittedOrdinalSum: number };

/** Ordinals of consecutive China days: `ordinals[i]` for the day `i` days after `from` (see tallyReports). */
export interface DayOrdinals {
  from: string;
  ordinals: readonly number[];
}

/**
 * Reports first submitted (revision 1) in the given China months, in one pass over reports_first_submission_idx:
 * a report returned and revised counts once, as its first submission did. `months` are consecutive, oldest first.
 * Each row finds its month by a binary search of their first instants; a late report's submission day is numbered
 * by `days` (the working days on or before it, for its delay), looked up by its distance from `days.from` (a day
 * before it counts as 0).
 */
export async function tallyReports(db: Executor, planIds: readonly string[], months: readonly { month: string; start: Date }[], days: DayOrdinals): Promise<ReportTally[]> {
  if (months.length === 0) return [];
  const { rows } = await sql<{ planId: string | null; agencyId: number | null; cycleIndex: number | null; month: string | null; late: boolean; count: number; submittedOrdinalSum: number | null }>`
    select plan_id, agency_id, cycle_index, (${months.map((m) => m.month)}::text[])[bucket + 1] as month, late, count, submitted_ordinal_sum
      from (select plan_id, agency_id, cycle_index, bucket, late, count(*)::int as count, sum(ordinal)::int as submitted_ordinal_sum
              from (select m.plan_id, r.agency_id, r.cycle_index, r.late,
                           width_bucket(r.submitted_at, ${months.map((m) => m.start)}::timestamptz[]) - 1 as bucket,
                           case when r.late then coalesce((${days.ordinals}::int[])[(((r.submitted_at at time zone 'UTC') + interval '8 hours')::date - ${days.from}::date) + 1], 0) end as ordinal
                      from measures m
                      join reports r on r.measure_id = m.id and r.revision = 1 and r.submitted_at >= ${months[0]!.start}
                     where m.plan_id = any(${planIds}::uuid[])) first
             group by grouping sets ((agency_id, late), (bucket, late), (plan_id, agency_id, cycle_index, late))) counted
     where plan_id is null or late`.execute(db);
  // Each grouping set leaves the others' columns null (none is null in a row of its own).
  return rows.flatMap((r): ReportTally[] => {
    if (r.planId !== null) return [{ kind: 'cycle', planId: r.planId, agencyId: r.agencyId!, cycleIndex: r.cycleIndex!, count: r.count, submittedOrdinalSum: r.submittedOrdinalSum ?? 0 }];
    if (r.agencyId !== null) return [{ kind: 'agency', agencyId: r.agencyId, late: r.late, count: r.count }];
    return r.month === null ? [] : [{ kind: 'month', month: r.month, late: r.late, count: r.count }];
  });
}

/** A late first submission after an approved extension (延期) of that unit on that measure. */
export interface LateExtendedReport {
  planId: string;
  agencyId: number;
  cycleIndex: number;
  /** Its submission day's ordinal (see tallyReports). */
  submittedOrdinal: number;
  /**
   * The latest due date an approved extension of that unit on that measure set before the submission; whether it
   * moved this cycle's deadline is for the caller to judge against the cycle's own due date.
   */
  extendedDueAt: Date;
}

/** Late first submissions since `since` made after an approved extension: few, found from the extensions. */
export async function lateExtendedReports(db: Executor, planIds: readonly string[], since: Date, days: DayOrdinals): Promise<LateExtendedReport[]> {
  const { rows } = await sql<LateExtendedReport>`
    select m.plan_id, r.agency_id, r.cycle_index,
           coalesce((${days.ordinals}::int[])[(((r.submitted_at at time zone 'UTC') + interval '8 hours')::date - ${days.from}::date) + 1], 0) as submitted_ordinal,
           max(e.requested_due_at) as extended_due_at
      from measures m
      join extension_requests e on e.measure_id = m.id and e.status = 'approved'
      join reports r on r.measure_id = e.measure_id and r.agency_id = e.agency_id and r.revision = 1 and r.late
                    and r.submitted_at >= ${since} and e.requested_due_at < r.submitted_at
     where m.plan_id = any(${planIds}::uuid[])
     group by m.plan_id, r.id, r.agency_id, r.cycle_index, r.submitted_at`.execute(db);
  return rows;
}

export interface MissedTally {
  agencyId: number | null;
  month: string | null;
  count: number;
}

/**
 * Reports not submitted (未报送) that fell due since `since`, per agency and per China month, as the 通报's
 * on-time rate counts them (domain reporting/on-time-rate.ts): a closed cycle recorded missed (by the month it
 * closed), unless the unit submitted it afterwards (then it counts as late instead); or the current cycle's report
 * still owed past its due date (by the month it fell due).
 */
export async function tallyMissedReports(db: Executor, planIds: readonly string[], since: Date, now: Date): Promise<MissedTally[]> {
  const { rows } = await sql<MissedTally>`
    with missed as (
      select (e.payload ->> 'agencyId')::int as agency_id, ${chinaMonth('e.occurred_at')} as month
        from measures m
        join audit_events e on e.measure_id = m.id and e.action = 'cycle.missed' and e.occurred_at >= ${since}
       where m.plan_id = any(${planIds}::uuid[])
         and not exists (
           select 1 from reports r
            where r.measure_id = e.measure_id and r.agency_id = (e.payload ->> 'agencyId')::int
              and r.cycle_index = (e.payload ->> 'cycleIndex')::int and r.revision = 1)
      union all
      select a.agency_id, ${chinaMonth('a.unreported_due_at')}
        from measures m join assignments a on a.measure_id = m.id
       where m.plan_id = any(${planIds}::uuid[]) and a.unreported_due_at >= ${since} and a.unreported_due_at < ${now})
    select agency_id, month, count(*)::int as count from missed group by grouping sets ((agency_id), (month))`.execute(db);
  return rows;
}

export interface MonthlyCount {
  month: string;
  count: number;
}

/** Escalations raised (催办 / 督办) since `since`, per China month, whatever their level now. */
export async function monthlyEscalations(db: Executor, planIds: readonly string[], since: Date): Promise<MonthlyCount[]> {
  const { rows } = await sql<MonthlyCount>`
    select ${chinaMonth('e.raised_at')} as month, count(*)::int as count
      from measures m join escalations e on e.measure_id = m.id and e.raised_at >= ${since}
     where m.plan_id = any(${planIds}::uuid[])
     group by 1`.execute(db);
  return rows;
}

/** Measures closed (销号) since `since`, per China month. */
export async function monthlyClosures(db: Executor, planIds: readonly string[], since: Date): Promise<MonthlyCount[]> {
  const { rows } = await sql<MonthlyCount>`
    select ${chinaMonth('m.closed_at')} as month, count(*)::int as count
      from measures m
     where m.plan_id = any(${planIds}::uuid[]) and m.status = 'closed' and m.closed_at >= ${since}
     group by 1`.execute(db);
  return rows;
}

export interface KpiStanding {
  kpiId: string;
  planId: string;
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  metric: string;
  target: number;
  unit: string;
  comparator: '>=' | '<=' | '=';
  deadlineYear: number | null;
  /** The newest value reported, chosen as latestKpiValues (reports.ts) chooses it; null before any. */
  latestValue: number | null;
  reportedAt: Date | null;
}

/**
 * Every quantitative target (量化指标) of the plans' measures not withdrawn, with the newest value reported for it:
 * from the lead's accepted combined report when one reports it, else from the newest report submitted.
 */
export async function kpiStandings(db: Executor, planIds: readonly string[]): Promise<KpiStanding[]> {
  const { rows } = await sql<KpiStanding>`
    select k.id as kpi_id, m.plan_id, m.id as measure_id, m.number as measure_number, m.title as measure_title,
           k.metric, k.target, k.unit, k.comparator, k.deadline_year, v.value as latest_value, v.submitted_at as reported_at
      from measures m
      join measure_kpis k on k.measure_id = m.id
      left join lateral (
        select x.value, r.submitted_at
          from reports r
         cross join lateral jsonb_to_recordset(r.kpi_values) as x(metric text, value double precision)
         where r.measure_id = m.id and r.kpi_values <> '[]'::jsonb and btrim(x.metric) = btrim(k.metric) and x.value is not null
         order by (r.kind = 'combined' and r.status = 'accepted') desc, r.cycle_index desc, r.submitted_at desc, r.revision desc
         limit 1) v on true
     where m.plan_id = any(${planIds}::uuid[]) and m.status <> 'withdrawn'
     order by k.deadline_year nulls last, m.seq nulls last, m.number, k.seq`.execute(db);
  return rows;
}
