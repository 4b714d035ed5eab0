import { describe, expect, it } from 'vitest';
import { AGENCY_DIRECTORY, reviewPlan } from '@liandong/domain';
import { parsePlan } from '@liandong/domain/importer';
import { differencesFromWritten, generatePlan, MAX_MEASURES_PER_DOCUMENT } from './plan-document';

const review = (text: string) => reviewPlan(parsePlan(text), AGENCY_DIRECTORY, { jurisdictionCode: 'gz-gov' });

describe('the generated plan document (plan launch and live-workflows benches)', () => {
  it('is read by the importer exactly as written: every measure, its lead, partners, 各区政府 and deadline', () => {
    const plan = generatePlan(7, 500);
    expect(plan.measures).toHaveLength(500);
    expect(plan.measures.some((m) => m.allDistricts)).toBe(true);
    expect(plan.measures.some((m) => m.partnerCodes.some((code) => code.startsWith('gz-district-')))).toBe(true);
    expect(differencesFromWritten(review(plan.text), plan)).toEqual([]);
  });

  it('names what the importer read otherwise', () => {
    const plan = generatePlan(7, 20);
    const lead = plan.measures[4]!.leadCodes[0]!;
    const other = AGENCY_DIRECTORY.find((a) => a.parentCode === 'gz-gov' && a.kind === 'department' && a.code !== lead)!;
    const leadName = AGENCY_DIRECTORY.find((a) => a.code === lead)!.name;
    const lines = plan.text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('5.')) + 1;
    expect(lines[at]).toBe(`牵头单位：${leadName}`);
    lines[at] = `牵头单位：${other.name}`;
    expect(differencesFromWritten(review(lines.join('\n')), plan)).toEqual([expect.stringMatching(/^measure 5 read as /)]);
  });

  it('is the same for the same number and differs between documents', () => {
    expect(generatePlan(3, 50).text).toBe(generatePlan(3, 50).text);
    expect(generatePlan(4, 50).text).not.toBe(generatePlan(3, 50).text);
  });

  it(`refuses more measures than the importer numbers in one document (${MAX_MEASURES_PER_DOCUMENT})`, () => {
    expect(() => generatePlan(1, MAX_MEASURES_PER_DOCUMENT + 1)).toThrow(/^count: /);
  });
});
