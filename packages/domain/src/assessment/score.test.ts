import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSESSMENT_RULES, type AssessmentRules } from './rules';
import { rank, ruleOf, score, scoreFromCounts, type AgencyScore, type AssessmentFact } from './score';

let nextId = 1;
const at = (iso: string) => new Date(iso);
function fact<K extends AssessmentFact['kind']>(kind: K, agencyId: number, extra: Omit<Extract<AssessmentFact, { kind: K }>, 'kind' | 'agencyId' | keyof Base> & Partial<Base>): AssessmentFact {
  const id = nextId++;
  return { kind, agencyId, auditEventId: id, occurredAt: at('2026-11-10T02:00:00Z'), measureId: `m${id}`, measureNumber: `(${id})`, measureTitle: `措施${id}`, ...extra } as unknown as AssessmentFact;
}
type Base = { auditEventId: number; occurredAt: Date; measureId: string; measureNumber: string; measureTitle: string };

const sumOfLines = (s: AgencyScore) => s.lines.reduce((sum, l) => sum + Math.round(l.points * 100), 0);

describe('score (考核)', () => {
  it('starts every unit from the base and adds or deducts each fact by its rule', () => {
    const facts = [
      fact('report', 1, { cycleIndex: 0, late: false, cycleMissed: false }),
      fact('report', 1, { cycleIndex: 1, late: true, cycleMissed: false }),
      fact('returned', 1, { cycleIndex: 1 }),
      fact('escalation', 1, { level: 'yellow' }),
      fact('escalation', 1, { level: 'red' }),
      fact('missed', 2, { cycleIndex: 0 }),
      fact('closure', 2, { deadline: at('2027-01-01T00:00:00+08:00') }),
    ];
    const [one, two, three] = score(DEFAULT_ASSESSMENT_RULES, facts, [1, 2, 3]);
    // 100 + 0.5 − 1 − 0.5 − 2 − 5
    expect(one).toMatchObject({ agencyId: 1, score: 92, counts: { onTimeReport: 1, lateReport: 1, returnedReport: 1, yellowEscalation: 1, redEscalation: 1, missedReport: 0 } });
    expect(one!.lines.map((l) => [l.rule, l.points])).toEqual([
      ['base', 100],
      ['onTimeReport', 0.5],
      ['lateReport', -1],
      ['returnedReport', -0.5],
      ['yellowEscalation', -2],
      ['redEscalation', -5],
    ]);
    expect(two).toMatchObject({ agencyId: 2, score: 101, counts: { missedReport: 1, closedBeforeDeadline: 1 } });
    expect(three).toMatchObject({ agencyId: 3, score: 100, lines: [{ rule: 'base', points: 100, fact: null }] });
  });

  it('deducts a late report of a cycle already counted missed no further, and gives no bonus for a closure after its deadline', () => {
    expect(ruleOf(fact('report', 1, { cycleIndex: 0, late: true, cycleMissed: true }))).toBeNull();
    expect(ruleOf(fact('closure', 1, { deadline: at('2026-01-01T00:00:00+08:00') }))).toBeNull();
    expect(ruleOf(fact('closure', 1, { deadline: null }))).toBe('closedBeforeDeadline');
    const [s] = score(DEFAULT_ASSESSMENT_RULES, [fact('missed', 1, { cycleIndex: 0 }), fact('report', 1, { cycleIndex: 0, late: true, cycleMissed: true })]);
    expect(s!.score).toBe(98);
  });

  it('adds the cap or floor adjustment as a line of its own', () => {
    const rules: AssessmentRules = { ...DEFAULT_ASSESSMENT_RULES, base: 10, redEscalation: 8, cap: 10.5, floor: 0 };
    const [low] = score(rules, [fact('escalation', 1, { level: 'red' }), fact('escalation', 1, { level: 'red' })]);
    expect(low!.score).toBe(0);
    expect(low!.lines.at(-1)).toEqual({ rule: 'floor', points: 6, fact: null });
    const [high] = score(rules, [1, 2, 3].map((c) => fact('report', 1, { cycleIndex: c, late: false, cycleMissed: false })));
    expect(high!.score).toBe(10.5);
    expect(high!.lines.at(-1)).toEqual({ rule: 'cap', points: -1, fact: null });
  });

  it('sums tenths and hundredths exactly', () => {
    const rules: AssessmentRules = { ...DEFAULT_ASSESSMENT_RULES, base: 0, onTimeReport: 0.1, floor: null };
    const [s] = score(rules, [0, 1, 2].map((c) => fact('report', 1, { cycleIndex: c, late: false, cycleMissed: false })));
    expect(s!.score).toBe(0.3);
  });
});

describe('rank', () => {
  it('gives equal scores one rank, lists them by name, and skips the ranks they fill', () => {
    const ranked = rank([
      { agencyId: 1, agencyName: '市商务局', score: 90 },
      { agencyId: 2, agencyName: '市发展改革委', score: 95 },
      { agencyId: 3, agencyName: '南沙区', score: 95 },
      { agencyId: 4, agencyName: '海关', score: 80 },
    ]);
    // Pinyin order: 南沙区 (nan) before 市发展改革委 (shi).
    expect(ranked.map((r) => [r.rank, r.entry.agencyName])).toEqual([
      [1, '南沙区'],
      [1, '市发展改革委'],
      [3, '市商务局'],
      [4, '海关'],
    ]);
  });
});

// ---- properties --------------------------------------------------------------

const points = fc.integer({ min: 0, max: 100_000 }).map((h) => h / 100);
const rulesArb: fc.Arbitrary<AssessmentRules> = fc
  .record({
    base: points,
    onTimeReport: points,
    lateReport: points,
    missedReport: points,
    returnedReport: points,
    blueEscalation: points,
    yellowEscalation: points,
    redEscalation: points,
    closedBeforeDeadline: points,
    cap: fc.option(points, { nil: null }),
    floor: fc.option(points, { nil: null }),
  })
  .map((r) => (r.cap !== null && r.floor !== null && r.floor > r.cap ? { ...r, floor: r.cap } : r));

const when = fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z'), noInvalidDate: true });
const agency = fc.integer({ min: 1, max: 6 });
const common = fc.record({ auditEventId: fc.integer({ min: 1, max: 1_000_000 }), occurredAt: when, measureId: fc.constantFrom('m1', 'm2', 'm3'), agencyId: agency });
const factArb: fc.Arbitrary<AssessmentFact> = fc.oneof(
  fc.record({ c: common, cycleIndex: fc.nat(20), late: fc.boolean(), cycleMissed: fc.boolean() }).map(({ c, ...f }) => ({ ...c, measureNumber: '(1)', measureTitle: 't', kind: 'report' as const, ...f })),
  fc.record({ c: common, cycleIndex: fc.nat(20) }).map(({ c, ...f }) => ({ ...c, measureNumber: '(1)', measureTitle: 't', kind: 'missed' as const, ...f })),
  fc.record({ c: common, cycleIndex: fc.nat(20) }).map(({ c, ...f }) => ({ ...c, measureNumber: '(1)', measureTitle: 't', kind: 'returned' as const, ...f })),
  fc.record({ c: common, level: fc.constantFrom('blue' as const, 'yellow' as const, 'red' as const) }).map(({ c, ...f }) => ({ ...c, measureNumber: '(1)', measureTitle: 't', kind: 'escalation' as const, ...f })),
  fc.record({ c: common, deadline: fc.option(when, { nil: null }) }).map(({ c, ...f }) => ({ ...c, measureNumber: '(1)', measureTitle: 't', kind: 'closure' as const, ...f })),
);
const factsArb = fc.array(factArb, { maxLength: 60 });
const scoreOf = (rules: AssessmentRules, facts: AssessmentFact[], agencyId: number) => score(rules, facts, [agencyId]).find((s) => s.agencyId === agencyId)!.score;

describe('score, for any rules and facts', () => {
  it('equals the sum of its explanation, line for line', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, (rules, facts) => {
        for (const s of score(rules, facts)) expect(sumOfLines(s)).toBe(Math.round(s.score * 100));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never rises with one more late report, missed report, return or escalation, and never falls with one more on-time report', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, factArb, (rules, facts, extra) => {
        const before = scoreOf(rules, facts, extra.agencyId);
        const after = scoreOf(rules, [...facts, extra], extra.agencyId);
        const rule = ruleOf(extra);
        if (rule === 'onTimeReport' || rule === 'closedBeforeDeadline') expect(after).toBeGreaterThanOrEqual(before);
        else expect(after).toBeLessThanOrEqual(before);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it("leaves every other unit's score alone when a fact is added", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, factArb, (rules, facts, extra) => {
        const others = [1, 2, 3, 4, 5, 6].filter((a) => a !== extra.agencyId);
        const before = score(rules, facts, others).filter((s) => s.agencyId !== extra.agencyId);
        const after = score(rules, [...facts, extra], others).filter((s) => s.agencyId !== extra.agencyId);
        expect(after.map((s) => [s.agencyId, s.score]).sort()).toEqual(before.map((s) => [s.agencyId, s.score]).sort());
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('stays within the cap and floor, counts each scoring fact once, and scores every unit named', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, (rules, facts) => {
        const scores = score(rules, facts, [1, 2, 3, 4, 5, 6]);
        expect(scores.map((s) => s.agencyId).sort()).toEqual([1, 2, 3, 4, 5, 6]);
        for (const s of scores) {
          if (rules.cap !== null) expect(s.score).toBeLessThanOrEqual(rules.cap);
          if (rules.floor !== null) expect(s.score).toBeGreaterThanOrEqual(rules.floor);
          const counted = Object.values(s.counts).reduce((a, b) => a + b, 0);
          expect(counted).toBe(facts.filter((f) => f.agencyId === s.agencyId && ruleOf(f) !== null).length);
          expect(s.lines.filter((l) => l.fact !== null)).toHaveLength(counted);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('is the same from the counts alone as from the facts', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, (rules, facts) => {
        for (const s of score(rules, facts)) expect(scoreFromCounts(rules, s.counts)).toBe(s.score);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('ranks by score, ties sharing a rank one more than the units above them', () => {
    const entries = fc.uniqueArray(fc.record({ agencyId: fc.integer({ min: 1, max: 50 }), agencyName: fc.constantFrom('甲', '乙', '丙', '丁'), score: fc.integer({ min: 0, max: 4 }) }), {
      selector: (e) => e.agencyId,
      maxLength: 20,
    });
    fc.assert(
      fc.property(entries, (list) => {
        const ranked = rank(list);
        expect(ranked).toHaveLength(list.length);
        ranked.forEach(({ rank: r, entry }, i) => {
          expect(r).toBe(1 + list.filter((e) => e.score > entry.score).length);
          if (i > 0) expect(ranked[i - 1]!.entry.score).toBeGreaterThanOrEqual(entry.score);
        });
        // The order is the same whatever order the entries came in.
        expect(rank([...list].reverse()).map((r) => r.entry.agencyId)).toEqual(ranked.map((r) => r.entry.agencyId));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
