import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { findChildProcess, watchExit } from './process';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/**
 * Runs `script` in a shell that prints the pid of the background job it starts, then becomes a `sleep` that
 * never waits for it: the job, once ended, stays a zombie, as the Temporal SDK's dev server does.
 */
async function unreapedJob(script: string): Promise<number> {
  const shell = spawn('sh', ['-c', `${script} & echo $!; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(shell);
  const [chunk] = (await once(shell.stdout!, 'data')) as [Buffer];
  return Number(chunk.toString().trim());
}

describe('watchExit', () => {
  it('tells the signal that killed a process nobody reaped', async () => {
    const pid = await unreapedJob('sleep 30');
    const exited = watchExit(pid, 20);
    process.kill(pid, 'SIGKILL');
    await expect(exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('tells the exit code of a process nobody reaped', async () => {
    const pid = await unreapedJob('sh -c "sleep 0.2; exit 3"');
    await expect(watchExit(pid, 20)).resolves.toEqual({ code: 3, signal: null });
  });

  it('resolves, not knowing how, once the process is gone altogether', async () => {
    const child = spawn('sleep', ['30']);
    started.push(child);
    const exited = watchExit(child.pid!, 20);
    child.kill('SIGTERM');
    await expect(exited).resolves.toEqual({ code: null, signal: null });
  });

  it('does not resolve while the process runs', async () => {
    const pid = await unreapedJob('sleep 30');
    const outcome = await Promise.race([watchExit(pid, 20), new Promise((resolve) => setTimeout(() => resolve('still running'), 200))]);
    expect(outcome).toBe('still running');
  });
});

describe('findChildProcess', () => {
  it('finds a child of this process by its arguments, and nothing for arguments no child has', async () => {
    const child = spawn('sleep', ['31.5']);
    started.push(child);
    await once(child, 'spawn');
    expect(findChildProcess((argv) => argv[0] === 'sleep' && argv[1] === '31.5')).toBe(child.pid);
    expect(findChildProcess((argv) => argv[1] === '32.5')).toBeUndefined();
  });
});
