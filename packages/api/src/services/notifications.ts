import type { Db } from '@liandong/db';
import type { Actor } from '@liandong/domain';

/** In-app notifications (站内提醒) of the actor's agency: who must act on what. */
export function createNotificationService({ db }: { db: Db }) {
  return {
    list(actor: Actor, options: { unreadOnly?: boolean; limit?: number } = {}) {
      let query = db
        .selectFrom('notifications as n')
        .leftJoin('measures as m', 'm.id', 'n.measureId')
        .select(['n.id', 'n.kind', 'n.message', 'n.createdAt', 'n.readAt', 'n.measureId', 'm.number as measureNumber', 'm.title as measureTitle'])
        .where('n.recipientAgencyId', '=', actor.agencyId)
        .orderBy('n.createdAt', 'desc')
        .limit(options.limit ?? 100);
      if (options.unreadOnly) query = query.where('n.readAt', 'is', null);
      return query.execute();
    },

    /** Marks notifications read; only the agency's own, so another agency's ids change nothing. */
    async markRead(actor: Actor, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('notifications')
        .set({ readAt: new Date() })
        .where('id', 'in', ids)
        .where('recipientAgencyId', '=', actor.agencyId)
        .where('readAt', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
