import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStorable, pageToken, storableStrings, text, UNSTORABLE_MESSAGE } from './inputs';

const issues = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('text PostgreSQL can store', () => {
  it('refuses NUL and lone surrogates, high or low, anywhere in the text', () => {
    for (const odd of ['\u0000', 'a\u0000b', '\uD800', 'x\uD83D', '\uDC00x', 'a\uDE00b', '\uDC00\uD800']) {
      expect(isStorable(odd), JSON.stringify(odd)).toBe(false);
      expect(issues(text(100), odd)).toEqual([{ path: '', message: UNSTORABLE_MESSAGE }]);
    }
  });

  it('takes Chinese, emoji (a surrogate pair) and other odd but storable text', () => {
    for (const fine of ['市商务局', '😀', 'a😀b', '\u202e\u200b\uFEFF', "'; DROP TABLE measures; --", '%00', '\\u0000', '']) {
      expect(isStorable(fine), JSON.stringify(fine)).toBe(true);
      expect(text(100).parse(fine)).toBe(fine);
    }
  });

  it('trims before counting, and names too short and too long text with the field’s own messages', () => {
    const title = text(5, { trim: true, min: 1, tooShort: 'a plan needs a title', tooLong: 'title is at most 5 characters' });
    expect(title.parse('  标题  ')).toBe('标题');
    expect(issues(title, '   ')).toEqual([{ path: '', message: 'a plan needs a title' }]);
    expect(issues(title, '123456')).toEqual([{ path: '', message: 'title is at most 5 characters' }]);
    expect(issues(title, 42)).toEqual([{ path: '', message: 'must be text' }]);
  });

  it('chains like any string schema', () => {
    const schema = z.object({ note: text(10).optional(), section: text(10).nullable().default(null) });
    expect(schema.parse({})).toEqual({ section: null });
    expect(issues(schema, { note: 'a\u0000', section: '\uD800' }).map((i) => i.path)).toEqual(['note', 'section']);
  });
});

describe('schemas owned elsewhere', () => {
  it('names every string of the parsed value that cannot be stored', () => {
    const schedule = storableStrings(z.object({ year: z.number(), holidays: z.array(z.object({ date: z.string(), name: z.string().trim() })) }));
    expect(schedule.parse({ year: 2027, holidays: [{ date: '2027-01-01', name: ' 元旦 ' }] })).toEqual({ year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }] });
    expect(issues(schedule, { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-02-0\u0000', name: '春节\uD800' }] })).toEqual([
      { path: 'holidays.1.date', message: UNSTORABLE_MESSAGE },
      { path: 'holidays.1.name', message: UNSTORABLE_MESSAGE },
    ]);
  });
});

describe('a page token', () => {
  it('is base64url text of at most 512 characters', () => {
    expect(pageToken.parse('eyJhIjoxfQ')).toBe('eyJhIjoxfQ');
    for (const bad of ['e30=', 'a\u0000b', '\uD800', 'a b', 'x'.repeat(513), 1]) expect(pageToken.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
