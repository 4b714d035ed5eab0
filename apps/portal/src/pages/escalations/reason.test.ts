import { describe, expect, it } from 'vitest';
import { escalationReason } from './reason';

describe('an escalation reason', () => {
  it('says which report is overdue and by when it was due, for the workflow’s overdue escalations', () => {
    expect(escalationReason('report for cycle 2 overdue since 2026-11-10T16:00:00.000Z', 'zh-CN')).toBe('第3期进展报告逾期未报（应于2026-11-10前报送）');
    expect(escalationReason('report for cycle 0 overdue since 2026-11-10T16:00:00.000Z', 'en')).toBe('Report 1 overdue (due 2026-11-10)');
    expect(escalationReason('report for cycle 0 overdue since 2026-12-01T05:20:50.540Z', 'zh-CN')).toMatch(/^第1期进展报告逾期未报（应于2026\/12\/01 13:20前报送）$/);
  });

  it('keeps what a person wrote', () => {
    expect(escalationReason('多次催办无果', 'zh-CN')).toBe('多次催办无果');
    expect(escalationReason('report for cycle x overdue since soon', 'zh-CN')).toBe('report for cycle x overdue since soon');
  });
});
