import { createRequire } from 'node:module';
import type * as PdfMakeModule from 'pdfmake';
import type { Content, ContentText, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import { allowedFontFiles, fontPaths, hasGlyph, loadFonts, MISSING_GLYPH, splitRuns, type FontName } from './fonts';
import { formatDocumentDate } from './format';
import type { DocumentBlock, OfficialDocument } from './types';

// pdfmake 0.3's server build is a CommonJS singleton; it is configured once, on first use.
const require = createRequire(import.meta.url);
// The server build also has the virtual file system the types leave out.
type PdfMake = typeof PdfMakeModule & { virtualfs: { writeFileSync(name: string, content: Buffer): void } };
let pdfmake: PdfMake | undefined;
const HAN_FILE = 'SourceHanSansCN-Regular.otf';

function printer(): PdfMake {
  if (!pdfmake) {
    pdfmake = require('pdfmake') as PdfMake;
    // A document never fetches anything and reads only our font files, whatever its text says.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path) => allowedFontFiles.has(path));
    // pdfmake takes in-memory fonts through its virtual file system, by a name that is no path on disk.
    pdfmake.virtualfs.writeFileSync(HAN_FILE, loadFonts().hanOpenType);
    pdfmake.setFonts({
      // No bold face of Source Han Sans is shipped: bold CJK prints in the regular weight.
      Han: { normal: HAN_FILE, bold: HAN_FILE, italics: HAN_FILE, bolditalics: HAN_FILE },
      Roboto: { ...fontPaths.roboto },
    });
  }
  return pdfmake;
}

// GB/T 9704 in points: A4, body text in 三号 (16 pt), 28 mm / 26 mm side margins, 37 mm top, 35 mm bottom.
const MM = 72 / 25.4;
const PAGE_MARGINS: [number, number, number, number] = [28 * MM, 37 * MM, 26 * MM, 35 * MM];
const TEXT_WIDTH = 210 * MM - PAGE_MARGINS[0] - PAGE_MARGINS[2];
const BODY_SIZE = 16;
const TABLE_SIZE = 11;
const RED = '#C00000';

/**
 * A text element whose runs each name a font that has all their glyphs. pdfmake lays out a text node in time
 * quadratic in its length (every line re-slices the node's remaining pieces: 50,000 characters took two
 * minutes), so a long text becomes a stack of nodes of at most CHUNK characters, cut after a line break or a
 * sentence where it can; a cut starts a new line, which in a text that long reads as a paragraph break.
 */
function text(value: string, style: Omit<ContentText, 'text'> = {}): Content {
  const chunks = chunk(value);
  if (chunks.length <= 1) return inline(value, style);
  const { leadingIndent, ...shared } = style;
  return { ...shared, stack: chunks.map((part, i) => inline(part, i === 0 && leadingIndent ? { leadingIndent } : {})) };
}

function inline(value: string, style: Omit<ContentText, 'text'>): ContentText {
  const { runs } = splitRuns(value);
  return { ...style, text: runs.length === 0 ? '' : runs.map((run) => ({ text: run.text, font: run.font })) };
}

const CHUNK = 800;
// Longest text kept whole on one page: pdfmake silently drops an unbreakable block taller than a page.
const SHORT = 200;

function chunk(value: string): string[] {
  const chunks: string[] = [];
  let rest = value;
  while (rest.length > CHUNK) {
    const window = rest.slice(0, CHUNK);
    const breakAt = window.lastIndexOf('\n');
    let end = breakAt > CHUNK / 2 ? breakAt + 1 : -1;
    if (end < 0) {
      const sentence = Math.max(...[...'。！？；.!?;'].map((mark) => window.lastIndexOf(mark)));
      end = sentence > CHUNK / 2 ? sentence + 1 : CHUNK;
    }
    if (/[\uD800-\uDBFF]/.test(rest[end - 1]!)) end -= 1; // never split a surrogate pair
    chunks.push(rest.slice(0, end).replace(/\n$/, ''));
    rest = rest.slice(end);
  }
  chunks.push(rest);
  return chunks;
}

// Roughly how many em a line of text takes: ideographs are square, Latin about half as wide.
function ems(value: string): number {
  let width = 0;
  for (const char of value) width += char.codePointAt(0)! >= 0x2e80 ? 1 : 0.55;
  return width;
}

function block(item: DocumentBlock, index: number): Content {
  switch (item.type) {
    case 'heading':
      return text(item.text, { bold: true, leadingIndent: 2 * BODY_SIZE, margin: [0, index === 0 ? 0 : 6, 0, 2] });
    case 'paragraph':
      // Each line of a text a user typed is a paragraph of its own, indented two characters.
      return {
        stack: item.text
          .split(/\r\n?|\n/)
          .filter((line) => line.trim() !== '')
          .map((line) => text(line, { leadingIndent: 2 * BODY_SIZE })),
        margin: [0, 0, 0, 2],
      };
    case 'fields':
      if (item.rows.length === 0) return { text: '' };
      return {
        layout: 'noBorders',
        margin: [2 * BODY_SIZE, 2, 0, 4],
        table: {
          // The label column as wide as the longest label: 'auto' would let a CJK label wrap after one character.
          widths: [Math.ceil(Math.max(...item.rows.map((row) => ems(`${row.label}：`)), 1) * BODY_SIZE + 10), '*'],
          body: item.rows.map((row) => [text(`${row.label}：`, { bold: true }), text(row.value)]),
        },
      };
    case 'table':
      return tableBlock(item);
  }
}

function cellText(cell: string | number): string {
  return typeof cell === 'number' ? cell.toLocaleString('zh-CN', { maximumFractionDigits: 6 }) : cell;
}

function tableBlock(item: Extract<DocumentBlock, { type: 'table' }>): Content {
  const { columns, rows } = item;
  if (columns.length === 0) throw new Error('a table needs at least one column');
  rows.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new Error(`table row ${i + 1} has ${row.length} cells but the table has ${columns.length} columns`);
    }
  });
  // Short columns (numbers, names) get the width of their content, so they never wrap (CJK may break between
  // any two characters, so pdfmake's 'auto' would squeeze them); the longest text column takes the rest and
  // wraps. When the short columns alone would not fit, every column gets a share in proportion to its text.
  const longest = columns.map((header, c) =>
    Math.max(ems(header), ...rows.map((row) => ems(cellText(row[c] ?? '')))),
  );
  const widest = longest.indexOf(Math.max(...longest));
  const stretches = longest.map((width, c) => c === widest || width > 10);
  const natural = longest.map((width) => Math.ceil(width * TABLE_SIZE + 12));
  const fixed = natural.reduce((sum, width, c) => sum + (stretches[c] ? 0 : width), 0);
  const stretching = stretches.filter(Boolean).length;
  const total = longest.reduce((sum, width) => sum + Math.min(Math.max(width, 2), 16), 0);
  const widths =
    fixed + 80 * stretching <= TEXT_WIDTH
      ? natural.map((width, c) => (stretches[c] ? '*' : width))
      : longest.map((width) => `${((Math.min(Math.max(width, 2), 16) / total) * 100).toFixed(2)}%`);
  const shortRows = rows.every((row) => row.every((cell) => cellText(cell).length <= SHORT));
  const header: TableCell[] = columns.map((column) =>
    text(column, { bold: true, fillColor: '#F2F2F2', alignment: 'center' }),
  );
  const body: TableCell[][] = rows.map((row) =>
    row.map((cell) =>
      typeof cell === 'number' ? text(cellText(cell), { alignment: 'right' }) : text(cell),
    ),
  );
  const table: Content = {
    fontSize: TABLE_SIZE,
    lineHeight: 1.2,
    margin: [0, 4, 0, 8],
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#808080', vLineColor: () => '#808080' },
    table: {
      headerRows: 1,
      // Rows stay whole on a page, and the first with the header, unless a row may need more than a page.
      dontBreakRows: shortRows,
      keepWithHeaderRows: shortRows ? 1 : 0,
      widths,
      body: [header, ...body],
    },
  };
  return item.caption
    ? { stack: [text(item.caption, { alignment: 'center', fontSize: 14, margin: [0, 6, 0, 0] }), table] }
    : table;
}

// A watermark is one string in one font (pdfmake's rule): the font that has most of its characters, the others
// shown as the missing-glyph mark. In practice it is 草稿, all Han.
function watermark(value: string): TDocumentDefinitions['watermark'] {
  const chars = [...value];
  const covered = (font: FontName) => chars.filter((c) => hasGlyph(font, c.codePointAt(0)!)).length;
  const font: FontName = covered('Han') >= covered('Roboto') ? 'Han' : 'Roboto';
  const shown = chars.map((c) => (hasGlyph(font, c.codePointAt(0)!) ? c : MISSING_GLYPH)).join('');
  return { text: shown, font, color: RED, opacity: 0.12 };
}

/** The pdfmake definition of a document; exported for tests that inspect the layout. */
export function documentDefinition(doc: OfficialDocument): TDocumentDefinitions {
  const date = formatDocumentDate(doc.date);
  // The banner shrinks to stay on one line, but never below the body size (a longer name wraps).
  const bannerSize = Math.max(BODY_SIZE, Math.min(34, Math.floor((TEXT_WIDTH / Math.max(ems(doc.issuer), 1)) * 0.95)));
  const content: Content[] = [
    // 发文机关标志, then 发文字号 over the red rule (版头).
    text(doc.issuer, { fontSize: bannerSize, color: RED, alignment: 'center', margin: [0, 0, 0, 20] }),
    text(doc.number, { alignment: 'center' }),
    {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: TEXT_WIDTH, y2: 0, lineWidth: 1.5, lineColor: RED }],
      margin: [0, 6, 0, 24],
    },
    text(doc.title, { fontSize: 22, alignment: 'center', lineHeight: 1.25, margin: [0, 0, 0, 18] }),
  ];
  if (doc.addressee) content.push(text(`${doc.addressee}：`, { margin: [0, 0, 0, 2] }));
  content.push(...doc.body.map(block));
  // 署名 and 成文日期: the date right-aligned two characters in, the signature centred over it.
  content.push({
    columns: [
      { width: '*', text: '' },
      { width: 'auto', stack: [text(doc.signature), text(date)], alignment: 'center' },
    ],
    margin: [0, 3 * BODY_SIZE, 2 * BODY_SIZE, 0],
    unbreakable: doc.signature.length <= SHORT,
  });
  if (doc.footnote) {
    // A fresh node each time: pdfmake writes layout state into the nodes it is given.
    const rule = (): Content => ({
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: TEXT_WIDTH, y2: 0, lineWidth: 0.75 }],
    });
    content.push({
      stack: [rule(), text(doc.footnote, { fontSize: 14, margin: [BODY_SIZE, 4, BODY_SIZE, 4] }), rule()],
      margin: [0, 2 * BODY_SIZE, 0, 0],
      unbreakable: doc.footnote.length <= SHORT,
    });
  }
  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    language: 'zh-CN',
    info: { title: doc.title, subject: doc.number, author: doc.signature, creator: 'Liandong 联动' },
    defaultStyle: { font: 'Han', fontSize: BODY_SIZE, lineHeight: 1.45 },
    ...(doc.watermark ? { watermark: watermark(doc.watermark) } : {}),
    content,
    // Page numbers as GB/T 9704 prints them: — 1 —.
    footer: (currentPage) =>
      text(`— ${currentPage} —`, { fontSize: 14, alignment: 'center', margin: [0, 14 * MM, 0, 0] }),
  };
}

/** Renders a 督办单 or 通报 as an A4 PDF. */
export async function renderPdf(doc: OfficialDocument): Promise<Buffer> {
  const definition = documentDefinition(doc);
  return printer().createPdf(definition).getBuffer();
}
