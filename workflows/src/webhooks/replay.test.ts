// "Workflows are forever": endpoint workflow histories recorded from webhook.int.test.ts (LIANDONG_RECORD_HISTORIES=1)
// must replay against the current workflow code, or a deploy would break the endpoints' workflows already running.
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../index';
import { bundle, loadHistories, quietReplayRuntime, replay, type Recorded } from '../replay.test-support';
import { WEBHOOK_ENDPOINT_WORKFLOW_TYPE } from './webhook.messages';

const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

quietReplayRuntime();


/** A removed endpoint's run has ended; the others were still waiting for deliveries when recorded. */
const hasEnded = ({ history }: Recorded) => Boolean(history.events?.at(-1)?.workflowExecutionCompletedEventAttributes);

let histories: Recorded[];
beforeAll(async () => {
  histories = await loadHistories(HISTORIES_DIR);
});

describe('recorded webhook endpoint workflow histories', () => {
  it('are committed: the folder has endpoint workflow histories of running and ended runs', () => {
    expect(histories.length, `no histories in ${HISTORIES_DIR}: record them with LIANDONG_RECORD_HISTORIES=1 pnpm --filter @liandong/workflows test`).toBeGreaterThan(0);
    expect(histories.map((h) => [h.workflowId, h.history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name])).toEqual(
      histories.map((h) => [h.workflowId, WEBHOOK_ENDPOINT_WORKFLOW_TYPE]),
    );
    expect(histories.filter(hasEnded).length).toBeGreaterThan(0);
    expect(histories.filter((h) => !hasEnded(h)).length).toBeGreaterThan(0);
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
    // Every run reads the outbox first; the changed code starts a timer instead.
    expect(histories.map((h) => h.workflowId).filter((file) => !(failures.get(file) instanceof DeterminismViolationError))).toEqual([]);
  });
});
