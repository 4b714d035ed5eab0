import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { fontPaths, MISSING_GLYPH, splitRuns, woff2ToOpenType } from './fonts';

// The fonts as fontkit itself reads them (the Han font from its WOFF2 file, not from our unpacked copy), so
// these tests check the run splitting against an independent answer.
const han = create(readFileSync(fontPaths.han)) as Font;
const roboto = create(readFileSync(fontPaths.roboto.normal)) as Font;
const hasGlyph = (char: string) =>
  han.hasGlyphForCodePoint(char.codePointAt(0)!) || roboto.hasGlyphForCodePoint(char.codePointAt(0)!);

const codePoint = (min: number, max: number) =>
  fc.integer({ min, max }).filter((cp) => cp < 0xd800 || cp > 0xdfff).map((cp) => String.fromCodePoint(cp));

/** Characters of the kinds a report holds: CJK, ASCII, full-width punctuation, other scripts, emoji, controls. */
const mixedText = fc
  .array(
    fc.oneof(
      codePoint(0x4e00, 0x9fff),
      codePoint(0x20, 0x7e),
      fc.constantFrom(...'督办〔〕第号：，。“”（）—、《》·％'),
      codePoint(0x80, 0x2fff),
      codePoint(0, 0x10ffff),
      fc.constantFrom('\n', '\r\n', '\r', '\t', '😀', 'é', 'Ж', 'ع', 'क'),
    ),
    { maxLength: 60 },
  )
  .map((chars) => chars.join(''));

// The first look into a font unpacks it (fontkit decodes the WOFF2 in JavaScript: a second or two).
describe('splitRuns', { timeout: 60_000 }, () => {
  it('sets CJK in Han and digits, Latin and Western quotes in Roboto', () => {
    const { runs, replaced } = splitRuns('督办〔2026〕第3号 “RCEP”');
    expect(runs).toEqual([
      { text: '督办〔', font: 'Han' },
      { text: '2026', font: 'Roboto' },
      { text: '〕第', font: 'Han' },
      { text: '3', font: 'Roboto' },
      { text: '号', font: 'Han' },
      { text: ' “RCEP”', font: 'Roboto' },
    ]);
    expect(replaced).toBe(0);
  });

  it('replaces a character neither font has by the missing-glyph mark and counts it', () => {
    expect(hasGlyph('😀')).toBe(false);
    const { runs, replaced } = splitRuns('进展😀良好\u0007');
    expect(runs.map((run) => run.text).join('')).toBe(`进展${MISSING_GLYPH}良好${MISSING_GLYPH}`);
    expect(replaced).toBe(2);
  });

  it('keeps line breaks, turning CRLF and CR into LF and a tab into a space', () => {
    const { runs } = splitRuns('第一行\r\n第二行\rA\tB\n');
    expect(runs.map((run) => run.text).join('')).toBe('第一行\n第二行\nA B\n');
  });

  it('gives back the text, less documented replacements, in runs whose font has every glyph', () => {
    fc.assert(
      fc.property(mixedText, (input) => {
        const { runs, replaced } = splitRuns(input);
        const expected = [...input.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')];
        const output = [...runs.map((run) => run.text).join('')];
        expect(output).toHaveLength(expected.length);
        let missing = 0;
        output.forEach((char, i) => {
          if (char !== expected[i]) {
            expect(char).toBe(MISSING_GLYPH);
            expect(hasGlyph(expected[i]!)).toBe(false);
            missing += 1;
          } else if (char !== '\n' && char !== MISSING_GLYPH) {
            expect(hasGlyph(char)).toBe(true);
          }
        });
        expect(replaced).toBe(missing);
        for (const run of runs) {
          expect(run.text).not.toBe('');
          const font = run.font === 'Han' ? han : roboto;
          for (const char of run.text) {
            if (char !== '\n') expect(font.hasGlyphForCodePoint(char.codePointAt(0)!), `${char} in ${run.font}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('woff2ToOpenType', { timeout: 60_000 }, () => {
  it('unpacks the Han font into an OpenType font with the same glyphs and metrics', () => {
    const unpacked = create(woff2ToOpenType(readFileSync(fontPaths.han))) as Font & {
      numGlyphs: number;
      unitsPerEm: number;
      glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
    };
    const original = han as typeof unpacked;
    expect(unpacked.postscriptName).toBe('SourceHanSansCN-Regular');
    expect(unpacked.numGlyphs).toBe(original.numGlyphs);
    for (const char of '督办〔〕第号年月日，。：') {
      const cp = char.codePointAt(0)!;
      expect(unpacked.glyphForCodePoint(cp).id).toBe(original.glyphForCodePoint(cp).id);
      expect(unpacked.glyphForCodePoint(cp).advanceWidth).toBe(original.glyphForCodePoint(cp).advanceWidth);
    }
    for (let cp = 0x20; cp < 0xffff; cp += 7) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      expect(unpacked.hasGlyphForCodePoint(cp)).toBe(original.hasGlyphForCodePoint(cp));
    }
  });

  it('refuses what is not WOFF2', () => {
    expect(() => woff2ToOpenType(readFileSync(fontPaths.roboto.normal))).toThrow('not a WOFF2 font');
  });
});
