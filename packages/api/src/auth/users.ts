import { z } from 'zod';
import { ROLES, type Actor } from '@liandong/domain';
import type { Db } from '@liandong/db';
import {
  findAgencyByCode,
  findUserByUsername,
  findUserRow,
  insertUserIfAbsent,
  listAgencies,
  listUsers as listUserRows,
  setUserPasswordHash,
  deleteUserSessions,
  type UserRow,
} from '@liandong/db/queries';
import { AppError, ConflictError, NotFoundError } from '../errors';
import { hashPassword } from './password';

// The rules are zod schemas so the router's input and the CLI check exactly the same things.
export const usernameSchema = z
  .string({ message: 'username is required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'username must be 3–32 characters of a–z, 0–9, dot, underscore or hyphen');
export const passwordSchema = z
  .string({ message: 'password is required' })
  .min(10, 'password must be at least 10 characters')
  .max(1024, 'password must be at most 1024 characters');
export const rolesSchema = z
  .array(z.enum(ROLES, { message: `each role must be one of ${ROLES.join(', ')}` }), { message: 'roles must be a list' })
  .min(1, 'roles must name at least one role')
  .transform((roles) => [...new Set(roles)]);

export const createUserInput = z.object({
  username: usernameSchema,
  /** Defaults to the username. */
  displayName: z.string().trim().min(1, 'displayName must not be empty').max(64, 'displayName is at most 64 characters').optional(),
  /** Agency code (`gz-commerce`), official name (`市商务局`) or a listed short name (`广州市商务局`). */
  agency: z.string({ message: 'agency is required' }).trim().min(1, 'agency is required').max(100, 'agency is at most 100 characters'),
  roles: rolesSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const resetPasswordInput = z.object({ username: usernameSchema, password: passwordSchema });
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

/** A user as the admin pages list them; dates as ISO strings, since that is what JSON carries. */
export interface UserSummary extends Omit<UserRow, 'createdAt' | 'disabledAt'> {
  createdAt: string;
  disabledAt: string | null;
}

const toSummary = (row: UserRow): UserSummary => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  disabledAt: row.disabledAt?.toISOString() ?? null,
});

/** The signed-in person with their agency, as the portal shows them. */
export interface ActorProfile extends Actor {
  agency: { id: number; code: string; name: string };
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(input)';
  throw new AppError('BAD_INPUT', issue?.message ?? 'invalid input', field);
}

/** Finds an agency by code, official name or short name; the name forms must match exactly. */
export async function findAgency(db: Db, codeOrName: string) {
  const byCode = await findAgencyByCode(db, codeOrName);
  if (byCode) return { id: byCode.id, code: byCode.code, name: byCode.name };
  const candidates = await listAgencies(db, { search: codeOrName });
  const byName = candidates.find((a) => a.name === codeOrName) ?? candidates.find((a) => a.shortNames.includes(codeOrName));
  return byName ? { id: byName.id, code: byName.code, name: byName.name } : undefined;
}

export async function createUser(db: Db, input: CreateUserInput): Promise<UserSummary> {
  const valid = parse(createUserInput, input);
  const agency = await findAgency(db, valid.agency);
  if (!agency) throw new AppError('BAD_INPUT', `no agency with the code or name ${valid.agency}`, 'agency');
  const passwordHash = await hashPassword(valid.password);
  const inserted = await insertUserIfAbsent(db, {
    username: valid.username,
    displayName: valid.displayName ?? valid.username,
    agencyId: agency.id,
    roles: valid.roles,
    passwordHash,
  });
  if (!inserted) throw new ConflictError(`the username ${valid.username} is taken`);
  const row = await findUserRow(db, inserted.id);
  if (!row) throw new NotFoundError('user', inserted.id);
  return toSummary(row);
}

/** Sets a new password and signs the person out everywhere. */
export async function resetPassword(db: Db, input: ResetPasswordInput): Promise<{ username: string; sessionsRevoked: number }> {
  const valid = parse(resetPasswordInput, input);
  const user = await findUserByUsername(db, valid.username);
  if (!user) throw new NotFoundError('user', valid.username);
  const passwordHash = await hashPassword(valid.password);
  const sessionsRevoked = await db.transaction().execute(async (trx) => {
    await setUserPasswordHash(trx, user.id, passwordHash);
    return deleteUserSessions(trx, user.id);
  });
  return { username: user.username, sessionsRevoked };
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  return (await listUserRows(db)).map(toSummary);
}

export async function actorProfile(db: Db, actor: Actor): Promise<ActorProfile> {
  const row = await findUserRow(db, actor.userId);
  if (!row) throw new NotFoundError('user', actor.userId);
  return { ...actor, agency: { id: row.agencyId, code: row.agencyCode, name: row.agencyName } };
}

