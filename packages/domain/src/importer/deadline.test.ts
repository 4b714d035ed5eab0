// Deadlines (完成时限) as the corpus writes them; the directory each phrase comes from is named.
import { describe, expect, it } from 'vitest';
import { planYearOf, readDeadline, readDeadlineValue } from './deadline';
import { parsePlan } from './parse';

const inText = (text: string, planYear: number | null = null) => readDeadline({ labelled: [], clauses: [], text, planYear });

describe('deadlines per measure', () => {
  it('takes the latest of several completion deadlines in a measure (46 云南)', () => {
    expect(inText('全省各部门预算内专项资金须于2017年6月底前下达60%以上、9月底前下达80%以上、11月底前全部下达到位', 2017)).toEqual({
      text: '11月底前',
      due: '2017-11-30',
      ongoing: false,
    });
  });

  it('dates `9月底前` with the plan’s year, and reads 完成时限 columns: 2023年底前, 全年, 202312月底前 (22 山东, 38 霍山, 15 繁昌)', () => {
    expect(inText('优化升级企业开办“一窗通”系统,9月底前,实现开办企业全流程', 2022)?.due).toBe('2022-09-30');
    expect(readDeadlineValue('全年', 2025)?.due).toBe('2025-12-31');
    expect(readDeadlineValue('202312月底前', null)?.due).toBe('2023-12-31');
    expect(readDeadlineValue('2023年12月底前完成,长期坚持', null)?.due).toBe('2023-12-31');
  });

  it('reads 持续推进, 长期坚持 and 年内持续推进 in a 时限 column or the clause as ongoing (53 宣城, 10 天津)', () => {
    expect(readDeadlineValue('持续推进', 2022)).toEqual({ text: '持续推进', due: null, ongoing: true });
    expect(readDeadline({ labelled: [], clauses: ['(市政府各部门分别负责,年内持续推进)'], text: '', planYear: 2020 })).toEqual({
      text: '年内持续推进',
      due: null,
      ongoing: true,
    });
    // The verb inside the measure's sentence is not a deadline.
    expect(inText('持续推进“一网通办”,提升政务服务水平')).toBeNull();
  });

  it('keeps `年底前` of a plan that names no year as an undated phrase and marks the measure for review (54 池州)', () => {
    const plan = parsePlan('1.对行政规范性文件进行全面清理。\n责任单位:办公室\n完成时限:年底前');
    expect(plan.measures[0]?.deadline).toEqual({ text: '年底前', due: null, ongoing: false });
    expect(plan.measures[0]?.review).toEqual(['“年底前”未写年份 (names no year): 请填写完成时限 (set the due date)']);
  });

  it('takes the plan’s year from its title, its signing date, or the years its text names most', () => {
    expect(planYearOf('立山区政府2023年重点工作任务分解和责任分工方案', null)).toBe(2023);
    expect(planYearOf('若干措施', '2017-05-02')).toBe(2017);
    expect(planYearOf(null, null, '昆政发〔2016〕13号 … 2016年 … 2015年')).toBe(2016);
  });

  it('quarterly stage targets give the last quarter (68 广州)', () => {
    const plan = parsePlan('重点工作: | 135.统筹违法建设治理与城市更新。 |\n牵头单位: | 市城市管理综合执法局 |\n年度阶段性工作目标: | 第一季度:印发《广州市2023年违法建设治理工作方案》。 第四季度:完成年度治理目标。 |');
    expect(plan.measures.map((m) => [m.number, m.leads, m.deadline?.due])).toEqual([['135', ['市城市管理综合执法局'], '2023-12-31']]);
  });

  it('reads 到“十四五”末 as the end of 2025, and leaves a year before the plan’s as a qualifier (85)', () => {
    expect(inText('力争到“十四五”末基本完成2000年前建成的需改造城镇老旧小区改造任务', 2021)).toEqual({ text: '到“十四五”末', due: '2025-12-31', ongoing: false });
    expect(inText('基本完成2000年前建成的城镇老旧小区改造', 2021)).toBeNull();
  });
});

