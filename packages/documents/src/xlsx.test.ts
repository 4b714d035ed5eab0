import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sheet } from './types';
import { cleanText, MAX_CELL_LENGTH, renderXlsx, validateSheetName } from './xlsx';

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

const ledger: Sheet = {
  name: '台账 2026-11',
  title: '广州市跨部门联动工作方案（2026） 措施台账 截至2026年12月1日',
  columns: [
    { header: '序号', key: 'no', kind: 'number' },
    { header: '措施', key: 'measure' },
    { header: '责任单位', key: 'agency' },
    { header: '按时率', key: 'onTime', kind: 'percent' },
    { header: '截止日期', key: 'due', kind: 'date' },
    { header: '备注', key: 'note', width: 20 },
  ],
  rows: [
    {
      no: 1,
      measure: '（一）推进南沙港区RCEP通关便利化',
      agency: '市发展改革委',
      onTime: 0.9,
      due: '2026-12-31',
      note: null,
    },
    {
      no: 2,
      measure: '（二）'.padEnd(80, '跨境贸易'),
      agency: '黄埔海关',
      onTime: 1,
      due: new Date(Date.UTC(2027, 0, 15)),
      note: '第一行\n第二行',
    },
  ],
};

describe('renderXlsx', { timeout: 30_000 }, () => {
  it('writes a title, a frozen filtered header and typed rows that read back the same', async () => {
    const workbook = await readBack(await renderXlsx([ledger], { title: '措施台账', creator: '市商务局' }));
    expect(workbook.creator).toBe('市商务局');
    expect(workbook.title).toBe('措施台账');
    const sheet = workbook.getWorksheet('台账 2026-11')!;
    expect(sheet.getCell('A1').value).toBe(ledger.title);
    expect(sheet.getCell('A1').font.bold).toBe(true);
    expect(sheet.getCell('F1').isMerged).toBe(true);
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '措施', '责任单位', '按时率', '截止日期', '备注']);
    expect(sheet.getCell('B2').font.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.autoFilter).toBe('A2:F2');

    expect(sheet.getCell('A3').value).toBe(1);
    expect(sheet.getCell('B3').value).toBe('（一）推进南沙港区RCEP通关便利化');
    expect(sheet.getCell('D3').value).toBe(0.9);
    expect(sheet.getCell('D3').numFmt).toBe('0.0%');
    expect(sheet.getCell('E3').value).toEqual(new Date(Date.UTC(2026, 11, 31)));
    expect(sheet.getCell('E3').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('F3').value).toBeNull();
    expect(sheet.getCell('E4').value).toEqual(new Date(Date.UTC(2027, 0, 15)));
    expect(sheet.getCell('F4').value).toBe('第一行\n第二行');
    expect(sheet.rowCount).toBe(4);
  });

  it('sizes columns to their content counting CJK double, and wraps what is too long', async () => {
    const sheet = (await readBack(await renderXlsx([ledger]))).getWorksheet(1)!;
    expect(sheet.getColumn(1).width).toBe(8); // 序号 and 1, 2: the minimum
    expect(sheet.getColumn(3).width).toBe(14); // 市发展改革委: 6 CJK = 12, plus 2
    expect(sheet.getColumn(6).width).toBe(20); // given
    expect(sheet.getColumn(2).width).toBe(60); // 80 CJK characters: capped, and wrapped
    expect(sheet.getCell('B4').alignment?.wrapText).toBe(true);
  });

  it('writes hostile text as inert strings and still makes a readable file', async () => {
    const hostile = [
      '=cmd|\' /C calc\'!A0',
      '+SUM(1,2)',
      '-2+3',
      '@SUM(A1)',
      '=HYPERLINK("http://example.com","点我")',
      'bell\u0007 nul\u0000 esc\u001b vt\u000b ff\u000c end',
      'lone \uD800 surrogate \uDC00 and U+FFFE \uFFFE',
      '<xml attr="&amp;"/> ]]> &lt;',
      '表'.repeat(50_000),
    ];
    const sheet: Sheet = {
      name: 'hostile',
      title: 'title\u0001=1+1',
      columns: [{ header: '=header\u0002', key: 'text' }],
      rows: hostile.map((text) => ({ text })),
    };
    const read = (await readBack(await renderXlsx([sheet]))).getWorksheet('hostile')!;
    expect(read.getCell('A1').value).toBe('title=1+1');
    expect(read.getCell('A2').value).toBe('=header');
    hostile.forEach((text, i) => {
      const cell = read.getCell(3 + i, 1);
      expect(cell.type, text.slice(0, 20)).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(cleanText(text));
    });
    expect(read.getCell('A3').value).toBe('=cmd|\' /C calc\'!A0');
    expect(read.getCell('A8').value).toBe('bell nul esc vt ff end');
    expect(read.getCell('A9').value).toBe('lone  surrogate  and U+FFFE ');
    const long = read.getCell('A11').value as string;
    expect(long).toHaveLength(MAX_CELL_LENGTH);
    expect(long.endsWith('表…')).toBe(true);
  });

  it('leaves a number with no cell form (NaN, Infinity) empty rather than writing a corrupt file', async () => {
    const sheet: Sheet = {
      name: 'n',
      columns: [{ header: 'v', key: 'v', kind: 'percent' }],
      rows: [{ v: Number.NaN }, { v: Number.POSITIVE_INFINITY }, { v: 0.5 }],
    };
    const read = (await readBack(await renderXlsx([sheet]))).getWorksheet('n')!;
    expect([read.getCell('A2').value, read.getCell('A3').value, read.getCell('A4').value]).toEqual([null, null, 0.5]);
  });

  it('round-trips arbitrary strings less the characters XML forbids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 8 }), async (texts) => {
        const sheet: Sheet = { name: 's', columns: [{ header: 'h', key: 't' }], rows: texts.map((t) => ({ t })) };
        const read = (await readBack(await renderXlsx([sheet]))).getWorksheet('s')!;
        texts.forEach((text, i) => {
          const value = read.getCell(2 + i, 1).value;
          const expected = cleanText(text);
          expect(value ?? '').toBe(expected);
        });
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('refuses bad sheet names, naming the sheet', async () => {
    const sheet = (name: string): Sheet => ({ name, columns: [{ header: 'h', key: 'k' }], rows: [] });
    await expect(renderXlsx([sheet('进展/统计')])).rejects.toThrow('sheet name "进展/统计" contains one of the characters');
    await expect(renderXlsx([sheet('')])).rejects.toThrow('sheet name "" is empty');
    await expect(renderXlsx([sheet('广州市跨部门联动工作机制办公室各责任单位措施落实情况统计表2026')])).rejects.toThrow(
      'is 33 characters long (at most 31)',
    );
    await expect(renderXlsx([sheet('x'.repeat(32))])).rejects.toThrow(`sheet name "${'x'.repeat(32)}" is 32 characters long`);
    await expect(renderXlsx([sheet("'quoted'")])).rejects.toThrow('begins or ends with an apostrophe');
    await expect(renderXlsx([sheet('History')])).rejects.toThrow('sheet name "History" is reserved');
    await expect(renderXlsx([sheet('台账'), sheet('Sheet'), sheet('sheet')])).rejects.toThrow(
      'sheet name "sheet" is used twice (Excel ignores case: "Sheet")',
    );
    await expect(renderXlsx([])).rejects.toThrow('a workbook needs at least one sheet');
    await expect(renderXlsx([{ name: '空', columns: [], rows: [] }])).rejects.toThrow('sheet "空" has no columns');
  });

  it('accepts every name of 1 to 31 allowed characters', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 31, unit: fc.constantFrom(...'台账统计 Ab1-_()（）。.#') }),
        (name) => {
          fc.pre(!name.startsWith("'") && name.toLowerCase() !== 'history');
          expect(() => validateSheetName(name)).not.toThrow();
        },
      ),
    );
  });
});
