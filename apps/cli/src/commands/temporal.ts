import { resolveTemporalExecutable, resolveTemporalServerBinaries } from '@liandong/devstack';

const USAGE = `usage: liandong temporal path          the Temporal CLI (dev server) \`pnpm start\` runs
       liandong temporal server-path   the Temporal server and its schema tool \`cluster start\` runs on PostgreSQL`;

/**
 * `liandong temporal path | server-path`: finds (or builds, once, into the shared cache) the Temporal binaries the
 * way `start`, `cluster start` and the tests do, and prints where.
 */
export async function temporalCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (args[0] === 'path' && args.length === 1) {
    const executable = await resolveTemporalExecutable((line) => io.stderr(line));
    io.stdout(executable.type === 'existing-path' ? executable.path : `(downloaded by the Temporal SDK into ${executable.downloadDir})`);
    return 0;
  }
  if (args[0] === 'server-path' && args.length === 1) {
    const { server, sqlTool } = await resolveTemporalServerBinaries((line) => io.stderr(line));
    io.stdout(server);
    io.stdout(sqlTool);
    return 0;
  }
  io.stderr(USAGE);
  return 2;
}
