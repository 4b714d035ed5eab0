// .docx → text: read word/document.xml out of the zip and keep paragraphs, tabs and line breaks.
// No dependencies: a zip directory walk plus the DEFLATE decoder in inflate.ts.
import { PlanInputError } from './errors';
import { inflateRaw } from './inflate';

const MAX_XML_BYTES = 64 * 1024 * 1024;

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

function badDocx(reason: string): PlanInputError {
  return new PlanInputError('file', 'bad_docx', `not a readable .docx file: ${reason}`);
}

/** The bytes of one entry of a zip archive, found through the central directory. */
function readZipEntry(zip: Uint8Array, wanted: string): Uint8Array | null {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (u32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw badDocx('no zip directory');
  const entries = u16(zip, eocd + 10);
  let at = u32(zip, eocd + 16);
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < entries; n += 1) {
    if (u32(zip, at) !== 0x02014b50) throw badDocx('broken zip directory');
    const method = u16(zip, at + 10);
    const compressedSize = u32(zip, at + 20);
    const nameLength = u16(zip, at + 28);
    const extraLength = u16(zip, at + 30);
    const commentLength = u16(zip, at + 32);
    const localHeader = u32(zip, at + 42);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== wanted) continue;
    if (u32(zip, localHeader) !== 0x04034b50) throw badDocx('broken zip entry');
    const dataStart = localHeader + 30 + u16(zip, localHeader + 26) + u16(zip, localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) return data;
    if (method !== 8) throw badDocx(`unsupported compression method ${method}`);
    try {
      return inflateRaw(data, MAX_XML_BYTES);
    } catch (error) {
      throw badDocx(error instanceof Error ? error.message : 'corrupt data');
    }
  }
  return null;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/gu, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? '';
  });
}

/**
 * The text of a Word document: one line per paragraph, table cells separated by tabs and rows by line
 * breaks (as Word's "save as text" does). Deleted revisions and field codes are dropped. Word's automatic
 * numbering is not in the text, so a plan numbered that way loses its `1.` / `(一)` markers.
 */
export function docxToText(bytes: Uint8Array): string {
  const xmlBytes = readZipEntry(bytes, 'word/document.xml');
  if (!xmlBytes) throw badDocx('it has no word/document.xml');
  const xml = new TextDecoder('utf-8').decode(xmlBytes);
  const cleaned = xml
    .replace(/<w:delText[^>]*>[\s\S]*?<\/w:delText>/gu, '')
    .replace(/<w:instrText[^>]*>[\s\S]*?<\/w:instrText>/gu, '');
  // A table cell becomes one tab-terminated field (its paragraphs joined by a space), a row one line.
  const tables = cleaned
    .replace(/<w:tc\b[\s\S]*?<\/w:tc>/gu, (cell) => `${cell.replace(/<\/w:p>|<w:(?:br|cr)\b[^>]*\/>|<w:tab\/>/gu, ' ')}\t`)
    .replace(/<\/w:tr>/gu, '\n');
  const text = decodeEntities(
    tables
      .replace(/<w:tab\/>/gu, '\t')
      .replace(/<w:(?:br|cr)\b[^>]*\/>/gu, '\n')
      .replace(/<\/w:p>/gu, '\n')
      .replace(/<[^>]+>/gu, ''),
  );
  return text
    .split('\n')
    .map((line) => line.replace(/ +\t/gu, '\t').replace(/[\t ]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/** True when the bytes start like a zip archive (`PK\x03\x04`), which is what a .docx is. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
