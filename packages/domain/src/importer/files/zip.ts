// The entries of a .docx (a zip archive), read defensively: an upload is untrusted input.
// fflate inflates. The central directory is walked here rather than through fflate's unzipSync, which
// neither reports the encryption flag nor notices an entry that inflates past its declared size (it
// truncates silently after doing all the work); both are what a hostile archive relies on.
import { Inflate } from 'fflate';
import { PlanInputError } from '../errors';

export interface ZipEntry {
  name: string;
  /** General-purpose flags; bit 0 set means the entry is encrypted. */
  flags: number;
  /** 0 stored, 8 deflated; anything else cannot be a .docx part. */
  method: number;
  compressedSize: number;
  /** As the central directory declares it, before anything is inflated. */
  size: number;
  localHeaderOffset: number;
}

/** Past this ratio an entry of more than a megabyte is a zip bomb: Word's XML compresses about 10:1. */
const MAX_RATIO = 100;
const RATIO_FLOOR = 1024 * 1024;
/** Compressed bytes per inflate step: bounds what one step can produce (deflate expands at most ~1032:1). */
const STEP = 16 * 1024;

const u16 = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
const u32 = (bytes: Uint8Array, at: number) => (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;

export function badDocx(reason: string): PlanInputError {
  return new PlanInputError('file', 'bad_docx', `not a readable .docx file: ${reason}`);
}

/** The central directory: every entry's name, flags and declared sizes, validated against the archive's bounds. */
export function readZipDirectory(zip: Uint8Array): ZipEntry[] {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (u32(zip, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw badDocx('no zip directory');
  const count = u16(zip, end + 10);
  const directorySize = u32(zip, end + 12);
  let at = u32(zip, end + 16);
  if (count === 0xffff || at === 0xffffffff) throw badDocx('a ZIP64 archive, which no document needs');
  if (at + directorySize > end) throw badDocx('the zip directory lies outside the file (truncated?)');
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > end || u32(zip, at) !== 0x02014b50) throw badDocx('broken zip directory');
    const nameLength = u16(zip, at + 28);
    const entry: ZipEntry = {
      name: decoder.decode(zip.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(zip, at + 8),
      method: u16(zip, at + 10),
      compressedSize: u32(zip, at + 20),
      size: u32(zip, at + 24),
      localHeaderOffset: u32(zip, at + 42),
    };
    if (entry.localHeaderOffset + 30 > zip.length || entry.compressedSize > zip.length) {
      throw badDocx(`${entry.name} lies outside the file (truncated?)`);
    }
    entries.push(entry);
    at += 46 + nameLength + u16(zip, at + 30) + u16(zip, at + 32);
  }
  return entries;
}

function zipBomb(entry: ZipEntry, why: string): PlanInputError {
  return new PlanInputError('file', 'zip_bomb', `${entry.name} ${why}: a damaged or hostile archive, not a document`);
}

/**
 * One entry's bytes. Refuses, before inflating anything, an encrypted entry, an unknown method, a declared
 * size over `limit` or an absurd compression ratio; while inflating, stops as soon as the output passes
 * what the directory declared.
 */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry, limit: number): Uint8Array {
  if (entry.flags & 1) {
    throw new PlanInputError('file', 'encrypted', 'the .docx is password-protected: remove the password in Word and upload it again');
  }
  if (entry.method !== 0 && entry.method !== 8) throw badDocx(`${entry.name} uses compression method ${entry.method}`);
  if (entry.size > limit) throw zipBomb(entry, `declares ${entry.size} bytes, more than the ${limit}-byte limit`);
  if (entry.size > RATIO_FLOOR && entry.size > entry.compressedSize * MAX_RATIO) {
    throw zipBomb(entry, `would expand ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times`);
  }

  const local = entry.localHeaderOffset;
  if (u32(zip, local) !== 0x04034b50) throw badDocx(`${entry.name} has no local header`);
  const start = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
  if (start + entry.compressedSize > zip.length) throw badDocx(`${entry.name} is cut short (truncated file?)`);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) throw badDocx(`${entry.name} has inconsistent sizes`);
    return data;
  }

  const out = new Uint8Array(entry.size);
  let length = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    if (length + chunk.length > entry.size) throw zipBomb(entry, `expands past the ${entry.size} bytes it declares`);
    out.set(chunk, length);
    length += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let from = 0; from < data.length; from += STEP) {
      inflate.push(data.subarray(from, from + STEP), from + STEP >= data.length);
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof PlanInputError) throw error;
    throw badDocx(`${entry.name} is corrupt (${error instanceof Error ? error.message : 'bad data'})`);
  }
  if (!ended || length !== entry.size) throw badDocx(`${entry.name} is cut short (truncated file?)`);
  return out;
}
