import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw } from './inflate';

const sample = new TextEncoder().encode(
  '(一)深化服务业对外开放。争创国家服务贸易创新发展示范区。(广州市服务业扩大开放综合试点工作领导小组成员单位)\n'.repeat(40),
);

describe('inflateRaw', () => {
  it('decodes what zlib compresses with dynamic, fixed and stored blocks', () => {
    for (const options of [{ level: 9 }, { level: 6, strategy: constants.Z_FIXED }, { level: 0 }, { level: 1, strategy: constants.Z_RLE }]) {
      expect(Buffer.from(inflateRaw(deflateRawSync(sample, options))).equals(Buffer.from(sample))).toBe(true);
    }
  });

  it('decodes incompressible data and empty input', () => {
    const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + (i >> 3) * 104729) & 0xff);
    expect(Buffer.from(inflateRaw(deflateRawSync(random))).equals(Buffer.from(random))).toBe(true);
    expect(inflateRaw(deflateRawSync(new Uint8Array()))).toHaveLength(0);
  });

  it('refuses truncated data and output beyond the limit', () => {
    const compressed = deflateRawSync(sample);
    expect(() => inflateRaw(compressed.subarray(0, 20))).toThrow();
    expect(() => inflateRaw(deflateRawSync(new Uint8Array(100000)), 1000)).toThrow('inflated data is too large');
  });
});
