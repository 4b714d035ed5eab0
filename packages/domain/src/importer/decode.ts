import { PlanInputError } from './errors';

/** Largest document accepted: a plan is tens of kilobytes; anything past this is not a plan. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

/**
 * Bytes of an uploaded `.txt` as text. Rejects, naming the reason, what cannot be a plan: nothing at all, more
 * than 5 MB, binary content (a NUL byte or many control characters: a .doc, .pdf, image), or bytes that are not
 * UTF-8 (typically a GBK file). UTF-16 with a byte-order mark, as Windows Notepad saves "Unicode", is accepted.
 * The BOM is stripped and CRLF/CR become LF.
 */
export function decodePlanText(bytes: Uint8Array): string {
  if (bytes.length > MAX_PLAN_BYTES) {
    throw new PlanInputError('file', 'too_large', `file is larger than 5 MB (${bytes.length} bytes)`);
  }
  if (bytes.length === 0) throw new PlanInputError('file', 'empty', 'file is empty');

  let text: string;
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    text = new TextDecoder(utf16).decode(bytes.subarray(2));
  } else {
    if (bytes.includes(0)) throw new PlanInputError('file', 'binary', 'file is binary, not text');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new PlanInputError('file', 'encoding', 'file is not valid UTF-8 text (save it as UTF-8)');
    }
  }

  text = text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
  if (looksBinary(text)) throw new PlanInputError('file', 'binary', 'file is binary, not text');
  if (text.trim().length === 0) throw new PlanInputError('file', 'empty', 'file has no text');
  return text;
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** More than 1% C0 control characters (other than tab, LF, CR, FF) means binary data that happened to decode. */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0) controls += 1;
  }
  return controls > Math.max(2, text.length / 100);
}
