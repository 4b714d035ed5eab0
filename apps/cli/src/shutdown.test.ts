import { describe, expect, it } from 'vitest';
import { stopInOrder } from './shutdown';

describe('stopInOrder', () => {
  it('stops the last started first and says how long each took', async () => {
    const order: string[] = [];
    const lines: string[] = [];
    const part = (name: string) => ({ name, stop: async () => void order.push(name) });
    const { clean } = await stopInOrder([part('PostgreSQL'), part('worker'), part('API server')], (l) => lines.push(l));
    expect(order).toEqual(['API server', 'worker', 'PostgreSQL']);
    expect(clean).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {2}stopped API server \(\d+\.\d s\)$/);
  });

  it('reports a part that fails or hangs and still stops the ones before it', async () => {
    const stopped: string[] = [];
    const lines: string[] = [];
    const { clean } = await stopInOrder(
      [
        { name: 'PostgreSQL', stop: async () => void stopped.push('PostgreSQL') },
        { name: 'worker', stop: () => new Promise(() => {}) },
        { name: 'Temporal client', stop: () => Promise.reject(new Error('connection reset')) },
      ],
      (l) => lines.push(l),
      50,
    );
    expect(clean).toBe(false);
    expect(stopped).toEqual(['PostgreSQL']);
    expect(lines[0]).toContain('Temporal client did not stop cleanly: connection reset');
    expect(lines[1]).toContain('worker did not stop within 0.05 s; left behind');
    expect(lines[2]).toContain('stopped PostgreSQL');
  });
});
