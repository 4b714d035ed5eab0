import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSeeds } from '../fixtures.support';
import { parsePlan } from '../parse';
import { pdfToText } from './pdf';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));
/** The seed's paragraphs, as the PDF was made from them: one per non-blank line. */
const seedParagraphs = (file: string) =>
  readFileSync(join(findSeeds(), file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, ''))
    .filter((line) => line.length > 0);
const compact = (line: string) => line.replace(/[\s\u00A0]+/gu, '');

describe('pdfToText', () => {
  it('joins the lines the page width wrapped and starts a paragraph where the text does (LibreOffice PDF of 002)', async () => {
    const lines = (await pdfToText(fixture('002.pdf'))).split('\n');
    expect(lines.map(compact)).toEqual(seedParagraphs('002_551b2c05a62b80d5.txt').map(compact));
  });

  it('drops the page numbers (— 2 —) and the running header repeated on every page', async () => {
    const text = await pdfToText(fixture('002.pdf'));
    expect(text).not.toMatch(/—\s*\d+\s*—/u);
    expect(text.split('\n')).not.toContain('广州市人民政府办公厅');
  });

  it('keeps numbers whole across justification gaps and line ends (到2025年, 3700万标箱)', async () => {
    const text = await pdfToText(fixture('003.pdf'));
    expect(text).toContain('到2025年,争取进出口总额突破8000亿元。');
    expect(text).toContain('集装箱吞吐量达3700万标箱');
    expect(text.split('\n').map(compact)).toEqual(seedParagraphs('003_5a1bbc60fce88403.txt').map(compact));
  });

  it('reads Chinese set in a font the PDF does not embed (STSong-Light through Adobe CMaps, as ReportLab writes it)', async () => {
    const text = await pdfToText(fixture('cid-font.pdf'));
    expect(text.split('\n')).toEqual([
      '关于推进政务服务提质增效的实施方案',
      '一、重点任务',
      '（一）推行企业开办一网通办，压缩开办时间至1个工作日。（市市场监管局牵头，市公安局、市税务局按职责分工负责）',
      '（二）深化证照分离改革，推进照后减证和简化审批。（市市场监管局、市司法局牵头，各区政府按职责分工负责）',
    ]);
    expect(parsePlan(text).measures.map((m) => [m.number, m.leads, m.allDistricts])).toEqual([
      ['（一）', ['市市场监管局'], false],
      ['（二）', ['市市场监管局', '市司法局'], true],
    ]);
  });

  it('joins the cells of a one-line table row with TAB', async () => {
    const lines = (await pdfToText(fixture('tasks.pdf'))).split('\n');
    expect(lines).toContain('序号\t重点任务\t牵头单位\t配合单位\t完成时限');
    expect(lines).toContain('3\t开展信用修复一件事试点。\t市发展改革委\t长期坚持');
  });

  it('refuses a password-protected PDF, one of page images, and a damaged one', async () => {
    await expect(pdfToText(fixture('encrypted.pdf'))).rejects.toMatchObject({ code: 'encrypted' });
    await expect(pdfToText(fixture('scanned.pdf'))).rejects.toMatchObject({ code: 'scanned', reason: 'the PDF has no text layer (scanned pages): OCR it or paste the text' });
    await expect(pdfToText(new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog'))).rejects.toMatchObject({ code: 'bad_pdf' });
  });
});
