import { z } from 'zod';
import { authedProcedure, router } from '../trpc';

/** `fresh`: compute the figures now rather than serve those computed in the last half minute (the page's 刷新). */
const fresh = z.boolean({ message: 'fresh must be true or false' }).optional();

export const dashboardPlanInput = z.object({ planId: z.uuid({ message: 'planId must be a plan id (uuid)' }), fresh });

const agencyIdMessage = 'coordinatorAgencyId must be a whole number from 1 to 2147483647';
export const dashboardGroupInput = z.object({
  coordinatorAgencyId: z.number({ message: agencyIdMessage }).int({ message: agencyIdMessage, abort: true }).min(1, { message: agencyIdMessage }).max(2_147_483_647, { message: agencyIdMessage }).optional(),
  fresh,
});

/** 统计: dashboards of one plan, or of a working group (every plan one agency coordinates). */
export const dashboardRouter = router({
  /** Measures by status and light, each agency's open, overdue and on-time figures, KPI progress, a 12-month trend. */
  plan: authedProcedure.input(dashboardPlanInput).query(({ ctx, input }) => ctx.services.statistics.plan(ctx.actor, input)),
  /** The same over every plan the agency coordinates: the actor's own working group unless an auditor or admin names another. */
  group: authedProcedure.input(dashboardGroupInput.default({})).query(({ ctx, input }) => ctx.services.statistics.group(ctx.actor, input)),
});
