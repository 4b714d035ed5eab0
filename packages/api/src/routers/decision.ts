import { z } from 'zod';
import { authedProcedure, router } from '../trpc';

const limit = z
  .number({ message: 'limit must be a whole number from 1 to 100' })
  .int({ message: 'limit must be a whole number from 1 to 100', abort: true })
  .min(1, { message: 'limit must be a whole number from 1 to 100' })
  .max(100, { message: 'limit must be a whole number from 1 to 100' });

export const decisionPendingInput = z.object({
  planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
  kind: z.enum(['decline', 'transfer', 'extension', 'closure'], { message: 'kind must be decline, transfer, extension or closure' }).optional(),
  limit: limit.default(50),
});

/** The coordinator's decisions (退回 / 转办 / 延期 / 销号); each decision is sent with the measure's own procedures. */
export const decisionRouter = router({
  /** What waits for the coordinator of the plans its agency coordinates, by kind, with counts; FORBIDDEN for officers. */
  pending: authedProcedure.input(decisionPendingInput.default({ limit: 50 })).query(({ ctx, input }) => ctx.services.coordination.pending(ctx.actor, input)),
});
