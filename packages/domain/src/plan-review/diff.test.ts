import { describe, expect, it } from 'vitest';
import { deadlineFact, diffPlans, measureKey, withoutImpliedDistricts } from './diff';
import type { MeasureFacts, PlanFacts } from './diff';

const kpi = { metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '=' as const, deadline: 2025 };

function m(number: string, overrides: Partial<MeasureFacts> = {}): MeasureFacts {
  return { number, title: `措施${number}`, body: '内容。', leads: ['gd-commerce'], partners: ['gd-finance', 'gd-customs'], allDistricts: false, kpis: [], deadline: null, ...overrides };
}

function facts(measures: MeasureFacts[], overrides: Partial<PlanFacts> = {}): PlanFacts {
  return { title: '行动方案', issuer: '广东省人民政府', documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12', measures, ...overrides };
}

describe('diffPlans', () => {
  it('finds nothing to change between two copies of the same plan', () => {
    const diff = diffPlans(facts([m('1'), m('2', { kpis: [kpi] })]), facts([m('1'), m('2', { kpis: [kpi] })]));
    expect(diff).toEqual({ plan: [], added: [], removed: [], changed: [], unchangedCount: 2, changeCount: 0 });
  });

  it('reports a changed title with its before and after', () => {
    const diff = diffPlans(facts([m('1'), m('2')]), facts([m('1'), m('2', { title: '新标题' })]));
    expect(diff.changed).toEqual([{ number: '2', title: '新标题', changes: [{ field: 'title', before: '措施2', after: '新标题' }] }]);
    expect(diff.changeCount).toBe(1);
    expect(diff.unchangedCount).toBe(1);
  });

  it('reports changes in body, leads, partners, 各区政府 and targets, field by field', () => {
    const before = m('1');
    const after = m('1', { body: '新内容。', leads: ['gd-transport'], partners: ['gd-finance'], allDistricts: true, kpis: [kpi] });
    const diff = diffPlans(facts([before]), facts([after]));
    expect(diff.changed[0]?.changes.map((c) => c.field)).toEqual(['body', 'leads', 'partners', 'allDistricts', 'kpis']);
    expect(diff.changed[0]?.changes[1]).toEqual({ field: 'leads', before: ['gd-commerce'], after: ['gd-transport'] });
  });

  it('ignores the order of partners and of targets, and surrounding blanks of a title', () => {
    const other = { ...kpi, metric: '港口货物吞吐量', target: 5.5, unit: '亿吨' };
    const diff = diffPlans(
      facts([m('1', { kpis: [kpi, other] })]),
      facts([m('1', { title: ' 措施1 ', partners: ['gd-customs', 'gd-finance'], kpis: [other, kpi] })]),
    );
    expect(diff.changeCount).toBe(0);
  });

  it('sees a changed target value', () => {
    const diff = diffPlans(facts([m('4', { kpis: [kpi] })]), facts([m('4', { kpis: [{ ...kpi, target: 4000 }] })]));
    expect(diff.changed[0]?.changes).toEqual([{ field: 'kpis', before: [kpi], after: [{ ...kpi, target: 4000 }] }]);
  });

  it('lists measures added and removed, matched by number whatever the bracket width', () => {
    const diff = diffPlans(facts([m('(一)'), m('(二)')]), facts([m('（一）', { title: '措施(一)' }), m('(三)')]));
    expect(diff.added.map((x) => x.number)).toEqual(['(三)']);
    expect(diff.removed.map((x) => x.number)).toEqual(['(二)']);
    expect(diff.changed).toEqual([]);
    expect(diff.changeCount).toBe(2);
  });

  it('does not remove a withdrawn measure twice, and counts its return as added', () => {
    const stored = facts([m('1'), m('2', { withdrawn: true }), m('3', { withdrawn: true })]);
    const diff = diffPlans(stored, facts([m('1'), m('2')]));
    expect(diff.removed).toEqual([]);
    expect(diff.added.map((x) => x.number)).toEqual(['2']);
  });

  it('sees a deadline (完成时限) that moved, became ongoing (长期) or appeared, and not a reworded one', () => {
    const moved = diffPlans(facts([m('1', { deadline: '2025-12-31' })]), facts([m('1', { deadline: '2026-06-30' })]));
    expect(moved.changed[0]?.changes).toEqual([{ field: 'deadline', before: '2025-12-31', after: '2026-06-30' }]);
    expect(diffPlans(facts([m('1', { deadline: '2025-12-31' })]), facts([m('1', { deadline: 'ongoing' })])).changeCount).toBe(1);
    expect(diffPlans(facts([m('1')]), facts([m('1', { deadline: '2025-12-31' })])).changeCount).toBe(1);
    const endOfYear = { text: '2025年底前', due: '2025-12-31', ongoing: false };
    const reworded = { text: '2025年12月31日前', due: '2025-12-31', ongoing: false };
    expect(diffPlans(facts([m('1', { deadline: deadlineFact(endOfYear) })]), facts([m('1', { deadline: deadlineFact(reworded) })])).changeCount).toBe(0);
  });

  it('compares plan fields only where both sides give them', () => {
    const policy = { cadence: 'monthly', dueOffsetWorkingDays: 5 };
    const diff = diffPlans(
      facts([m('1')], { coordinatorCode: 'gd-commerce', reportingPolicy: policy }),
      facts([m('1')], { title: '新方案', reportingPolicy: { dueOffsetWorkingDays: 5, cadence: 'monthly' } }),
    );
    expect(diff.plan).toEqual([{ field: 'title', before: '行动方案', after: '新方案' }]);
    const moved = diffPlans(facts([m('1')], { coordinatorCode: 'gd-commerce' }), facts([m('1')], { coordinatorCode: 'gd-transport' }));
    expect(moved.plan).toEqual([{ field: 'coordinatorCode', before: 'gd-commerce', after: 'gd-transport' }]);
    expect(moved.changeCount).toBe(1);
  });
});

describe('deadlineFact', () => {
  it('is the due date, `ongoing` for 长期, or null when the plan states none', () => {
    expect(deadlineFact({ due: '2025-12-31', ongoing: false })).toBe('2025-12-31');
    expect(deadlineFact({ due: null, ongoing: true })).toBe('ongoing');
    expect(deadlineFact(null)).toBeNull();
  });
});

describe('measureKey', () => {
  it('folds full-width brackets and drops a trailing dot', () => {
    expect(measureKey('（二十二）')).toBe('(二十二)');
    expect(measureKey('1.')).toBe('1');
    expect(measureKey(' 3、')).toBe('3');
  });
});

describe('withoutImpliedDistricts', () => {
  it('drops districts 各区政府 already covers, and keeps them when it does not apply', () => {
    expect(withoutImpliedDistricts(['gz-commerce', 'gz-district-nansha'], true, ['gz-district-nansha'])).toEqual(['gz-commerce']);
    expect(withoutImpliedDistricts(['gz-commerce', 'gz-district-nansha'], false, ['gz-district-nansha'])).toEqual(['gz-commerce', 'gz-district-nansha']);
  });
});
