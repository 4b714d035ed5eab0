import type { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';

/**
 * Stops accepting, lets requests in flight finish for `graceMs`, then drops what clients still
 * hold open: a browser's keep-alive or preconnected socket would otherwise keep `close` waiting
 * until Node's header timeout, a minute or more.
 */
export function closeServer(server: ServerType, graceMs = 2_000): Promise<void> {
  const http = server as Server; // serve() without createServer options makes a node:http server
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => http.closeAllConnections(), graceMs);
    http.close(() => {
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections();
  });
}
