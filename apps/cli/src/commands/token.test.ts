import { describe, expect, it } from 'vitest';
import { expiryOf, tokenCommand, type TokenCommandDeps } from './token';

/** Runs the command with no database: a test that reaches for one fails. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let connected = false;
  const deps: TokenCommandDeps = {
    env: { LIANDONG_PG_PORT: 54329 },
    connect: () => {
      connected = true;
      throw new Error('no database in this test');
    },
    osUser: () => 'tester',
  };
  const code = await tokenCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, deps);
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), connected };
}

describe('liandong token create', () => {
  it('requires --agency and --name, naming the flag, before any database', async () => {
    const noAgency = await run(['create', '--name', 'OA']);
    expect(noAgency).toMatchObject({ code: 2, connected: false });
    expect(noAgency.stderr).toContain('--agency is required');
    expect(noAgency.stderr).toContain('usage: liandong token');
    const noName = await run(['create', '--agency', 'gz-commerce']);
    expect(noName).toMatchObject({ code: 2, connected: false });
    expect(noName.stderr).toContain('--name is required');
  });

  it('refuses a role a token may not hold, a bad expiry, an overlong or unstorable name', async () => {
    const cases: [string[], string][] = [
      [['--role', 'admin'], 'role: role must be officer or coordinator'],
      [['--expires', 'tomorrow'], 'expiresAt: expiresAt must be an ISO 8601 date-time'],
      [['--expires', '2027-02-30'], 'expiresAt: 2027-02-30 is not a date'],
      [['--name', 'x'.repeat(10_000)], 'name: name is at most 100 characters'],
      [['--name', 'OA\u0000'], 'name: contains a character that cannot be stored'],
    ];
    for (const [extra, message] of cases) {
      const result = await run(['create', '--agency', 'gz-commerce', '--name', 'OA', ...extra]);
      expect(result, extra.join(' ').slice(0, 40)).toMatchObject({ code: 2, connected: false });
      expect(result.stderr).toContain(`error: ${message}`);
    }
  });

  it('rejects an unknown flag', async () => {
    const result = await run(['create', '--agency', 'gz-commerce', '--name', 'OA', '--admin']);
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('--admin');
  });

  it('connects to the database only once the arguments are valid', async () => {
    await expect(run(['create', '--agency', 'gz-commerce', '--name', 'OA', '--expires', '2099-12-31'])).rejects.toThrow('no database in this test');
  });
});

describe('liandong token revoke and list', () => {
  it('requires one id that looks like one', async () => {
    expect(await run(['revoke'])).toMatchObject({ code: 2, connected: false, stderr: expect.stringContaining('the token id is required') });
    expect(await run(['revoke', '42'])).toMatchObject({ code: 2, connected: false, stderr: expect.stringContaining('"42" is not one') });
    const two = await run(['revoke', '0b6f3c1e-5d2a-4c8e-9f1b-2a3c4d5e6f70', 'extra']);
    expect(two).toMatchObject({ code: 2, stderr: expect.stringContaining('unexpected argument extra') });
  });

  it('takes no arguments for list, and prints its usage for help', async () => {
    expect((await run(['list', '--all'])).code).toBe(2);
    expect((await run(['help'])).code).toBe(0);
    expect(await run(['delete'])).toMatchObject({ code: 2, stderr: expect.stringContaining('revoke <id>') });
  });
});

describe('expiryOf', () => {
  it('reads a date as through the end of that day in China', () => {
    expect(expiryOf('2027-12-31')).toBe('2027-12-31T16:00:00.000Z');
    expect(expiryOf('2028-02-29')).toBe('2028-02-29T16:00:00.000Z');
  });

  it('passes a date-time on as given, for the service to check', () => {
    expect(expiryOf('2027-12-31T08:00:00+08:00')).toBe('2027-12-31T08:00:00+08:00');
    expect(expiryOf('whenever')).toBe('whenever');
  });

  it('refuses a day that does not exist', () => {
    expect(() => expiryOf('2027-02-29')).toThrow('2027-02-29 is not a date');
    expect(() => expiryOf('2027-13-01')).toThrow('is not a date');
  });
});
