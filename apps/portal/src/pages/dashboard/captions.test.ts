import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captions, CHARTS, chinaDay, formatPercent, monthLabel, type Dashboard } from './captions';

const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const zeroMonth = (month: string) => ({ month, reportsOnTime: 0, reportsLate: 0, reportsMissed: 0, escalationsRaised: 0, measuresClosed: 0 });

/** The small plan of the statistics int test, as the API answers for it. */
const example: Dashboard = {
  scope: { kind: 'plan', planId: 'p', title: '甲方案', coordinatorAgencyId: 1, coordinatorName: '市商务局' },
  asOf: '2026-11-30T16:30:00.000Z',
  plans: [{ id: 'p', title: '甲方案', measureCount: 22 }],
  measures: { total: 22, byStatus: { active: 18, closure_requested: 1, closed: 2, withdrawn: 1 }, byLight: { red: 3, yellow: 2, blue: 4, green: 10 } },
  agencies: [
    { agencyId: 2, agencyName: '市发展改革委', openItems: 6, overdue: 2, reportsOnTime: 1, reportsLate: 2, reportsMissed: 1, onTimeRate: 0.25, averageDelayWorkingDays: 2.5 },
    { agencyId: 3, agencyName: '市数据局', openItems: 3, overdue: 0, reportsOnTime: 3, reportsLate: 0, reportsMissed: 0, onTimeRate: 1, averageDelayWorkingDays: null },
  ],
  kpis: [
    { kpiId: 'k1', planId: 'p', measureId: 'm', measureNumber: '(2)', measureTitle: '港口', metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '>=', deadlineYear: 2025, latestValue: 2960, reportedAt: null, percentOfTarget: 80 },
    { kpiId: 'k2', planId: 'p', measureId: 'm4', measureNumber: '(4)', measureTitle: '审批', metric: '审批时限', target: 5, unit: '个工作日', comparator: '<=', deadlineYear: 2026, latestValue: null, reportedAt: null, percentOfTarget: null },
  ],
  trend: MONTHS.map((m) => (m === '2026-08' ? { ...zeroMonth(m), reportsOnTime: 1, reportsLate: 2, escalationsRaised: 1 } : zeroMonth(m))),
  totals: { openItems: 9, overdue: 2, reportsOnTime: 4, reportsLate: 2, reportsMissed: 1, onTimeRate: 4 / 7, averageDelayWorkingDays: 2.5 },
};

describe('chart captions', () => {
  it('say in zh-CN what each chart shows, as of the China date', () => {
    const c = captions(example, 'zh-CN');
    // 16:30 UTC on 30 November is already 1 December in China.
    expect(c.status).toBe('截至12月1日，本方案共22项措施：推进中18项，申请办结1项，已办结2项，已撤销1项。');
    expect(c.light).toBe('截至12月1日，推进中的19项措施中3项红色预警、2项黄色预警、4项蓝色催办，10项无督办（绿灯）。');
    expect(c.workload).toBe('截至12月1日，2个单位共有9项未办结任务、2项逾期未报，逾期最多的是市发展改革委（2项）。');
    expect(c.onTime).toBe('近12个月应报7份，按时报送率57.1%（按时4份、逾期2份、未报1份），逾期报告平均迟报2.5个工作日；按时率最低的是市发展改革委（25.0%）。');
    expect(c.kpi).toBe('2项量化指标中0项已达标，1项尚未报送数值；截止最早的未达标指标是“集装箱吞吐量”（2025年，完成80.0%）。');
    expect(c.trend).toBe('近12个月（2025年12月至2026年11月）按时报送1份、逾期报送2份、未报送0份，督办升级1次，办结销号0项；逾期和未报最多的是2026年8月（2份）。');
  });

  it('speak English when the page does', () => {
    const c = captions({ ...example, scope: { kind: 'group', coordinatorAgencyId: 1, coordinatorName: '市商务局' } }, 'en');
    expect(c.status).toBe("As of 1 Dec, the working group's 1 plans have 22 measures: 18 in progress, 1 awaiting closure, 2 closed, 1 withdrawn.");
    expect(c.trend).toContain('(Dec 2025 to Nov 2026)');
  });

  it('say so when there is nothing to show', () => {
    const empty: Dashboard = {
      ...example,
      measures: { total: 0, byStatus: { active: 0, closure_requested: 0, closed: 0, withdrawn: 0 }, byLight: { red: 0, yellow: 0, blue: 0, green: 0 } },
      agencies: [],
      kpis: [],
      trend: MONTHS.map(zeroMonth),
      totals: { openItems: 0, overdue: 0, reportsOnTime: 0, reportsLate: 0, reportsMissed: 0, onTimeRate: null, averageDelayWorkingDays: null },
    };
    const c = captions(empty, 'zh-CN');
    expect(c.onTime).toBe('近12个月没有到期的进展报告。');
    expect(c.kpi).toBe('没有量化指标。');
    expect(c.workload).toBe('截至12月1日，0个单位共有0项未办结任务、0项逾期未报。');
  });

  const count = fc.nat({ max: 5000 });
  // Names as units write them, with the characters a replacement pattern is made of ($& $' $`): not braces or Latin
  // letters, which the check below would take for an unfilled placeholder or a printed null when the name says so.
  const name = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'市区省发展改革委商务局数据交通海关南沙（）$&\'`'), minLength: 1, maxLength });
  const rate = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
  const agency = fc.record({
    agencyId: fc.nat(),
    agencyName: name(12),
    openItems: count,
    overdue: count,
    reportsOnTime: count,
    reportsLate: count,
    reportsMissed: count,
    onTimeRate: rate,
    averageDelayWorkingDays: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null }),
  });
  const kpi = fc.record({
    kpiId: fc.uuid(),
    planId: fc.constant('p'),
    measureId: fc.uuid(),
    measureNumber: fc.constant('(1)'),
    measureTitle: fc.constant('措施'),
    metric: name(10),
    target: fc.double({ min: 0.1, max: 1e6, noNaN: true }),
    unit: fc.constantFrom('亿元', '个', ''),
    comparator: fc.constantFrom('>=' as const, '<=' as const, '=' as const),
    deadlineYear: fc.option(fc.integer({ min: 2024, max: 2035 }), { nil: null }),
    latestValue: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
    reportedAt: fc.constant(null),
    percentOfTarget: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: null }),
  });
  const month = (m: string) => fc.record({ month: fc.constant(m), reportsOnTime: count, reportsLate: count, reportsMissed: count, escalationsRaised: count, measuresClosed: count });
  const dashboard: fc.Arbitrary<Dashboard> = fc
    .record({
      scope: fc.constantFrom<Dashboard['scope']>({ kind: 'plan', planId: 'p', title: '方案', coordinatorAgencyId: 1, coordinatorName: '协调办' }, { kind: 'group', coordinatorAgencyId: 1, coordinatorName: '协调办' }),
      asOf: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      byStatus: fc.record({ active: count, closure_requested: count, closed: count, withdrawn: count }),
      lights: fc.tuple(count, count, count),
      agencies: fc.array(agency, { maxLength: 8 }),
      kpis: fc.array(kpi, { maxLength: 6 }),
      trend: fc.tuple(...MONTHS.map(month)),
      totals: fc.record({ openItems: count, overdue: count, reportsOnTime: count, reportsLate: count, reportsMissed: count, onTimeRate: rate, averageDelayWorkingDays: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null }) }),
    })
    .map(({ byStatus, lights, trend, ...rest }) => {
      const inProgress = byStatus.active + byStatus.closure_requested;
      // The lights split the measures in progress.
      const red = Math.min(lights[0], inProgress);
      const yellow = Math.min(lights[1], inProgress - red);
      const blue = Math.min(lights[2], inProgress - red - yellow);
      return {
        ...rest,
        plans: [{ id: 'p', title: '方案', measureCount: 1 }],
        measures: { total: byStatus.active + byStatus.closure_requested + byStatus.closed + byStatus.withdrawn, byStatus, byLight: { red, yellow, blue, green: inProgress - red - yellow - blue } },
        trend: [...trend],
      };
    });

  it('fill every placeholder in both languages, and name the total of measures and each status count', () => {
    fc.assert(
      fc.property(dashboard, fc.constantFrom('zh-CN' as const, 'en' as const), (d, lang) => {
        const c = captions(d, lang);
        for (const chart of CHARTS) {
          expect(c[chart]).not.toMatch(/\{[a-zA-Z]+\}|undefined|NaN|null/);
          expect(c[chart].length).toBeGreaterThan(5);
        }
        const numbers = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).map(Number);
        expect(numbers(c.status)).toEqual(expect.arrayContaining([d.measures.total, ...Object.values(d.measures.byStatus)]));
        // The light caption's count of measures in progress is the sum of its four lights.
        const { red, yellow, blue, green } = d.measures.byLight;
        expect(numbers(c.light)).toEqual(expect.arrayContaining([red + yellow + blue + green, red, yellow, blue, green]));
        expect(c.light).toContain(String(d.measures.byStatus.active + d.measures.byStatus.closure_requested));
      }),
    );
  });

  it('print rates as percentages between 0.0% and 100.0%', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (r) => {
        const text = formatPercent(r, 'zh-CN');
        expect(text).toMatch(/^\d{1,3}\.\d%$/);
        const value = Number(text.slice(0, -1));
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
        expect(Math.abs(value - r * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });

  it('date the figures by China’s calendar and name months in both languages', () => {
    expect(chinaDay('2026-11-30T15:59:59Z', 'zh-CN')).toBe('11月30日');
    expect(chinaDay('2026-11-30T16:00:00Z', 'zh-CN')).toBe('12月1日');
    expect(chinaDay('2026-11-30T16:00:00Z', 'en')).toBe('1 Dec');
    expect(monthLabel('2026-07', 'zh-CN')).toBe('2026年7月');
    expect(monthLabel('2026-07', 'en')).toBe('Jul 2026');
  });
});
