import { z } from 'zod';
import { MEASURE_LIST_SORTS } from '@liandong/db/queries';
import { pageToken } from '../inputs';
import { authedProcedure, router } from '../trpc';

/** Another agency's lists are for auditors only (the service refuses anyone else). */
const agencyId = z.number({ message: 'agencyId must be an agency id' }).int({ message: 'agencyId must be an agency id' }).positive({ message: 'agencyId must be an agency id' }).optional();
const limit = (max: number, fallback: number) =>
  z.number({ message: `limit must be a whole number from 1 to ${max}` }).int({ message: `limit must be a whole number from 1 to ${max}` }).min(1, { message: `limit must be at least 1` }).max(max, { message: `limit must be at most ${max}` }).default(fallback);

export const measureListInput = z.object({
  agencyId,
  planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
  role: z.enum(['lead', 'partner', 'coordinator'], { message: 'role must be lead, partner or coordinator' }).optional(),
  status: z.enum(['active', 'closure_requested', 'closed', 'withdrawn'], { message: 'status must be active, closure_requested, closed or withdrawn' }).optional(),
  escalationLevel: z.enum(['blue', 'yellow', 'red', 'none'], { message: 'escalationLevel must be blue, yellow, red or none' }).optional(),
  overdue: z.boolean({ message: 'overdue must be true or false' }).optional(),
  sort: z.enum(MEASURE_LIST_SORTS, { message: `sort must be one of ${MEASURE_LIST_SORTS.join(', ')}` }).default('due'),
  limit: limit(100, 20),
  offset: z.number({ message: 'offset must be a whole number from 0 to 100000' }).int({ message: 'offset must be a whole number from 0 to 100000' }).min(0, { message: 'offset must not be negative' }).max(100_000, { message: 'offset must be at most 100000' }).default(0),
});

/** 工作台: what waits on the signed-in person's agency, and the measures it works on. */
export const inboxRouter = router({
  /** Items per kind, for the badges. */
  counts: authedProcedure.input(z.object({ agencyId }).default({})).query(({ ctx, input }) => ctx.services.inbox.counts(ctx.actor, input)),

  /** What waits, most urgent first, with days left in working days; page with `next`. */
  items: authedProcedure
    .input(z.object({ agencyId, limit: limit(100, 30), cursor: pageToken.optional() }).default({ limit: 30 }))
    .query(({ ctx, input }) => ctx.services.inbox.items(ctx.actor, input)),

  /** My measures: filters, sort and offset paging, with the total. */
  measures: authedProcedure.input(measureListInput.default({ sort: 'due', limit: 20, offset: 0 })).query(({ ctx, input }) => ctx.services.inbox.measures(ctx.actor, input)),
});
