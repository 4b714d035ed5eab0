import { z } from 'zod';
import { authedProcedure, router } from '../trpc';

const limit = z
  .number({ message: 'limit must be a whole number from 1 to 100' })
  .int({ message: 'limit must be a whole number from 1 to 100', abort: true })
  .min(1, { message: 'limit must be a whole number from 1 to 100' })
  .max(100, { message: 'limit must be a whole number from 1 to 100' });

export const issueBoardInput = z.object({
  planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
  measureId: z.uuid({ message: 'measureId must be a measure id (uuid)' }).optional(),
  overdueOnly: z.boolean({ message: 'overdueOnly must be true or false' }).optional(),
  limit: limit.default(50),
});

/** Coordination issues (跨部门联动事项); triage, answers and resolution are the measure's own commands. */
export const issueRouter = router({
  /** The board: raised → triaged → resolved, with each responder's answer and an overdue flag. */
  board: authedProcedure.input(issueBoardInput.default({ limit: 50 })).query(({ ctx, input }) => ctx.services.coordination.board(ctx.actor, input)),
});
