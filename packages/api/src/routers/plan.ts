import { z } from 'zod';
import { confirmPlan, getVisiblePlan, listVisiblePlans, planConfirmInput, planPreviewInput, previewPlan } from '../plans';
import { authedProcedure, roleProcedure, router } from '../trpc';

export const planRouter = router({
  /** Reads a pasted or uploaded document and shows what would be imported; stores nothing. */
  preview: roleProcedure('admin', 'coordinator')
    .input(planPreviewInput)
    .mutation(({ ctx, input }) => previewPlan(ctx.db, input)),

  /** Stores the reviewed plan (or the changes to the stored copy of the same document), then tells the workflows. */
  confirm: roleProcedure('admin', 'coordinator')
    .input(planConfirmInput)
    .mutation(async ({ ctx, input }) => {
      const result = await confirmPlan(ctx.db, ctx.actor, input);
      // After commit; the hook must be idempotent: it also runs when nothing changed, so a failed start can be retried.
      await ctx.onPlanConfirmed?.(result.planId, ctx.actor);
      return result;
    }),

  /** The plans the signed-in person may see. */
  list: authedProcedure.query(({ ctx }) => listVisiblePlans(ctx.db, ctx.actor)),

  /** One plan with its measures, or NOT_FOUND (also when the person may not see it). */
  get: authedProcedure
    .input(z.object({ id: z.uuid({ message: 'id must be a plan id (uuid)' }) }))
    .query(({ ctx, input }) => getVisiblePlan(ctx.db, ctx.actor, input.id)),
});
