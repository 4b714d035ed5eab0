import { describe, expect, it } from 'vitest';
import { normalizeText, toLines } from './normalize';

describe('normalizeText', () => {
  it('strips the BOM and zero-width characters and turns CRLF into LF', () => {
    expect(normalizeText('\uFEFF一、总体要求\r\n(一)\u200B指导思想\r')).toBe('一、总体要求\n(一)指导思想\n');
  });

  it('folds full-width digits and letters but keeps Chinese punctuation as written', () => {
    expect(normalizeText('１．到２０２５年，ＲＣＥＰ（试行）')).toBe('1．到2025年，RCEP（试行）');
  });

  it('turns ideographic and no-break spaces into plain spaces and keeps tabs for tables', () => {
    expect(normalizeText('\u3000\u3000一、\u00A0总体\t要求')).toBe('  一、 总体\t要求');
  });
});

describe('toLines', () => {
  it('trims every line and keeps blank lines as empty strings', () => {
    expect(toLines('  一、总体要求  \n\n\u3000(一)指导思想')).toEqual(['一、总体要求', '', '(一)指导思想']);
  });
});
