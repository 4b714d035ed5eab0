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
