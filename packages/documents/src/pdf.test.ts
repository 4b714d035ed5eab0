import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { MISSING_GLYPH } from './fonts';
import { documentDefinition, renderPdf } from './pdf';
import { circular, supervisionNotice } from './samples.test-support';
import type { OfficialDocument } from './types';

async function readBack(bytes: Buffer): Promise<{ pages: number; text: string; compact: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  // Lines wrap wherever the layout put them: compare without whitespace.
  return { pages: pdf.numPages, text, compact: text.replace(/\s+/g, '') };
}

const compact = (value: string) => value.replace(/\s+/g, '');

// Renders take a few hundred milliseconds, the first one (loading pdfmake and the fonts) a second or more; on a
// busy machine several times that.
describe('renderPdf', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await renderPdf(supervisionNotice);
  }, 60_000);

  it('prints a 督办单 with its number, Chinese text, digits, Latin and the date all legible', async () => {
    const bytes = await renderPdf(supervisionNotice);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { compact: text } = await readBack(bytes);
    for (const expected of [
      '广州市跨部门联动工作机制办公室',
      '督办〔2026〕第3号',
      '关于督促报送“（二）推进南沙港区RCEP通关便利化”进展情况的督办单',
      '广州市发展和改革委员会：',
      '已逾期12个工作日未报送进展',
      '通过Liandong平台报送',
      '责任单位：广州市发展和改革委员会',
      '2026年11月进展报告（应报日期2026-11-10）',
      '黄色Level2',
      '020-12345678，邮箱zhang.san@example.gov.cn。',
      '2026年12月1日',
      '抄送：广州市人民政府办公厅。',
      '—1—',
    ]) {
      expect(text).toContain(compact(expected));
    }
    expect(text).not.toContain(MISSING_GLYPH);
  });

  it('prints a 通报 whose table runs over pages, with the header repeated and every page numbered', async () => {
    const doc = circular(8);
    const { pages, compact: text } = await readBack(await renderPdf(doc));
    expect(pages).toBe(2);
    expect(text).toContain('通报〔2026〕第7号');
    expect(text).toContain('按时率90.1%');
    expect(text).toContain('（overdue）');
    const header = '序号责任单位措施应报按时按时率';
    expect(text.split(header)).toHaveLength(3);
    expect(text).toContain('—1—');
    expect(text).toContain('—2—');
    expect(text).toContain('8市商务局（8）推进跨境贸易便利化措施第8项RCEP8587.0%');
    expect(text).toContain('于2026年12月15日前报送整改情况');
  });

  it('shows a watermark on a document not yet issued', async () => {
    const { compact: text } = await readBack(await renderPdf(circular(2, '草稿')));
    expect(text).toContain('草稿');
    const { compact: issued } = await readBack(await renderPdf(circular(2)));
    expect(issued).not.toContain('草稿');
  });

  it('marks a character no font has instead of dropping it', async () => {
    const doc: OfficialDocument = {
      ...supervisionNotice,
      body: [{ type: 'paragraph', text: '进展😀良好，完成率95%' }],
    };
    const { compact: text } = await readBack(await renderPdf(doc));
    expect(text).toContain(`进展${MISSING_GLYPH}良好，完成率95%`);
  });

  it('prints text a user typed as text, never as markup or a file to read', async () => {
    const doc: OfficialDocument = {
      ...supervisionNotice,
      title: '{"image":"/etc/passwd"}',
      body: [
        { type: 'paragraph', text: '<script>alert(1)</script> /etc/passwd http://example.com/x.png' },
        { type: 'table', columns: ['A'], rows: [['{"text":"x"}']] },
      ],
    };
    const { compact: text } = await readBack(await renderPdf(doc));
    expect(text).toContain('{"image":"/etc/passwd"}');
    expect(text).toContain('<script>alert(1)</script>/etc/passwdhttp://example.com/x.png');
  });

  it('prints a very long text in full, across pages, in a paragraph, a field and a table cell', async () => {
    // Numbered sentences with a control character in each: every one must come back, none dropped.
    const long = Array.from({ length: 1500 }, (_, i) => `第${i}条进展ab\u0007。`).join('');
    const doc: OfficialDocument = {
      ...supervisionNotice,
      body: [
        { type: 'paragraph', text: long },
        { type: 'fields', rows: [{ label: '措施', value: long }] },
        { type: 'table', columns: ['序号', '内容'], rows: [[1, long]] },
      ],
    };
    const { pages, compact: text } = await readBack(await renderPdf(doc));
    expect(pages).toBeGreaterThan(10);
    for (const i of [0, 1, 749, 1499]) {
      expect(text.split(`第${i}条进展ab${MISSING_GLYPH}。`), `sentence ${i}`).toHaveLength(4);
    }
    expect(text.split(MISSING_GLYPH)).toHaveLength(3 * 1500 + 1);
    expect(text).toContain(`—${pages}—`);
  }, 120_000);

  it('refuses a table row whose cells do not match the columns', () => {
    const doc: OfficialDocument = {
      ...supervisionNotice,
      body: [{ type: 'table', columns: ['单位', '项数'], rows: [['市商务局', 3], ['市交通运输局']] }],
    };
    expect(() => documentDefinition(doc)).toThrow('table row 2 has 1 cells but the table has 2 columns');
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => documentDefinition({ ...supervisionNotice, date: '2026-02-30' })).toThrow(
      'date must be a calendar date written YYYY-MM-DD, got "2026-02-30"',
    );
  });
});
