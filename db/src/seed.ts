import { AGENCY_DIRECTORY } from '@liandong/domain';
import type { Db } from './database';
import { upsertAgencies } from './queries/agencies';

/** Loads the reference data every installation needs; safe to run on every start. */
export async function seedReferenceData(db: Db): Promise<{ agenciesInserted: number }> {
  const agenciesInserted = await db.transaction().execute((trx) => upsertAgencies(trx, AGENCY_DIRECTORY));
  return { agenciesInserted };
}
