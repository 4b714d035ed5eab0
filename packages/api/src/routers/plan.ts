import { z } from 'zod';
import { planConfirmInput, planPreviewInput } from '../services/plans';
import { authedProcedure, roleProcedure, router } from '../trpc';

export const planRouter = router({
  /** Reads a pasted or uploaded document and shows what would be imported; stores nothing (a mutation for its size). */
  preview: roleProcedure('admin', 'coordinator')
    .meta({ storesNothing: true })
    .input(planPreviewInput)
    .mutation(({ ctx, input }) => ctx.services.plans.preview(input)),

  /** Stores the reviewed plan (or the changes to the stored copy of the same document), then starts its measures' workflows. */
  confirm: roleProcedure('admin', 'coordinator')
    .input(planConfirmInput)
    .mutation(({ ctx, input }) => ctx.services.plans.confirm(ctx.actor, input)),

  /** The plans the signed-in person may see. */
  list: authedProcedure.query(({ ctx }) => ctx.services.plans.list(ctx.actor)),

  /** One plan with its measures, or NOT_FOUND (also when the person may not see it). */
  get: authedProcedure
    .input(z.object({ id: z.uuid({ message: 'id must be a plan id (uuid)' }) }))
    .query(({ ctx, input }) => ctx.services.plans.get(ctx.actor, input.id)),
});
