import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, it as prop } from '@fast-check/vitest';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PlanInputError } from '../errors';
import { findSeeds } from '../fixtures.support';
import { parsePlan } from '../parse';
import type { ParsedPlan } from '../types';
import { readPlanFile } from '.';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));
const seedText = (file: string) => readFileSync(join(findSeeds(), file), 'utf8');

/** What an import must keep whatever the format: each measure's number, leads, partners and 各区政府. */
const summary = (plan: ParsedPlan) => plan.measures.map((m) => ({ number: m.number, leads: m.leads, partners: m.partners, allDistricts: m.allDistricts }));

async function rejection(bytes: Uint8Array, name?: string): Promise<PlanInputError> {
  const error: unknown = await readPlanFile(bytes, name).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlanInputError);
  const planError = error as PlanInputError;
  expect(planError.reason).not.toContain('\n');
  return planError;
}

describe('readPlanFile reads the seed plans the same in every format', () => {
  const seeds = [
    { seed: '002_551b2c05a62b80d5.txt', count: 22, files: ['002.docx', '002.pdf', '002.html'] },
    { seed: '003_5a1bbc60fce88403.txt', count: 20, files: ['003.docx', '003-numbered.docx', '003.pdf', '003-gbk.html'] },
  ];
  for (const { seed, count, files } of seeds) {
    const expected = summary(parsePlan(seedText(seed)));

    it(`finds ${count} measures in the .txt of ${seed}`, () => {
      expect(expected).toHaveLength(count);
    });

    for (const file of files) {
      it(`reads ${file} into the same ${count} measures, leads, partners and districts as the .txt`, async () => {
        const { text, format } = await readPlanFile(fixture(file), file);
        expect(format).toBe(/\.(docx|pdf|html)$/u.exec(file)?.[1]);
        expect(summary(parsePlan(text))).toEqual(expected);
      });
    }
  }

  it('reads the plan title, document number and issuer of 003 from its .docx and .pdf as from the .txt', async () => {
    const fromText = parsePlan(seedText('003_5a1bbc60fce88403.txt'));
    for (const file of ['003.docx', '003-numbered.docx', '003.pdf']) {
      const plan = parsePlan((await readPlanFile(fixture(file), file)).text);
      expect(plan).toMatchObject({ title: fromText.title, documentNumber: fromText.documentNumber, issuer: fromText.issuer, issuedOn: fromText.issuedOn });
    }
  });

  it('writes out Word automatic numbering: the numbered .docx has the typed .docx text', async () => {
    const typed = await readPlanFile(fixture('003.docx'));
    const numbered = await readPlanFile(fixture('003-numbered.docx'));
    expect(numbered.text).toBe(typed.text);
    expect(numbered.text).toContain('\n二、重点工作任务\n');
    expect(numbered.text).toContain('\n(六)加强区域协同发展,提升辐射带动能力。\n');
    expect(numbered.text).toContain('\n20. 加大改革创新经验复制推广。');
  });
});

describe('readPlanFile tells the format by the bytes first and the name second', () => {
  it('reads a .docx named .txt as a .docx and a text file as text', async () => {
    expect((await readPlanFile(fixture('tasks.docx'), 'plan.txt')).format).toBe('docx');
    expect(await readPlanFile(new TextEncoder().encode('1. 扩大开放。(市商务局牵头)\n'), 'plan.txt')).toEqual({ text: '1. 扩大开放。(市商务局牵头)\n', format: 'txt' });
  });

  it('reads a page without a doctype by its .html name, and a fragment by its tags', async () => {
    const fragment = new TextEncoder().encode('<div id="zoom"><p>1. 扩大开放。</p><p>(市商务局牵头)</p></div>');
    expect(await readPlanFile(fragment, 'page.htm')).toEqual({ text: '1. 扩大开放。\n(市商务局牵头)', format: 'html' });
    const page = new TextEncoder().encode('<html><body><p>1. 扩大开放。</p></body></html>');
    expect((await readPlanFile(page)).format).toBe('html');
  });

  it('keeps decodePlanText for .txt: UTF-16 with a BOM is read, GBK text is refused with its reason', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('措施', (ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]).flat()]);
    expect((await readPlanFile(utf16, 'plan.txt')).text).toBe('措施');
    const gbk = new Uint8Array([0xb9, 0xe3, 0xd6, 0xdd, 0xca, 0xd0]);
    expect((await rejection(gbk, 'plan.txt')).code).toBe('encoding');
  });
});

describe('readPlanFile refuses what is not a readable plan, in one line', () => {
  it.each([
    ['encrypted.pdf', 'encrypted', /password-protected/u],
    ['encrypted.docx', 'encrypted', /password-protected/u],
    ['scanned.pdf', 'scanned', /no text layer.*OCR it or paste the text/u],
    ['legacy.doc', 'legacy_format', /^a Word 97–2003 \.doc file: save it as \.docx$/u],
  ])('refuses %s as %s', async (file, code, reason) => {
    const error = await rejection(fixture(file), file);
    expect(error.code).toBe(code);
    expect(error.reason).toMatch(reason);
  });

  it('refuses a .wps (OLE) file, asking for a .docx', async () => {
    const error = await rejection(fixture('legacy.doc'), '方案.wps');
    expect(error).toMatchObject({ code: 'legacy_format', reason: 'a WPS .wps file: save it as .docx' });
  });

  it('refuses an empty file and one over 5 MB before reading it', async () => {
    expect((await rejection(new Uint8Array(0), 'plan.docx')).code).toBe('empty');
    expect((await rejection(new Uint8Array(5 * 1024 * 1024 + 1), 'plan.pdf')).code).toBe('too_large');
  });

  it('refuses a truncated .docx and a truncated .pdf as damaged', async () => {
    const docx = fixture('002.docx');
    expect(await rejection(docx.subarray(0, Math.floor(docx.length * 0.6)), '002.docx')).toMatchObject({ code: 'bad_docx', reason: expect.stringMatching(/^not a readable \.docx file: /u) });
    const pdf = fixture('002.pdf');
    expect(await rejection(pdf.subarray(0, 2000), '002.pdf')).toMatchObject({ code: 'bad_pdf', reason: expect.stringMatching(/^not a readable PDF: /u) });
  });

  it('refuses a .docx or .pdf name on bytes that are neither', async () => {
    const text = new TextEncoder().encode('1. 扩大开放。(市商务局牵头)');
    expect(await rejection(text, 'plan.docx')).toMatchObject({ code: 'bad_docx', reason: expect.stringContaining('not a zip archive') });
    expect(await rejection(text, 'plan.pdf')).toMatchObject({ code: 'bad_pdf', reason: expect.stringContaining('%PDF') });
  });

  it('refuses images, RTF and other Office files by what they are', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(await rejection(png, 'scan.docx')).toMatchObject({ code: 'unsupported', reason: expect.stringContaining('an image') });
    expect(await rejection(new TextEncoder().encode('{\\rtf1\\ansi 措施}'), 'plan.rtf')).toMatchObject({ code: 'unsupported', reason: 'an RTF file: save it as .docx' });
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    expect(await rejection(xlsx, 'plan.docx')).toMatchObject({ code: 'bad_docx', reason: expect.stringContaining('Excel') });
  });

  it('refuses random bytes as binary', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect((await rejection(random, 'plan.txt')).code).toBe('binary');
  });
});

/** Bytes a hostile or clumsy upload could hold: random, random behind a real signature, or a real file cut and damaged. */
const uploads = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc
    .tuple(fc.constantFrom('PK\u0003\u0004', '%PDF-1.7\n', '\u00D0\u00CF\u0011\u00E0\u00A1\u00B1\u001A\u00E1', '<!DOCTYPE html><html>', '<meta charset="gbk">'), fc.uint8Array({ maxLength: 2048 }))
    .map(([head, rest]) => new Uint8Array([...Array.from(head, (ch) => ch.charCodeAt(0)), ...rest])),
  fc
    .tuple(fc.constantFrom('tasks.docx', 'encrypted.pdf', 'scanned.pdf', '002.html', 'legacy.doc'), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 8 }))
    .map(([file, keep, flips]) => {
      const bytes = fixture(file).slice(0, Math.max(1, Math.floor(fixture(file).length * keep)));
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return bytes;
    }),
);

describe('readPlanFile on any bytes', () => {
  prop.prop([uploads, fc.constantFrom(undefined, 'plan.txt', 'plan.docx', 'plan.pdf', 'plan.html')], { numRuns: 150 })(
    'resolves to text or rejects with a one-line PlanInputError, never anything else',
    async (bytes, name) => {
      const outcome: unknown = await readPlanFile(bytes, name).then(
        (file) => file,
        (error: unknown) => error,
      );
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(PlanInputError);
        expect((outcome as PlanInputError).reason).not.toMatch(/\n/u);
      } else {
        expect(typeof (outcome as { text: unknown }).text).toBe('string');
      }
    },
    120_000,
  );
});
