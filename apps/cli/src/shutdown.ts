export interface Stoppable {
  name: string;
  stop: () => Promise<unknown>;
}

/**
 * Stops what `start` started, last first. Each part gets `deadlineMs`: one that hangs is
 * reported and left behind so the rest (above all PostgreSQL) still stop. Every line says
 * how long the part took, so a slow shutdown names its culprit.
 */
export async function stopInOrder(parts: readonly Stoppable[], log: (line: string) => void, deadlineMs = 45_000): Promise<{ clean: boolean }> {
  let clean = true;
  for (const { name, stop } of [...parts].reverse()) {
    const began = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      stop().then(
        () => 'stopped' as const,
        (error: unknown) => `did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`,
      ),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`did not stop within ${deadlineMs / 1000} s; left behind`), deadlineMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome !== 'stopped') clean = false;
    const what = outcome === 'stopped' ? `stopped ${name}` : `${name} ${outcome}`;
    log(`  ${what} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }
  return { clean };
}

/**
 * A long-running command's way out (`start`, `cluster start`): Ctrl-C, SIGTERM, SIGHUP or its parent going away stop
 * `stops` in reverse order, once, then exit 0. `pnpm` runs us under a shell that does not pass SIGTERM on: when our
 * parent goes away we are re-parented, and take that as the signal to stop. `beforeStop` runs the moment stopping
 * begins, `afterStop` once the parts stopped.
 */
export function stopOnSignals(
  stops: readonly Stoppable[],
  log: (line: string) => void,
  { beforeStop = () => {}, afterStop = () => {} }: { beforeStop?: () => void; afterStop?: () => void } = {},
): { shutdown: (reason: string) => Promise<void>; stopping: () => boolean } {
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      beforeStop();
      log(`\nstopping (${reason}) …`);
      const { clean } = await stopInOrder(stops, log);
      afterStop();
      log(clean ? 'all stopped' : 'stopped, but not everything cleanly (see above)');
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process exited').then(() => process.exit(0));
  }, 1_000).unref();
  return { shutdown, stopping: () => stopping !== undefined };
}
