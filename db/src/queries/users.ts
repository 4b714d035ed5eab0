import type { Agency } from '../tables/agencies';
import type { NewUser, User } from '../tables/users';
import type { Executor } from './executor';

/** A user as lists and the portal see them: never the password hash. */
export type UserRow = Pick<User, 'id' | 'username' | 'displayName' | 'agencyId' | 'roles' | 'disabledAt' | 'createdAt'> & {
  agencyCode: Agency['code'];
  agencyName: Agency['name'];
};

const userColumns = [
  'u.id',
  'u.username',
  'u.displayName',
  'u.agencyId',
  'a.code as agencyCode',
  'a.name as agencyName',
  'u.roles',
  'u.disabledAt',
  'u.createdAt',
] as const;

/** The full row, password hash included: for sign-in only. */
export async function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserRow(db: Executor, userId: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agencyId')
    .select(userColumns)
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function listUsers(db: Executor, filter: { agencyId?: number } = {}): Promise<UserRow[]> {
  let query = db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agencyId').select(userColumns);
  if (filter.agencyId !== undefined) query = query.where('u.agencyId', '=', filter.agencyId);
  return query.orderBy('u.username').execute();
}

export type NewUserInput = Pick<NewUser, 'username' | 'displayName' | 'agencyId' | 'roles' | 'passwordHash'>;

/** Inserts a user; returns undefined when the username is taken (the existing row is left alone). */
export async function insertUserIfAbsent(db: Executor, input: NewUserInput): Promise<{ id: string } | undefined> {
  return db
    .insertInto('users')
    .values({ ...input, roles: [...input.roles] })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function setUserPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ passwordHash, updatedAt: new Date() }).where('id', '=', userId).execute();
}

/** Which of these usernames exist already. */
export async function existingUsernames(db: Executor, usernames: readonly string[]): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('username').where('username', 'in', [...usernames]).execute();
  return new Set(rows.map((r) => r.username));
}
