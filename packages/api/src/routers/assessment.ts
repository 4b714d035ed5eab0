import { z } from 'zod';
import { PERIOD_FORMAT, parsePeriod } from '@liandong/domain';
import { text } from '../inputs';
import { authedProcedure, roleProcedure, router } from '../trpc';

const planId = z.uuid({ message: 'planId must be a plan id (uuid)' });
const periodMessage = `period must be ${PERIOD_FORMAT} (China time), e.g. 2026-12 or 2026-Q4`;
/** A month `2026-12` or a quarter `2026-Q4`, in China time. */
const period = z.string({ message: periodMessage }).refine((value) => parsePeriod(value) !== null, { message: periodMessage });
const agencyMessage = 'agencyId must be a whole number from 1 to 2147483647';
const agencyId = z.number({ message: agencyMessage }).int({ message: agencyMessage, abort: true }).min(1, { message: agencyMessage }).max(2_147_483_647, { message: agencyMessage });

export const assessmentRankingInput = z.object({ planId, period });
export const assessmentExplainInput = z.object({ planId, period, agencyId });
export const assessmentSetRulesInput = z.object({
  planId,
  /** Checked field by field by the service against the domain's schema, so each bad value is named (`rules.lateReport`). */
  rules: z.record(z.string(), z.unknown(), { message: 'rules must be an object of scoring rules' }),
  /** The same requestId twice (a double click, a retry) is one command. */
  requestId: text(100, { min: 1 }).optional(),
});

/** 考核: agencies scored per plan and period by the plan's rules, each score explained from the audit log. */
export const assessmentRouter = router({
  /** The plan's scoring rules (the default until set) and the default beside them. */
  rules: authedProcedure.input(z.object({ planId })).query(({ ctx, input }) => ctx.services.assessment.rules(ctx.actor, input.planId)),

  /** Replaces the plan's scoring rules; its coordinator or an admin; audited; a repeated requestId applies once. */
  setRules: roleProcedure('coordinator', 'admin')
    .input(assessmentSetRulesInput)
    .mutation(({ ctx, input }) => ctx.services.assessment.setRules(ctx.actor, input)),

  /** Every unit's score and rank for a month or quarter, with its counts per rule; FORBIDDEN for officers. */
  ranking: authedProcedure.input(assessmentRankingInput).query(({ ctx, input }) => ctx.services.assessment.ranking(ctx.actor, input)),

  /** One unit's score, event by event with audit event ids; officers for their own unit only. */
  explain: authedProcedure.input(assessmentExplainInput).query(({ ctx, input }) => ctx.services.assessment.explain(ctx.actor, input)),

  /** The ranking and the explanations as .xlsx (base64 in a FileDownload). */
  export: authedProcedure.input(assessmentRankingInput).query(({ ctx, input }) => ctx.services.assessment.exportAssessment(ctx.actor, input)),
});
