// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the portal type-checks this file through the API; it must see the declaration too
/// <reference path="./fontkit.d.ts" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { create as createFont, type Font } from 'fontkit';

// Two fonts, because no single cheap npm font has both:
// - 'Han': Source Han Sans CN (思源黑体), a subset shipped by @librescore/fonts, SIL Open Font License 1.1
//   (embedding in documents is allowed). It has the CJK ideographs and full-width punctuation but no ASCII
//   digits or Latin letters: set in it alone, "2026" would vanish from the page.
// - 'Roboto': the TTFs pdfmake bundles (Apache License 2.0), for digits, Latin and the Western punctuation.
// Every text is therefore split into runs, each set in a font that has every glyph of the run.

const require = createRequire(import.meta.url);

export type FontName = 'Han' | 'Roboto';

/**
 * What a character no font has is printed as: 〓 (geta mark, the typesetter's traditional sign for a missing
 * character in CJK print), which the Han font has. The character is replaced rather than dropped, so a reader
 * sees that something was there; `replaced` counts them.
 */
export const MISSING_GLYPH = '〓';

const robotoDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

export const fontPaths = {
  han: (require('@librescore/fonts') as { CN: string }).CN,
  roboto: {
    normal: join(robotoDir, 'Roboto-Regular.ttf'),
    bold: join(robotoDir, 'Roboto-Medium.ttf'),
    italics: join(robotoDir, 'Roboto-Italic.ttf'),
    bolditalics: join(robotoDir, 'Roboto-MediumItalic.ttf'),
  },
} as const;

/** The files the PDF renderer may read, and nothing else (the Han font reaches it unpacked, from memory). */
export const allowedFontFiles: ReadonlySet<string> = new Set(Object.values(fontPaths.roboto));

// Opened once, lazily. The Han font comes as WOFF2, whose Brotli stream fontkit decodes in JavaScript, again for
// every PDF (≈ 0.4 s); it is unpacked once with Node's native Brotli into a plain OpenType font instead.
// Bold and italic Roboto share the regular face's character set, so the regular face decides coverage for all.
let fonts: { han: Font; roboto: Font; hanOpenType: Buffer } | undefined;

export function loadFonts(): { han: Font; roboto: Font; hanOpenType: Buffer } {
  if (!fonts) {
    const hanOpenType = woff2ToOpenType(readFileSync(fontPaths.han));
    fonts = {
      hanOpenType,
      han: createFont(hanOpenType) as Font,
      roboto: createFont(readFileSync(fontPaths.roboto.normal)) as Font,
    };
  }
  return fonts;
}

/**
 * Unpacks a WOFF2 font whose tables are stored untransformed (true of CFF-flavoured fonts such as Source Han
 * Sans; a TrueType font's transformed glyf/loca tables are refused) into the OpenType file it was made from.
 */
export function woff2ToOpenType(woff2: Buffer): Buffer {
  if (woff2.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a WOFF2 font');
  const flavor = woff2.readUInt32BE(4);
  const numTables = woff2.readUInt16BE(12);
  const compressedSize = woff2.readUInt32BE(20);
  let pos = 48;
  const base128 = () => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = woff2[pos++]!;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error('bad WOFF2 directory');
  };
  const tables: { tag: string; length: number; offset: number }[] = [];
  let offset = 0;
  for (let i = 0; i < numTables; i++) {
    const flags = woff2[pos++]!;
    let tag = WOFF2_KNOWN_TAGS[flags & 0x3f];
    if ((flags & 0x3f) === 0x3f) {
      tag = woff2.toString('latin1', pos, pos + 4);
      pos += 4;
    }
    if (!tag) throw new Error('bad WOFF2 table tag');
    const version = flags >>> 6;
    const length = base128();
    if (tag === 'glyf' || tag === 'loca' ? version !== 3 : version !== 0) {
      throw new Error(`WOFF2 table ${tag} is transformed; only untransformed fonts are supported`);
    }
    tables.push({ tag, length, offset });
    offset += length;
  }
  const data = brotliDecompressSync(woff2.subarray(pos, pos + compressedSize));
  // OpenType: offset table, table records sorted by tag, then each table padded to 4 bytes.
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headerSize = 12 + 16 * numTables;
  const size = tables.reduce((sum, table) => sum + Math.ceil(table.length / 4) * 4, headerSize);
  const out = Buffer.alloc(size);
  const searchRange = 2 ** Math.floor(Math.log2(numTables)) * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(Math.floor(Math.log2(numTables)), 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let at = headerSize;
  tables.forEach((table, i) => {
    data.copy(out, at, table.offset, table.offset + table.length);
    let checksum = 0;
    for (let p = at; p < at + Math.ceil(table.length / 4) * 4; p += 4) checksum = (checksum + out.readUInt32BE(p)) >>> 0;
    const record = 12 + 16 * i;
    out.write(table.tag, record, 4, 'latin1');
    out.writeUInt32BE(checksum, record + 4);
    out.writeUInt32BE(at, record + 8);
    out.writeUInt32BE(table.length, record + 12);
    at += Math.ceil(table.length / 4) * 4;
  });
  return out;
}

// The WOFF2 specification's table of known tags, by their 6-bit index.
const WOFF2_KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ',
  'VORG', 'EBDT', 'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS',
  'GSUB', 'EBSC', 'JSTF', 'MATH', 'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc',
  'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar', 'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop',
  'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
];

const coverage = new Map<number, FontName | null>();

/** Whether the given font has a glyph for the code point (the answer the run splitting relies on). */
export function hasGlyph(font: FontName, codePoint: number): boolean {
  const { han, roboto } = loadFonts();
  return (font === 'Han' ? han : roboto).hasGlyphForCodePoint(codePoint);
}

// Below the CJK blocks (U+2E80) Roboto is preferred when it has the glyph: Latin, digits and Western
// punctuation then look the same everywhere, whichever the Han font has.
function fontFor(codePoint: number): FontName | null {
  let font = coverage.get(codePoint);
  if (font === undefined) {
    const roboto = hasGlyph('Roboto', codePoint);
    const han = hasGlyph('Han', codePoint);
    font = roboto && (codePoint < 0x2e80 || !han) ? 'Roboto' : han ? 'Han' : roboto ? 'Roboto' : null;
    coverage.set(codePoint, font);
  }
  return font;
}

export interface TextRun {
  text: string;
  font: FontName;
}

/**
 * Splits a text into runs of one font each. The runs concatenate back to the text except for these
 * replacements: CRLF and CR become LF (LF is a line break, kept in the run it falls in); a tab becomes a space;
 * any other character neither font has (control characters, emoji, scripts outside both fonts) becomes
 * MISSING_GLYPH, counted in `replaced`.
 */
export function splitRuns(text: string): { runs: TextRun[]; replaced: number } {
  const runs: TextRun[] = [];
  let replaced = 0;
  let current: TextRun | undefined;
  const push = (char: string, font: FontName | null) => {
    if (font === null) {
      // A line break needs no glyph: it stays in whichever run it falls in.
      if (current) current.text += char;
      else runs.push((current = { text: char, font: 'Han' }));
    } else if (current && current.font === font) {
      current.text += char;
    } else {
      runs.push((current = { text: char, font }));
    }
  };
  for (const char of text.replace(/\r\n?/g, '\n')) {
    const codePoint = char.codePointAt(0)!;
    if (char === '\n') push(char, null);
    else if (char === '\t') push(' ', fontFor(0x20));
    else {
      const font = fontFor(codePoint);
      if (font === null) {
        replaced += 1;
        push(MISSING_GLYPH, 'Han');
      } else push(char, font);
    }
  }
  return { runs, replaced };
}
