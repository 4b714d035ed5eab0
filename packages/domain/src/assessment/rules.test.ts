import { describe, expect, it } from 'vitest';
import { assessmentRulesSchema, DEFAULT_ASSESSMENT_RULES } from './rules';

const issues = (value: unknown) => {
  const parsed = assessmentRulesSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('assessment rules', () => {
  it('accepts the default rules', () => {
    expect(issues(DEFAULT_ASSESSMENT_RULES)).toEqual([]);
  });

  it('names the field of a bad value', () => {
    expect(issues({ ...DEFAULT_ASSESSMENT_RULES, lateReport: -1 })).toEqual(['lateReport: lateReport must be a number from 0 to 1000 with at most two decimals']);
    expect(issues({ ...DEFAULT_ASSESSMENT_RULES, redEscalation: 0.125 })).toEqual(['redEscalation: redEscalation must be a number from 0 to 1000 with at most two decimals']);
    expect(issues({ ...DEFAULT_ASSESSMENT_RULES, base: '100' })).toEqual(['base: base must be a number from 0 to 1000 with at most two decimals']);
    expect(issues({ ...DEFAULT_ASSESSMENT_RULES, cap: 50, floor: 60 })).toEqual(['floor: floor must not be above cap']);
    expect(issues({ ...DEFAULT_ASSESSMENT_RULES, bonus: 1 })[0]).toMatch(/bonus/);
    const { base: _base, ...noBase } = DEFAULT_ASSESSMENT_RULES;
    expect(issues(noBase)[0]).toMatch(/^base: /);
  });

  it('takes two decimals, and the rounding of binary fractions that have them', () => {
    expect(issues({ ...DEFAULT_ASSESSMENT_RULES, onTimeReport: 0.29, lateReport: 1.15, cap: 120.5 })).toEqual([]);
  });
});
