import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '@liandong/domain';

/** A person who signs in; belongs to exactly one agency. */
export interface UsersTable {
  id: Generated<string>;
  /** Lowercase `[a-z0-9._-]{3,32}`. */
  username: string;
  displayName: string;
  agencyId: number;
  roles: Role[];
  /** argon2id, PHC string (`$argon2id$v=19$m=…`). */
  passwordHash: string;
  disabledAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  createdAt: ColumnType<Date, never, never>;
  updatedAt: Generated<Date>;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
