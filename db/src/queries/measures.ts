import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database';
import type { AssignmentRole } from '../tables/assignments';

type Executor = Kysely<Database> | Transaction<Database>;

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

