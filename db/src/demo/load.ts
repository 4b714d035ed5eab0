import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import type { Db } from '../database';
import { createPlanWithMeasures, findPlanByDocument, findPlanBySourceHash, lockPlanImports } from '../queries/plans';
import type { DemoPlan } from './build';
import { demoSourceText } from './build';
import guangdongFtz from './plans/guangdong-ftz.json' with { type: 'json' };
import guangzhouServicesTrade from './plans/guangzhou-services-trade.json' with { type: 'json' };

const COMPARATORS = new Set(['>=', '<=', '=']);

/** The committed JSON as a DemoPlan; the shape is fixed by `buildDemoPlan` and checked by demo-plans.test.ts. */
function asDemoPlan(json: { key: string; measures: { leadCodes: string[]; kpis: { comparator: string }[] }[] }): DemoPlan {
  for (const measure of json.measures) {
    if (measure.leadCodes.length === 0) throw new Error(`demo plan ${json.key}: a measure has no lead`);
    for (const kpi of measure.kpis) if (!COMPARATORS.has(kpi.comparator)) throw new Error(`demo plan ${json.key}: bad comparator ${kpi.comparator}`);
  }
  return json as DemoPlan;
}

/** The demo plans `start` loads: Guangzhou's 22 services-trade measures (002) and Guangdong's 20 FTZ tasks (003). */
export const DEMO_PLANS: readonly DemoPlan[] = [asDemoPlan(guangzhouServicesTrade), asDemoPlan(guangdongFtz)];

/**
 * Stores each demo plan not stored yet (same source hash, or the same document imported by hand), with its measures
 * and assignments; safe to run on every start. Returns the ids of the plans it created.
 */
export async function loadDemoPlans(db: Db, plans: readonly DemoPlan[] = DEMO_PLANS): Promise<{ loaded: number; planIds: string[] }> {
  const planIds: string[] = [];
  for (const plan of plans) {
    const created = await db.transaction().execute(async (trx) => {
      await lockPlanImports(trx);
      if (await findPlanBySourceHash(trx, plan.sourceHash)) return null;
      if (await findPlanByDocument(trx, { documentNumber: plan.documentNumber, title: plan.title })) return null;

      const codes = [plan.jurisdictionCode, plan.coordinatorAgencyCode, ...plan.measures.flatMap((m) => [...m.leadCodes, ...m.partnerCodes])];
      const rows = await trx.selectFrom('agencies').select(['id', 'code']).where('code', 'in', [...new Set(codes)]).execute();
      const ids = new Map(rows.map((row) => [row.code, row.id]));
      const idOf = (code: string): number => {
        const id = ids.get(code);
        if (id === undefined) throw new Error(`demo plan ${plan.key}: agency ${code} is not in the directory (run seedReferenceData first)`);
        return id;
      };

      return createPlanWithMeasures(trx, {
        title: plan.title,
        issuer: plan.issuer,
        documentNumber: plan.documentNumber,
        issuedOn: plan.issuedOn,
        jurisdictionAgencyId: idOf(plan.jurisdictionCode),
        coordinatorAgencyId: idOf(plan.coordinatorAgencyCode),
        reportingPolicy: DEFAULT_REPORTING_POLICY,
        sourceText: demoSourceText(plan),
        sourceHash: plan.sourceHash,
        createdBy: null,
        measures: plan.measures.map((m) => ({
          number: m.number,
          section: m.section,
          title: m.title,
          body: m.body,
          leadAgencyIds: m.leadCodes.map(idOf),
          partnerAgencyIds: m.partnerCodes.map(idOf),
          allDistricts: m.allDistricts,
          kpis: m.kpis,
          deadline: m.deadline,
        })),
      });
    });
    if (created) planIds.push(created.planId);
  }
  return { loaded: planIds.length, planIds };
}
