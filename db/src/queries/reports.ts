// What units wrote in their reports (进展报告, 合并报告), for the measure page: the revisions its duties hold,
// earlier cycles' reports, and the newest value reported for each KPI. Every query starts from the measure
// (reports_cycle_revision_key leads with measure_id) or from report ids (the primary key).
import { sql } from 'kysely';
import type { Report } from '../tables/process';
import type { Executor } from './executor';

/** One revision of a report: its state, what the unit wrote, and what its reviewer said. */
export type ReportRow = Pick<
  Report,
  | 'id'
  | 'agencyId'
  | 'cycleIndex'
  | 'kind'
  | 'revision'
  | 'status'
  | 'late'
  | 'progressStatus'
  | 'percentDone'
  | 'kpiValues'
  | 'summary'
  | 'problems'
  | 'supportRequested'
  | 'submittedAt'
  | 'reviewComment'
  | 'reviewedAt'
>;

const reportColumns = [
  'id',
  'agencyId',
  'cycleIndex',
  'kind',
  'revision',
  'status',
  'late',
  'progressStatus',
  'percentDone',
  'kpiValues',
  'summary',
  'problems',
  'supportRequested',
  'submittedAt',
  'reviewComment',
  'reviewedAt',
] as const;

/** The report revisions named by id (those a measure's duties hold now), of this measure only. */
export async function findReports(db: Executor, measureId: string, ids: readonly string[]): Promise<ReportRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(reportColumns)
    .where('id', 'in', [...new Set(ids)])
    .where('measureId', '=', measureId)
    .execute();
}

/**
 * Earlier cycles' reports: the last revision of each unit's report, for the `cycles` most recent cycles
 * before `beforeCycle` that have any, newest cycle first (then by agency, partner reports before the combined one).
 */
export async function listReportHistory(db: Executor, measureId: string, { beforeCycle, cycles }: { beforeCycle: number; cycles: number }): Promise<ReportRow[]> {
  if (cycles <= 0 || beforeCycle <= 0) return [];
  const latest = await db
    .selectFrom('reports')
    .select(reportColumns)
    .distinctOn(['cycleIndex', 'agencyId', 'kind'])
    .where('measureId', '=', measureId)
    .where('cycleIndex', 'in', (eb) =>
      eb.selectFrom('reports').select('cycleIndex').distinct().where('measureId', '=', measureId).where('cycleIndex', '<', beforeCycle).orderBy('cycleIndex', 'desc').limit(cycles),
    )
    .orderBy('cycleIndex', 'desc')
    .orderBy('agencyId')
    .orderBy('kind', 'desc')
    .orderBy('revision', 'desc')
    .execute();
  return latest;
}

/** An agency's newest report on the measure (its last revision, of any cycle), or undefined: what its next report starts from. */
export async function findLatestReport(db: Executor, measureId: string, agencyId: number): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .select(reportColumns)
    .where('measureId', '=', measureId)
    .where('agencyId', '=', agencyId)
    .orderBy('cycleIndex', 'desc')
    .orderBy('submittedAt', 'desc')
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest value reported for a metric, and the report it came from. */
export interface LatestKpiValue {
  /** As the measure names it (trimmed). */
  metric: string;
  value: number;
  cycleIndex: number;
  agencyId: number;
  kind: Report['kind'];
  status: Report['status'];
  submittedAt: Date;
}

/**
 * For each of `metrics`, the newest value any unit of the measure reported: from the lead's accepted combined
 * report (合并报告) when one reports it, else from the newest report submitted (a partner's, or one still under
 * review or returned). Metrics are matched trimmed, as the report form sends them.
 */
export async function latestKpiValues(db: Executor, measureId: string, metrics: readonly string[]): Promise<LatestKpiValue[]> {
  const wanted = [...new Set(metrics.map((m) => m.trim()).filter((m) => m.length > 0))];
  if (wanted.length === 0) return [];
  const { rows } = await sql<LatestKpiValue>`
    select distinct on (btrim(k.metric))
      btrim(k.metric) as metric, k.value, r.cycle_index, r.agency_id, r.kind, r.status, r.submitted_at
    from reports r
    cross join lateral jsonb_to_recordset(r.kpi_values) as k(metric text, value double precision)
    where r.measure_id = ${measureId}
      and btrim(k.metric) = any(${wanted}::text[])
      and k.value is not null
    order by btrim(k.metric), (r.kind = 'combined' and r.status = 'accepted') desc, r.cycle_index desc, r.submitted_at desc, r.revision desc
  `.execute(db);
  return rows;
}
