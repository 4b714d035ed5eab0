import { describe, expect, it } from 'vitest';
import { expandTables } from './table';

describe('expandTables', () => {
  it('rewrites the rows of a task table into numbered measures with 牵头单位 and 配合单位 lines', () => {
    const lines = [
      '重点任务分工表',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '一、制度创新',
      '1\t推进商事制度改革。\t市市场监管局\t市政务服务数据管理局、税务局\t2025年底',
      '2\t推进投资便利化。\t市发展改革委\t\t长期坚持',
    ];
    expect(expandTables(lines)).toEqual([
      '重点任务分工表',
      '一、制度创新',
      '1. 推进商事制度改革。',
      '牵头单位：市市场监管局',
      '配合单位：市政务服务数据管理局、税务局',
      '完成时限：2025年底',
      '2. 推进投资便利化。',
      '牵头单位：市发展改革委',
      '完成时限：长期坚持',
    ]);
  });

  it('leaves text without a task table unchanged', () => {
    const lines = ['1.\t加强组织领导。(市商务局)', '序号\t名称'];
    expect(expandTables(lines)).toEqual(lines);
  });
});
