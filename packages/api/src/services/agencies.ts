import type { Db } from '@liandong/db';
import { findAgencyByCode, listAgencies, type AgencyFilter, type AgencyRow } from '@liandong/db/queries';

export interface FoundAgency {
  id: number;
  code: string;
  name: string;
}

/** The agency directory (单位名录). */
export function createAgencyService({ db }: { db: Db }) {
  return {
    /** Filtered by name (official or short), level or parent. */
    list: (filter: AgencyFilter = {}): Promise<AgencyRow[]> => listAgencies(db, filter),

    /** One agency by id, or undefined. */
    async byId(id: number): Promise<FoundAgency | undefined> {
      const row = await db.selectFrom('agencies').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
      return row ?? undefined;
    },

    /** By code, official name or short name; the name forms must match exactly. */
    async find(codeOrName: string): Promise<FoundAgency | undefined> {
      const byCode = await findAgencyByCode(db, codeOrName);
      if (byCode) return { id: byCode.id, code: byCode.code, name: byCode.name };
      const candidates = await listAgencies(db, { search: codeOrName });
      const byName = candidates.find((a) => a.name === codeOrName) ?? candidates.find((a) => a.shortNames.includes(codeOrName));
      return byName ? { id: byName.id, code: byName.code, name: byName.name } : undefined;
    },
  };
}

export type AgencyService = ReturnType<typeof createAgencyService>;
