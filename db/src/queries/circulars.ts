import { sql } from 'kysely';
import type { CircularRow, NewCircular } from '../tables/circulars';
import type { Executor } from './executor';

// 通报 (circulars): the stored documents, their numbers, and the figures a draft is written from.

/** A circular as the service reads it: the row with its period as calendar dates and the names it shows. */
export type CircularRecord = Omit<CircularRow, 'periodFrom' | 'periodTo'> & {
  periodFrom: string;
  periodTo: string;
  /** The office's name (发文机关). */
  officeName: string;
  planTitle: string | null;
};

const circularColumns = [
  'c.id',
  'c.coordinatorAgencyId',
  'c.planId',
  'c.status',
  'c.title',
  'c.body',
  'c.namedAgencyIds',
  'c.recipientAgencyIds',
  'c.createdBy',
  'c.createdAt',
  'c.updatedAt',
  'c.year',
  'c.seq',
  'c.number',
  'c.issuedAt',
  'c.issuedBy',
  'c.issuedByName',
  'o.name as officeName',
  'p.title as planTitle',
] as const;

const dateText = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export async function insertCircular(db: Executor, values: NewCircular): Promise<string> {
  const row = await db.insertInto('circulars').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** One circular, or undefined; `forUpdate` locks its row until the caller's transaction ends (issue, edit). */
export async function findCircular(db: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<CircularRecord | undefined> {
  let query = db
    .selectFrom('circulars as c')
    .innerJoin('agencies as o', 'o.id', 'c.coordinatorAgencyId')
    .leftJoin('plans as p', 'p.id', 'c.planId')
    .select(circularColumns)
    .select([dateText('c.period_from').as('periodFrom'), dateText('c.period_to').as('periodTo')])
    .where('c.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

export async function updateCircularDraft(db: Executor, id: string, values: { title: string; body: unknown[]; at: Date }): Promise<void> {
  await db
    .updateTable('circulars')
    .set({ title: values.title, body: JSON.stringify(values.body), updatedAt: values.at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/**
 * The next number of an office's circulars in a year, inside the issuing transaction: the counter row stays locked
 * until it commits, so concurrent issuers wait their turn, and a rollback gives the number back (no gaps, no repeats).
 */
export async function takeCircularSeq(db: Executor, coordinatorAgencyId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('circularCounters')
    .values({ coordinatorAgencyId, year, lastSeq: 1 })
    .onConflict((oc) => oc.columns(['coordinatorAgencyId', 'year']).doUpdateSet({ lastSeq: sql`circular_counters.last_seq + 1` }))
    .returning('lastSeq')
    .executeTakeFirstOrThrow();
  return row.lastSeq;
}

export async function markCircularIssued(
  db: Executor,
  id: string,
  values: { year: number; seq: number; number: string; issuedAt: Date; issuedBy: string; issuedByName: string; recipientAgencyIds: number[] },
): Promise<void> {
  await db
    .updateTable('circulars')
    .set({ ...values, status: 'issued', updatedAt: values.issuedAt })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/** Whose circulars a list shows: every office's, one office's (drafts too), or those delivered to an agency (issued only). */
export type CircularScope = { all: true } | { all: false; officeAgencyId: number | null; recipientAgencyId: number | null };

export type CircularListRow = Omit<CircularRecord, 'body' | 'namedAgencyIds' | 'recipientAgencyIds'>;

/** Newest first (drafts by creation, issued ones by their creation too: a draft keeps its place when issued). */
export async function listCirculars(
  db: Executor,
  scope: CircularScope,
  filter: { planId?: string; status?: 'draft' | 'issued'; limit: number; offset: number },
): Promise<{ rows: CircularListRow[]; total: number }> {
  let matching = db.selectFrom('circulars as c');
  if (!scope.all) {
    const { officeAgencyId, recipientAgencyId } = scope;
    matching = matching.where((eb) =>
      eb.or([
        ...(officeAgencyId !== null ? [eb('c.coordinatorAgencyId', '=', officeAgencyId)] : []),
        ...(recipientAgencyId !== null ? [eb.and([eb('c.status', '=', 'issued'), sql<boolean>`${recipientAgencyId}::int = any(c.recipient_agency_ids)`])] : []),
        ...(officeAgencyId === null && recipientAgencyId === null ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (filter.planId !== undefined) matching = matching.where('c.planId', '=', filter.planId);
  if (filter.status !== undefined) matching = matching.where('c.status', '=', filter.status);
  const [rows, count] = await Promise.all([
    matching
      .innerJoin('agencies as o', 'o.id', 'c.coordinatorAgencyId')
      .leftJoin('plans as p', 'p.id', 'c.planId')
      .select(circularColumns.filter((c) => c !== 'c.body' && c !== 'c.namedAgencyIds' && c !== 'c.recipientAgencyIds'))
      .select([dateText('c.period_from').as('periodFrom'), dateText('c.period_to').as('periodTo')])
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    matching.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as CircularListRow[], total: Number(count.total) };
}

// ---- what a draft is written from ---------------------------------------------

export interface CircularPlan {
  id: string;
  title: string;
}

/** The plans a circular covers: the one named, or every active plan the office coordinates. */
export async function listCircularPlans(db: Executor, coordinatorAgencyId: number, planId: string | null): Promise<CircularPlan[]> {
  let query = db.selectFrom('plans').select(['id', 'title']).where('coordinatorAgencyId', '=', coordinatorAgencyId);
  query = planId === null ? query.where('status', '=', 'active') : query.where('id', '=', planId);
  return query.orderBy('createdAt').orderBy('id').execute();
}

export interface CircularMeasureTotals {
  /** Every measure not withdrawn. */
  measures: number;
  closed: number;
  /** Open, with a report owed past its due date. */
  overdue: number;
  /** Open, no report overdue and no yellow or red escalation open on it. */
  onTrack: number;
}

export async function circularMeasureTotals(db: Executor, planIds: readonly string[], now: Date): Promise<CircularMeasureTotals> {
  if (planIds.length === 0) return { measures: 0, closed: 0, overdue: 0, onTrack: 0 };
  const { rows } = await sql<{ measures: number; closed: number; overdue: number; onTrack: number }>`
    select count(*) filter (where status <> 'withdrawn')::int as measures,
           count(*) filter (where status = 'closed')::int as closed,
           count(*) filter (where status in ('active', 'closure_requested') and unreported_due_at < ${now})::int as overdue,
           count(*) filter (where status in ('active', 'closure_requested') and (unreported_due_at is null or unreported_due_at >= ${now})
                              and coalesce(highest_escalation_level, 'blue') = 'blue')::int as on_track
      from measures where plan_id = any(${[...planIds]}::uuid[])`.execute(db);
  return rows[0]!;
}

export interface CircularEscalationRow {
  level: 'yellow' | 'red';
  measureNumber: string;
  measureTitle: string;
  planTitle: string;
  /** The escalated unit, or the measure's lead when the whole measure is escalated. */
  agencyId: number;
  agencyName: string;
  raisedAt: Date;
}

/** Open (not resolved) red and yellow escalations, red first, then oldest first. */
export async function listCircularEscalations(db: Executor, planIds: readonly string[]): Promise<CircularEscalationRow[]> {
  if (planIds.length === 0) return [];
  const { rows } = await sql<CircularEscalationRow>`
    select e.level, m.number as measure_number, m.title as measure_title, p.title as plan_title,
           a.id as agency_id, a.name as agency_name, e.raised_at
      from escalations e
      join measures m on m.id = e.measure_id
      join plans p on p.id = m.plan_id
      join agencies a on a.id = coalesce(e.agency_id, m.lead_agency_id)
     where m.plan_id = any(${[...planIds]}::uuid[]) and e.status <> 'resolved' and e.level in ('yellow', 'red') and m.status <> 'withdrawn'
     order by case e.level when 'red' then 2 else 1 end desc, e.raised_at, e.id`.execute(db);
  return rows;
}

export interface CircularOverdueUnitRow {
  agencyId: number;
  agencyName: string;
  /** Measures on which the unit owes a report past its due date. */
  measures: number;
  /** The earliest of those due dates (or of the overdue escalations chasing them): how long the longest has waited. */
  since: Date;
}

/**
 * Units with overdue reports now: the current cycle's report owed past its due date, or an open overdue escalation
 * (which stands for every earlier cycle's report the unit still owes on that measure). Longest waiting first.
 */
export async function listCircularOverdueUnits(db: Executor, planIds: readonly string[], now: Date): Promise<CircularOverdueUnitRow[]> {
  if (planIds.length === 0) return [];
  const { rows } = await sql<CircularOverdueUnitRow>`
    select x.agency_id, ag.name as agency_name, count(distinct x.measure_id)::int as measures, min(x.since) as since
      from (
        select a.agency_id, a.measure_id, a.unreported_due_at as since
          from assignments a join measures m on m.id = a.measure_id
         where m.plan_id = any(${[...planIds]}::uuid[]) and a.unreported_due_at < ${now}
        union all
        select e.agency_id, e.measure_id, e.raised_at as since
          from escalations e join measures m on m.id = e.measure_id
         where m.plan_id = any(${[...planIds]}::uuid[]) and e.kind = 'overdue' and e.status <> 'resolved' and e.agency_id is not null
           and m.status in ('active', 'closure_requested')
      ) x
      join agencies ag on ag.id = x.agency_id
     group by x.agency_id, ag.name
     order by min(x.since), ag.name`.execute(db);
  return rows;
}

/** One report duty (one agency's report for one cycle of one measure) that fell in the period, and how it went. */
export interface ReportDutyRow {
  agencyId: number;
  agencyName: string;
  outcome: 'on_time' | 'late' | 'missing';
}

/**
 * The report duties of the plans that fell in [from, to) as of `now` (the definition: `onTimeRates`, in the domain's
 * reporting/on-time-rate.ts): a duty's first report submitted in the period, on time or late; a duty of a
 * closed cycle recorded missed (`cycle.missed`) in the period and never reported since; the current cycle's report
 * owed past a due date in the period.
 */
export async function listReportDuties(db: Executor, planIds: readonly string[], period: { from: Date; to: Date }, now: Date): Promise<ReportDutyRow[]> {
  if (planIds.length === 0) return [];
  const plans = [...planIds];
  const { rows } = await sql<ReportDutyRow>`
    select d.agency_id, ag.name as agency_name, d.outcome
      from (
        select r.agency_id, case when r.late then 'late' else 'on_time' end as outcome
          from reports r join measures m on m.id = r.measure_id
         where m.plan_id = any(${plans}::uuid[]) and r.submitted_at >= ${period.from} and r.submitted_at < ${period.to}
           and not exists (
             select 1 from reports r2
              where r2.measure_id = r.measure_id and r2.agency_id = r.agency_id and r2.cycle_index = r.cycle_index
                and (r2.submitted_at, r2.revision, r2.id) < (r.submitted_at, r.revision, r.id))
        union all
        select (e.payload->>'agencyId')::int, 'missing'
          from audit_events e join measures m on m.id = e.measure_id
         where m.plan_id = any(${plans}::uuid[]) and e.action = 'cycle.missed' and e.occurred_at >= ${period.from} and e.occurred_at < ${period.to}
           and not exists (
             select 1 from reports r
              where r.measure_id = e.measure_id and r.agency_id = (e.payload->>'agencyId')::int and r.cycle_index = (e.payload->>'cycleIndex')::int)
        union all
        select a.agency_id, 'missing'
          from assignments a join measures m on m.id = a.measure_id
         where m.plan_id = any(${plans}::uuid[]) and a.unreported_due_at >= ${period.from} and a.unreported_due_at < least(${period.to}::timestamptz, ${now}::timestamptz)
           and not exists (select 1 from reports r where r.measure_id = a.measure_id and r.agency_id = a.agency_id and r.cycle_index = m.cycle_index)
      ) d
      join agencies ag on ag.id = d.agency_id`.execute(db);
  return rows.map(({ agencyId, agencyName, outcome }) => ({ agencyId, agencyName, outcome }));
}

/** Every agency with a live assignment on a measure of the plans: the units a circular about them is delivered to. */
export async function listPlanUnitAgencyIds(db: Executor, planIds: readonly string[]): Promise<number[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('measures as m', 'm.id', 'a.measureId')
    .select('a.agencyId')
    .distinct()
    .where('m.planId', 'in', [...planIds])
    .where('a.status', '!=', 'withdrawn')
    .where('m.status', '!=', 'withdrawn')
    .orderBy('a.agencyId')
    .execute();
  return rows.map((r) => r.agencyId);
}
