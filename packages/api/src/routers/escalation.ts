import { z } from 'zod';
import { authedProcedure, router } from '../trpc';

const whole = (field: string, min: number, max: number) => {
  const message = `${field} must be a whole number from ${min} to ${max}`;
  return z.number({ message }).int({ message }).min(min, { message }).max(max, { message });
};

export const escalationQueueInput = z.object({
  level: z.enum(['blue', 'yellow', 'red'], { message: 'level must be blue, yellow or red' }).optional(),
  planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
  agencyId: whole('agencyId', 1, 2_147_483_647).optional(),
  measureId: z.uuid({ message: 'measureId must be a measure id (uuid)' }).optional(),
  limit: whole('limit', 1, 100).default(20),
  offset: whole('offset', 0, 100_000).default(0),
});

/** 督办: escalations of the plans the signed-in coordinator's agency coordinates. */
export const escalationRouter = router({
  /** Open escalations, red first then oldest first, offset-paged with the total; FORBIDDEN for officers. */
  queue: authedProcedure.input(escalationQueueInput.default({ limit: 20, offset: 0 })).query(({ ctx, input }) => ctx.services.escalations.queue(ctx.actor, input)),
});
