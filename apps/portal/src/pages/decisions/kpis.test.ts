import { describe, expect, it } from 'vitest';
import { kpiLines } from './kpis';

describe('final KPI values beside their targets', () => {
  const targets = [
    { metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '>=' as const },
    { metric: '通关时间', target: 24, unit: '小时', comparator: '<=' as const },
    { metric: '试点数量', target: 5, unit: '个', comparator: '=' as const },
  ];

  it('matches each final value to its target by metric and says whether it is met', () => {
    const lines = kpiLines(targets, [
      { metric: '通关时间', value: 30 },
      { metric: '集装箱吞吐量', value: 3700 },
      { metric: '试点数量', value: 5 },
    ]);
    expect(lines.map((l) => [l.metric, l.final, l.met])).toEqual([
      ['集装箱吞吐量', 3700, true],
      ['通关时间', 30, false],
      ['试点数量', 5, true],
    ]);
  });

  it('marks a target without a final value unknown, and keeps values reported for no target', () => {
    const lines = kpiLines(targets.slice(0, 1), [{ metric: '其他', value: 1 }]);
    expect(lines).toEqual([
      expect.objectContaining({ metric: '集装箱吞吐量', final: null, met: null }),
      expect.objectContaining({ metric: '其他', final: 1, met: null }),
    ]);
    expect(Number.isNaN(lines[1]!.target)).toBe(true);
  });
});
