import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { createApiTokenInput, createApiTokenService } from '@liandong/api';
import { createDb, type Db } from '@liandong/db';
import { readIntegrationCommandEnv, type IntegrationCommandEnv } from '../env';
import { exitCodeFor, parseOptions, UsageError } from './arguments';
import { withCommandDatabase } from './database';
import { shortTime, tableLines } from './table';

const USAGE = `usage: liandong token <command>
  create --agency <code or name> --name <label> [--role officer|coordinator] [--expires <date>]
                               a token for another system; printed once, on the last line
  list                         every token: agency, name, prefix, state, expiry, last use
  revoke <id>                  refused from the next request on
A token acts as its agency's officer (or, with --role coordinator, its coordinator office), never
more. --expires is a date-time (2027-12-31T16:00:00Z) or a date (2027-12-31: valid through that day,
China time). The database is DATABASE_URL, or else the embedded PostgreSQL of a running \`pnpm start\`.`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface TokenCommandDeps {
  env: Pick<IntegrationCommandEnv, 'DATABASE_URL' | 'LIANDONG_PG_PORT'>;
  connect: (url: string) => Db;
  /** Who is at the shell; recorded as `shell:<os user>`. */
  osUser: () => string;
}

const defaultDeps = (): TokenCommandDeps => ({
  env: readIntegrationCommandEnv(),
  connect: (url) => createDb(url, { max: 2 }),
  osUser: () => userInfo().username,
});

/** `liandong token create | list | revoke`: API tokens for other systems, from a shell. */
export async function tokenCommand(args: string[], io: Io, deps: TokenCommandDeps = defaultDeps()): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'create':
        return await create(rest, io, deps);
      case 'list':
        return await list(rest, io, deps);
      case 'revoke':
        return await revoke(rest, io, deps);
      default:
        io.stderr(USAGE);
        return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 2;
    }
  } catch (error) {
    return exitCodeFor(error, USAGE, io.stderr);
  }
}

/** A schema's verdict on the arguments, as a usage error naming the field. */
export function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.');
  throw new UsageError(`${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`);
}

/**
 * `--expires` as the service takes it: a date-time as given; a date means through the end of that day in China
 * (the next midnight, UTC+8).
 */
export function expiryOf(value: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!date) return value.trim();
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const midnight = new Date(Date.UTC(year, month - 1, day));
  if (midnight.getUTCFullYear() !== year || midnight.getUTCMonth() !== month - 1 || midnight.getUTCDate() !== day) {
    throw new UsageError(`expiresAt: ${value} is not a date`);
  }
  return new Date(midnight.getTime() + 24 * 3_600_000 - 8 * 3_600_000).toISOString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A subcommand's one positional argument, an id, and its `--name value` options; anything else is a UsageError. */
export function idAndOptions(args: string[], what: string, options: Record<string, { type: 'string' }> = {}): { id: string; values: Record<string, string | undefined> } {
  let parsed: { values: Record<string, string | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [id, ...more] = parsed.positionals;
  if (id === undefined) throw new UsageError(`the ${what} id is required`);
  if (more.length > 0) throw new UsageError(`unexpected argument ${more[0]}`);
  if (!UUID.test(id)) throw new UsageError(`id: ${what} ids look like 0b6f3c1e-5d2a-4c8e-9f1b-2a3c4d5e6f70 (${JSON.stringify(id.slice(0, 60))} is not one)`);
  return { id, values: parsed.values };
}

async function create(args: string[], io: Io, deps: TokenCommandDeps): Promise<number> {
  const values = parseOptions(args, { agency: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, expires: { type: 'string' } });
  if (values.agency === undefined) throw new UsageError('--agency is required (a code such as gz-commerce, or a name such as 市商务局)');
  if (values.name === undefined) throw new UsageError('--name is required (a label for the system that will use it, such as "OA 系统")');
  const input = check(createApiTokenInput, {
    agency: values.agency,
    name: values.name,
    role: values.role,
    expiresAt: values.expires === undefined ? undefined : expiryOf(values.expires),
  });
  return withCommandDatabase(deps, io.stderr, 'apiTokens', async (db) => {
    const { token, summary } = await createApiTokenService({ db }).create(input, `shell:${deps.osUser()}`);
    io.stdout(`created API token ${summary.id} "${summary.name}" for ${summary.agencyName} as ${summary.role}, ${summary.expiresAt ? `valid until ${shortTime(summary.expiresAt)}` : 'with no expiry'}`);
    io.stdout('the token is shown this once and cannot be shown again; send it as: Authorization: Bearer <token>');
    io.stdout(token);
    return 0;
  });
}

async function list(args: string[], io: Io, deps: TokenCommandDeps): Promise<number> {
  parseOptions(args, {});
  return withCommandDatabase(deps, io.stderr, 'apiTokens', async (db) => {
    const tokens = await createApiTokenService({ db }).list();
    const rows = tokens.map((t) => [t.id, t.agencyName, t.name, `${t.prefix}…`, t.role === 'officer' ? t.state : `${t.state} (coordinator)`, shortTime(t.expiresAt), shortTime(t.lastUsedAt)]);
    for (const line of tableLines(['id', 'agency', 'name', 'prefix', 'state', 'expires', 'last used'], rows)) io.stdout(line);
    io.stdout(`${tokens.length} token(s)`);
    return 0;
  });
}

async function revoke(args: string[], io: Io, deps: TokenCommandDeps): Promise<number> {
  const { id } = idAndOptions(args, 'token');
  return withCommandDatabase(deps, io.stderr, 'apiTokens', async (db) => {
    const token = await createApiTokenService({ db }).revoke(id, `shell:${deps.osUser()}`);
    io.stdout(`revoked API token ${token.id} "${token.name}" of ${token.agencyName} (at ${shortTime(token.revokedAt)} by ${token.revokedBy}); it is refused from the next request on`);
    return 0;
  });
}
