import { describe, expect, it } from 'vitest';
import { webhookCommand, type WebhookCommandDeps } from './webhook';

/** Runs the command with neither database nor Temporal: a test that reaches for one fails. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let connected = false;
  const deps: WebhookCommandDeps = {
    env: { LIANDONG_PG_PORT: 54329, LIANDONG_TEMPORAL_PORT: 7244, TEMPORAL_NAMESPACE: 'default' },
    connect: () => {
      connected = true;
      throw new Error('no database in this test');
    },
    connectTemporal: () => {
      connected = true;
      throw new Error('no Temporal in this test');
    },
    osUser: () => 'tester',
  };
  const code = await webhookCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, deps);
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), connected };
}

const valid = ['add', '--agency', 'gz-commerce', '--url', 'https://oa.example.gov.cn/hook', '--events', 'all'];

describe('liandong webhook add', () => {
  it('requires --agency, --url and --events, naming the flag, before any database', async () => {
    for (const flag of ['--agency', '--url', '--events']) {
      const i = valid.indexOf(flag);
      const result = await run([...valid.slice(0, i), ...valid.slice(i + 2)]);
      expect(result, flag).toMatchObject({ code: 2, connected: false });
      expect(result.stderr).toContain(`${flag} is required`);
      expect(result.stderr).toContain('usage: liandong webhook');
    }
  });

  it('refuses an overlong description or url and an unknown flag', async () => {
    expect(await run([...valid, '--description', 'x'.repeat(10_000)])).toMatchObject({ code: 2, connected: false, stderr: expect.stringContaining('description: description is at most 200 characters') });
    expect(await run(['add', '--agency', 'gz-commerce', '--events', 'all', '--url', `https://a.cn/${'x'.repeat(3000)}`])).toMatchObject({ code: 2, stderr: expect.stringContaining('url: url is at most 2000 characters') });
    expect(await run([...valid, '--secret', 'mine'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--secret') });
  });

  it('connects to the database only once the arguments are valid', async () => {
    await expect(run(valid)).rejects.toThrow('no database in this test');
  });
});

describe('liandong webhook', () => {
  it('requires an endpoint id for rotate, pause, resume, remove and deliveries', async () => {
    for (const sub of ['rotate', 'pause', 'resume', 'remove', 'deliveries']) {
      expect(await run([sub]), sub).toMatchObject({ code: 2, connected: false, stderr: expect.stringContaining('the endpoint id is required') });
      expect(await run([sub, 'javascript:alert(1)']), sub).toMatchObject({ code: 2, connected: false, stderr: expect.stringContaining('is not one') });
    }
  });

  it('checks the paging of deliveries', async () => {
    const id = '0b6f3c1e-5d2a-4c8e-9f1b-2a3c4d5e6f70';
    expect(await run(['deliveries', id, '--limit', '0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit must be a whole number from 1 to 100') });
    expect(await run(['deliveries', id, '--limit', '1000'])).toMatchObject({ code: 2 });
    expect(await run(['deliveries', id, '--before', 'yesterday'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--before must be a delivery number') });
    await expect(run(['deliveries', '--limit', '5', id])).rejects.toThrow('no database in this test');
  });

  it('prints its usage for help and fails on an unknown subcommand', async () => {
    expect((await run(['help'])).code).toBe(0);
    expect(await run(['delete'])).toMatchObject({ code: 2, stderr: expect.stringContaining('rotate <id>') });
  });
});
