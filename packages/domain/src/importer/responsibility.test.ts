import { describe, expect, it } from 'vitest';
import { assignRoles, endsWithClause, findClauses, isClauseLine, isResponsibilityLine, notListedDistricts } from './responsibility';

/** Leads, partners and all-districts of a measure text, as the importer settles them. */
function rolesOf(text: string) {
  const { leads, partners, allDistricts } = assignRoles(findClauses(text).map((span) => span.responsibility));
  return { leads, partners, allDistricts };
}

describe('responsibility clauses with a 牵头 marker', () => {
  it('reads (X牵头,A,B、C按职责分工负责) with shorthand expanded', () => {
    expect(rolesOf('加快推进。(省商务厅牵头,省委网信办,省公安厅、财政厅按职责分工负责)')).toEqual({
      leads: ['省商务厅'],
      partners: ['省委网信办', '省公安厅', '省财政厅'],
      allDistricts: false,
    });
  });

  it('reads co-leads written (A、B牵头,…) and A、B分别牵头', () => {
    expect(rolesOf('打造集聚区。(人民银行广东省分行、人民银行深圳市分行牵头,横琴粤澳深度合作区执委会按职责分工负责)').leads).toEqual([
      '人民银行广东省分行',
      '人民银行深圳市分行',
    ]);
    expect(rolesOf('建设平台。（市发展改革委、市商务局分别牵头，各县（市、区）政府按职责分工负责）')).toEqual({
      leads: ['市发展改革委', '市商务局'],
      partners: [],
      allDistricts: true,
    });
  });

  it('reads a lead-only clause (X牵头)', () => {
    expect(rolesOf('加大复制推广。(省商务厅牵头)')).toEqual({ leads: ['省商务厅'], partners: [], allDistricts: false });
  });

  it('reads (X牵头,Y、Z配合) and a bare sentence A、B牵头,C参与。', () => {
    expect(rolesOf('建立机制。（市商务局牵头，市财政局、市税务局配合）')).toMatchObject({ leads: ['市商务局'], partners: ['市财政局', '市税务局'] });
    expect(rolesOf('引进人才。市人力资源社会保障局、市教育局牵头，市科技局参与。')).toMatchObject({
      leads: ['市人力资源社会保障局', '市教育局'],
      partners: ['市科技局'],
    });
  });

  it('reads (责任单位:X牵头,A、B等按职责分工负责)', () => {
    expect(rolesOf('优化营商环境。（责任单位：市市场监管局牵头，市政务服务数据管理局、市司法局等按职责分工负责）')).toMatchObject({
      leads: ['市市场监管局'],
      partners: ['市政务服务数据管理局', '市司法局'],
    });
  });

  it('takes names before the first 牵头 as co-leads: (省发展改革委,海关总署广东分署牵头,省商务厅参与)', () => {
    expect(rolesOf('推进改革。(省发展改革委,海关总署广东分署牵头,省商务厅参与)')).toMatchObject({
      leads: ['省发展改革委', '海关总署广东分署'],
      partners: ['省商务厅'],
    });
  });
});

describe('responsibility clauses without a 牵头 marker', () => {
  it('lets the first unit listed lead: (A、B、C,各区政府)', () => {
    expect(rolesOf('深化开放。(市发展改革委、市商务局、市投发委办,各区政府)')).toEqual({
      leads: ['市发展改革委'],
      partners: ['市商务局', '市投发委办'],
      allDistricts: true,
    });
  });

  it('reads (A、B、C负责) and 〔责任单位:A、B按职责分工负责〕 the same way', () => {
    expect(rolesOf('完善政策。（市商务局、市财政局、市人力资源社会保障局负责）')).toMatchObject({
      leads: ['市商务局'],
      partners: ['市财政局', '市人力资源社会保障局'],
    });
    expect(rolesOf('强化保障。〔责任单位：市自然资源局、市生态环境局、市场监管局按职责分工负责〕')).toMatchObject({
      leads: ['市自然资源局'],
      partners: ['市生态环境局', '市市场监管局'],
    });
  });

  it('reads 牵头单位: and 配合单位: lines after the measure', () => {
    const text = '实施数字基建工程。\n牵头单位：市工业和信息化局\n配合单位：市通信管理办、市发展改革委';
    expect(rolesOf(text)).toMatchObject({ leads: ['市工业和信息化局'], partners: ['市通信管理办', '市发展改革委'] });
    expect(findClauses(text)[0]?.text).toBe('牵头单位：市工业和信息化局\n配合单位：市通信管理办、市发展改革委');
  });

  it('reads 牵头单位:X;配合单位:A、B on the same line as the measure, stopping at 完成时限', () => {
    expect(rolesOf('推动转型。牵头单位：市工业和信息化局；配合单位：市科技局、财政局。完成时限：2025年底')).toMatchObject({
      leads: ['市工业和信息化局'],
      partners: ['市科技局', '市财政局'],
    });
  });

  it('reads 【牵头单位】 and 【配合单位】 written as bracketed labels', () => {
    expect(rolesOf('加强宣传。【牵头单位】市委宣传部【配合单位】市文化广电旅游局')).toMatchObject({
      leads: ['市委宣传部'],
      partners: ['市文化广电旅游局'],
    });
  });

  it('reads a 责任单位: line whose names are on the next line', () => {
    expect(rolesOf('推进审批改革。\n责任单位：\n市政务服务数据管理局、各区人民政府')).toEqual({
      leads: ['市政务服务数据管理局'],
      partners: [],
      allDistricts: true,
    });
  });
});

describe('clauses in the middle of a measure and notes', () => {
  it('counts the union of a clause in the middle and one at the end', () => {
    const text = '推进审批改革(市政务服务数据管理局牵头)。推动数据共享(市政务服务数据管理局、市公安局,各区政府负责)。';
    expect(findClauses(text)).toHaveLength(2);
    expect(rolesOf(text)).toEqual({ leads: ['市政务服务数据管理局'], partners: ['市公安局'], allDistricts: true });
  });

  it('drops a 列第一位者为牵头单位 note from the names', () => {
    expect(rolesOf('加强监管。(列第一位者为牵头单位:市市场监管局、市商务局)')).toMatchObject({ leads: ['市市场监管局'], partners: ['市商务局'] });
  });

  it('reads 以下各项…不再列出 naming every district as a note for what follows', () => {
    expect(notListedDistricts('各区人民政府为各项任务的责任单位，以下不再列出。')).toBe(true);
    expect(notListedDistricts('列第一位者为牵头单位，下同。')).toBe(false);
  });

  it('keeps 各有关部门 as a collective partner for the coordinator to resolve', () => {
    const [clause] = findClauses('推进工作。(市商务局牵头,各有关部门配合)');
    expect(clause?.responsibility.partners).toEqual(['各有关部门']);
    expect(clause?.responsibility.groups).toEqual(['各有关部门']);
    expect(clause?.responsibility.warnings).toEqual([]);
  });
});

describe('brackets that are not responsibility clauses', () => {
  it('leaves (不含6亩), (含), (RCEP), (征求意见稿), dates and document numbers alone', () => {
    const text =
      '对接《区域全面经济伙伴关系协定》(RCEP),用地(不含6亩)、(含)配套,方案(征求意见稿),(2024—2026年),(国办发〔2024〕44号)。(市商务局)';
    expect(findClauses(text).map((span) => span.text)).toEqual(['(市商务局)']);
  });

  it('does not take a list of centres in mid-sentence for a clause: “三中心”(生态创新中心、卖家服务中心)建设', () => {
    expect(findClauses('支持全球跨境电商“三中心”(生态创新中心、卖家服务中心、超级供应链中心)建设。')).toEqual([]);
  });

  it('does not take an ordinary sentence ending in 落实 for a clause', () => {
    expect(findClauses('各区要抓好落实。')).toEqual([]);
  });
});

describe('line helpers', () => {
  it('knows when a text ends with its clause, even followed by a deadline line', () => {
    expect(endsWithClause('建立机制。(市商务局)')).toBe(true);
    expect(endsWithClause('深化合作。\n牵头单位：市商务局\n完成时限：2025年12月底前')).toBe(true);
    expect(endsWithClause('(市商务局)建立机制。')).toBe(false);
  });

  it('recognises clause and deadline lines', () => {
    expect(isResponsibilityLine('配合单位：市外办')).toBe(true);
    expect(isResponsibilityLine('完成时限：2025年')).toBe(true);
    expect(isResponsibilityLine('配合人民币国际化国家战略,支持企业')).toBe(false);
    expect(isClauseLine('（市商务局、市邮政管理局）')).toBe(true);
    expect(isClauseLine('(RCEP)')).toBe(false);
  });
});
