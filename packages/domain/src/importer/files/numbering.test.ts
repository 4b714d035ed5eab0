import { describe, expect, it } from 'vitest';
import { formatNumber } from './numbering';

describe('formatNumber', () => {
  it('counts in Chinese as Word shows chineseCounting and its variants', () => {
    const counted = [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1005].map((n) => formatNumber(n, 'chineseCounting'));
    expect(counted).toEqual(['一', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零一', '一百一十', '一千零五']);
    expect(formatNumber(22, 'taiwaneseCountingThousand')).toBe('二十二');
    expect(formatNumber(12, 'chineseLegalSimplified')).toBe('壹拾贰');
    expect(formatNumber(10, 'ideographDigital')).toBe('一〇');
  });

  it('writes circled, bracketed, lettered and Roman numbers, and decimal for what it does not know', () => {
    expect([1, 20, 21].map((n) => formatNumber(n, 'decimalEnclosedCircle'))).toEqual(['①', '⑳', '21']);
    expect(formatNumber(3, 'decimalEnclosedParen')).toBe('⑶');
    expect(formatNumber(3, 'ideographTraditional')).toBe('丙');
    expect([1, 26, 27].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'z', 'aa']);
    expect(formatNumber(14, 'upperRoman')).toBe('XIV');
    expect(formatNumber(7, 'decimalZero')).toBe('07');
    expect(formatNumber(12, 'decimalFullWidth')).toBe('１２');
    expect(formatNumber(5, 'ordinalText')).toBe('5');
    expect(formatNumber(5, 'none')).toBe('');
  });
});
