import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { createCalendarService } from '@liandong/api';
import { createDb, type Db } from '@liandong/db';
import { calendarYearSchema, type Actor } from '@liandong/domain';
import { readUserCommandEnv, type UserCommandEnv } from '../env';
import { exitCodeFor, parseOptions, UsageError } from './arguments';
import { withCommandDatabase } from './database';

const USAGE = `usage: liandong calendar <command>
  set --file <schedule.json>   enter (or replace) a year's official holiday schedule
  list                         covered years, entered schedules, and deadlines in years without one
The file is the 国务院办公厅 notice of the year's holidays (节假日安排) as JSON:
  { "year": 2027,
    "holidays": [{ "date": "2027-02-06", "name": "春节" }, …],
    "workdays": [{ "date": "2027-02-20", "name": "春节" }] }
holidays: every day off; workdays: the weekend days worked in lieu (调休上班). An entered year
replaces the chinese-days package's data for that year. The database is DATABASE_URL, or else the
embedded PostgreSQL of a running \`pnpm start\`, which recomputes open deadlines within a minute.`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface CalendarCommandDeps {
  env: UserCommandEnv;
  connect: (url: string) => Db;
  readFile: (path: string) => Promise<string>;
  /** Who is at the shell; recorded as the entry's author. */
  osUser: () => string;
}

const defaultDeps = (): CalendarCommandDeps => ({
  env: readUserCommandEnv(),
  connect: (url) => createDb(url, { max: 2 }),
  readFile: (path) => readFile(path, 'utf8'),
  osUser: () => userInfo().username,
});

/** The shell has the database: whoever runs the CLI acts as an admin, recorded as `shell:<os user>`. */
const shellActor = (osUser: string): Actor => ({ userId: `shell:${osUser}`, username: `shell:${osUser}`, displayName: `shell:${osUser}`, agencyId: 0, roles: ['admin'] });

/** `liandong calendar set | list`: holiday schedules beyond the chinese-days package. */
export async function calendarCommand(args: string[], io: Io, deps: CalendarCommandDeps = defaultDeps()): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'set':
        return await set(rest, io, deps);
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


async function set(args: string[], io: Io, deps: CalendarCommandDeps): Promise<number> {
  const { file } = parseOptions(args, { file: { type: 'string' } });
  if (file === undefined) throw new UsageError('--file is required');
  let input: unknown;
  try {
    input = JSON.parse(await deps.readFile(file));
  } catch (error) {
    io.stderr(`error: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  // Checked here too, so a mistake in the file is named before any database is needed.
  const parsed = calendarYearSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) io.stderr(`error: ${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
    return 1;
  }
  return withCommandDatabase(deps, io.stderr, 'calendarYears', async (db) => {
    const result = await createCalendarService({ db }).enterYear(shellActor(deps.osUser()), parsed.data);
    const schedule = parsed.data;
    io.stdout(
      `${result.replaced ? 'replaced' : 'entered'} the ${result.year} holiday schedule: ${schedule.holidays.length} holiday(s), ${schedule.workdays.length} make-up working day(s)`,
    );
    if (result.version === result.previousVersion) io.stdout('no date changed: open deadlines stay as they are');
    else io.stdout(`calendar ${result.previousVersion} → ${result.version}: a running \`pnpm start\` recomputes open deadlines within a minute; otherwise the next start does`);
    return 0;
  });
}

async function list(args: string[], io: Io, deps: CalendarCommandDeps): Promise<number> {
  parseOptions(args, {});
  return withCommandDatabase(deps, io.stderr, 'calendarYears', async (db) => {
    const overview = await createCalendarService({ db }).overview(shellActor(deps.osUser()));
    io.stdout(`calendar ${overview.version}: chinese-days covers ${overview.packageYears.from}–${overview.packageYears.to}`);
    for (const year of overview.entered) {
      const replaces = year.replacesPackage ? ' (replaces the package’s data)' : '';
      io.stdout(
        `  ${year.year}: ${year.holidays.length} holiday(s), ${year.workdays.length} make-up working day(s)${replaces}, entered by ${year.enteredBy} at ${year.enteredAt}`,
      );
    }
    if (overview.entered.length === 0) io.stdout('  no year entered');
    const next = Math.max(...overview.coveredYears) + 1;
    io.stdout(`covered up to ${next - 1}; ${next} needs an entry once the State Council publishes it`);
    for (const line of uncoveredCalendarLines(overview.uncovered)) io.stdout(line);
    return 0;
  });
}

/**
 * What `start` and `calendar list` print for years with open deadlines but no holiday schedule;
 * nothing when every deadline's year is covered.
 */
export function uncoveredCalendarLines(uncovered: { year: number; measureCount?: number; measureIds?: string[] }[]): string[] {
  return uncovered.map(({ year, measureCount, measureIds }) => {
    const n = measureCount ?? measureIds?.length ?? 0;
    return `  calendar: no holiday schedule for ${year} (${n} measure${n === 1 ? ' has' : 's have'} deadlines then) — enter it: pnpm liandong calendar set --file <${year}.json>`;
  });
}

