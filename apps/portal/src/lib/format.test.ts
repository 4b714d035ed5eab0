import { describe, expect, it } from 'vitest';
import { formatKpi, formatReportingPolicy } from './format';

describe('formatting for people', () => {
  it('writes a KPI with its comparator, unit and year', () => {
    const kpi = { metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '=' as const, deadline: 2025 };
    expect(formatKpi(kpi, 'zh-CN')).toBe('集装箱吞吐量 = 3700万标箱（2025年）');
    expect(formatKpi({ ...kpi, comparator: '>=', deadline: null }, 'en')).toBe('集装箱吞吐量 ≥ 3700 万标箱');
    expect(formatKpi({ ...kpi, comparator: '<=' }, 'en')).toBe('集装箱吞吐量 ≤ 3700 万标箱 (by 2025)');
  });

  it('writes the reporting policy as a sentence', () => {
    const policy = { cadence: 'monthly', unit: 'workingDay', dueOffsetWorkingDays: 5, reminderLeadWorkingDays: 2, escalation: { blue: 3, yellow: 5, red: 10 } };
    expect(formatReportingPolicy(policy, 'zh-CN')).toBe('每月报送，次月第 5 个工作日前提交');
    expect(formatReportingPolicy({ ...policy, cadence: 'quarterly' }, 'en')).toBe('Quarterly, due by working day 5 of the next quarter');
    expect(formatReportingPolicy({ ...policy, cadence: 'PT30S', unit: 'PT1S' }, 'en')).toBe('Every PT30S, due 5 units after each cycle');
  });
});
