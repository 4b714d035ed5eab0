export { findRepoRoot, toolCacheDir } from './paths';
export { freePort, assertPortFree } from './ports';
export type { ProcessExit } from './process';
export {
  startEmbeddedPostgres,
  ensureDatabase,
  withClient,
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
export {
  startTemporalServer,
  resolveTemporalServerBinaries,
  temporalServerBinDir,
  renderServerConfig,
  renderDynamicConfig,
  DEFAULT_DYNAMIC_CONFIG,
  TEMPORAL_SERVER_MODULE,
  TEMPORAL_SERVER_VERSION,
  type TemporalServerOptions,
  type RunningTemporalServer,
  type ServerPorts,
} from './temporal-server';
