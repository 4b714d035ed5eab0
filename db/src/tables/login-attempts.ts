import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Every checked sign-in within the rate-limit window (across API processes); each failed sign-in purges older ones. */
export interface LoginAttemptsTable {
  id: Generated<number>;
  /** As typed, lowercased: attempts at unknown usernames count too. */
  username: string;
  ip: string | null;
  succeeded: boolean;
  attemptedAt: ColumnType<Date, Date | undefined, never>;
}

export type LoginAttempt = Selectable<LoginAttemptsTable>;
export type NewLoginAttempt = Insertable<LoginAttemptsTable>;
