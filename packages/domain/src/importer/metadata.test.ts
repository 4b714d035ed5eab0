import { describe, expect, it } from 'vitest';
import { dateOfLine, readMetadata } from './metadata';

describe('readMetadata', () => {
  it('reads title and issuer from the notice that issues the plan, and the document number on its own line', () => {
    const header = [
      '广东省人民政府关于印发中国(广东)自由贸易试验区提升战略行动方案的通知',
      '粤府函〔2024〕9号',
      '各地级以上市人民政府,省政府各部门、各直属机构:',
      '省人民政府',
      '2024年1月12日',
    ];
    expect(readMetadata(header, header)).toEqual({
      title: '中国(广东)自由贸易试验区提升战略行动方案',
      documentNumber: '粤府函〔2024〕9号',
      issuer: '广东省人民政府',
      issuedOn: '2024-01-12',
    });
  });

  it('reads a title broken over two lines and a signature date after the measures', () => {
    const header = ['中国(广东)自由贸易试验区', '', '提升战略行动方案'];
    const all = [...header, '1.扩大开放。(省商务厅牵头)', '广州市人民政府', '二〇二四年三月五日'];
    expect(readMetadata(header, all)).toEqual({
      title: '中国(广东)自由贸易试验区提升战略行动方案',
      documentNumber: null,
      issuer: '广州市人民政府',
      issuedOn: '2024-03-05',
    });
  });

  it('reads title and issuer from a news lead, and ignores a document number cited in a sentence', () => {
    const header = [
      '广州市人民政府办公厅日前印发《广州市关于以高水平开放推动服务贸易和数字贸易高质量发展的若干措施》。其中提到,推进数据跨境流动。',
      '为全面贯彻落实《国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见》(国办发〔2024〕44号),制定以下措施。',
    ];
    expect(readMetadata(header, header)).toEqual({
      title: '广州市关于以高水平开放推动服务贸易和数字贸易高质量发展的若干措施',
      documentNumber: null,
      issuer: '广州市人民政府办公厅',
      issuedOn: null,
    });
  });

  it('keeps a trailing (试行) or year range in a title line', () => {
    expect(readMetadata(['某某市推进数字经济发展三年行动计划（2024—2026年）'], []).title).toBe('某某市推进数字经济发展三年行动计划（2024—2026年）');
  });

  it('returns nulls when nothing is said', () => {
    expect(readMetadata(['为推动高质量发展,制定以下措施。'], [])).toEqual({ title: null, documentNumber: null, issuer: null, issuedOn: null });
  });
});

describe('dateOfLine', () => {
  it('reads Arabic and Chinese dates and rejects impossible ones', () => {
    expect(dateOfLine('2024年1月12日')).toBe('2024-01-12');
    expect(dateOfLine('二〇二四年十二月三十一日')).toBe('2024-12-31');
    expect(dateOfLine('2024年13月1日')).toBeNull();
    expect(dateOfLine('于2024年1月12日印发')).toBeNull();
  });
});
