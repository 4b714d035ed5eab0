import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRate, onTimeRates, totalOnTimeRate, type ReportDuty } from './on-time-rate';

const duty = fc.record({
  agencyId: fc.integer({ min: 1, max: 6 }),
  outcome: fc.constantFrom('on_time' as const, 'late' as const, 'missing' as const),
});
const duties = fc.array(duty, { maxLength: 60 }).map((list): ReportDuty[] => list.map((d) => ({ ...d, agencyName: `单位${d.agencyId}` })));

describe('on-time report rates (按时报送率)', () => {
  it('counts each unit’s duties as on time, late or missing, and rates on time over due', () => {
    const rows = onTimeRates([
      { agencyId: 1, agencyName: '市商务局', outcome: 'on_time' },
      { agencyId: 1, agencyName: '市商务局', outcome: 'late' },
      { agencyId: 2, agencyName: '市财政局', outcome: 'missing' },
      { agencyId: 1, agencyName: '市商务局', outcome: 'on_time' },
      { agencyId: 1, agencyName: '市商务局', outcome: 'missing' },
    ]);
    expect(rows).toEqual([
      { agencyId: 2, agencyName: '市财政局', due: 1, onTime: 0, late: 0, missing: 1, rate: 0 },
      { agencyId: 1, agencyName: '市商务局', due: 4, onTime: 2, late: 1, missing: 1, rate: 0.5 },
    ]);
    expect(formatRate(rows[1]!.rate)).toBe('50.0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(null)).toBe('—');
  });

  it('has one row per unit with duties, each with on time + late + missing = due and a rate in [0, 1]', () => {
    fc.assert(
      fc.property(duties, (list) => {
        const rows = onTimeRates(list);
        expect(rows.map((r) => r.agencyId).sort()).toEqual([...new Set(list.map((d) => d.agencyId))].sort());
        for (const row of rows) {
          expect(row.onTime + row.late + row.missing).toBe(row.due);
          expect(row.due).toBeGreaterThan(0);
          expect(row.rate).not.toBeNull();
          expect(row.rate!).toBeGreaterThanOrEqual(0);
          expect(row.rate!).toBeLessThanOrEqual(1);
          expect(row.rate).toBeCloseTo(row.onTime / row.due, 12);
          expect(row.due).toBe(list.filter((d) => d.agencyId === row.agencyId).length);
          expect(row.onTime).toBe(list.filter((d) => d.agencyId === row.agencyId && d.outcome === 'on_time').length);
        }
      }),
    );
  });

  it('loses and invents no duty: the totals are the sums of the rows and of the duties', () => {
    fc.assert(
      fc.property(duties, (list) => {
        const total = totalOnTimeRate(onTimeRates(list));
        expect(total.due).toBe(list.length);
        expect(total.onTime + total.late + total.missing).toBe(total.due);
        expect(total.missing).toBe(list.filter((d) => d.outcome === 'missing').length);
        expect(total.rate).toBe(list.length === 0 ? null : total.onTime / list.length);
      }),
    );
  });

  it('lists the lowest rate first, whatever order the duties come in', () => {
    fc.assert(
      fc.property(duties, fc.integer(), (list, seed) => {
        const rows = onTimeRates(list);
        for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.rate!).toBeLessThanOrEqual(rows[i]!.rate!);
        const shuffled = [...list].sort((a, b) => ((a.agencyId * 31 + seed) % 7) - ((b.agencyId * 31 + seed) % 7));
        expect(onTimeRates(shuffled)).toEqual(rows);
      }),
    );
  });

  it('never raises a unit’s rate when one of its on-time reports becomes late or missing', () => {
    fc.assert(
      fc.property(duties, fc.nat(), fc.constantFrom('late' as const, 'missing' as const), (list, pick, worse) => {
        const onTime = list.map((d, i) => [d, i] as const).filter(([d]) => d.outcome === 'on_time');
        fc.pre(onTime.length > 0);
        const [changed, index] = onTime[pick % onTime.length]!;
        const after = list.map((d, i) => (i === index ? { ...d, outcome: worse } : d));
        const rateOf = (rows: ReturnType<typeof onTimeRates>) => rows.find((r) => r.agencyId === changed.agencyId)!.rate!;
        expect(rateOf(onTimeRates(after))).toBeLessThan(rateOf(onTimeRates(list)));
      }),
    );
  });
});
