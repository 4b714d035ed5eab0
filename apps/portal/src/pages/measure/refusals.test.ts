import { describe, expect, it } from 'vitest';
import { humanizeInstants, localizeRefusal } from './refusals';

describe('the workflow’s refusals in plain words', () => {
  it('says in Chinese why a stale button did nothing', () => {
    expect(localizeRefusal('the assignment is already accepted; only a pending one can be accepted', 'zh-CN')).toBe('该任务已是“已接收”状态，只有待接收的任务才能接收。');
    expect(localizeRefusal('the report for cycle 0 is already submitted', 'zh-CN')).toBe('第 1 期报告已是“已报送”状态，不能重复报送。');
    expect(localizeRefusal('the combined report waits for accepted partner reports from agencies 64, 65', 'zh-CN')).toBe('合并报告须在配合单位的报告审核通过后提交。');
  });

  it('keeps the reason in English for English readers, with dates as China dates', () => {
    expect(localizeRefusal('requestedDueAt: must be before this cycle closes (2027-01-31T16:00:00.000Z)', 'en')).toBe('requestedDueAt: must be before this cycle closes (2027-01-31)');
    expect(humanizeInstants('overdue since 2026-02-06T16:00:00.000Z')).toBe('overdue since 2026-02-06');
  });

  it('shows the half of a `中文 (English)` refusal in the reader’s language', () => {
    const forbidden = '无权访问：您无权对该措施执行此操作 (you may not do this on this measure)';
    expect(localizeRefusal(forbidden, 'zh-CN')).toBe('无权访问：您无权对该措施执行此操作');
    expect(localizeRefusal(forbidden, 'en')).toBe('you may not do this on this measure');
  });

  it('passes on a reason it does not know', () => {
    expect(localizeRefusal('something new happened', 'zh-CN')).toBe('something new happened');
  });
});
