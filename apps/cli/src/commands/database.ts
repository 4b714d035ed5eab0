import type { Db } from '@liandong/db';
import type { UserCommandEnv } from '../env';

/** The tables a command reads first, by their SQL names. */
const TABLE_NAMES = { users: 'users', calendarYears: 'calendar_years', apiTokens: 'api_tokens', webhookEndpoints: 'webhook_endpoints' } as const;

/**
 * Runs a shell command's work against DATABASE_URL, or else the embedded PostgreSQL of a running
 * `pnpm start`. First it reads `table` once, so a server that is down or not yet migrated gets a
 * plain sentence saying what to do, not a stack trace. Returns the command's exit code.
 */
export async function withCommandDatabase(
  deps: { env: Pick<UserCommandEnv, 'DATABASE_URL' | 'LIANDONG_PG_PORT'>; connect: (url: string) => Db },
  stderr: (line: string) => void,
  table: keyof typeof TABLE_NAMES,
  use: (db: Db) => Promise<number>,
): Promise<number> {
  const url = deps.env.DATABASE_URL ?? `postgres://liandong:liandong@127.0.0.1:${deps.env.LIANDONG_PG_PORT}/liandong`;
  const where = deps.env.DATABASE_URL ? 'DATABASE_URL' : `the embedded PostgreSQL on 127.0.0.1:${deps.env.LIANDONG_PG_PORT}`;
  const db = deps.connect(url);
  try {
    try {
      await db.selectFrom(table).selectAll().limit(1).execute();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const tableName = TABLE_NAMES[table];
      if (code === '42P01') stderr(`error: ${where} has no ${tableName} table yet: run \`pnpm start\` once to migrate it`);
      else if (!deps.env.DATABASE_URL && (code === 'ECONNREFUSED' || code === '3D000')) {
        stderr(`error: ${where} is not running: start it with \`pnpm start\` (in another terminal), or set DATABASE_URL`);
      } else stderr(`error: cannot reach ${where}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    return await use(db);
  } finally {
    await db.destroy();
  }
}
