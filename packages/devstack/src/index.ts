export { findRepoRoot, toolCacheDir } from './paths';
export { freePort, assertPortFree } from './ports';
export { startEmbeddedPostgres, ensureDatabase, dropDatabase, type RunningPostgres, type EmbeddedPostgresOptions } from './postgres';
export {
  startTemporalDevServer,
  resolveTemporalExecutable,
  cachedTemporalPath,
  TEMPORAL_CLI_MODULE,
  type RunningTemporal,
  type TemporalDevServerOptions,
  type TemporalExecutable,
} from './temporal';
