import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PlanInputError } from '../errors';
import { readZipDirectory, readZipEntry } from './zip';

const MB = 1024 * 1024;

function entryOf(zip: Uint8Array, name: string) {
  const entry = readZipDirectory(zip).find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${name} not in the archive`);
  return entry;
}

/** Rewrites an entry's declared uncompressed size in the central directory, as a forged archive would. */
function forgeDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const forged = zip.slice();
  const view = new DataView(forged.buffer);
  const name8 = strToU8(name);
  for (let at = 0; at < forged.length - 46; at += 1) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (length === name8.length && name8.every((byte, i) => forged[at + 46 + i] === byte)) view.setUint32(at + 24, size, true);
  }
  return forged;
}

function refusal(run: () => unknown): PlanInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlanInputError);
    return error as PlanInputError;
  }
  throw new Error('expected a PlanInputError');
}

describe('readZipEntry', () => {
  it('inflates an entry fflate compressed, and reads a stored one', () => {
    const xml = '<w:document>一、稳步扩大制度型开放</w:document>';
    for (const level of [0, 6] as const) {
      const zip = zipSync({ 'word/document.xml': strToU8(xml) }, { level });
      expect(new TextDecoder().decode(readZipEntry(zip, entryOf(zip, 'word/document.xml'), MB))).toBe(xml);
    }
  });

  it('refuses, before inflating, an entry that declares more than the limit', () => {
    const zip = zipSync({ 'word/document.xml': new Uint8Array(3 * MB).fill(0x41) }, { level: 9 });
    expect(refusal(() => readZipEntry(zip, entryOf(zip, 'word/document.xml'), 2 * MB))).toMatchObject({ code: 'zip_bomb', reason: expect.stringContaining('more than the 2097152-byte limit') });
  });

  it('refuses a zip bomb: a few hundred kilobytes that claim 300 MB of one repeated byte', () => {
    // 300 MB of 'A' deflates to about 300 KB; the directory's declared size and ratio betray it.
    const zip = zipSync({ 'word/document.xml': new Uint8Array(300 * MB).fill(0x41) }, { level: 9 });
    expect(zip.length).toBeLessThan(MB);
    const entry = entryOf(zip, 'word/document.xml');
    expect(refusal(() => readZipEntry(zip, entry, 50 * MB)).code).toBe('zip_bomb');
    // Under a limit it would pass, the ratio alone refuses it.
    expect(refusal(() => readZipEntry(zip, entry, 400 * MB)).reason).toMatch(/would expand \d+ times/u);
  }, 60_000);

  it('stops inflating an entry that expands past the size its directory declares', () => {
    const zip = forgeDeclaredSize(zipSync({ 'word/document.xml': new Uint8Array(20 * MB).fill(0x41) }, { level: 9 }), 'word/document.xml', 1000);
    expect(refusal(() => readZipEntry(zip, entryOf(zip, 'word/document.xml'), 50 * MB))).toMatchObject({ code: 'zip_bomb', reason: expect.stringContaining('expands past the 1000 bytes it declares') });
  }, 30_000);

  it('refuses an encrypted entry', () => {
    const zip = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
    const entry = { ...entryOf(zip, 'word/document.xml'), flags: 1 };
    expect(refusal(() => readZipEntry(zip, entry, MB)).code).toBe('encrypted');
  });

  it('refuses a truncated archive and corrupt compressed data as a damaged .docx', () => {
    const zip = zipSync({ 'word/document.xml': strToU8('<w:document>'.repeat(2000)) });
    expect(refusal(() => readZipDirectory(zip.subarray(0, zip.length - 30))).code).toBe('bad_docx');
    const corrupt = zip.slice();
    const entry = entryOf(corrupt, 'word/document.xml');
    corrupt.fill(0xff, entry.localHeaderOffset + 60, entry.localHeaderOffset + 90);
    expect(refusal(() => readZipEntry(corrupt, entry, MB)).code).toBe('bad_docx');
  });
});
