import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database';

/** What every query function takes first: the database, or a transaction the caller opened. */
export type Executor = Kysely<Database> | Transaction<Database>;
