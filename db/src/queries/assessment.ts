import { sql } from 'kysely';
import { endOfChinaYear, type AssessmentFact, type AssessmentRule, type AssessmentRules, type EscalationLevel } from '@liandong/domain';
import type { MeasureStatus } from '../tables/measures';
import type { Executor } from './executor';

// ---- scoring rules -----------------------------------------------------------

/** A plan's stored rules, or undefined when it is scored by the default rules. */
export async function findAssessmentRules(db: Executor, planId: string): Promise<{ rules: AssessmentRules; updatedBy: string; updatedAt: Date } | undefined> {
  return db.selectFrom('assessmentRules').select(['rules', 'updatedBy', 'updatedAt']).where('planId', '=', planId).executeTakeFirst();
}

/** Stores (or replaces) a plan's rules. */
export async function upsertAssessmentRules(db: Executor, row: { planId: string; rules: AssessmentRules; updatedBy: string; updatedAt: Date }): Promise<void> {
  const values = { ...row, rules: JSON.stringify(row.rules) };
  await db
    .insertInto('assessmentRules')
    .values(values)
    .onConflict((oc) => oc.column('planId').doUpdateSet({ rules: values.rules, updatedBy: values.updatedBy, updatedAt: values.updatedAt }))
    .execute();
}

// ---- facts ---------------------------------------------------------------------

/** The audit actions the assessment reads; the partial index audit_events_assessment_idx holds exactly these. */
const ACTIONS = sql.raw(`('report.submitted', 'report.returned', 'cycle.missed', 'escalation.raised', 'escalation.climbed', 'closure.approved')`);

interface FactRow {
  auditEventId: number;
  occurredAt: Date;
  action: 'report.submitted' | 'report.returned' | 'cycle.missed' | 'escalation.raised' | 'escalation.climbed' | 'closure.approved';
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  agencyId: number | null;
  cycleIndex: number | null;
  late: boolean | null;
  level: EscalationLevel | null;
  cycleMissed: boolean | null;
  deadlineYear: number | null;
}

/**
 * `with … facts as (…)`: the plan's scored events of the period, narrowed to what scoring reads (no payloads
 * carried along), each with its unit (a climb's from its raise; none yet for a closure, whose units are its
 * leads), whether a late report's cycle was counted missed, and a closure's latest target year. The missed
 * cycles and raises are looked up only for the measures that need them.
 */
function factsOf(filter: { planId: string; start: Date; end: Date }) {
  return sql`
    with scored as (
      select ae.id, ae.occurred_at, ae.action, ae.measure_id, ae.subject_id,
             (ae.payload->>'agencyId')::int as agency_id, (ae.payload->>'cycleIndex')::int as cycle_index,
             (ae.payload->>'late')::boolean as late, ae.payload->>'level' as level
        from measures m
        join audit_events ae on ae.measure_id = m.id
       where m.plan_id = ${filter.planId}
         and ae.action in ${ACTIONS}
         and ae.occurred_at >= ${filter.start} and ae.occurred_at < ${filter.end}
         and (ae.action <> 'report.submitted' or ae.payload->>'revision' = '1')
    ),
    missed as (
      select distinct x.measure_id, (x.payload->>'agencyId')::int as agency_id, (x.payload->>'cycleIndex')::int as cycle_index
        from audit_events x
       where x.action = 'cycle.missed'
         and x.measure_id in (select measure_id from scored where action = 'report.submitted' and late)
    ),
    raised as (
      select x.subject_id, (x.payload->>'agencyId')::int as agency_id
        from audit_events x
       where x.action = 'escalation.raised'
         and x.measure_id in (select measure_id from scored where action = 'escalation.climbed')
    ),
    deadlines as (
      select k.measure_id, max(k.deadline_year) as deadline_year
        from measure_kpis k
       where k.measure_id in (select measure_id from scored where action = 'closure.approved')
       group by k.measure_id
    ),
    facts as (
      select s.id, s.occurred_at, s.action, s.measure_id,
             case s.action when 'escalation.climbed' then r.agency_id when 'closure.approved' then null else s.agency_id end as agency_id,
             s.cycle_index, s.late, s.level, mi.measure_id is not null as cycle_missed, d.deadline_year
        from scored s
        left join missed mi on s.action = 'report.submitted' and mi.measure_id = s.measure_id and mi.agency_id = s.agency_id and mi.cycle_index = s.cycle_index
        left join raised r on s.action = 'escalation.climbed' and r.subject_id = s.subject_id
        left join deadlines d on s.action = 'closure.approved' and d.measure_id = s.measure_id
    )`;
}

/**
 * Every audit event of a plan's measures in [start, end) that the assessment scores, as facts:
 * - `report.submitted`, first submissions only (revision 1): a resubmission after a return is charged by the return;
 *   a late one says whether its cycle was counted missed (`cycle.missed`, at any time);
 * - `report.returned`, `cycle.missed`: against the agency they name;
 * - `escalation.raised` / `escalation.climbed`: against the agency the escalation was raised against (read from
 *   its `escalation.raised` event); a whole-measure escalation names none and counts for no unit;
 * - `closure.approved`: one fact per current lead agency, with the measure's deadline, the end (China time) of the
 *   latest year its targets name (none when no target is dated).
 * With `agencyId`, only the facts of that unit (closures are kept until their leads are known, then filtered).
 * The action list is literal SQL, so the planner matches it to the partial index whatever the parameters.
 */
export async function listAssessmentFacts(db: Executor, filter: { planId: string; start: Date; end: Date; agencyId?: number }): Promise<AssessmentFact[]> {
  const { rows } = await sql<FactRow>`
    ${factsOf(filter)}
    select f.id as audit_event_id, f.occurred_at, f.action, f.measure_id, m.number as measure_number, m.title as measure_title,
           f.agency_id, f.cycle_index, f.late, f.level, f.cycle_missed, f.deadline_year
      from facts f
      join measures m on m.id = f.measure_id
     where ${filter.agencyId === undefined ? sql`true` : sql`(f.action = 'closure.approved' or f.agency_id = ${filter.agencyId})`}
     order by f.occurred_at, f.id`.execute(db);

  const closures = rows.filter((r) => r.action === 'closure.approved');
  const leads =
    closures.length === 0
      ? []
      : await db
          .selectFrom('assignments')
          .select(['measureId', 'agencyId'])
          .where('measureId', 'in', [...new Set(closures.map((r) => r.measureId))])
          .where('role', '=', 'lead')
          .where('status', '<>', 'withdrawn')
          .execute();

  const facts: AssessmentFact[] = [];
  for (const r of rows) {
    const of = { auditEventId: r.auditEventId, occurredAt: r.occurredAt, measureId: r.measureId, measureNumber: r.measureNumber, measureTitle: r.measureTitle };
    switch (r.action) {
      case 'report.submitted':
        if (r.agencyId !== null) facts.push({ ...of, kind: 'report', agencyId: r.agencyId, cycleIndex: r.cycleIndex ?? 0, late: r.late === true, cycleMissed: r.cycleMissed === true });
        break;
      case 'report.returned':
        if (r.agencyId !== null) facts.push({ ...of, kind: 'returned', agencyId: r.agencyId, cycleIndex: r.cycleIndex ?? 0 });
        break;
      case 'cycle.missed':
        if (r.agencyId !== null) facts.push({ ...of, kind: 'missed', agencyId: r.agencyId, cycleIndex: r.cycleIndex ?? 0 });
        break;
      case 'escalation.raised':
      case 'escalation.climbed':
        if (r.agencyId !== null && r.level !== null) facts.push({ ...of, kind: 'escalation', agencyId: r.agencyId, level: r.level });
        break;
      case 'closure.approved': {
        const deadline = r.deadlineYear === null ? null : endOfChinaYear(r.deadlineYear);
        for (const lead of leads.filter((l) => l.measureId === r.measureId && (filter.agencyId === undefined || l.agencyId === filter.agencyId))) {
          facts.push({ ...of, kind: 'closure', agencyId: lead.agencyId, deadline });
        }
        break;
      }
    }
  }
  return facts;
}

/**
 * How many facts of each rule every unit has in the period: the facts `listAssessmentFacts` reads, each put under
 * its rule as the domain's `ruleOf` does (a late report of a missed cycle and a closure after its deadline under
 * none), counted in the database. For the ranking, which needs no explanation lines; the integration tests hold
 * each unit's ranking score to the sum of its explanation.
 */
export async function countAssessmentFacts(db: Executor, filter: { planId: string; start: Date; end: Date }): Promise<{ agencyId: number; counts: Partial<Record<AssessmentRule, number>> }[]> {
  const { rows } = await sql<{ agencyId: number; rule: AssessmentRule; n: number }>`
    ${factsOf(filter)},
    classified as (
      select case when f.action = 'closure.approved' then l.agency_id else f.agency_id end as agency_id,
             case f.action
               when 'report.submitted' then case when f.late is not true then 'onTimeReport' when f.cycle_missed then null else 'lateReport' end
               when 'cycle.missed' then 'missedReport'
               when 'report.returned' then 'returnedReport'
               when 'escalation.raised' then f.level || 'Escalation'
               when 'escalation.climbed' then f.level || 'Escalation'
               when 'closure.approved' then
                 case when f.deadline_year is null or f.occurred_at <= make_timestamptz(f.deadline_year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai') then 'closedBeforeDeadline' end
             end as rule
        from facts f
        left join assignments l on f.action = 'closure.approved' and l.measure_id = f.measure_id and l.role = 'lead' and l.status <> 'withdrawn'
    )
    select agency_id, rule, count(*)::int as n from classified where agency_id is not null and rule is not null group by agency_id, rule`.execute(db);
  const byAgency = new Map<number, Partial<Record<AssessmentRule, number>>>();
  for (const row of rows) {
    const counts = byAgency.get(row.agencyId) ?? {};
    counts[row.rule] = row.n;
    byAgency.set(row.agencyId, counts);
  }
  return [...byAgency].map(([agencyId, counts]) => ({ agencyId, counts }));
}

/** The units a plan's assessment ranks: every agency with a live assignment on a live measure of the plan. */
export async function listPlanAgencies(db: Executor, planId: string): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('assignments as s')
    .innerJoin('measures as m', 'm.id', 's.measureId')
    .innerJoin('agencies as a', 'a.id', 's.agencyId')
    .select(['a.id', 'a.name'])
    .distinct()
    .where('m.planId', '=', planId)
    .where('m.status', '<>', 'withdrawn')
    .where('s.status', '<>', 'withdrawn')
    .execute();
}

/** Whether an agency has a live assignment in the plan (what lets its officers read their own assessment). */
export async function agencyTakesPart(db: Executor, planId: string, agencyId: number): Promise<boolean> {
  const row = await db
    .selectFrom('assignments as s')
    .innerJoin('measures as m', 'm.id', 's.measureId')
    .select('s.id')
    .where('m.planId', '=', planId)
    .where('s.agencyId', '=', agencyId)
    .where('s.status', '<>', 'withdrawn')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- the ledger (台账) ------------------------------------------------------------

export interface LedgerRow {
  id: string;
  seq: number | null;
  number: string;
  section: string | null;
  title: string;
  status: MeasureStatus;
  /** Lead units (牵头单位), in agency order, joined by 、. */
  leads: string;
  /** Partner units (配合单位), likewise. */
  partners: string;
  /** The current cycle's report due date; null before the measure started. */
  cycleDueAt: Date | null;
  closedAt: Date | null;
  /** The newest report: the latest cycle's, the combined report before a partner's. */
  latestSummary: string | null;
  latestPercent: number | null;
  latestAt: Date | null;
  openRed: number;
  openYellow: number;
  openBlue: number;
  /** Targets with the newest value reported for each (null when none is). */
  kpis: { metric: string; target: number; unit: string; comparator: '>=' | '<=' | '='; deadlineYear: number | null; latest: number | null }[];
}

/**
 * One row per measure of the plan, withdrawn ones included (the ledger keeps them), in plan order. The newest
 * value of a target is the lead's accepted combined report's when one reports it, else the newest report's, as on
 * the measure page (`latestKpiValues`).
 */
export async function listLedgerRows(db: Executor, planId: string): Promise<LedgerRow[]> {
  const { rows } = await sql<Omit<LedgerRow, 'kpis'>>`
    select m.id, m.seq, m.number, m.section, m.title, m.status, m.cycle_due_at, m.closed_at,
           coalesce((select string_agg(a.name, '、' order by a.id) from assignments s join agencies a on a.id = s.agency_id
                      where s.measure_id = m.id and s.role = 'lead' and s.status <> 'withdrawn'), '') as leads,
           coalesce((select string_agg(a.name, '、' order by a.id) from assignments s join agencies a on a.id = s.agency_id
                      where s.measure_id = m.id and s.role = 'partner' and s.status <> 'withdrawn'), '') as partners,
           r.summary as latest_summary, r.percent_done as latest_percent, r.submitted_at as latest_at,
           coalesce(e.red, 0)::int as open_red, coalesce(e.yellow, 0)::int as open_yellow, coalesce(e.blue, 0)::int as open_blue
      from measures m
      left join lateral (
        select summary, percent_done, submitted_at from reports r
         where r.measure_id = m.id
         order by r.cycle_index desc, (r.kind = 'combined') desc, r.submitted_at desc, r.revision desc
         limit 1) r on true
      left join lateral (
        select count(*) filter (where level = 'red') as red, count(*) filter (where level = 'yellow') as yellow, count(*) filter (where level = 'blue') as blue
          from escalations e where e.measure_id = m.id and e.status <> 'resolved') e on true
     where m.plan_id = ${planId}
     order by m.seq nulls last, m.created_at, m.id`.execute(db);
  if (rows.length === 0) return [];

  const targets = await db
    .selectFrom('measureKpis as k')
    .innerJoin('measures as m', 'm.id', 'k.measureId')
    .select(['k.measureId', 'k.metric', 'k.target', 'k.unit', 'k.comparator', 'k.deadlineYear'])
    .where('m.planId', '=', planId)
    .orderBy('k.measureId')
    .orderBy('k.seq')
    .execute();
  const latest =
    targets.length === 0
      ? []
      : (
          await sql<{ measureId: string; metric: string; value: number }>`
            select distinct on (r.measure_id, btrim(k.metric)) r.measure_id, btrim(k.metric) as metric, k.value
              from reports r
              join measures m on m.id = r.measure_id
              cross join lateral jsonb_to_recordset(r.kpi_values) as k(metric text, value double precision)
             where m.plan_id = ${planId} and r.measure_id = any(${[...new Set(targets.map((t) => t.measureId))]}::uuid[]) and k.value is not null
             order by r.measure_id, btrim(k.metric), (r.kind = 'combined' and r.status = 'accepted') desc, r.cycle_index desc, r.submitted_at desc, r.revision desc`.execute(db)
        ).rows;
  const latestOf = new Map(latest.map((l) => [`${l.measureId}\u0000${l.metric}`, l.value]));
  const kpisOf = new Map<string, LedgerRow['kpis']>();
  for (const t of targets) {
    const list = kpisOf.get(t.measureId) ?? [];
    list.push({ metric: t.metric, target: t.target, unit: t.unit, comparator: t.comparator, deadlineYear: t.deadlineYear, latest: latestOf.get(`${t.measureId}\u0000${t.metric.trim()}`) ?? null });
    kpisOf.set(t.measureId, list);
  }
  return rows.map((r) => ({ ...r, kpis: kpisOf.get(r.id) ?? [] }));
}

/** A plan's title and coordinator, what every assessment read checks first; undefined for an unknown plan. */
export async function findPlanHeading(db: Executor, planId: string): Promise<{ id: string; title: string; coordinatorAgencyId: number } | undefined> {
  return db.selectFrom('plans').select(['id', 'title', 'coordinatorAgencyId']).where('id', '=', planId).executeTakeFirst();
}
