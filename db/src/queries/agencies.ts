import { sql } from 'kysely';
import type { AgencyKind, AgencyLevel, AgencySeed } from '@liandong/domain';
import type { Executor } from './executor';

export interface AgencyFilter {
  /** Matches the official name or any short name, case-insensitively. */
  search?: string;
  level?: AgencyLevel;
  kind?: AgencyKind;
  parentCode?: string;
}

export interface AgencyRow {
  id: number;
  code: string;
  name: string;
  shortNames: string[];
  level: AgencyLevel;
  kind: AgencyKind;
  parentCode: string | null;
  parentName: string | null;
}

export async function listAgencies(db: Executor, filter: AgencyFilter = {}): Promise<AgencyRow[]> {
  let query = db
    .selectFrom('agencies as a')
    .leftJoin('agencies as p', 'p.id', 'a.parentId')
    .select(['a.id', 'a.code', 'a.name', 'a.shortNames', 'a.level', 'a.kind', 'p.code as parentCode', 'p.name as parentName']);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('a.name', 'ilike', pattern),
        eb('a.code', 'ilike', pattern),
        sql<boolean>`exists (select 1 from unnest(a.short_names) as s(name) where s.name ilike ${pattern})`,
      ]),
    );
  }
  if (filter.level) query = query.where('a.level', '=', filter.level);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind);
  if (filter.parentCode) query = query.where('p.code', '=', filter.parentCode);
  // National bodies first, then province, city, district: the order of the hierarchy.
  const levelRank = sql<number>`array_position(array['national', 'province', 'city', 'district', 'zone', 'other']::text[], a.level)`;
  return query.orderBy(levelRank).orderBy('a.id').execute();
}

export async function findAgencyByCode(db: Executor, code: string) {
  return db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Inserts or refreshes the directory from seeds, parents first; idempotent, so every
 * `start` can run it. Returns how many rows were inserted.
 */
export async function upsertAgencies(db: Executor, seeds: readonly AgencySeed[]): Promise<number> {
  let inserted = 0;
  const ids = new Map<string, number>();
  const pending = [...seeds];
  while (pending.length > 0) {
    const ready = pending.filter((s) => s.parentCode === null || ids.has(s.parentCode) || !seeds.some((o) => o.code === s.parentCode));
    if (ready.length === 0) throw new Error(`agency seeds have a parent cycle: ${pending.map((s) => s.code).join(', ')}`);
    for (const seed of ready) {
      pending.splice(pending.indexOf(seed), 1);
      let parentId: number | null = null;
      if (seed.parentCode) {
        parentId = ids.get(seed.parentCode) ?? (await findAgencyByCode(db, seed.parentCode))?.id ?? null;
      }
      const row = await db
        .insertInto('agencies')
        .values({ code: seed.code, name: seed.name, shortNames: [...seed.shortNames], level: seed.level, kind: seed.kind, parentId })
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({ name: seed.name, shortNames: [...seed.shortNames], level: seed.level, kind: seed.kind, parentId }),
        )
        // xmax = 0 only on a freshly inserted row, not on one the conflict clause updated.
        .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
        .executeTakeFirstOrThrow();
      ids.set(seed.code, row.id);
      if (row.inserted) inserted += 1;
    }
  }
  return inserted;
}

/** The ids among `ids` that name no agency in the directory. */
export async function missingAgencyIds(db: Executor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom('agencies').select('id').where('id', 'in', ids).execute();
  const known = new Set(found.map((a) => a.id));
  return ids.filter((id) => !known.has(id));
}
