import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The server's log: JSON lines (pino) on stderr, so stdout keeps the start-up banner. Level from
 * LIANDONG_LOG_LEVEL (default `info`): failures at `error`, each request at `debug`.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LIANDONG_LOG_LEVEL ?? 'info';
  return pino({ level, base: { service: 'liandong' } }, options.destination ?? pino.destination(2));
}

/** For callers that do not care (tests, scripts). */
export const silentLogger: Logger = pino({ level: 'silent' });
