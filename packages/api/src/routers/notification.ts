import { z } from 'zod';
import { pageToken } from '../inputs';
import { authedProcedure, router } from '../trpc';

const agencyId = z.number({ message: 'agencyId must be an agency id' }).int({ message: 'agencyId must be an agency id' }).positive({ message: 'agencyId must be an agency id' }).optional();

/** The bell: the agency's notifications (站内提醒), its unread count, and marking read. */
export const notificationRouter = router({
  list: authedProcedure
    .input(
      z
        .object({
          agencyId,
          unreadOnly: z.boolean({ message: 'unreadOnly must be true or false' }).default(false),
          limit: z.number({ message: 'limit must be a whole number from 1 to 100' }).int({ message: 'limit must be a whole number from 1 to 100' }).min(1, { message: 'limit must be at least 1' }).max(100, { message: 'limit must be at most 100' }).default(30),
          cursor: pageToken.optional(),
        })
        .default({ unreadOnly: false, limit: 30 }),
    )
    .query(({ ctx, input }) => ctx.services.notifications.list(ctx.actor, input)),

  unreadCount: authedProcedure.input(z.object({ agencyId }).default({})).query(({ ctx, input }) => ctx.services.notifications.unreadCount(ctx.actor, input)),

  /** Only the agency's own notifications change; an auditor is refused. */
  markRead: authedProcedure
    .input(
      z.object({
        ids: z.union([z.literal('all'), z.array(z.uuid({ message: 'ids must be notification ids (uuid)' })).min(1, { message: 'ids must name at least one notification' }).max(500, { message: 'ids may name at most 500 notifications' })], {
          message: "ids must be a list of notification ids or 'all'",
        }),
      }),
    )
    .mutation(async ({ ctx, input }) => ({ marked: await ctx.services.notifications.markRead(ctx.actor, input.ids) })),
});
