// One test per class of mistake issue 11 names, each on a real sentence from the corpus (the directory is named).
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse';
import type { ParsedMeasure } from './types';

function only(text: string): ParsedMeasure {
  const plan = parsePlan(text);
  expect(plan.measures).toHaveLength(1);
  return plan.measures[0] as ParsedMeasure;
}

const roles = (m: ParsedMeasure) => ({ leads: m.leads, partners: m.partners, allDistricts: m.allDistricts });

describe('a plan-level note that states the convention', () => {
  it('applies 列第一位者为牵头或汇总单位 written after the last name (20 桐乡), and keeps it out of the names', () => {
    const m = only(
      '1.加大财政支持力度。\n责任单位:财政局、发改局、经信局、科技局、商务局、人才办、金融发展服务中心、服务业局、建设局、农业农村局、文化和广电旅游体育局、工商联(列第一位者为牵头或汇总单位,下同)',
    );
    expect(m.leads).toEqual(['财政局']);
    expect(m.partners.at(-1)).toBe('工商联');
    expect(m.conventions).toEqual(['列第一位者为牵头或汇总单位,下同']);
  });

  it('applies 以下政策措施均需各县区人民政府…落实,不再单独列出 in the first clause to every measure after it (16 淮安)', () => {
    const plan = parsePlan(
      [
        '1.积极争取省级专项资金。(责任单位:市工信局、市财政局等有关部门,各县区人民政府、园区管委会。以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出)',
        '2.成立“智改数转”工作专班。(责任单位:市工信局、市财政局)',
      ].join('\n'),
    );
    expect(plan.measures.map(roles)).toEqual([
      { leads: ['市工信局'], partners: ['市财政局', '园区管委会'], allDistricts: true },
      { leads: ['市工信局'], partners: ['市财政局'], allDistricts: true },
    ]);
    const names = plan.measures.flatMap((m) => [...m.leads, ...m.partners]).join('|');
    expect(names).not.toMatch(/以下|不再|。/u);
    expect(plan.conventions.map((c) => [c.kind, c.from])).toEqual([['all_districts', '1']]);
    expect(plan.measures[1]?.conventions).toEqual(['以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出']);
  });
});

describe('a note inside a clause', () => {
  it('reads 具体任务均涉及相关市(州)人民政府,不再做分工,下同 as every district, not as names (29 四川)', () => {
    const plan = parsePlan(
      [
        '(一)加强市场体系建设。推进高标准市场体系建设。〔责任单位:省发展改革委、省市场监管局、商务厅、省大数据中心按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕',
        '(二)优化市场准入环境。实施“证照分离”改革全覆盖。〔责任单位:省市场监管局〕',
      ].join('\n'),
    );
    expect(plan.measures.map(roles)).toEqual([
      { leads: ['省发展改革委'], partners: ['省市场监管局', '省商务厅', '省大数据中心'], allDistricts: true },
      { leads: ['省市场监管局'], partners: [], allDistricts: true },
    ]);
  });
});

describe('a trailing responsibility phrase', () => {
  it('trims 等按职责分工负责 and 等相关部门按职责分工负责 (19 厦门, 25 河南)', () => {
    expect(
      only('1.促进服务消费。(责任单位:市发改委、财政局,厦门金融监管局等按职责分工负责,下同)').partners,
    ).toEqual(['市财政局', '厦门金融监管局']);
    expect(
      only('1.落实好提振市场信心措施。(省商务厅、财政厅、发展改革委、人行郑州中心支行、河南银保监局等相关部门按职责分工负责)').partners,
    ).toEqual(['省财政厅', '省发展改革委', '人行郑州中心支行', '河南银保监局']);
  });

  it('trims 市地税局等按照职责分工负责。 inside the bracket (the issue’s sentence)', () => {
    expect(only('1.落实税收优惠。(市财政局牵头,市国税局、市地税局等按照职责分工负责。)').partners).toEqual(['市国税局', '市地税局']);
  });
});

describe('shorthand after a prefixed first unit', () => {
  it('expands 市行政审批局、住建局、司法局 and 市发改委、财政局、商务局… (19 厦门)', () => {
    expect(only('1.优化审批。(市行政审批局、住建局、司法局)').partners).toEqual(['市住建局', '市司法局']);
    expect(only('1.促进服务消费。(责任单位:市商务局、文旅局、民政局、卫健委、发改委)').partners).toEqual([
      '市文旅局',
      '市民政局',
      '市卫健委',
      '市发改委',
    ]);
  });

  it('leaves names that carry their own place (河南银保监局, 农业发展银行云南省分行) as written (25, 46)', () => {
    expect(only('1.加大信贷支持。(省发展改革委、财政厅、农业发展银行云南省分行、河南银保监局)').partners).toEqual([
      '省财政厅',
      '农业发展银行云南省分行',
      '河南银保监局',
    ]);
  });
});

describe('collective partners', () => {
  it('keeps 区直各部门, 各相关单位 and 全区经济运行各专班 as named groups and reads 各街道 as every district (01 立山)', () => {
    const plan = parsePlan(
      [
        '一、经济社会发展的主要预期目标',
        '1.努力实现地区生产总值增长6.2%左右。',
        '牵头单位:区发改局',
        '责任单位:立山经济开发区,全区经济运行各专班',
        '2.固定资产投资增长15%左右。',
        '牵头单位:区发改局',
        '责任单位:立山经济开发区,各街道、区直各部门',
        '3.居民收入增长与经济增长基本同步。',
        '牵头单位:区发改局',
        '责任单位:各街道,各相关单位',
      ].join('\n\n'),
    );
    expect(plan.measures.map(roles)).toEqual([
      { leads: ['区发改局'], partners: ['立山经济开发区', '全区经济运行各专班'], allDistricts: false },
      { leads: ['区发改局'], partners: ['立山经济开发区', '区直各部门'], allDistricts: true },
      { leads: ['区发改局'], partners: ['各相关单位'], allDistricts: true },
    ]);
    expect(plan.measures.map((m) => m.groups)).toEqual([['全区经济运行各专班'], ['区直各部门'], ['各相关单位']]);
  });
});

describe('牵头单位: / 责任单位: lines', () => {
  it('reads them for the first measure after a heading, when a name is not a known kind of body (01 立山)', () => {
    const plan = parsePlan('一、经济社会发展的主要预期目标\n\n1.努力实现地区生产总值增长6.2%左右。\n\n牵头单位:区发改局\n\n责任单位:立山经济开发区,全区经济运行各专班');
    expect(plan.measures.map((m) => [m.number, m.leads])).toEqual([['1', ['区发改局']]]);
  });

  it('reads a heading that names the lead of the items under it: (三)省编办牵头的工作 (07 山西)', () => {
    const plan = parsePlan(
      [
        '(三)省编办牵头的工作',
        '1.深化行政管理体制改革,优化政府机构设置。',
        '2.积极稳妥地推进乡镇机构改革。',
        '协同单位:省财政厅、省人事厅、省农业厅等省直有关部门和各市人民政府。',
        '二、薛延忠常务副省长负责的工作',
        '(一)省人民政府办公厅牵头的工作',
        '1.加强政府自身建设,切实优化政务环境。',
        '协同单位:省直有关部门和各市人民政府。',
      ].join('\n'),
    );
    expect(plan.measures.map((m) => [m.number, ...Object.values(roles(m))])).toEqual([
      ['1', ['省编办'], [], false],
      ['2', ['省编办'], ['省财政厅', '省人事厅', '省农业厅'], true],
      ['1', ['省人民政府办公厅'], ['省直有关部门'], true],
    ]);
  });
});

describe('paragraphs a web page ran together', () => {
  it('splits numbered items that follow a closing bracket on one line (19 厦门)', () => {
    const plan = parsePlan(
      '为深入贯彻党的二十大精神,制定本措施。 1.加快释放消费品以旧换新政策效应。落实好加力支持消费品以旧换新政策。(责任单位:市发改委、财政局) 2.促进服务消费高质量发展。培育壮大餐饮住宿。(责任单位:市商务局、文旅局)',
    );
    expect(plan.measures.map((m) => [m.number, m.leads[0]])).toEqual([
      ['1', '市发改委'],
      ['2', '市商务局'],
    ]);
  });

  it('splits items run together without punctuation when the number continues its sequence, not 统一、 (84 县科技八条, 55 西宁)', () => {
    const plan = parsePlan(
      '关于科技支持全县经济平稳发展的八条政策措施一、从快从实组织实施一批科技创新项目1.组织华威汽车内饰、春立医疗、利江生物申报省级科研项目,拟争取省级科技资金500万元,(县发改局、县财政局负责)2.组织新认定的高新技术企业申报,拟争取省级奖励资金150万元,(县发改局、县财政局负责)二、从快从实落地一批服务企业举措4.大力推动研发费用加计扣除等政策应享尽享,(县发改局负责)三、从快从实拓宽企业融资渠道6.开展“政银企保”对接会议,(县发改局、县金融办及有关银行部门负责)',
    );
    expect(plan.measures.map((m) => [m.number, m.leads.join(), m.partners.join()])).toEqual([
      ['1', '县发改局', '县财政局'],
      ['2', '县发改局', '县财政局'],
      ['4', '县发改局', ''],
      ['6', '县发改局', '县金融办,有关银行部门'],
    ]);
    expect(parsePlan('1.提高流通管理部门管理效能。建立分工明确、权责统一、协调高效的流通管理体制。(市商务局牵头)').measures).toHaveLength(1);
  });
});

describe('a heading that carries its clause', () => {
  it('keeps the paragraph under `一、强化科技创新(区科技局牵头)` as its text and deadline (83 吴兴)', () => {
    const plan = parsePlan('一、强化科技创新(区科技局牵头)\n培育发展新质生产力。2025年,力争全社会研发投入强度达到2.95%。\n二、扩大有效投资(区发改局牵头)\n加快重大项目建设。');
    expect(plan.measures.map((m) => [m.number, m.leads.join(), m.deadline?.due ?? null])).toEqual([
      ['一', '区科技局', '2025-12-31'],
      ['二', '区发改局', null],
    ]);
  });

  it('reads 参加 as a partner’s role (81 济宁)', () => {
    const [m] = parsePlan('1.坚持就业优先发展战略。(市发展改革委、市人力资源社会保障局牵头,市委组织部、国家统计局济宁调查队参加)').measures;
    expect([m?.leads, m?.partners]).toEqual([['市发展改革委', '市人力资源社会保障局'], ['市委组织部', '国家统计局济宁调查队']]);
  });
});
