import { describe, expect, it } from 'vitest';
import { UsageError } from './arguments';
import { clusterCommand, parseClusterArgs } from './cluster';

describe('liandong cluster arguments', () => {
  it('starts two workers and two API processes, built first, unless told otherwise', () => {
    expect(parseClusterArgs(['start'])).toEqual({ workers: 2, apis: 2, build: true });
    expect(parseClusterArgs(['start', '--workers', '3', '--apis', '1', '--no-build'])).toEqual({ workers: 3, apis: 1, build: false });
  });

  it('refuses counts that are not 1 to 16, naming the option', () => {
    for (const [option, value] of [['--workers', '0'], ['--apis', '17'], ['--workers', 'two'], ['--apis', '1.5']]) {
      expect(() => parseClusterArgs(['start', option!, value!])).toThrow(new UsageError(`${option} must be a whole number from 1 to 16, got ${value}`));
    }
  });

  it('answers an unknown subcommand or option with the usage and exit code 2, starting nothing', async () => {
    for (const args of [[], ['stop'], ['start', 'now'], ['start', '--port', '80']]) {
      const err: string[] = [];
      expect(await clusterCommand(args, { stdout: () => {}, stderr: (s) => err.push(s) })).toBe(2);
      expect(err.join('\n')).toContain('usage: liandong cluster start [--workers N] [--apis M] [--no-build]');
    }
  });
});
