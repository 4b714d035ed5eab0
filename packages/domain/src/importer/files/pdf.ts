// PDF → text in reading order, through pdf.js (unpdf's build). A PDF has no paragraphs, only positioned
// strings: they are grouped into lines by baseline, lines into paragraphs by indentation, vertical gaps and
// where a line stops short of the right margin, so a line wrapped by the page width joins the next one.
// Page numbers (`— 3 —`, `第3页`) and headers or footers repeated on every page are dropped.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { PlanInputError } from '../errors';

/**
 * pdf.js needs Adobe's CMaps to read Chinese text set in a font the PDF does not embed (STSong-Light with
 * UniGB-UCS2-H, as older government PDFs are): pdfjs-dist ships them, unpdf's bundle does not.
 */
function pdfjsData(): { cMapUrl?: string; cMapPacked?: boolean; standardFontDataUrl?: string } {
  try {
    // Plain paths: under Node this pdf.js build reads them from disk, while a file:// URL fails to load.
    const base = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { cMapUrl: `${join(base, 'cmaps')}/`, cMapPacked: true, standardFontDataUrl: `${join(base, 'standard_fonts')}/` };
  } catch {
    return {};
  }
}
const PDFJS_DATA = pdfjsData();

/** A plan runs to tens of pages; thousands of pages in 5 MB is not a plan, and each page costs time. */
const MAX_PAGES = 2000;
const TIME_LIMIT_MS = 60_000;

interface Piece {
  text: string;
  x: number;
  /** Baseline, from the top of the page down. */
  y: number;
  width: number;
  size: number;
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  page: number;
  /** Its index among the page's lines, and how many lines the page has. */
  index: number;
  count: number;
}

interface RawItem {
  str?: unknown;
  transform?: unknown;
  width?: unknown;
}

function badPdf(reason: string): PlanInputError {
  return new PlanInputError('file', 'bad_pdf', `not a readable PDF: ${reason}`);
}

/** Han characters and the punctuation set with them. */
const CJK = /[\p{Script=Han}\u2014\u2018-\u201F\u2026\u3000-\u303F\uFF00-\uFFEF]/u;

/** The strings of one page as lines, top to bottom, each line's pieces left to right. */
function pageLines(items: Piece[], page: number): Line[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: Piece[][] = [];
  for (const item of sorted) {
    const current = groups[groups.length - 1];
    const first = current?.[0];
    if (current && first && Math.abs(item.y - first.y) <= Math.max(1, 0.5 * Math.min(item.size, first.size))) current.push(item);
    else groups.push([item]);
  }
  return groups.map((group, index) => {
    const pieces = group.sort((a, b) => a.x - b.x);
    let text = '';
    let end = Number.NEGATIVE_INFINITY;
    let last = '';
    for (const piece of pieces) {
      const em = Math.max(1, piece.size);
      const gap = piece.x - end;
      if (text.length > 0) {
        // A wide gap separates table cells (or columns of a form). Next to Chinese a gap is typography
        // (justification, the quarter-em autospace before digits and Latin), not a space; between words it is.
        if (gap > 2 * em) text += '\t';
        else if (gap > 0.2 * em && !CJK.test(last) && !CJK.test(piece.text[0] ?? '')) text += ' ';
      }
      text += piece.text;
      last = piece.text[piece.text.length - 1] ?? last;
      end = Math.max(end, piece.x + piece.width);
    }
    const first = pieces[0];
    return {
      text: text.trim(),
      x0: first?.x ?? 0,
      x1: end,
      y: first?.y ?? 0,
      size: Math.max(...pieces.map((piece) => piece.size)),
      page,
      index,
      count: groups.length,
    };
  });
}

const PAGE_NUMBER = [
  /^[-—–－~～\s]*\d{1,4}[-—–－~～\s]*$/u,
  /^(?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/u,
  /^\d{1,4}\s*\/\s*\d{1,4}$/u,
  /^page\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/iu,
];

/** Page furniture: page numbers at a page's top or bottom, and header or footer lines that repeat across pages. */
function dropFurniture(lines: Line[], pages: number): Line[] {
  const atEdge = (line: Line) => line.index < 2 || line.index >= line.count - 2;
  const key = (line: Line) => line.text.replace(/\d+/gu, '#').replace(/\s+/gu, '');
  const pagesWith = new Map<string, Set<number>>();
  for (const line of lines) {
    if (!atEdge(line)) continue;
    const seen = pagesWith.get(key(line)) ?? new Set<number>();
    seen.add(line.page);
    pagesWith.set(key(line), seen);
  }
  const repeated = (line: Line) => pages >= 2 && (pagesWith.get(key(line))?.size ?? 0) >= Math.max(2, Math.ceil(pages / 2));
  return lines.filter((line) => !(atEdge(line) && (PAGE_NUMBER.some((re) => re.test(line.text)) || repeated(line))));
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))] ?? 0;
}

/** The value most lines share, to the nearest 2 points: the text block's left edge. */
function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value / 2), (counts.get(Math.round(value / 2)) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best * 2;
}

const STARTS_ITEM = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,3}[.．、](?!\d)|第[一二三四五六七八九十百\d]+[条章节部分]|[①-⑳]|[—－-]{2})/u;

/** Lines into paragraphs: a line wrapped by the page width joins the next one without a break. */
function paragraphs(lines: Line[]): string[] {
  if (lines.length === 0) return [];
  const left = mode(lines.map((line) => line.x0));
  const right = quantile(lines.map((line) => line.x1), 0.9);
  const gaps: number[] = [];
  lines.forEach((line, i) => {
    const before = lines[i - 1];
    if (before && before.page === line.page && line.y > before.y) gaps.push(line.y - before.y);
  });
  const pitch = gaps.length > 0 ? quantile(gaps, 0.5) : Number.POSITIVE_INFINITY;
  const bodySize = mode(lines.map((line) => line.size));
  const middle = (left + right) / 2;

  const out: string[] = [];
  let current = '';
  lines.forEach((line, i) => {
    const before = lines[i - 1];
    let join = false;
    if (before && current.length > 0) {
      const em = Math.max(1, before.size);
      const fullWidth = before.x1 >= right - 1.5 * em;
      const indented = line.x0 > left + em;
      const spaced = line.page === before.page && line.y - before.y > 1.6 * pitch;
      const sameSize = Math.abs(line.size - before.size) <= 1;
      const cells = line.text.includes('\t') || before.text.includes('\t');
      // A title larger than the text wraps into a centred line: one title still.
      const wrappedTitle = line.size > bodySize + 1 && before.x0 <= left + em && Math.abs((line.x0 + line.x1) / 2 - middle) < em;
      join = fullWidth && (!indented || wrappedTitle) && !spaced && sameSize && !cells && !STARTS_ITEM.test(line.text);
    }
    if (join) {
      // Words wrapped at a line end were separated by a space; Chinese text and digits were not.
      const latin = /[A-Za-z]$/u.test(current) ? /^[A-Za-z0-9]/u.test(line.text) : /[0-9]$/u.test(current) && /^[A-Za-z]/u.test(line.text);
      current += (latin ? ' ' : '') + line.text;
    } else {
      if (current.length > 0) out.push(current);
      current = line.text;
    }
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** A complete PDF ends with `%%EOF` (perhaps followed by a line end or a little padding). */
function endsLikePdf(bytes: Uint8Array): boolean {
  return new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024))).includes('%%EOF');
}

function isPasswordError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'PasswordException';
}

/** The pieces of text on a page, in page coordinates turned to reading orientation (y from the top). */
async function pagePieces(pdf: Awaited<ReturnType<typeof getDocumentProxy>>, number: number): Promise<Piece[]> {
  const page = await pdf.getPage(number);
  const [a = 1, b = 0, c = 0, d = -1, e = 0, f = 0] = page.getViewport({ scale: 1 }).transform as number[];
  const content = await page.getTextContent();
  const pieces: Piece[] = [];
  for (const raw of content.items as RawItem[]) {
    if (typeof raw.str !== 'string' || !Array.isArray(raw.transform)) continue;
    // Control characters and private-use glyphs come from fonts without a Unicode mapping: noise.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    const text = raw.str.replace(/[\u0000-\u001F\u007F\uE000-\uF8FF\uFFFD]/gu, '').replace(/\s+/gu, ' ');
    if (text.trim().length === 0) continue;
    const [ta = 0, tb = 0, tc = 0, td = 0, tx = 0, ty = 0] = raw.transform as number[];
    pieces.push({
      text,
      x: a * tx + c * ty + e,
      y: b * tx + d * ty + f,
      width: typeof raw.width === 'number' ? raw.width : 0,
      size: Math.hypot(tc, td) || Math.hypot(ta, tb) || 10,
    });
  }
  page.cleanup();
  return pieces;
}

/**
 * The text of a PDF with a text layer. Throws PlanInputError: `encrypted` for a password-protected file,
 * `scanned` when the pages carry no text (page images), `bad_pdf` for a damaged or truncated file.
 */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0, stopAtErrors: false, useSystemFonts: false, disableFontFace: true, ...PDFJS_DATA });
  } catch (error) {
    if (isPasswordError(error)) {
      throw new PlanInputError('file', 'encrypted', 'the PDF is password-protected (encrypted): remove the password and upload it again');
    }
    throw badPdf(describe(error));
  }
  try {
    if (pdf.numPages > MAX_PAGES) throw badPdf(`it has ${pdf.numPages} pages, more than a plan can have`);
    const started = Date.now();
    const lines: Line[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      if (Date.now() - started > TIME_LIMIT_MS) throw badPdf('reading it took too long');
      lines.push(...pageLines(await pagePieces(pdf, number), number).filter((line) => line.text.length > 0));
    }
    const text = paragraphs(dropFurniture(lines, pdf.numPages)).join('\n').trim();
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length < 10) {
      // A file cut short loses its pages' text too: say so rather than blame a scan.
      if (!endsLikePdf(bytes)) throw badPdf('it is cut short (truncated file?)');
      throw new PlanInputError('file', 'scanned', 'the PDF has no text layer (scanned pages): OCR it or paste the text');
    }
    return text;
  } catch (error) {
    if (error instanceof PlanInputError) throw error;
    throw badPdf(describe(error));
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200) || 'damaged file';
}
