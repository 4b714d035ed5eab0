import { resolveTemporalExecutable } from '@liandong/devstack';

/** `liandong temporal path`: finds (or builds) the Temporal CLI the way `start` and the tests do, and prints where. */
export async function temporalCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (args[0] !== 'path') {
    io.stderr('usage: liandong temporal path');
    return 2;
  }
  const executable = await resolveTemporalExecutable((line) => io.stderr(line));
  io.stdout(executable.type === 'existing-path' ? executable.path : `(downloaded by the Temporal SDK into ${executable.downloadDir})`);
  return 0;
}
