// "Workflows are forever": endpoint workflow histories recorded from webhook.int.test.ts (LIANDONG_RECORD_HISTORIES=1)
// must replay against the current workflow code, or a deploy would break the endpoints' workflows already running.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../index';
import { WEBHOOK_ENDPOINT_WORKFLOW_TYPE } from './webhook.messages';

const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

// The deliberately broken replay below makes the SDK warn once per history; only errors are news here.
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });

interface Recorded {
  workflowId: string;
  history: History;
}

/** Every recorded history, named by its file: a replay failure names the scenario to look at. */
async function loadHistories(): Promise<Recorded[]> {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      try {
        return { workflowId: file, history: historyFromJSON(JSON.parse(await readFile(path.join(HISTORIES_DIR, file), 'utf8'))) };
      } catch (error) {
        throw new Error(`${file} is not a Temporal history in JSON: ${String(error)}`, { cause: error });
      }
    }),
  );
}

async function bundle(entry: string): Promise<string> {
  return (await bundleWorkflowCode({ workflowsPath: entry, logger: new DefaultLogger('WARN') })).code;
}

/** Replays each history in turn; returns the replayed file names and the failures, by file. */
async function replay(code: string, histories: Recorded[]) {
  const replayed: string[] = [];
  const failures = new Map<string, Error>();
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
    replayed.push(result.workflowId);
    if (result.error) failures.set(result.workflowId, result.error);
  }
  return { replayed, failures };
}

/** A removed endpoint's run has ended; the others were still waiting for deliveries when recorded. */
const hasEnded = ({ history }: Recorded) => Boolean(history.events?.at(-1)?.workflowExecutionCompletedEventAttributes);

let histories: Recorded[];
beforeAll(async () => {
  histories = await loadHistories();
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

  it('replay against the current workflow code without a determinism violation', async () => {
    const { replayed, failures } = await replay(await bundle(workflowsPath), histories);
    expect([...failures].map(([file, error]) => `${file}: ${error.name}: ${error.message}`)).toEqual([]);
    expect(replayed).toEqual(histories.map((h) => h.workflowId));
  });

  it('a workflow change that reorders commands fails replay', async () => {
    const reordered = fileURLToPath(new URL('./replay.reordered.ts', import.meta.url));
    const { failures } = await replay(await bundle(reordered), histories);
    // Every run reads the outbox first; the changed code starts a timer instead.
    expect(histories.map((h) => h.workflowId).filter((file) => !(failures.get(file) instanceof DeterminismViolationError))).toEqual([]);
  });
});
