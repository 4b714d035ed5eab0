import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileDownload, MAX_FILENAME_LENGTH, PDF_CONTENT_TYPE, safeFilename } from './download';

describe('safeFilename', () => {
  it('keeps Chinese and replaces what file systems refuse', () => {
    expect(safeFilename('督办〔2026〕第3号.pdf')).toBe('督办〔2026〕第3号.pdf');
    expect(safeFilename('台账 2026/11: 逾期*?"<>|\\.xlsx')).toBe('台账 2026_11_ 逾期_______.xlsx');
    expect(safeFilename('通报\u0000\n\u0085.pdf')).toBe('通报___.pdf');
  });

  it('is never empty and avoids the names Windows reserves', () => {
    expect(safeFilename('')).toBe('download');
    expect(safeFilename(' .. ')).toBe('download');
    expect(safeFilename('CON.pdf')).toBe('_CON.pdf');
  });

  it('cuts a long name before its extension', () => {
    const name = safeFilename(`${'关于督促报送进展情况的督办单'.repeat(10)}.pdf`);
    expect([...name]).toHaveLength(MAX_FILENAME_LENGTH);
    expect(name.endsWith('督.pdf')).toBe(true);
  });

  it('gives a short, non-empty name without unsafe characters for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const name = safeFilename(input);
        expect(name.length).toBeGreaterThan(0);
        expect([...name].length).toBeLessThanOrEqual(MAX_FILENAME_LENGTH);
        // eslint-disable-next-line no-control-regex -- control characters must be gone
        expect(name).not.toMatch(/[/\\:*?"<>|\u0000-\u001F\u007F-\u009F]/);
        expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(name).toBe(name.trim());
      }),
    );
  });
});

describe('fileDownload', () => {
  it('carries the bytes as base64 under a safe name', () => {
    const bytes = Buffer.from('%PDF-1.3 联动');
    expect(fileDownload('督办/第3号.pdf', PDF_CONTENT_TYPE, bytes)).toEqual({
      filename: '督办_第3号.pdf',
      contentType: 'application/pdf',
      base64: bytes.toString('base64'),
    });
  });
});
