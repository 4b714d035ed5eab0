import { describe, expect, it } from 'vitest';
import { PlanInputError } from './errors';
import { parsePlan } from './parse';

describe('parsePlan', () => {
  it('reads a full-width document with （一） measures, mixed clause styles and sections', () => {
    const plan = parsePlan(
      [
        '关于加快发展外贸新业态的实施方案',
        '一、主要任务',
        '（一）加强组织领导。建立工作机制。（市商务局牵头，市财政局、市税务局配合）',
        '（二）推进平台建设。建设平台（不含6亩）。（市发展改革委、市商务局分别牵头，各县（市、区）政府按职责分工负责）',
        '二、保障措施',
        '（三）强化要素保障。〔责任单位：市自然资源局、市生态环境局、市场监管局按职责分工负责〕',
      ].join('\n'),
    );
    expect(plan.title).toBe('关于加快发展外贸新业态的实施方案');
    expect(plan.measures).toEqual([
      expect.objectContaining({ number: '（一）', section: '一、主要任务', title: '加强组织领导', body: '建立工作机制。', leads: ['市商务局'], partners: ['市财政局', '市税务局'], allDistricts: false }),
      expect.objectContaining({ number: '（二）', title: '推进平台建设', body: '建设平台（不含6亩）。', leads: ['市发展改革委', '市商务局'], partners: [], allDistricts: true }),
      expect.objectContaining({ number: '（三）', section: '二、保障措施', body: '', leads: ['市自然资源局'], partners: ['市生态环境局', '市市场监管局'] }),
    ]);
  });

  it('reads 1、 measures with 牵头单位/配合单位 lines, blank lines inside, KPIs and a title with a year range', () => {
    const plan = parsePlan(
      [
        '某某市推进数字经济发展三年行动计划（2024—2026年）',
        '',
        '1、实施数字基建工程。',
        '',
        '到2026年，全市5G基站达到3万个以上，千兆宽带用户突破100万户。',
        '牵头单位：市工业和信息化局',
        '配合单位：市通信管理办、市发展改革委',
        '',
        '2、实施产业数字化工程。推动规上工业企业数字化转型。牵头单位：市工业和信息化局；配合单位：市科技局、财政局',
      ].join('\n'),
    );
    expect(plan.title).toBe('某某市推进数字经济发展三年行动计划（2024—2026年）');
    const [first, second] = plan.measures;
    expect(first).toMatchObject({
      number: '1',
      title: '实施数字基建工程',
      body: '到2026年，全市5G基站达到3万个以上，千兆宽带用户突破100万户。',
      leads: ['市工业和信息化局'],
      partners: ['市通信管理办', '市发展改革委'],
    });
    expect(first?.kpis.map((kpi) => [kpi.metric, kpi.target, kpi.unit, kpi.deadline])).toEqual([
      ['5G基站', 3, '万个', 2026],
      ['千兆宽带用户', 100, '万户', 2026],
    ]);
    expect(second).toMatchObject({ leads: ['市工业和信息化局'], partners: ['市科技局', '市财政局'], body: '推动规上工业企业数字化转型。' });
  });

  it('treats sub-items with their own clauses as the measures and the item above them as their section', () => {
    const plan = parsePlan(
      ['二、主要任务', '1.建设创新平台。', '（1）建设实验室。（市科技局负责）', '（2）建设中试基地。（市工业和信息化局牵头，市科技局配合）', '2.培育创新主体。实施高企倍增计划。（市科技局）'].join('\n'),
    );
    expect(plan.measures.map((m) => [m.number, m.section, m.part, m.leads])).toEqual([
      ['（1）', '1.建设创新平台。', '二、主要任务', ['市科技局']],
      ['（2）', '1.建设创新平台。', '二、主要任务', ['市工业和信息化局']],
      ['2', '二、主要任务', '二、主要任务', ['市科技局']],
    ]);
  });

  it('keeps sub-items without clauses inside their measure', () => {
    const plan = parsePlan(['1.建设创新平台。', '（1）建设实验室。', '（2）建设中试基地。', '（市科技局牵头，市工业和信息化局配合）'].join('\n'));
    expect(plan.measures).toHaveLength(1);
    expect(plan.measures[0]).toMatchObject({ title: '建设创新平台', body: '（1）建设实验室。\n（2）建设中试基地。', leads: ['市科技局'] });
  });

  it('applies a 以下不再列出 note naming every district to the measures after it', () => {
    const plan = parsePlan(
      ['一、总体要求', '各区人民政府为各项任务的责任单位，以下不再列出。', '二、主要任务', '1.建设平台。（市科技局负责）', '2.培育主体。（市科技局）'].join('\n'),
    );
    expect(plan.measures.map((m) => m.allDistricts)).toEqual([true, true]);
  });

  it('keeps a measure without a clause among measures with one, and warns', () => {
    const plan = parsePlan(['二、主要任务', '1.建设平台。(市科技局牵头)', '2.培育主体。', '3.深化合作。(市商务局牵头)', '三、保障措施', '(一)加强组织领导。'].join('\n'));
    expect(plan.measures.map((m) => m.number)).toEqual(['1', '2', '3']);
    expect(plan.measures[1]).toMatchObject({ leads: [], partners: [], responsibilityText: [] });
    expect(plan.warnings).toEqual(['measure 2: no responsibility clause found']);
  });

  it('warns about a clause with no lead unit and an empty name', () => {
    const plan = parsePlan(['1.加强协同。（各区政府）', '2.加强监督。（市审计局、、市统计局）'].join('\n'));
    expect(plan.measures[0]).toMatchObject({ leads: [], allDistricts: true });
    expect(plan.warnings).toEqual([
      'measure 1: no lead unit (牵头单位) in its responsibility clause',
      'measure 2: a unit name is empty (two separators in a row)',
    ]);
  });

  it('reads measures from a tab-separated task table', () => {
    const plan = parsePlan(['序号\t工作任务\t牵头单位\t配合单位', '1\t推进商事制度改革。\t市市场监管局\t市政务服务数据管理局、税务局'].join('\n'));
    expect(plan.measures).toEqual([
      expect.objectContaining({ number: '1', title: '推进商事制度改革', leads: ['市市场监管局'], partners: ['市政务服务数据管理局', '市税务局'] }),
    ]);
  });

  it('rejects empty text and text without any measure', () => {
    expect(() => parsePlan('  \n ')).toThrow(PlanInputError);
    expect(() => parsePlan('黄金股再度走强,跨境支付概念股携手大涨。')).toThrow('no measures found');
    expect(() => parsePlan('一、总体要求\n(一)指导思想。以高水平开放为引领。')).toThrow(PlanInputError);
  });
});
