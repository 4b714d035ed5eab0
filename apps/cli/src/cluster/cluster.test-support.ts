import { spawn, type ChildProcess } from 'node:child_process';

/** Polls until `probe` returns something truthy; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** GET /readyz: the status, which process answered, and whether a worker polls (`checks.worker`, or `.ok` where checks carry timings). */
export async function readyz(baseUrl: string): Promise<{ status: number; pid: number; worker: boolean }> {
  const response = await fetch(`${baseUrl}/readyz`);
  const body = (await response.json()) as { checks?: { worker?: boolean | { ok?: boolean } } };
  const worker = body.checks?.worker;
  return { status: response.status, pid: Number(response.headers.get('x-liandong-process')), worker: worker === true || (typeof worker === 'object' && worker.ok === true) };
}

/** A child process with its output collected, for assertions on what it said. */
export function spawnCollecting(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): { child: ChildProcess; output: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exit };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
