import type { FileDownload } from './types';

export const MAX_FILENAME_LENGTH = 100;

// Characters no common file system takes in a name, control characters, and unpaired surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[/\\:*?"<>|\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Names Windows keeps for devices, with or without an extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name every browser and file system accepts, keeping Chinese: each unsafe character becomes '_',
 * leading and trailing spaces and dots go, and a name longer than 100 characters is cut before its extension.
 * Never empty: what has nothing left is called 'download'.
 */
export function safeFilename(name: string): string {
  let safe = name.replace(UNSAFE, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (RESERVED.test(safe)) safe = `_${safe}`;
  const chars = [...safe];
  if (chars.length > MAX_FILENAME_LENGTH) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 ? [...safe.slice(dot)] : [];
    const kept = extension.length > 0 && extension.length <= 10 ? extension : [];
    safe = [...chars.slice(0, MAX_FILENAME_LENGTH - kept.length), ...kept].join('').replace(/^[\s.]+|[\s.]+$/g, '');
  }
  return safe === '' ? 'download' : safe;
}

/** A file for the browser to save, as a tRPC procedure returns it; the name is made safe. */
export function fileDownload(filename: string, contentType: string, bytes: Buffer): FileDownload {
  return { filename: safeFilename(filename), contentType, base64: bytes.toString('base64') };
}

export const PDF_CONTENT_TYPE = 'application/pdf';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
