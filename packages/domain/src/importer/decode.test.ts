import { describe, expect, it } from 'vitest';
import { decodePlanText, MAX_PLAN_BYTES } from './decode';
import { PlanInputError } from './errors';

const utf8 = (text: string) => new TextEncoder().encode(text);

function failure(bytes: Uint8Array): PlanInputError {
  try {
    decodePlanText(bytes);
  } catch (error) {
    if (error instanceof PlanInputError) return error;
    throw error;
  }
  throw new Error('expected a PlanInputError');
}

describe('decodePlanText', () => {
  it('decodes UTF-8, strips the BOM and normalises CRLF', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('一、总体要求\r\n1.任务。(省商务厅牵头)\r\n')]);
    expect(decodePlanText(bytes)).toBe('一、总体要求\n1.任务。(省商务厅牵头)\n');
  });

  it('decodes UTF-16 with a byte-order mark, as Windows Notepad saves it', () => {
    const text = '(市商务局牵头)';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i += 1) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    expect(decodePlanText(bytes)).toBe(text);
  });

  it('rejects an empty file and a file of blanks', () => {
    expect(failure(new Uint8Array())).toMatchObject({ field: 'file', code: 'empty', message: 'file is empty' });
    expect(failure(utf8(' \n\n\t '))).toMatchObject({ code: 'empty' });
  });

  it('rejects binary content such as a PDF or image with NUL bytes', () => {
    expect(failure(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]))).toMatchObject({ code: 'binary', message: 'file is binary, not text' });
  });

  it('rejects bytes that are not UTF-8, such as a GBK file', () => {
    // 省商务厅 in GBK
    const gbk = new Uint8Array([0xca, 0xa1, 0xc9, 0xcc, 0xce, 0xf1, 0xcc, 0xfc]);
    expect(failure(gbk)).toMatchObject({ code: 'encoding', message: 'file is not valid UTF-8 text (save it as UTF-8)' });
  });

  it('rejects anything larger than 5 MB before decoding it', () => {
    expect(failure(new Uint8Array(MAX_PLAN_BYTES + 1).fill(0x41))).toMatchObject({ code: 'too_large' });
  });
});
