import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileBytes } from './download';

describe('a downloaded file', () => {
  it('decodes to the bytes that were encoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect([...fileBytes({ base64: Buffer.from(bytes).toString('base64') })]).toEqual([...bytes]);
      }),
    );
  });
});
