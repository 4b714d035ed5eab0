import type { z } from 'zod';
import { createUserInput, createUserService, passwordSchema, usernameSchema } from '@liandong/api';
import { createDb, type Db } from '@liandong/db';
import { readUserCommandEnv, type UserCommandEnv } from '../env';
import { exitCodeFor, parseOptions, UsageError } from './arguments';
import { withCommandDatabase } from './database';

const USAGE = `usage: liandong user <command>
  create --username <name> --agency <code or name> --role <role>[,<role>…] [--display-name <name>]
  reset-password --username <name>
  list
roles: officer, coordinator, auditor, admin. The password comes from LIANDONG_PASSWORD or, on a
terminal, a prompt that does not echo. The database is DATABASE_URL, or else the embedded
PostgreSQL of a running \`pnpm start\`.`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface UserCommandDeps {
  env: UserCommandEnv;
  /** Reads a line from the terminal without echoing it; undefined when there is no terminal. */
  promptPassword: (prompt: string) => Promise<string | undefined>;
  connect: (url: string) => Db;
}

const defaultDeps = (): UserCommandDeps => ({
  env: readUserCommandEnv(),
  promptPassword: promptHidden,
  connect: (url) => createDb(url, { max: 2 }),
});

/** `liandong user create | reset-password | list`: user administration from a shell. */
export async function userCommand(args: string[], io: Io, deps: UserCommandDeps = defaultDeps()): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'create':
        return await create(rest, io, deps);
      case 'reset-password':
        return await reset(rest, io, deps);
      case 'list':
        return await list(rest, io, deps);
      default:
        io.stderr(USAGE);
        return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 2;
    }
  } catch (error) {
    return exitCodeFor(error, USAGE, io.stderr);
  }
}


function check<S extends z.ZodType>(schema: S, value: unknown, showUsage = true): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.');
  throw new UsageError(`${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, showUsage);
}

async function create(args: string[], io: Io, deps: UserCommandDeps): Promise<number> {
  const values = parseOptions(args, { username: { type: 'string' }, agency: { type: 'string' }, role: { type: 'string' }, 'display-name': { type: 'string' } });
  if (values.username === undefined) throw new UsageError('--username is required');
  if (values.agency === undefined) throw new UsageError('--agency is required (a code such as gz-commerce, or a name such as 市商务局)');
  if (values.role === undefined) throw new UsageError('--role is required (officer, coordinator, auditor or admin; several separated by commas)');
  const roles = values.role.split(',').map((r) => r.trim()).filter((r) => r !== '');
  const input = check(createUserInput.omit({ password: true }), {
    username: values.username,
    agency: values.agency,
    roles,
    displayName: values['display-name'],
  });
  const password = await readNewPassword(deps);
  return withCommandDatabase(deps, io.stderr, 'users', async (db) => {
    const user = await createUserService({ db }).create({ ...input, password });
    io.stdout(`created ${user.username} (${user.displayName}) in ${user.agencyName} [${user.agencyCode}] as ${user.roles.join(', ')}`);
    return 0;
  });
}

async function reset(args: string[], io: Io, deps: UserCommandDeps): Promise<number> {
  const values = parseOptions(args, { username: { type: 'string' } });
  if (values.username === undefined) throw new UsageError('--username is required');
  const username = check(usernameSchema, values.username);
  const password = await readNewPassword(deps);
  return withCommandDatabase(deps, io.stderr, 'users', async (db) => {
    const result = await createUserService({ db }).resetPassword({ username, password });
    io.stdout(`password of ${result.username} reset; ${result.sessionsRevoked} session(s) signed out`);
    return 0;
  });
}

async function list(args: string[], io: Io, deps: UserCommandDeps): Promise<number> {
  parseOptions(args, {});
  return withCommandDatabase(deps, io.stderr, 'users', async (db) => {
    const users = await createUserService({ db }).list();
    const rows = [
      ['username', 'name', 'agency', 'roles', 'status'],
      ...users.map((u) => [u.username, u.displayName, `${u.agencyName} [${u.agencyCode}]`, u.roles.join(','), u.disabledAt ? 'disabled' : 'active']),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
    for (const row of rows) io.stdout(row.map((cell, i) => cell + ' '.repeat(widths[i]! - displayWidth(cell))).join('  ').trimEnd());
    io.stdout(`${users.length} user(s)`);
    return 0;
  });
}

/** The password from LIANDONG_PASSWORD, or typed twice at a terminal. */
async function readNewPassword(deps: UserCommandDeps): Promise<string> {
  if (deps.env.LIANDONG_PASSWORD !== undefined) return check(passwordSchema, deps.env.LIANDONG_PASSWORD, false);
  const first = await deps.promptPassword('new password (at least 10 characters): ');
  if (first === undefined) {
    throw new UsageError('no password: set LIANDONG_PASSWORD, or run this at a terminal to be asked for one', false);
  }
  const password = check(passwordSchema, first, false);
  const again = await deps.promptPassword('the same password again: ');
  if (again !== password) throw new UsageError('the two passwords differ', false);
  return password;
}


/** Terminal columns of a string: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/** Reads a line in raw mode so nothing is echoed; Ctrl-C cancels. */
async function promptHidden(prompt: string): Promise<string | undefined> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) return undefined;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? Array.from(value).slice(0, -1).join('') : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}
