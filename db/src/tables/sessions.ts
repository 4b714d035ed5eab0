import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A signed-in browser. The cookie holds a random token; only its sha256 is stored, as the id. */
export interface SessionsTable {
  id: string;
  userId: string;
  createdAt: ColumnType<Date, never, never>;
  /** Refreshed at most once a minute: the idle timeout counts from here. */
  lastSeenAt: Generated<Date>;
  /** The absolute timeout: the session ends here however active it is. */
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export type Session = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
