import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `<dataDir>/cluster.json`: what runs now, rewritten after every restart and removed on a clean stop. Operators
 * and the fault tests read the pids from it. A pid is absent while its process is down (restarting).
 */
export interface ClusterState {
  /** The `cluster start` process: the node:cluster primary holding the API port. */
  pid: number;
  url: string;
  port: number;
  temporal: { address: string; pid?: number; metricsUrl?: string };
  postgres: { embedded: boolean; pid?: number; port: number };
  workers: { index: number; pid?: number; metricsUrl?: string }[];
  apis: { index: number; pid?: number }[];
}

export function clusterStateFile(dataDir: string): string {
  return path.join(dataDir, 'cluster.json');
}

/** Written whole and renamed into place, so a reader never sees half a file. Synchronous: writes never interleave. */
export function writeClusterState(dataDir: string, state: ClusterState): void {
  const file = clusterStateFile(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function removeClusterState(dataDir: string): void {
  rmSync(clusterStateFile(dataDir), { force: true });
}
