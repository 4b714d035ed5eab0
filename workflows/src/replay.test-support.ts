// Replaying recorded histories ("Workflows are forever"): shared by each process's replay test.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workerTelemetry } from '@liandong/telemetry';
import { workflowBundleOptions } from './index';

// The deliberately broken replays make the SDK warn once per history; only errors are news there.
export function quietReplayRuntime(): void {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
}

export interface Recorded {
  workflowId: string;
  history: History;
}

/** Every recorded history in `dir`, named by its file: a replay failure names the scenario to look at. */
export async function loadHistories(dir: string): Promise<Recorded[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      try {
        return { workflowId: file, history: historyFromJSON(JSON.parse(await readFile(path.join(dir, file), 'utf8'))) };
      } catch (error) {
        throw new Error(`${file} is not a Temporal history in JSON: ${String(error)}`, { cause: error });
      }
    }),
  );
}

/**
 * `entry`'s workflows as the worker bundles them (workflowBundleOptions), with or without the tracing interceptors: a
 * deployment may turn tracing on or off under running measures, so every history must replay both ways.
 */
export async function bundle(entry: string, { tracing }: { tracing: boolean }): Promise<string> {
  return (await bundleWorkflowCode({ ...workflowBundleOptions({ tracing }), workflowsPath: entry, logger: new DefaultLogger('WARN') })).code;
}

/** Replays each history in turn; returns the replayed file names and the failures, by file. */
export async function replay(code: string, histories: Recorded[]) {
  const replayed: string[] = [];
  const failures = new Map<string, Error>();
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, sinks: workerTelemetry().sinks }, histories)) {
    replayed.push(result.workflowId);
    if (result.error) failures.set(result.workflowId, result.error);
  }
  return { replayed, failures };
}
