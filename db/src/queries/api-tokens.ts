import type { Insertable } from 'kysely';
import type { Agency } from '../tables/agencies';
import type { ApiToken, ApiTokensTable } from '../tables/integrations';
import type { Executor } from './executor';

/** A token as the admin pages and the shell list it: never its hash. */
export type ApiTokenRow = Omit<ApiToken, 'tokenHash'> & { agencyName: Agency['name'] };

const tokenColumns = [
  't.id',
  't.agencyId',
  'a.name as agencyName',
  't.role',
  't.name',
  't.prefix',
  't.createdBy',
  't.createdAt',
  't.expiresAt',
  't.revokedAt',
  't.revokedBy',
  't.lastUsedAt',
  't.useCount',
] as const;

const tokens = (db: Executor) => db.selectFrom('apiTokens as t').innerJoin('agencies as a', 'a.id', 't.agencyId').select(tokenColumns);

export async function insertApiToken(db: Executor, token: Insertable<ApiTokensTable>): Promise<{ id: string }> {
  return db.insertInto('apiTokens').values(token).returning('id').executeTakeFirstOrThrow();
}

/** Newest first. */
export async function listApiTokens(db: Executor): Promise<ApiTokenRow[]> {
  return tokens(db).orderBy('t.createdAt', 'desc').orderBy('t.id').execute();
}

export async function findApiToken(db: Executor, id: string): Promise<ApiTokenRow | undefined> {
  return tokens(db).where('t.id', '=', id).executeTakeFirst();
}

/** The token a request presents, by the sha256 of what it sent: who it acts as, and whether it still may. */
export async function findApiTokenByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'agencyId', 'role', 'name', 'expiresAt', 'revokedAt'])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/** Revokes a token not yet revoked; undefined when it was already (or does not exist): the first revocation stands. */
export async function revokeApiToken(db: Executor, id: string, by: string, at: Date): Promise<{ id: string } | undefined> {
  return db.updateTable('apiTokens').set({ revokedAt: at, revokedBy: by }).where('id', '=', id).where('revokedAt', 'is', null).returning('id').executeTakeFirst();
}

/** One more use; last_used_at never moves back when two requests finish out of order. */
export async function countApiTokenUse(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('apiTokens')
    .set((eb) => ({
      useCount: eb('useCount', '+', 1),
      lastUsedAt: eb.fn('greatest', [eb.ref('lastUsedAt'), eb.val(at)]),
    }))
    .where('id', '=', id)
    .execute();
}
