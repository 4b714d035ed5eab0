import { describe, expect, it } from 'vitest';
import { extractKpis } from './kpi';

const short = (text: string, options = {}) =>
  extractKpis(text, options).map((kpi) => [kpi.metric, kpi.comparator, kpi.target, kpi.unit, kpi.deadline]);

describe('extractKpis', () => {
  it('reads metric, target, unit and deadline, and carries the deadline to the next target in the sentence', () => {
    expect(short('到2025年,争取广东自贸试验区集装箱吞吐量达3700万标箱,港口货物吞吐量突破5.5亿吨。')).toEqual([
      ['集装箱吞吐量', '=', 3700, '万标箱', 2025],
      ['港口货物吞吐量', '>=', 5.5, '亿吨', 2025],
    ]);
  });

  it('reads 突破 and …以上 as at least', () => {
    expect(short('到2025年,争取累计注册外商投资企业突破3万家,累计实际利用外资金额突破700亿美元。')).toEqual([
      ['累计注册外商投资企业', '>=', 3, '万家', 2025],
      ['累计实际利用外资金额', '>=', 700, '亿美元', 2025],
    ]);
    expect(short('到2025年,争取广州期货交易所上市期货品种达到5个以上。')).toEqual([['上市期货品种', '>=', 5, '个', 2025]]);
  });

  it('reads 压缩至…内 as at most, with no deadline when the sentence names no year', () => {
    expect(short('确保正常出口退(免)税平均办理时间压缩至5个工作日内,其中办理一类、二类出口企业正常出口退(免)税的平均时间,压缩在3个工作日内。')).toEqual([
      ['正常出口退(免)税平均办理时间', '<=', 5, '个工作日', null],
      ['办理一类、二类出口企业正常出口退(免)税的平均时间', '<=', 3, '个工作日', null],
    ]);
  });

  it('reads a verb written before its metric: 压缩企业开办时间至1个工作日内', () => {
    expect(short('推进放管服改革,压缩企业开办时间至1个工作日内。')).toEqual([['企业开办时间', '<=', 1, '个工作日', null]]);
  });

  it('reads percentages, 底前 deadlines and 十四五末', () => {
    expect(short('2026年底前,全市政务服务事项网上可办率达到98%以上。')).toEqual([['政务服务事项网上可办率', '>=', 98, '%', 2026]]);
    expect(short('到“十四五”期末,跨境电商进出口额力争突破1000亿元。')).toEqual([['跨境电商进出口额', '>=', 1000, '亿元', 2025]]);
  });

  it('does not read a support cap as a target: 最高不超过100万元', () => {
    expect(short('每年以综合评价方式分档给予支持,最高不超过100万元。')).toEqual([]);
  });

  it('does not read numbers in brackets, counts of existing items or year ranges as targets', () => {
    expect(short('向外资开放国内互联网虚拟专用网业务(外资股比不超过50%)。')).toEqual([]);
    expect(short('落实三批99项与港澳规则衔接机制对接事项清单。')).toEqual([]);
    expect(short('对2025—2029年度竞争力强的企业给予支持。')).toEqual([]);
  });

  it('needs a deadline or 争取/确保 outside measures, so a news figure is not a plan target', () => {
    expect(short('外贸进出口总值年均增长超25%。', { requireIntent: true })).toEqual([]);
    expect(short('到2025年,争取进出口总额突破8000亿元。', { requireIntent: true })).toEqual([['进出口总额', '>=', 8000, '亿元', 2025]]);
  });

  it('keeps the clause a target was read from', () => {
    expect(extractKpis('到2025年,争取国际分拨集拼业务突破2000亿元。')[0]?.text).toBe('争取国际分拨集拼业务突破2000亿元');
  });
});
