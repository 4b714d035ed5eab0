import { sql } from 'kysely';
import type { AssignmentRole } from '../tables/assignments';
import type { Executor } from './executor';

export interface NewMeasureInput {
  planId?: string | null;
  number: string;
  title: string;
  body?: string;
  leadAgencyId: number;
  partnerAgencyIds: number[];
}

/** Stores a measure with one assignment per lead and partner agency. */
export async function createMeasure(db: Executor, input: NewMeasureInput) {
  const measure = await db
    .insertInto('measures')
    .values({ planId: input.planId ?? null, number: input.number, title: input.title, body: input.body ?? '', leadAgencyId: input.leadAgencyId, workflowId: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  const roles: { agencyId: number; role: AssignmentRole }[] = [
    { agencyId: input.leadAgencyId, role: 'lead' },
    ...input.partnerAgencyIds.filter((id) => id !== input.leadAgencyId).map((agencyId) => ({ agencyId, role: 'partner' as const })),
  ];
  await db
    .insertInto('assignments')
    .values(roles.map((r) => ({ measureId: measure.id, agencyId: r.agencyId, role: r.role })))
    .execute();
  return measure;
}

export async function listAssignments(db: Executor, measureId: string) {
  return db
    .selectFrom('assignments as s')
    .innerJoin('agencies as a', 'a.id', 's.agencyId')
    .select(['s.id', 's.agencyId', 'a.code as agencyCode', 'a.name as agencyName', 's.role', 's.status', 's.updatedAt'])
    .where('s.measureId', '=', measureId)
    .orderBy('s.role')
    .orderBy('a.id')
    .execute();
}


/** One measure with its plan's title and its deadline (完成时限), for the measure page; undefined for an unknown id. */
export async function findMeasure(db: Executor, id: string) {
  return db
    .selectFrom('measures as m')
    .leftJoin('plans as p', 'p.id', 'm.planId')
    .select([
      'm.id',
      'm.number',
      'm.section',
      'm.title',
      'm.body',
      'm.status',
      sql<string | null>`to_char(m.due_on, 'YYYY-MM-DD')`.as('dueOn'),
      'm.ongoing',
      'm.deadlineText',
      'm.planId',
      'p.title as planTitle',
      'p.documentNumber as planDocumentNumber',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** Agency names by id, for the agencies a measure's live state names. */
export async function agencyNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Who stands on a measure now, from the read model (written before the workflow keeps a decision, so it
 * never lags behind it): leads and partners whose assignment is not withdrawn, and the plan's coordinator.
 * Null when the measure is unknown or names no coordinator (a measure outside any plan).
 */
export async function findMeasureParticipants(db: Executor, measureId: string) {
  const measure = await db
    .selectFrom('measures as m')
    .leftJoin('plans as p', 'p.id', 'm.planId')
    .select(['m.planId', (eb) => eb.fn.coalesce('m.coordinatorAgencyId', 'p.coordinatorAgencyId').as('coordinatorAgencyId')])
    .where('m.id', '=', measureId)
    .executeTakeFirst();
  if (!measure || measure.coordinatorAgencyId === null) return null;
  const assignments = await db.selectFrom('assignments').select(['agencyId', 'role']).where('measureId', '=', measureId).where('status', '!=', 'withdrawn').orderBy('agencyId').execute();
  return {
    leadAgencyIds: assignments.filter((a) => a.role === 'lead').map((a) => a.agencyId),
    partnerAgencyIds: assignments.filter((a) => a.role === 'partner').map((a) => a.agencyId),
    coordinatorAgencyId: measure.coordinatorAgencyId,
    planId: measure.planId,
  };
}

/** A measure's quantitative targets (量化指标), in the order the plan lists them. */
export async function listMeasureKpis(db: Executor, measureId: string) {
  return db
    .selectFrom('measureKpis')
    .select(['metric', 'target', 'unit', 'comparator', 'deadlineYear', 'sourceText'])
    .where('measureId', '=', measureId)
    .orderBy('seq')
    .execute();
}

/** Coordination issues (需协调事项) by id, of this measure only: what was raised, who is needed and who answers by when. */
export async function findCoordinationIssues(db: Executor, measureId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('coordinationIssues')
    .select(['id', 'title', 'description', 'neededAgencyIds', 'responderAgencyIds', 'dueAt', 'raisedAt'])
    .where('id', 'in', [...new Set(ids)])
    .where('measureId', '=', measureId)
    .execute();
}

/** Escalations (督办) by id, of this measure only: why they were raised, and when. */
export async function findEscalations(db: Executor, measureId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('escalations')
    .select(['id', 'reason', 'raisedAt'])
    .where('id', 'in', [...new Set(ids)])
    .where('measureId', '=', measureId)
    .execute();
}
