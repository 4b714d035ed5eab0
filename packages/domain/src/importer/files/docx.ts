// .docx → text as a reader sees it: one line per paragraph with Word's automatic numbers written out,
// tracked deletions and field codes dropped, and each table row one line of TAB-joined cells (what
// table.ts `expandTables` reads), a vertically merged cell repeating the value above into every row it spans.
import { PlanInputError } from '../errors';
import { WordNumbering, WordStyles, numPrOf } from './numbering';
import { attrOf, childOf, childrenOf, findFirst, parseXml, tagOf, textOf, valOf } from './xml';
import type { XmlNode } from './xml';
import { badDocx, readZipDirectory, readZipEntry } from './zip';
import type { ZipEntry } from './zip';

/** word/document.xml may be large (embedded tables); 50 MB of XML is far past any plan. */
const MAX_DOCUMENT_XML = 50 * 1024 * 1024;
const MAX_PART_XML = 10 * 1024 * 1024;

interface Context {
  numbering: WordNumbering;
  styles: WordStyles;
}

/** Wrappers whose content counts as if it stood in their place: content controls, revisions kept, links. */
const TRANSPARENT = new Set(['sdt', 'sdtContent', 'customXml', 'smartTag', 'ins', 'moveTo', 'hyperlink', 'fldSimple', 'dir', 'bdo']);
/** Content that is not on the page: tracked deletions, and property and bookkeeping elements. */
const SKIPPED = new Set(['del', 'moveFrom', 'delText', 'instrText', 'delInstrText', 'sdtPr', 'sdtEndPr', 'rPr', 'pPr', 'sectPr', 'Fallback']);

function isHidden(run: XmlNode): boolean {
  const rPr = childOf(run, 'rPr');
  const vanish = childOf(rPr, 'vanish') ?? childOf(rPr, 'webHidden');
  return vanish !== undefined && attrOf(vanish, 'val') !== '0' && attrOf(vanish, 'val') !== 'false';
}

/** The text of a paragraph's inline content; text boxes met on the way are rendered into `boxes`. */
function inlineText(nodes: XmlNode[], ctx: Context, boxes: string[]): string {
  let out = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (SKIPPED.has(tag)) continue;
    switch (tag) {
      case 't':
        out += childrenOf(node).map(textOf).join('');
        break;
      case 'tab':
      case 'ptab':
        out += '\t';
        break;
      case 'br':
      case 'cr':
        out += '\n';
        break;
      case 'noBreakHyphen':
        out += '-';
        break;
      case 'softHyphen':
      case 'sym':
        break;
      case 'r':
        if (!isHidden(node)) out += inlineText(childrenOf(node), ctx, boxes);
        break;
      case 'txbxContent':
        boxes.push(...blockLines(childrenOf(node), ctx));
        break;
      case 'AlternateContent': {
        // Word writes a text box twice (DrawingML choice, VML fallback): read the first form only.
        const choice = childrenOf(node).find((child) => tagOf(child) === 'Choice') ?? childOf(node, 'Fallback');
        if (choice) out += inlineText(childrenOf(choice), ctx, boxes);
        break;
      }
      default:
        if (!('#text' in node)) out += inlineText(childrenOf(node), ctx, boxes);
    }
  }
  return out;
}

/** A paragraph as text, its automatic number first; may hold line breaks (`w:br`). */
function paragraphText(paragraph: XmlNode, ctx: Context, boxes: string[]): string {
  const pPr = childOf(paragraph, 'pPr');
  const own = numPrOf(pPr);
  const styled = ctx.styles.numPrOf(valOf(pPr, 'pStyle'));
  const numId = own?.numId ?? styled?.numId;
  const ilvl = own?.ilvl ?? styled?.ilvl ?? 0;
  // Word counts an empty numbered paragraph too; its lone number is left out of the text.
  const label = ctx.numbering.next(numId, ilvl);
  const text = inlineText(childrenOf(paragraph), ctx, boxes).replace(/\u00AD/gu, '');
  return text.trim().length === 0 ? '' : label + text;
}

/** Pieces of a cell joined as a reader would: a list of unit names by 、, anything else by a space. */
function joinCellPieces(pieces: string[]): string {
  const names = pieces.length > 1 && pieces.every((piece) => piece.length >= 3 && piece.length <= 30 && !/[\s。；;，,：:、！？!?()（）]/u.test(piece));
  return pieces.join(names ? '、' : ' ');
}

function cellText(cell: XmlNode, ctx: Context): string {
  const pieces = blockLines(childrenOf(cell), ctx, true)
    .flatMap((line) => line.split('\n'))
    .map((piece) => piece.replace(/\s+/gu, ' ').trim())
    .filter((piece) => piece.length > 0);
  return joinCellPieces(pieces);
}

/** Children with this tag, looking through content controls and kept revisions (`w:sdt` around rows). */
function elements(nodes: XmlNode[], tag: string): XmlNode[] {
  const found: XmlNode[] = [];
  for (const node of nodes) {
    const name = tagOf(node);
    if (name === tag) found.push(node);
    else if (TRANSPARENT.has(name)) found.push(...elements(childrenOf(node), tag));
  }
  return found;
}

/**
 * A table as one line per row, cells joined by TAB. `gridSpan` keeps the columns aligned with the header (the
 * value, then empty cells); a `vMerge` continuation repeats the text of the merged cell above it.
 */
function tableLines(table: XmlNode, ctx: Context): string[] {
  const lines: string[] = [];
  const above = new Map<number, string>();
  for (const row of elements(childrenOf(table), 'tr')) {
    const trPr = childOf(row, 'trPr');
    if (childOf(trPr, 'del')) continue;
    const cells: string[] = [];
    let column = 0;
    const skip = (count: number) => {
      for (let i = 0; i < count; i += 1) {
        cells.push('');
        column += 1;
      }
    };
    skip(Number(valOf(trPr, 'gridBefore') ?? '0') || 0);
    for (const cell of elements(childrenOf(row), 'tc')) {
      const tcPr = childOf(cell, 'tcPr');
      const span = Math.max(1, Math.min(64, Number(valOf(tcPr, 'gridSpan') ?? '1') || 1));
      const vMerge = childOf(tcPr, 'vMerge');
      const merge = vMerge ? (attrOf(vMerge, 'val') ?? 'continue') : undefined;
      const text = merge === 'continue' ? (above.get(column) ?? '') : cellText(cell, ctx);
      above.set(column, text);
      cells.push(text.replace(/\t/gu, ' '));
      column += 1;
      skip(span - 1);
    }
    const line = cells.join('\t').replace(/\t+$/u, '');
    if (line.trim().length > 0) lines.push(line);
  }
  return lines;
}

/** A generated table of contents repeats the headings with page numbers: not part of the text. */
function isTableOfContents(sdt: XmlNode): boolean {
  const gallery = valOf(childOf(childOf(sdt, 'sdtPr'), 'docPartObj'), 'docPartGallery');
  return gallery !== undefined && /^Table of Contents/iu.test(gallery);
}

/**
 * Block content (a body, a cell, a text box) as lines. In a cell a nested table's rows read as text: the
 * cell is one field of its own row.
 */
function blockLines(nodes: XmlNode[], ctx: Context, inCell = false): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'p') {
      const boxes: string[] = [];
      const text = paragraphText(node, ctx, boxes);
      // An empty paragraph is a blank line, as in a typed plan: it can separate a title from what follows.
      if (text.length > 0 || !inCell) lines.push(inCell ? text : text.replace(/^[\t ]+/u, ''));
      lines.push(...boxes);
    } else if (tag === 'tbl') {
      const rows = tableLines(node, ctx);
      lines.push(...(inCell ? rows.map((row) => row.replace(/\t+/gu, ' ')) : rows));
    } else if (tag === 'sdt' && isTableOfContents(node)) {
      continue;
    } else if (TRANSPARENT.has(tag)) {
      lines.push(...blockLines(childrenOf(node), ctx, inCell));
    } else if (tag === 'AlternateContent') {
      const choice = childOf(node, 'Choice') ?? childOf(node, 'Fallback');
      if (choice) lines.push(...blockLines(childrenOf(choice), ctx, inCell));
    }
  }
  return lines;
}

function part(zip: Uint8Array, entries: ZipEntry[], name: string, limit: number): XmlNode[] | undefined {
  const entry = entries.find((candidate) => candidate.name === name);
  return entry ? parseXml(readZipEntry(zip, entry, limit)) : undefined;
}

/** What a zip that is not a Word document is, when its parts say so. */
function notWord(entries: ZipEntry[]): string {
  const names = new Set(entries.map((entry) => entry.name));
  if (names.has('xl/workbook.xml')) return 'it is an Excel workbook (.xlsx), not a Word document';
  if (names.has('ppt/presentation.xml')) return 'it is a PowerPoint presentation (.pptx), not a Word document';
  if (names.has('content.xml')) return 'it is an OpenDocument file (.odt): save it as .docx';
  return 'it has no word/document.xml';
}

/**
 * The text of a Word document (.docx, also as written by WPS and LibreOffice): one line per paragraph, table
 * rows as TAB-joined cells, automatic numbering written out. Throws PlanInputError for anything unreadable.
 */
export function docxToText(bytes: Uint8Array): string {
  const entries = readZipDirectory(bytes);
  // The main part is named by the package relationships; every writer seen uses word/document.xml.
  const main = entries.find((entry) => entry.name === 'word/document.xml') ?? entries.find((entry) => /^word\/document\d*\.xml$/u.test(entry.name));
  if (!main) throw badDocx(notWord(entries));
  let document: XmlNode[];
  let ctx: Context;
  try {
    document = parseXml(readZipEntry(bytes, main, MAX_DOCUMENT_XML));
    const styles = new WordStyles(part(bytes, entries, 'word/styles.xml', MAX_PART_XML));
    ctx = { styles, numbering: new WordNumbering(part(bytes, entries, 'word/numbering.xml', MAX_PART_XML), styles) };
  } catch (error) {
    if (error instanceof PlanInputError) throw error;
    throw badDocx(`its XML cannot be read (${error instanceof Error ? error.message.split('\n')[0] : 'malformed'})`);
  }
  const body = findFirst(document, 'body');
  if (!body) throw badDocx('word/document.xml has no body');
  return blockLines(childrenOf(body), ctx)
    .join('\n')
    .replace(/[ \t]+$/gmu, '')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}
