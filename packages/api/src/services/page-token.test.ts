import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodePageToken, encodePageToken, keysetTimestamp } from './page-token';

const position = z.object({ createdAt: keysetTimestamp, kind: z.enum(['report.due', 'subtask.open']), id: z.uuid() });
const valid = { createdAt: '2026-12-01T02:00:00.123456Z', kind: 'report.due', id: '00000000-0000-4000-8000-000000000000' };
const refusal = (token: string) => {
  try {
    decodePageToken(token, position);
    return null;
  } catch (error) {
    return error;
  }
};

describe('page tokens', () => {
  it('gives back the position a list handed out', () => {
    expect(decodePageToken(encodePageToken(valid), position)).toEqual(valid);
    expect(decodePageToken(undefined, position)).toBeNull();
  });

  it('keeps the ends of the range PostgreSQL sorts on: year 1 and the no-deadline sentinel 9999-12-31', () => {
    for (const createdAt of ['0001-01-01T00:00:00.000000Z', '9999-12-31T00:00:00.000000Z', '2028-02-29T23:59:59.999999Z']) {
      expect(decodePageToken(encodePageToken({ ...valid, createdAt }), position)).toMatchObject({ createdAt });
    }
  });

  it('refuses, naming the cursor, a position with an impossible instant, an unknown kind or NUL', () => {
    const forged = [
      { ...valid, createdAt: '2026-13-45T25:61:61.000000Z' },
      { ...valid, createdAt: '9999-99-99T99:99:99.999999Z' },
      { ...valid, createdAt: '2026-02-30T00:00:00.000000Z' },
      { ...valid, createdAt: '2027-02-29T00:00:00.000000Z' },
      { ...valid, createdAt: '2026-01-01T24:00:00.000000Z' },
      { ...valid, createdAt: '0000-01-01T00:00:00.000000Z' },
      { ...valid, createdAt: '2026-01-01T00:00:00.000000Z\u0000' },
      { ...valid, kind: 'a\u0000' },
      { ...valid, kind: 'report.due\u0000' },
      { ...valid, kind: 'x\uD800' },
      { ...valid, kind: 'unknown.kind' },
      { ...valid, id: `${valid.id.slice(0, -1)}\u0000` },
      { ...valid, id: 1 },
      { createdAt: valid.createdAt },
      null,
      [valid],
    ];
    for (const p of forged) expect(refusal(encodePageToken(p as object)), JSON.stringify(p)).toMatchObject({ code: 'BAD_INPUT', field: 'cursor' });
    for (const raw of ['', 'not-json', Buffer.from([0xff, 0xfe]).toString('base64url')]) expect(refusal(raw), raw).toMatchObject({ code: 'BAD_INPUT', field: 'cursor' });
  });
});
