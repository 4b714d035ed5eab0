import { createConnection } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { closeServer } from './close';

describe('closeServer', () => {
  it('closes even while a client holds a socket open without sending a request', async () => {
    const app = new Hono().get('/', (c) => c.text('ok'));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as { port: number };
    // What Chromium's preconnect does: connect, then say nothing.
    const socket = createConnection({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closedByServer = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    const began = Date.now();
    await closeServer(server, 100);
    await closedByServer;
    expect(Date.now() - began).toBeLessThan(10_000);
  });
});
