// Bench only: importing generated plan documents the way a coordinator does (plan.preview, then plan.confirm),
// through the plan service with its measure service, timing each step.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createPlanService, planConfirmInput, type MeasureService, type PlanPreview } from '@liandong/api';
import type { Db } from '@liandong/db';
import type { Actor } from '@liandong/domain';
import { differencesFromWritten, generatePlan } from './plan-document';

/** Measures per document: `plan.confirm` takes at most 500, so a larger plan is imported in parts of this size. */
export const MEASURES_PER_DOCUMENT = 500;

export interface ImportTimes {
  /** plan.preview: decoding, the importer, the directory review, the look-up of a stored copy. */
  parseMs: number;
  /** plan.confirm up to its commit: the plan, its measures and assignments in one transaction. */
  storeMs: number;
  /** plan.confirm after the commit: starting every measure's workflow (`startWorkflows`). */
  startMs: number;
  planIds: string[];
  measures: number;
}

/** What the portal sends to `plan.confirm` after a review that changed nothing (apps/portal draft.ts toConfirmInput). */
function confirmInput(preview: PlanPreview, coordinatorCode: string) {
  const codes = (list: PlanPreview['measures'][number]['leads']) => list.flatMap((a) => (a.resolution.status === 'resolved' ? [a.resolution.code] : []));
  return {
    sourceText: preview.sourceText,
    meta: {
      title: preview.meta.title ?? '',
      issuer: preview.meta.issuer,
      documentNumber: preview.meta.documentNumber,
      issuedOn: preview.meta.issuedOn,
      coordinatorAgencyCode: coordinatorCode,
      jurisdictionCode: preview.jurisdiction?.code ?? null,
    },
    measures: preview.measures.map((m) => ({
      number: m.number,
      section: m.section,
      title: m.title,
      body: m.body,
      leadCodes: codes(m.leads),
      partnerCodes: codes(m.partners),
      allDistricts: m.allDistricts,
      kpis: m.kpis,
      deadline: m.deadline ? { text: m.deadline.text, due: m.deadline.due, ongoing: m.deadline.ongoing } : null,
    })),
  };
}

/**
 * Imports `total` generated measures as documents of at most MEASURES_PER_DOCUMENT (numbered from `firstDocument`),
 * one after another as a coordinator would: preview, then confirm (the input checked by `planConfirmInput`, as tRPC
 * checks it), by the coordinating agency's coordinator. `confirm` returns once every measure's workflow is started.
 */
export async function importGeneratedPlans(db: Db, measures: MeasureService, total: number, firstDocument = 1): Promise<ImportTimes> {
  let startMs = 0;
  const plans = createPlanService({
    db,
    measures: {
      startWorkflows: async (...args) => {
        const began = performance.now();
        try {
          return await measures.startWorkflows(...args);
        } finally {
          startMs += performance.now() - began;
        }
      },
    },
  });
  const times: ImportTimes = { parseMs: 0, storeMs: 0, startMs: 0, planIds: [], measures: 0 };
  for (let document = firstDocument; times.measures < total; document += 1) {
    const plan = generatePlan(document, Math.min(MEASURES_PER_DOCUMENT, total - times.measures));
    const coordinator = await db.selectFrom('agencies').select('id').where('code', '=', plan.coordinatorCode).executeTakeFirstOrThrow();
    const actor: Actor = { userId: randomUUID(), username: 'bench-coordinator', displayName: '压测协调办', agencyId: coordinator.id, roles: ['coordinator'] };

    const parseBegan = performance.now();
    const preview = await plans.preview({ text: plan.text, jurisdictionCode: plan.jurisdictionCode });
    times.parseMs += performance.now() - parseBegan;
    // The importer must read the document as written; otherwise the figures would measure something else.
    const differences = differencesFromWritten(preview, plan);
    if (differences.length > 0) throw new Error(`the importer did not read generated document ${document} as written: ${differences.slice(0, 5).join('; ')}`);

    const input = planConfirmInput.parse(confirmInput(preview, plan.coordinatorCode));
    const startedBefore = startMs;
    const confirmBegan = performance.now();
    const result = await plans.confirm(actor, input);
    times.storeMs += performance.now() - confirmBegan - (startMs - startedBefore);
    if (!result.created) throw new Error(`document ${document} was stored already (plan ${result.planId})`);
    times.planIds.push(result.planId);
    times.measures += result.measureCount;
  }
  times.startMs = startMs;
  return times;
}

/** How many measures (of these plans; of all plans when absent) have `measure.started` in the audit log: their workflows ran and recorded. */
export async function countStarted(db: Db, planIds?: string[]): Promise<number> {
  const { rows } = await sql<{ started: string }>`select count(*) as started from audit_event_plans where action = 'measure.started' and (${planIds ?? null}::uuid[] is null or plan_id = any(${planIds ?? null}::uuid[]))`.execute(db);
  return Number(rows[0]?.started ?? 0);
}
