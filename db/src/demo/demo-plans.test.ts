import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '@liandong/devstack';
import { parsePlan } from '@liandong/domain/importer';
import { AGENCY_DIRECTORY, reviewPlan } from '@liandong/domain';
import { DEMO_PLAN_SOURCES, buildDemoPlan, demoSourceText } from './build';
import { DEMO_PLANS } from './load';

const seeds = path.resolve(findRepoRoot(), '..', 'shared', 'seeds');
const expectedCounts: Record<string, number> = { 'guangzhou-services-trade': 22, 'guangdong-ftz': 20 };

describe('the committed demo plans', () => {
  it('are Guangzhou’s 22 measures coordinated by 市商务局 and Guangdong’s 20 tasks coordinated by 省商务厅', () => {
    expect(DEMO_PLANS.map((p) => [p.key, p.measures.length, p.coordinatorAgencyCode, p.jurisdictionCode])).toEqual([
      ['guangzhou-services-trade', 22, 'gz-commerce', 'gz-gov'],
      ['guangdong-ftz', 20, 'gd-commerce', 'gd-gov'],
    ]);
    expect(DEMO_PLANS[1]).toMatchObject({ documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12', issuer: '广东省人民政府' });
  });

  it('name only agencies of the directory', () => {
    const codes = new Set(AGENCY_DIRECTORY.map((a) => a.code));
    const named = DEMO_PLANS.flatMap((p) => p.measures.flatMap((m) => [...m.leadCodes, ...m.partnerCodes]));
    expect(named.filter((code) => !codes.has(code))).toEqual([]);
  });

  it.each(DEMO_PLANS.map((plan) => ({ key: plan.key, plan })))('$key: the stored source text reads back to the same measures', ({ plan }) => {
    const review = reviewPlan(parsePlan(demoSourceText(plan)), AGENCY_DIRECTORY, { jurisdictionCode: plan.jurisdictionCode });
    expect(review.unresolvedCount).toBe(0);
    expect(review.measures.map((m) => ({ number: m.number, section: m.section, title: m.title, body: m.body, allDistricts: m.allDistricts, kpis: m.kpis, deadline: m.deadline }))).toEqual(
      plan.measures.map((m) => ({ number: m.number, section: m.section, title: m.title, body: m.body, allDistricts: m.allDistricts, kpis: m.kpis, deadline: m.deadline })),
    );
  });

  // The fixture documents live beside the repository (../shared/seeds), as in CI: the facts must match them.
  describe('against the fixture documents in ../shared/seeds', () => {
    it.each(DEMO_PLAN_SOURCES.map((source) => ({ key: source.key, source })))(
      '$key equals what the importer makes of the fixture now (regenerate with db/scripts/generate-demo-plans.ts)',
      async ({ key, source }) => {
        const built = await buildDemoPlan(source, readFileSync(path.join(seeds, source.fixture), 'utf8'));
        expect(built.measures).toHaveLength(expectedCounts[key] ?? -1);
        expect(DEMO_PLANS.find((p) => p.key === key)).toEqual(built);
      },
    );
  });
});
