export { findRepoRoot, toolCacheDir } from './paths';
export { freePort, assertPortFree } from './ports';
export {
  startEmbeddedPostgres,
  ensureDatabase,
  ensureLoginRole,
  dropDatabase,
  withCredentials,
  embeddedAppUrl,
  APP_ROLE,
  type RunningPostgres,
  type EmbeddedPostgresOptions,
} from './postgres';
export {
  startTemporalDevServer,
  devServerExtraArgs,
  SQLITE_PRAGMAS,
  resolveTemporalExecutable,
  cachedTemporalPath,
  TEMPORAL_CLI_MODULE,
  type RunningTemporal,
  type TemporalDevServerOptions,
  type TemporalExecutable,
} from './temporal';
