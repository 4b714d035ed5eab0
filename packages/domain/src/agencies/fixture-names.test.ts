import { describe, expect, it } from 'vitest';
import { AGENCY_DIRECTORY } from './directory';
import { FIXTURE_AGENCY_NAMES, PLAN_002_RESPONSIBILITIES, PLAN_003_RESPONSIBILITIES } from './fixture-names';
import type { FixtureResponsibility } from './fixture-names';
import { resolveAgencyName } from './resolve';

const plans = [
  { plan: '002', jurisdictionCode: 'gz-gov', responsibilities: PLAN_002_RESPONSIBILITIES },
  { plan: '003', jurisdictionCode: 'gd-gov', responsibilities: PLAN_003_RESPONSIBILITIES },
];

/** The ways a clause may write a name: in full, after a shared 省 prefix, or before a shared 市人民政府. */
function writtenForms(name: string): string[] {
  const forms = [name, name.replace(/等相关单位$/u, '')];
  if (name.startsWith('省')) forms.push(name.slice(1));
  if (name.endsWith('市人民政府')) forms.push(name.slice(0, -'市人民政府'.length));
  return forms;
}

function namesOf(entry: FixtureResponsibility): string[] {
  return [...entry.leads, ...entry.partners];
}

describe('fixture agency names', () => {
  it('covers the 22 measures of plan 002 and the 20 tasks of plan 003', () => {
    expect(PLAN_002_RESPONSIBILITIES).toHaveLength(22);
    expect(PLAN_003_RESPONSIBILITIES).toHaveLength(20);
  });

  it.each(plans)('accounts for every unit written in plan $plan’s clauses, and nothing more', ({ responsibilities }) => {
    for (const entry of responsibilities) {
      const forms = [...new Set([...namesOf(entry).flatMap(writtenForms), '按职责分工负责', '牵头', '各区政府'])];
      forms.sort((a, b) => b.length - a.length);
      for (const name of namesOf(entry)) {
        expect(writtenForms(name).some((form) => entry.clause.includes(form)), `${name} in ${entry.measure}`).toBe(true);
      }
      const leftover = forms.reduce((text, form) => text.replaceAll(form, ''), entry.clause);
      expect(leftover, `measure ${entry.measure}`).toMatch(/^[、,，;]*$/u);
      expect(entry.allDistricts).toBe(entry.clause.includes('各区政府'));
    }
  });

  it('names as leads exactly the units before 牵头 in plan 003', () => {
    for (const entry of PLAN_003_RESPONSIBILITIES) {
      const leadText = entry.clause.split('牵头')[0] ?? '';
      const leftover = entry.leads.reduce((text, name) => text.replace(name, ''), leadText);
      expect(leftover, `task ${entry.measure}`).toMatch(/^[、,]*$/u);
    }
  });

  it.each(plans)('resolves every agency of plan $plan within its jurisdiction', ({ jurisdictionCode, responsibilities }) => {
    const unresolved = responsibilities
      .flatMap(namesOf)
      .filter((name) => resolveAgencyName(name, AGENCY_DIRECTORY, { jurisdictionCode }).status !== 'resolved');
    expect(unresolved).toEqual([]);
  });

  it('resolves every agency of both plans without any jurisdiction, one directory entry per unit', () => {
    const namesByCode = new Map<string, string[]>();
    const unresolved: string[] = [];
    for (const name of FIXTURE_AGENCY_NAMES) {
      const result = resolveAgencyName(name, AGENCY_DIRECTORY);
      if (result.status === 'resolved') namesByCode.set(result.code, [...(namesByCode.get(result.code) ?? []), name]);
      else unresolved.push(name);
    }
    expect(unresolved).toEqual([]);
    const writtenTwoWays = [...namesByCode.values()].filter((names) => names.length > 1);
    expect(writtenTwoWays).toEqual([
      ['中国人民银行广东省分行', '人民银行广东省分行'],
      ['横琴粤澳深度合作区执委会等相关单位', '横琴粤澳深度合作区执委会'],
    ]);
    expect(namesByCode.size).toBe(77);
  });
});
