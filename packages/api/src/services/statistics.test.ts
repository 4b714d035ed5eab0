import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, chinaDate, endOfChinaDay, WorkingCalendar } from '@liandong/domain';
import { kpiProgress, MEASURE_STATUSES, onTimeRate, trafficLight, trendMonths, workingDayIndex, workingDaysLate } from './statistics';

const calendar = new WorkingCalendar();
const level = fc.constantFrom('blue' as const, 'yellow' as const, 'red' as const, null);
const status = fc.constantFrom(...MEASURE_STATUSES);
const count = fc.nat({ max: 100_000 });
/** A China date between 2024 and 2027. */
const day = fc.integer({ min: 0, max: 4 * 365 }).map((n) => addCalendarDays('2024-01-01', n));

describe('the traffic light (红黄蓝绿灯)', () => {
  it('is the highest open escalation level of a measure in progress, green without one', () => {
    expect(trafficLight('active', 'red')).toBe('red');
    expect(trafficLight('closure_requested', 'yellow')).toBe('yellow');
    expect(trafficLight('active', 'blue')).toBe('blue');
    expect(trafficLight('active', null)).toBe('green');
  });

  it('gives a closed or withdrawn measure none, whatever was open on it', () => {
    fc.assert(
      fc.property(status, level, (s, l) => {
        const light = trafficLight(s, l);
        if (s === 'closed' || s === 'withdrawn') expect(light).toBeNull();
        else expect(light).toBe(l ?? 'green');
      }),
    );
  });
});

describe('the on-time rate (按时报送率)', () => {
  it('is on time over everything that fell due, none when nothing did', () => {
    expect(onTimeRate(3, 5, 3)).toBe(3 / 11);
    expect(onTimeRate(0, 0, 0)).toBeNull();
    expect(onTimeRate(4, 0, 0)).toBe(1);
  });

  it('stays within 0 and 1, falls with each late or missed report and rises with each on-time one', () => {
    fc.assert(
      fc.property(count, count, count, (onTime, late, missed) => {
        fc.pre(onTime + late + missed > 0);
        const rate = onTimeRate(onTime, late, missed)!;
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
        expect(onTimeRate(onTime, late + 1, missed)!).toBeLessThanOrEqual(rate);
        expect(onTimeRate(onTime, late, missed + 1)!).toBeLessThanOrEqual(rate);
        expect(onTimeRate(onTime + 1, late, missed)!).toBeGreaterThanOrEqual(rate);
        // A late report and a missed one weigh the same.
        expect(onTimeRate(onTime, late + 1, missed)).toBe(onTimeRate(onTime, late, missed + 1));
      }),
    );
  });
});

describe('working days late', () => {
  it('counts the working days after the due day up to the day of submission', () => {
    // Due Friday 7 August 2026: Monday is one working day late, Tuesday two, Saturday none.
    expect(workingDaysLate(calendar, endOfChinaDay('2026-08-07'), '2026-08-10')).toBe(1);
    expect(workingDaysLate(calendar, endOfChinaDay('2026-08-07'), '2026-08-11')).toBe(2);
    expect(workingDaysLate(calendar, endOfChinaDay('2026-08-07'), '2026-08-08')).toBe(0);
    // Over the National Day holiday (1–7 October 2026) only working days count.
    expect(workingDaysLate(calendar, endOfChinaDay('2026-09-30'), '2026-10-09')).toBeLessThan(7);
  });

  it('is never negative, never more than the calendar days, and grows with the day of submission', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 30 }), (due, submitted, more) => {
        const dueAt = endOfChinaDay(due);
        const late = workingDaysLate(calendar, dueAt, submitted);
        const calendarDays = Math.max(0, (Date.parse(submitted) - Date.parse(due)) / 86_400_000);
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(calendarDays);
        expect(workingDaysLate(calendar, dueAt, addCalendarDays(submitted, more))).toBeGreaterThanOrEqual(late);
        // The deadline's own day is never late.
        expect(workingDaysLate(calendar, dueAt, chinaDate(new Date(dueAt.getTime() - 1)))).toBe(0);
      }),
    );
  });
});

describe('KPI progress against target', () => {
  it('reads `>=` as value over target, `<=` as target over value, `=` as the smaller over the larger', () => {
    expect(kpiProgress('>=', 3700, 2960)).toBeCloseTo(80);
    expect(kpiProgress('>=', 3700, 4070)).toBeCloseTo(110);
    expect(kpiProgress('<=', 5, 10)).toBeCloseTo(50);
    expect(kpiProgress('<=', 5, 3)).toBe(100);
    expect(kpiProgress('=', 100, 80)).toBeCloseTo(80);
    expect(kpiProgress('=', 100, 125)).toBeCloseTo(80);
    expect(kpiProgress('>=', 10, null)).toBeNull();
  });

  it('is 100 or more exactly when the target is met, and never negative', () => {
    const amount = fc.double({ min: 0.01, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(fc.constantFrom('>=' as const, '<=' as const, '=' as const), amount, amount, (comparator, target, value) => {
        const progress = kpiProgress(comparator, target, value)!;
        const met = comparator === '>=' ? value >= target : comparator === '<=' ? value <= target : value === target;
        expect(progress).toBeGreaterThanOrEqual(0);
        expect(progress >= 100).toBe(met);
        if (comparator !== '>=') expect(progress).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('the twelve months of the trend', () => {
  it('ends with the China month of now, even in the UTC evening that is already the next month in China', () => {
    expect(trendMonths(new Date('2026-11-30T17:00:00Z'))).toEqual({
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
      since: new Date('2025-12-31T16:00:00Z'),
    });
  });

  it('is twelve consecutive months, the first beginning at `since` in China', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (now) => {
        const { months, since } = trendMonths(now);
        expect(months).toHaveLength(12);
        expect(months.at(-1)).toBe(chinaDate(now).slice(0, 7));
        expect(chinaDate(since)).toBe(`${months[0]}-01`);
        expect(chinaDate(new Date(since.getTime() - 1)).slice(0, 7)).not.toBe(months[0]);
        for (let i = 1; i < 12; i++) expect(months[i]! > months[i - 1]!).toBe(true);
        expect(new Set(months.map((m) => m.slice(5))).size).toBe(12);
      }),
    );
  });
});

describe('the working-day index of the delays', () => {
  it('counts between two days what the calendar counts', () => {
    const now = new Date('2026-11-20T04:00:00Z');
    const index = workingDayIndex(calendar, now);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 60 }), (back, span) => {
        const from = addCalendarDays('2026-11-21', -back - span);
        const to = addCalendarDays(from, span);
        expect(index.ordinal(to) - index.ordinal(from)).toBe(calendar.workingDaysBetween(from, to));
      }),
    );
  });
});
