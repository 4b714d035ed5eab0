// One entry point for an uploaded plan document: the format is told by the bytes first (a .docx renamed
// .txt is still a .docx), by the file name second, and every failure is a PlanInputError with a reason a
// person can act on.
import { MAX_PLAN_BYTES, decodePlanText } from '../decode';
import { PlanInputError } from '../errors';
import { docxToText } from './docx';
import { htmlToText } from './html';
import { pdfToText } from './pdf';

export type PlanFileFormat = 'txt' | 'docx' | 'pdf' | 'html';

export interface PlanFile {
  text: string;
  format: PlanFileFormat;
}

/** File name endings the importer reads. */
export const PLAN_FILE_EXTENSIONS = ['.txt', '.docx', '.pdf', '.html', '.htm'] as const;

type Sniffed = PlanFileFormat | 'ole' | 'image' | 'rtf' | 'zip_other' | null;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);

/** The format the bytes announce, if any. */
function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'docx';
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip_other';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  // pdf.js, like Acrobat, accepts a header within the first kilobyte.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    /^GIF8[79]a/u.test(head) ||
    (head.startsWith('BM') && startsWith(bytes, [0, 0, 0, 0], 6)) ||
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) ||
    (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP')
  ) {
    return 'image';
  }
  if (head.startsWith('{\\rtf')) return 'rtf';
  const text = head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF|^\u00FF\u00FE|^\u00FE\u00FF/u, '').replaceAll('\u0000', '');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)[\s>]/iu.test(text)) return 'html';
  return null;
}

function extensionOf(fileName: string | undefined): string {
  const match = /\.([A-Za-z0-9]{1,8})$/u.exec(fileName ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

/** UTF-16LE "EncryptedPackage": the stream Word puts in an OLE container when a .docx is saved with a password. */
const ENCRYPTED_PACKAGE = new Uint8Array([...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]));

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = haystack.indexOf(needle[0] ?? 0); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(needle[0] ?? 0, i + 1)) {
    for (let j = 1; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function refuseOle(bytes: Uint8Array, extension: string): never {
  if (containsBytes(bytes, ENCRYPTED_PACKAGE)) {
    throw new PlanInputError('file', 'encrypted', 'the .docx is password-protected (encrypted): remove the password in Word and upload it again');
  }
  if (extension === 'wps') throw new PlanInputError('file', 'legacy_format', 'a WPS .wps file: save it as .docx');
  if (extension === 'xls' || extension === 'et') throw new PlanInputError('file', 'unsupported', 'an Excel 97–2003 workbook, not a plan document: save the plan as .docx');
  throw new PlanInputError('file', 'legacy_format', 'a Word 97–2003 .doc file: save it as .docx');
}

/** Text as returned to callers: LF line ends, no NUL or other control characters but tab and newline. */
function tidy(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\r\n?/gu, '\n').replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/gu, '');
}

async function read(bytes: Uint8Array, fileName: string | undefined): Promise<PlanFile> {
  if (bytes.length > MAX_PLAN_BYTES) throw new PlanInputError('file', 'too_large', `file is larger than 5 MB (${bytes.length} bytes)`);
  if (bytes.length === 0) throw new PlanInputError('file', 'empty', 'file is empty');
  const extension = extensionOf(fileName);
  const sniffed = sniff(bytes);
  switch (sniffed) {
    case 'docx': {
      const text = docxToText(bytes);
      if (text.trim().length === 0) throw new PlanInputError('file', 'empty', 'the .docx has no text');
      return { text: tidy(text), format: 'docx' };
    }
    case 'pdf':
      return { text: tidy(await pdfToText(bytes)), format: 'pdf' };
    case 'html':
      return { text: tidy(htmlToText(bytes)), format: 'html' };
    case 'ole':
      return refuseOle(bytes, extension);
    case 'zip_other':
      throw new PlanInputError('file', 'bad_docx', 'not a readable .docx file: an empty zip archive');
    case 'image':
      throw new PlanInputError('file', 'unsupported', 'an image, not a document: upload the plan as .docx, .pdf or text');
    case 'rtf':
      throw new PlanInputError('file', 'unsupported', 'an RTF file: save it as .docx');
    case null:
      break;
  }
  // Nothing in the bytes says what they are: the name decides, and what it promises must hold.
  if (extension === 'docx') throw new PlanInputError('file', 'bad_docx', 'not a readable .docx file: it is not a zip archive (damaged, or renamed?)');
  if (extension === 'pdf') throw new PlanInputError('file', 'bad_pdf', 'not a readable PDF: it has no %PDF header (damaged, or renamed?)');
  if (extension === 'html' || extension === 'htm') return { text: tidy(htmlToText(bytes)), format: 'html' };
  if (extension === 'doc' || extension === 'wps') throw new PlanInputError('file', 'legacy_format', `a .${extension} file this importer cannot read: save it as .docx`);
  return { text: decodePlanText(bytes), format: 'txt' };
}

/**
 * The text of an uploaded plan: .txt (UTF-8 or UTF-16 with BOM), .docx, .pdf with a text layer, or a saved
 * web page. Resolves with the text and the format read; rejects only with a PlanInputError naming the reason
 * (too large, empty, encrypted, scanned, a zip bomb, a legacy .doc, an image, damaged or truncated).
 */
export async function readPlanFile(bytes: Uint8Array, fileName?: string): Promise<PlanFile> {
  try {
    return await read(bytes, fileName);
  } catch (error) {
    if (error instanceof PlanInputError) throw error;
    // A library's failure on hostile bytes is still "this file cannot be read", never an internal error.
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 160) : '';
    throw new PlanInputError('file', 'binary', `this file could not be read${detail ? ` (${detail})` : ''}`);
  }
}
