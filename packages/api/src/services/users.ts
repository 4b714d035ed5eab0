import { z } from 'zod';
import { ROLES, type Role } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { deleteUserSessions, existingUsernames, findAgencyByCode, findUserByUsername, findUserRow, insertUserIfAbsent, listUsers, setUserPasswordHash, type UserRow } from '@liandong/db/queries';
import { AppError, ConflictError, NotFoundError } from '../errors';
import { text } from '../inputs';
import { createAgencyService, type AgencyService } from './agencies';
import { hashPassword } from './password';

// The rules are zod schemas so the router's input and the CLI check exactly the same things.
const USERNAME_RULE = 'username must be 3–32 characters of a–z, 0–9, dot, underscore or hyphen';
export const usernameSchema = text(64, { trim: true, notText: 'username is required', tooLong: USERNAME_RULE }).toLowerCase().regex(/^[a-z0-9._-]{3,32}$/, USERNAME_RULE);
/** A new password: any text a person can type, which is what argon2 then hashes (so never a lone surrogate). */
export const passwordSchema = text(1024, {
  min: 10,
  notText: 'password is required',
  tooShort: 'password must be at least 10 characters',
  tooLong: 'password must be at most 1024 characters',
});
export const rolesSchema = z
  .array(z.enum(ROLES, { message: `each role must be one of ${ROLES.join(', ')}` }), { message: 'roles must be a list' })
  .min(1, 'roles must name at least one role')
  .transform((roles) => [...new Set(roles)]);

export const createUserInput = z.object({
  username: usernameSchema,
  /** Defaults to the username. */
  displayName: text(64, { trim: true, min: 1, tooShort: 'displayName must not be empty', tooLong: 'displayName is at most 64 characters' }).optional(),
  /** Agency code (`gz-commerce`), official name (`市商务局`) or a listed short name (`广州市商务局`). */
  agency: text(100, { trim: true, min: 1, notText: 'agency is required', tooShort: 'agency is required', tooLong: 'agency is at most 100 characters' }),
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

/**
 * The one password of every demo account. Demo only: these accounts exist so that `pnpm start`
 * can be tried at once; an installation serving real people must not create them.
 */
export const DEMO_PASSWORD = 'liandong-demo';

export interface DemoUser {
  username: string;
  displayName: string;
  agencyCode: string;
  roles: Role[];
}

/** One person per role, and officers in agencies that lead or partner on the demo plans. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', agencyCode: 'gd-commerce', roles: ['admin'] },
  { username: 'gd-coordinator', displayName: '省商务厅协调员', agencyCode: 'gd-commerce', roles: ['coordinator'] },
  { username: 'gz-coordinator', displayName: '市商务局协调员', agencyCode: 'gz-commerce', roles: ['coordinator'] },
  { username: 'auditor', displayName: '审计员', agencyCode: 'gd-commerce', roles: ['auditor'] },
  { username: 'gz-commerce-officer', displayName: '市商务局承办人', agencyCode: 'gz-commerce', roles: ['officer'] },
  { username: 'gz-ndrc-officer', displayName: '市发展改革委承办人', agencyCode: 'gz-development-reform', roles: ['officer'] },
  { username: 'gd-transport-officer', displayName: '省交通运输厅承办人', agencyCode: 'gd-transport', roles: ['officer'] },
  { username: 'gd-customs-officer', displayName: '海关总署广东分署承办人', agencyCode: 'gd-customs', roles: ['officer'] },
  { username: 'nansha-officer', displayName: '南沙区政府承办人', agencyCode: 'gz-district-nansha', roles: ['officer'] },
  { username: 'gd-pbc-officer', displayName: '人民银行广东省分行承办人', agencyCode: 'gd-pboc', roles: ['officer'] },
];

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(input)';
  throw new AppError('BAD_INPUT', issue?.message ?? 'invalid input', field);
}

/** User administration (admins, and the CLI at the shell): accounts, passwords, and the demo accounts. */
export function createUserService({ db, agencies = createAgencyService({ db }) }: { db: Db; agencies?: Pick<AgencyService, 'find'> }) {
  return {
    async list(): Promise<UserSummary[]> {
      return (await listUsers(db)).map(toSummary);
    },

    async create(input: CreateUserInput): Promise<UserSummary> {
      const valid = parse(createUserInput, input);
      const agency = await agencies.find(valid.agency);
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
    },

    /** Sets a new password and signs the person out everywhere. */
    async resetPassword(input: ResetPasswordInput): Promise<{ username: string; sessionsRevoked: number }> {
      const valid = parse(resetPasswordInput, input);
      const user = await findUserByUsername(db, valid.username);
      if (!user) throw new NotFoundError('user', valid.username);
      const passwordHash = await hashPassword(valid.password);
      const sessionsRevoked = await db.transaction().execute(async (trx) => {
        await setUserPasswordHash(trx, user.id, passwordHash);
        return deleteUserSessions(trx, user.id);
      });
      return { username: user.username, sessionsRevoked };
    },

    /**
     * Creates the demo accounts that are missing. Idempotent: an existing account, including a
     * changed password, is never touched. Needs the agency directory seeded first.
     */
    async ensureDemoUsers(): Promise<{ created: string[] }> {
      const existing = await existingUsernames(db, DEMO_USERS.map((u) => u.username));
      const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
      const created: string[] = [];
      for (const user of missing) {
        const agency = await findAgencyByCode(db, user.agencyCode);
        if (!agency) throw new Error(`demo user ${user.username}: agency ${user.agencyCode} is not in the directory (seed it first)`);
        const row = await insertUserIfAbsent(db, {
          username: user.username,
          displayName: user.displayName,
          agencyId: agency.id,
          roles: user.roles,
          passwordHash: await hashPassword(DEMO_PASSWORD),
        });
        if (row) created.push(user.username);
      }
      return { created };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
