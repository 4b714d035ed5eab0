import { describe, expect, it } from 'vitest';
import { chineseNumberValue, hasUnclosedBracket, splitTopLevel, topLevelBrackets, withoutBrackets } from './text';

describe('splitTopLevel', () => {
  it('splits at separators outside brackets only, so 各县(市、区)政府 stays whole', () => {
    expect(splitTopLevel('市商务局、各县(市、区)政府、市财政局', '、')).toEqual(['市商务局', '各县(市、区)政府', '市财政局']);
  });

  it('treats full-width and half-width brackets alike', () => {
    expect(splitTopLevel('正常出口退（免)税,压缩至5个工作日内', ',，')).toEqual(['正常出口退（免)税', '压缩至5个工作日内']);
  });
});

describe('topLevelBrackets', () => {
  it('returns outermost pairs with nested brackets inside', () => {
    const spans = topLevelBrackets('建设(广州(南沙)片区)平台(市商务局)');
    expect(spans.map((span) => span.inner)).toEqual(['广州(南沙)片区', '市商务局']);
  });

  it('ignores an opening bracket that is never closed', () => {
    expect(topLevelBrackets('(未闭合的说明,后面(市商务局)').map((span) => span.inner)).toEqual(['市商务局']);
  });
});

describe('withoutBrackets and hasUnclosedBracket', () => {
  it('drops bracketed parts and detects a clause wrapped onto the next line', () => {
    expect(withoutBrackets('各市(区)人民政府')).toBe('各市人民政府');
    expect(hasUnclosedBracket('(省商务厅牵头,省公安厅、财政')).toBe(true);
    expect(hasUnclosedBracket('(省商务厅牵头)')).toBe(false);
  });
});

describe('chineseNumberValue', () => {
  it('reads 二十二, 一百零五 and the digit-by-digit year 二〇二五', () => {
    expect(chineseNumberValue('二十二')).toBe(22);
    expect(chineseNumberValue('十')).toBe(10);
    expect(chineseNumberValue('一百零五')).toBe(105);
    expect(chineseNumberValue('二〇二五')).toBe(2025);
    expect(chineseNumberValue('abc')).toBeNaN();
  });
});
