import { sql, type RawBuilder } from 'kysely';

/** A timestamp as UTC text with microseconds: a page token then holds the exact position PostgreSQL sorts on. */
export const utcText = (column: RawBuilder<unknown>) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
