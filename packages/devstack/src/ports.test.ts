import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, freePort } from './ports';

describe('ports', () => {
  it('finds a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort();
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((r) => server.close(r));
    expect(port).toBeGreaterThan(0);
  });

  it('names the port and its purpose when it is taken', async () => {
    const server = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(assertPortFree(port, 'the API (PORT)')).rejects.toThrow(`port ${port} for the API (PORT) is already in use`);
    } finally {
      await new Promise((r) => server.close(r));
    }
    await expect(assertPortFree(port, 'the API (PORT)')).resolves.toBeUndefined();
  });
});
