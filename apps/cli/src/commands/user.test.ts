import { describe, expect, it } from 'vitest';
import { userCommand, type UserCommandDeps } from './user';

/** Runs the command with no database: any attempt to connect fails the test. */
async function run(args: string[], options: { password?: string; prompt?: (string | undefined)[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts = [...(options.prompt ?? [])];
  let connected = false;
  const deps: UserCommandDeps = {
    env: { LIANDONG_PG_PORT: 54329, LIANDONG_PASSWORD: options.password },
    promptPassword: async () => prompts.shift(),
    connect: () => {
      connected = true;
      throw new Error('no database in this test');
    },
  };
  const code = await userCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, deps);
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), connected };
}

const valid = ['create', '--username', 'li.ming', '--agency', 'gz-commerce', '--role', 'officer'];

describe('liandong user create', () => {
  it('requires --username and names the flag', async () => {
    const result = await run(['create', '--agency', 'gz-commerce', '--role', 'officer'], { password: 'long-enough-1' });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('--username is required');
    expect(result.stderr).toContain('usage: liandong user');
  });

  it('rejects a username with a space and names the field', async () => {
    const result = await run(['create', '--username', 'li ming', '--agency', 'gz-commerce', '--role', 'officer'], { password: 'long-enough-1' });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toMatch(/username: username must be 3–32 characters/);
  });

  it('rejects a username that is too short', async () => {
    const result = await run(['create', '--username', 'li', '--agency', 'gz-commerce', '--role', 'officer'], { password: 'long-enough-1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('username');
  });

  it('requires --agency and --role', async () => {
    const noAgency = await run(['create', '--username', 'li.ming', '--role', 'officer'], { password: 'long-enough-1' });
    expect(noAgency.code).toBe(2);
    expect(noAgency.stderr).toContain('--agency is required');
    const noRole = await run(['create', '--username', 'li.ming', '--agency', 'gz-commerce'], { password: 'long-enough-1' });
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain('--role is required');
  });

  it('rejects an unknown role and names it', async () => {
    const result = await run(['create', '--username', 'li.ming', '--agency', 'gz-commerce', '--role', 'officer,mayor'], { password: 'long-enough-1' });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toMatch(/roles\.1: each role must be one of officer, coordinator, auditor, admin/);
  });

  it('rejects an empty role list', async () => {
    const result = await run(['create', '--username', 'li.ming', '--agency', 'gz-commerce', '--role', ','], { password: 'long-enough-1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('roles must name at least one role');
  });

  it('rejects an unknown flag', async () => {
    const result = await run([...valid, '--admin'], { password: 'long-enough-1' });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('--admin');
  });

  it('rejects a password from LIANDONG_PASSWORD shorter than 10 characters', async () => {
    const result = await run(valid, { password: 'short' });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('password must be at least 10 characters');
  });

  it('refuses to go on without a terminal and without LIANDONG_PASSWORD', async () => {
    const result = await run(valid, { prompt: [undefined] });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('no password: set LIANDONG_PASSWORD');
  });

  it('refuses two different passwords typed at the prompt', async () => {
    const result = await run(valid, { prompt: ['first-password-1', 'second-password-2'] });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('the two passwords differ');
  });

  it('connects to the database only once the arguments and the password are valid', async () => {
    await expect(run(valid, { prompt: ['same-password-1', 'same-password-1'] })).rejects.toThrow('no database in this test');
  });
});

describe('liandong user', () => {
  it('prints its usage for help and fails on an unknown subcommand', async () => {
    expect((await run(['help'])).code).toBe(0);
    const unknown = await run(['delete']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('reset-password --username');
  });

  it('requires --username for reset-password', async () => {
    const result = await run(['reset-password'], { password: 'long-enough-1' });
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.stderr).toContain('--username is required');
  });
});
