// "Workflows are forever": histories recorded from the integration tests (LIANDONG_RECORD_HISTORIES=1)
// must replay against the current workflow code, or a deploy would break the measures already running.
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../index';
import { bundle, loadHistories, quietReplayRuntime, replay, type Recorded } from '../replay.test-support';

const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

quietReplayRuntime();


/** A first run starts a measure; later runs start from state carried over by continue-as-new. */
const isFirstRun = ({ history }: Recorded) => !history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;

let histories: Recorded[];
beforeAll(async () => {
  histories = await loadHistories(HISTORIES_DIR);
});

describe('recorded measure workflow histories', () => {
  it('are committed: the folder has histories of new and continued runs', () => {
    expect(histories.length, `no histories in ${HISTORIES_DIR}: record them with LIANDONG_RECORD_HISTORIES=1 pnpm --filter @liandong/workflows test`).toBeGreaterThan(0);
    expect(histories.filter(isFirstRun).length).toBeGreaterThan(0);
    expect(histories.filter((h) => !isFirstRun(h)).length).toBeGreaterThan(0);
  });

  it('include a run that continued as new after its allowance of updates (patch continue-as-new-after-updates)', () => {
    const run = histories.find((h) => h.workflowId === 'v2-updates-continue-as-new.json');
    const patches = (run?.history.events ?? []).flatMap((e) =>
      (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map((p) => (JSON.parse(Buffer.from(p.data!).toString('utf8')) as { id: string }).id),
    );
    expect(patches).toContain('continue-as-new-after-updates');
    expect(run?.history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  });

  it.each([
    ['without', false],
    ['with', true],
  ])('replay against the current workflow code, %s the tracing interceptors, without a determinism violation', async (_, tracing) => {
    const { replayed, failures } = await replay(await bundle(workflowsPath, { tracing }), histories);
    expect([...failures].map(([file, error]) => `${file}: ${error.name}: ${error.message}`)).toEqual([]);
    expect(replayed).toEqual(histories.map((h) => h.workflowId));
  });

  it('a workflow change that reorders commands fails replay', async () => {
    const reordered = fileURLToPath(new URL('./replay.reordered.ts', import.meta.url));
    const { failures } = await replay(await bundle(reordered, { tracing: false }), histories);
    // Every measure's first run schedules an activity first; the changed code starts a timer instead.
    const firstRuns = histories.filter(isFirstRun).map((h) => h.workflowId);
    expect(firstRuns.filter((file) => !(failures.get(file) instanceof DeterminismViolationError))).toEqual([]);
  });
});
