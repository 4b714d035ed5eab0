import { sql, type Transaction } from 'kysely';
import { expandAllDistricts, measureKey, type AgencySeed, type PlanDiff, type ReportingPolicy } from '@liandong/domain';
import type { MeasureDeadline, ParsedKpi } from '@liandong/domain/importer';
import type { Database } from '../database';
import type { AssignmentRole } from '../tables/assignments';
import type { PlanStatus } from '../tables/plans';
import type { MeasureStatus } from '../tables/measures';
import { listAgencies } from './agencies';
import type { Executor } from './executor';

/** A quantitative target as the importer reads it (量化指标). */
export type PlanKpiInput = ParsedKpi;

/** 完成时限 as the importer reads it: the phrase, the due date (yyyy-mm-dd) or ongoing (长期, no date). */
export type PlanDeadline = MeasureDeadline;

/** One measure of a plan, agencies already resolved to directory ids. */
export interface PlanMeasureInput {
  number: string;
  section: string | null;
  title: string;
  body: string;
  /** 牵头单位; the first is the measure's `leadAgencyId`. At least one. */
  leadAgencyIds: number[];
  /** Named 配合单位; an agency also listed as lead stays lead. */
  partnerAgencyIds: number[];
  /** 各区政府: every district government of the plan's jurisdiction gets a partner assignment. */
  allDistricts: boolean;
  kpis: PlanKpiInput[];
  /** 完成时限; null when the plan states none. */
  deadline: PlanDeadline | null;
}

export interface PlanMetaInput {
  title: string;
  issuer: string | null;
  documentNumber: string | null;
  /** yyyy-mm-dd */
  issuedOn: string | null;
  jurisdictionAgencyId: number | null;
  coordinatorAgencyId: number;
  reportingPolicy: ReportingPolicy;
  sourceText: string;
  sourceHash: string;
}

export interface NewPlanInput extends PlanMetaInput {
  createdBy: string | null;
  measures: PlanMeasureInput[];
}

/** Which plans a reader may see: all of them, or those their agency coordinates and/or takes part in. */
export interface PlanScope {
  all: boolean;
  /** Plans whose coordinator (协调办) is this agency. */
  coordinatedBy: number | null;
  /** Plans with a measure assigned to this agency. */
  involving: number | null;
}

export const ALL_PLANS: PlanScope = { all: true, coordinatedBy: null, involving: null };

export interface PlanSummary {
  id: string;
  title: string;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  status: PlanStatus;
  coordinatorAgencyId: number;
  coordinatorCode: string;
  coordinatorName: string;
  jurisdictionCode: string | null;
  /** Measures not withdrawn. */
  measureCount: number;
  createdAt: Date;
}

export interface PlanAgency {
  id: number;
  code: string;
  name: string;
}

export interface PlanKpi {
  metric: string;
  target: number;
  unit: string;
  comparator: '>=' | '<=' | '=';
  deadline: number | null;
  text: string;
}

export interface PlanMeasure {
  id: string;
  seq: number | null;
  number: string;
  section: string | null;
  title: string;
  body: string;
  status: MeasureStatus;
  allDistricts: boolean;
  leads: PlanAgency[];
  /** Named partners, without the district governments `各区政府` brought in. */
  partners: PlanAgency[];
  /** The district governments `各区政府` brought in; empty unless `allDistricts`. */
  districts: PlanAgency[];
  kpis: PlanKpi[];
  /** 完成时限; null when the plan states none. */
  deadline: PlanDeadline | null;
  workflowId: string | null;
}

export interface PlanDetail extends PlanSummary {
  jurisdictionAgencyId: number | null;
  jurisdictionName: string | null;
  reportingPolicy: ReportingPolicy;
  sourceHash: string;
  createdBy: string | null;
  updatedAt: Date;
  measures: PlanMeasure[];
}

/** Runs `work` in the caller's transaction, or in a new one when given the pool. */
async function inTransaction<T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/**
 * Serialises plan imports until the transaction ends, so two confirms (or two starts loading the demo plans)
 * of the same document cannot both find it missing and both store it.
 */
export async function lockPlanImports(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('liandong:plan-import'))`.execute(trx);
}

/**
 * The ids of the agencies `各区政府` means under a jurisdiction: its district governments (for a province, its
 * city governments), by the same rule as the import preview (`expandAllDistricts`), applied to the stored directory.
 */
export async function allDistrictAgencyIds(db: Executor, jurisdictionAgencyId: number | null): Promise<number[]> {
  if (jurisdictionAgencyId === null) return [];
  const rows = await listAgencies(db);
  const jurisdiction = rows.find((row) => row.id === jurisdictionAgencyId);
  if (!jurisdiction) return [];
  const directory: AgencySeed[] = rows.map((row) => ({ code: row.code, name: row.name, shortNames: row.shortNames, level: row.level, parentCode: row.parentCode, kind: row.kind }));
  const codes = new Set(expandAllDistricts(jurisdiction.code, directory).map((agency) => agency.code));
  return rows.filter((row) => codes.has(row.code)).map((row) => row.id);
}

/** One assignment per agency: leads first (lead wins over partner), then named partners, then the districts. */
function assignmentRoles(measure: PlanMeasureInput, districtIds: readonly number[]): Map<number, AssignmentRole> {
  const roles = new Map<number, AssignmentRole>();
  for (const id of measure.leadAgencyIds) roles.set(id, 'lead');
  const partners = [...measure.partnerAgencyIds, ...(measure.allDistricts ? districtIds : [])];
  for (const id of partners) if (!roles.has(id)) roles.set(id, 'partner');
  return roles;
}

function firstLead(measure: PlanMeasureInput): number {
  const lead = measure.leadAgencyIds[0];
  if (lead === undefined) throw new Error(`measure ${measure.number} has no lead agency`);
  return lead;
}

/** The deadline columns of a measure: a due date or ongoing (never both), and the phrase as written. */
function deadlineColumns(deadline: PlanDeadline | null): { dueOn: string | null; ongoing: boolean; deadlineText: string | null } {
  if (deadline === null) return { dueOn: null, ongoing: false, deadlineText: null };
  return { dueOn: deadline.ongoing ? null : deadline.due, ongoing: deadline.ongoing, deadlineText: deadline.text.trim() || null };
}

/** A stored deadline back as the importer's shape; null when the measure has neither a due date nor 长期. */
function deadlineOf(row: { dueOn: string | null; ongoing: boolean; deadlineText: string | null }): PlanDeadline | null {
  if (!row.ongoing && row.dueOn === null) return null;
  return { text: row.deadlineText ?? '', due: row.ongoing ? null : row.dueOn, ongoing: row.ongoing };
}

async function insertKpis(db: Executor, measureId: string, kpis: readonly PlanKpiInput[]): Promise<void> {
  if (kpis.length === 0) return;
  await db
    .insertInto('measureKpis')
    .values(
      kpis.map((kpi, seq) => ({
        measureId,
        seq,
        metric: kpi.metric,
        target: kpi.target,
        unit: kpi.unit,
        comparator: kpi.comparator,
        deadlineYear: kpi.deadline,
        sourceText: kpi.text,
      })),
    )
    .execute();
}

async function insertMeasure(
  db: Executor,
  plan: { id: string; coordinatorAgencyId: number },
  measure: PlanMeasureInput,
  seq: number,
  districtIds: readonly number[],
): Promise<string> {
  const row = await db
    .insertInto('measures')
    .values({
      planId: plan.id,
      seq,
      section: measure.section,
      number: measure.number,
      title: measure.title,
      body: measure.body,
      allDistricts: measure.allDistricts,
      ...deadlineColumns(measure.deadline),
      leadAgencyId: firstLead(measure),
      coordinatorAgencyId: plan.coordinatorAgencyId,
      workflowId: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roles = assignmentRoles(measure, districtIds);
  await db
    .insertInto('assignments')
    .values([...roles].map(([agencyId, role]) => ({ measureId: row.id, agencyId, role })))
    .execute();
  await insertKpis(db, row.id, measure.kpis);
  return row.id;
}

/**
 * Stores a confirmed plan with its measures, their KPIs and one assignment per lead, partner and (for 各区政府)
 * district government, all in one transaction. Returns the new plan's id.
 */
export async function createPlanWithMeasures(db: Executor, input: NewPlanInput): Promise<{ planId: string; measureIds: string[] }> {
  return inTransaction(db, async (trx) => {
    const plan = await trx
      .insertInto('plans')
      .values({
        title: input.title,
        issuer: input.issuer,
        documentNumber: input.documentNumber,
        issuedOn: input.issuedOn,
        jurisdictionAgencyId: input.jurisdictionAgencyId,
        coordinatorAgencyId: input.coordinatorAgencyId,
        reportingPolicy: JSON.stringify(input.reportingPolicy),
        sourceText: input.sourceText,
        sourceHash: input.sourceHash,
        createdBy: input.createdBy,
      })
      .returning(['id', 'coordinatorAgencyId'])
      .executeTakeFirstOrThrow();
    const districtIds = input.measures.some((m) => m.allDistricts) ? await allDistrictAgencyIds(trx, input.jurisdictionAgencyId) : [];
    const measureIds: string[] = [];
    for (const [seq, measure] of input.measures.entries()) {
      measureIds.push(await insertMeasure(trx, plan, measure, seq, districtIds));
    }
    return { planId: plan.id, measureIds };
  });
}

function summaries(db: Executor) {
  return db
    .selectFrom('plans as p')
    .innerJoin('agencies as c', 'c.id', 'p.coordinatorAgencyId')
    .leftJoin('agencies as j', 'j.id', 'p.jurisdictionAgencyId')
    .select([
      'p.id',
      'p.title',
      'p.documentNumber',
      'p.issuer',
      sql<string | null>`to_char(p.issued_on, 'YYYY-MM-DD')`.as('issuedOn'),
      'p.status',
      'p.coordinatorAgencyId',
      'c.code as coordinatorCode',
      'c.name as coordinatorName',
      'j.code as jurisdictionCode',
      sql<number>`(select count(*)::int from measures m where m.plan_id = p.id and m.status <> 'withdrawn')`.as('measureCount'),
      'p.createdAt',
    ]);
}

export async function findPlanBySourceHash(db: Executor, sourceHash: string): Promise<PlanSummary | undefined> {
  return summaries(db).where('p.sourceHash', '=', sourceHash).executeTakeFirst();
}

/**
 * The stored plan a document is another copy of: same 发文字号, or (for a document without one) the same title.
 * The most recent wins should several match.
 */
export async function findPlanByDocument(
  db: Executor,
  document: { documentNumber: string | null; title: string | null },
): Promise<PlanSummary | undefined> {
  let query = summaries(db);
  if (document.documentNumber) query = query.where('p.documentNumber', '=', document.documentNumber);
  else if (document.title) query = query.where('p.documentNumber', 'is', null).where('p.title', '=', document.title);
  else return undefined;
  return query.orderBy('p.createdAt', 'desc').executeTakeFirst();
}

function visibleTo<QB extends ReturnType<typeof summaries>>(query: QB, scope: PlanScope): QB {
  if (scope.all) return query;
  return query.where((eb) => {
    const visible = [];
    if (scope.coordinatedBy !== null) visible.push(eb('p.coordinatorAgencyId', '=', scope.coordinatedBy));
    if (scope.involving !== null) {
      visible.push(
        eb.exists(
          eb
            .selectFrom('measures as m')
            .innerJoin('assignments as s', 's.measureId', 'm.id')
            .select(sql`1`.as('one'))
            .whereRef('m.planId', '=', 'p.id')
            .where('s.agencyId', '=', scope.involving)
            .where('s.status', '<>', 'withdrawn')
            .where('m.status', '<>', 'withdrawn'),
        ),
      );
    }
    return visible.length > 0 ? eb.or(visible) : sql<boolean>`false`;
  }) as QB;
}

/** Plans the scope may see, newest first. */
export async function listPlans(db: Executor, scope: PlanScope): Promise<PlanSummary[]> {
  return visibleTo(summaries(db), scope).orderBy('p.createdAt', 'desc').orderBy('p.id').execute();
}

/** A plan with its measures (by position), their leads, partners, districts and KPIs; undefined when not visible. */
export async function getPlan(db: Executor, id: string, scope: PlanScope = ALL_PLANS): Promise<PlanDetail | undefined> {
  const plan = await visibleTo(summaries(db), scope)
    .leftJoin('agencies as j2', 'j2.id', 'p.jurisdictionAgencyId')
    .select(['p.jurisdictionAgencyId', 'j2.name as jurisdictionName', 'p.reportingPolicy', 'p.sourceHash', 'p.createdBy', 'p.updatedAt'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!plan) return undefined;

  const measures = await db
    .selectFrom('measures')
    .select([
      'id',
      'seq',
      'number',
      'section',
      'title',
      'body',
      'status',
      'allDistricts',
      sql<string | null>`to_char(due_on, 'YYYY-MM-DD')`.as('dueOn'),
      'ongoing',
      'deadlineText',
      'workflowId',
    ])
    .where('planId', '=', id)
    .orderBy(sql`seq nulls last`)
    .orderBy('createdAt')
    .execute();
  const ids = measures.map((m) => m.id);
  const assignments =
    ids.length === 0
      ? []
      : await db
          .selectFrom('assignments as s')
          .innerJoin('agencies as a', 'a.id', 's.agencyId')
          .select(['s.measureId', 's.role', 'a.id', 'a.code', 'a.name'])
          .where('s.measureId', 'in', ids)
          .where('s.status', '<>', 'withdrawn')
          .orderBy('a.id')
          .execute();
  const kpis =
    ids.length === 0
      ? []
      : await db
          .selectFrom('measureKpis')
          .select(['measureId', 'metric', 'target', 'unit', 'comparator', 'deadlineYear', 'sourceText'])
          .where('measureId', 'in', ids)
          .orderBy('measureId')
          .orderBy('seq')
          .execute();
  const districtIds = new Set(measures.some((m) => m.allDistricts) ? await allDistrictAgencyIds(db, plan.jurisdictionAgencyId) : []);

  return {
    ...plan,
    measures: measures.map(({ dueOn, ongoing, deadlineText, ...measure }) => {
      const own = assignments.filter((a) => a.measureId === measure.id);
      const agency = (a: (typeof own)[number]): PlanAgency => ({ id: a.id, code: a.code, name: a.name });
      const isDistrict = (a: (typeof own)[number]) => measure.allDistricts && districtIds.has(a.id);
      return {
        ...measure,
        leads: own.filter((a) => a.role === 'lead').map(agency),
        partners: own.filter((a) => a.role === 'partner' && !isDistrict(a)).map(agency),
        districts: own.filter((a) => a.role === 'partner' && isDistrict(a)).map(agency),
        kpis: kpis
          .filter((k) => k.measureId === measure.id)
          .map((k) => ({ metric: k.metric, target: k.target, unit: k.unit, comparator: k.comparator, deadline: k.deadlineYear, text: k.sourceText })),
        deadline: deadlineOf({ dueOn, ongoing, deadlineText }),
      };
    }),
  };
}

/**
 * Brings a stored plan up to a re-imported version, per a diff from `diffPlans`: plan fields replaced, changed
 * measures updated in place, new ones added (a withdrawn one with the same number comes back), removed ones
 * marked `withdrawn` — never deleted, since each measure runs as a workflow with a history. Assignments of an
 * agency no longer named are withdrawn too. Returns the number of changes applied.
 */
export async function applyPlanRevision(
  db: Executor,
  planId: string,
  revision: { meta: PlanMetaInput; measures: PlanMeasureInput[]; diff: PlanDiff },
): Promise<{ changes: number }> {
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('plans')
      .select(['jurisdictionAgencyId', 'coordinatorAgencyId'])
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const { meta, diff } = revision;
    await trx
      .updateTable('plans')
      .set({
        title: meta.title,
        issuer: meta.issuer,
        documentNumber: meta.documentNumber,
        issuedOn: meta.issuedOn,
        jurisdictionAgencyId: meta.jurisdictionAgencyId,
        coordinatorAgencyId: meta.coordinatorAgencyId,
        reportingPolicy: JSON.stringify(meta.reportingPolicy),
        sourceText: meta.sourceText,
        sourceHash: meta.sourceHash,
        updatedAt: new Date(),
      })
      .where('id', '=', planId)
      .execute();
    if (before.coordinatorAgencyId !== meta.coordinatorAgencyId) {
      await trx.updateTable('measures').set({ coordinatorAgencyId: meta.coordinatorAgencyId, updatedAt: new Date() }).where('planId', '=', planId).execute();
    }

    const stored = await trx.selectFrom('measures').select(['id', 'number', 'seq', 'status', 'allDistricts']).where('planId', '=', planId).execute();
    const storedByKey = new Map(stored.map((m) => [measureKey(m.number), m]));
    const jurisdictionMoved = before.jurisdictionAgencyId !== meta.jurisdictionAgencyId;
    const districtIds = await allDistrictAgencyIds(trx, meta.jurisdictionAgencyId);
    const changedFields = new Map(diff.changed.map((c) => [measureKey(c.number), new Set(c.changes.map((f) => f.field))]));
    const addedKeys = new Set(diff.added.map((m) => measureKey(m.number)));

    for (const [seq, measure] of revision.measures.entries()) {
      const key = measureKey(measure.number);
      const existing = storedByKey.get(key);
      if (!existing) {
        if (addedKeys.has(key)) await insertMeasure(trx, { id: planId, coordinatorAgencyId: meta.coordinatorAgencyId }, measure, seq, districtIds);
        continue;
      }
      const reinstated = existing.status === 'withdrawn' && addedKeys.has(key);
      const fields = changedFields.get(key);
      if (!reinstated && !fields) {
        if (existing.seq !== seq) await trx.updateTable('measures').set({ seq }).where('id', '=', existing.id).execute();
        if (jurisdictionMoved && existing.allDistricts) await reconcileAssignments(trx, existing.id, assignmentRoles(measure, districtIds));
        continue;
      }
      await trx
        .updateTable('measures')
        .set({
          seq,
          number: measure.number,
          section: measure.section,
          title: measure.title,
          body: measure.body,
          allDistricts: measure.allDistricts,
          ...deadlineColumns(measure.deadline),
          leadAgencyId: firstLead(measure),
          ...(reinstated ? { status: 'active' as const } : {}),
          updatedAt: new Date(),
        })
        .where('id', '=', existing.id)
        .execute();
      const agenciesMoved = reinstated || jurisdictionMoved || ['leads', 'partners', 'allDistricts'].some((f) => fields?.has(f as never));
      if (agenciesMoved) await reconcileAssignments(trx, existing.id, assignmentRoles(measure, districtIds));
      if (reinstated || fields?.has('kpis')) {
        await trx.deleteFrom('measureKpis').where('measureId', '=', existing.id).execute();
        await insertKpis(trx, existing.id, measure.kpis);
      }
    }

    const removedIds = diff.removed.map((m) => storedByKey.get(measureKey(m.number))?.id).filter((id): id is string => id !== undefined);
    if (removedIds.length > 0) {
      await trx.updateTable('measures').set({ status: 'withdrawn', updatedAt: new Date() }).where('id', 'in', removedIds).execute();
    }
    // Withdrawn measures sort after the document's measures, in their old order.
    const withdrawn = await trx
      .selectFrom('measures')
      .select('id')
      .where('planId', '=', planId)
      .where('status', '=', 'withdrawn')
      .orderBy(sql`seq nulls last`)
      .orderBy('createdAt')
      .execute();
    for (const [i, row] of withdrawn.entries()) {
      await trx.updateTable('measures').set({ seq: revision.measures.length + i }).where('id', '=', row.id).execute();
    }
    return { changes: diff.changeCount };
  });
}

/** Makes a measure's assignments match `roles`: new ones pending, changed roles updated, dropped ones withdrawn. */
async function reconcileAssignments(db: Executor, measureId: string, roles: Map<number, AssignmentRole>): Promise<void> {
  const existing = await db.selectFrom('assignments').select(['agencyId', 'role', 'status']).where('measureId', '=', measureId).execute();
  const now = new Date();
  for (const assignment of existing) {
    const role = roles.get(assignment.agencyId);
    if (role === undefined) {
      if (assignment.status !== 'withdrawn') {
        await db.updateTable('assignments').set({ status: 'withdrawn', updatedAt: now }).where('measureId', '=', measureId).where('agencyId', '=', assignment.agencyId).execute();
      }
    } else if (role !== assignment.role || assignment.status === 'withdrawn') {
      await db
        .updateTable('assignments')
        .set({ role, ...(assignment.status === 'withdrawn' ? { status: 'pending' as const } : {}), updatedAt: now })
        .where('measureId', '=', measureId)
        .where('agencyId', '=', assignment.agencyId)
        .execute();
    }
  }
  const known = new Set(existing.map((a) => a.agencyId));
  const fresh = [...roles].filter(([agencyId]) => !known.has(agencyId));
  if (fresh.length > 0) {
    await db.insertInto('assignments').values(fresh.map(([agencyId, role]) => ({ measureId, agencyId, role }))).execute();
  }
}

/** The agency coordinating a plan, or undefined for an unknown plan. */
export async function findPlanCoordinatorAgencyId(db: Executor, planId: string): Promise<number | undefined> {
  const row = await db.selectFrom('plans').select('coordinatorAgencyId').where('id', '=', planId).executeTakeFirst();
  return row?.coordinatorAgencyId;
}
