import { z } from 'zod';
import type { Db } from '@liandong/db';
import { countUnread, listNotifications, markRead, type NotificationCursor, type NotificationRow } from '@liandong/db/queries';
import { isReadOnly, type Actor } from '@liandong/domain';
import { ForbiddenError, READ_ONLY_MESSAGE } from '../errors';
import { agencyInView } from './inbox';
import { decodePageToken, encodePageToken, keysetTimestamp } from './page-token';

/** A position this list handed out: a real instant and an id (see page-token.ts). */
const notificationCursorSchema: z.ZodType<NotificationCursor> = z.object({ createdAt: keysetTimestamp, id: z.uuid() });

/** In-app notifications (站内提醒) of the actor's agency: who must act on what. */
export function createNotificationService({ db }: { db: Db }) {
  return {
    /** Newest first; `next` is the token of the following page, null at the end. An auditor may read any agency's. */
    async list(
      actor: Actor,
      options: { agencyId?: number; unreadOnly?: boolean; limit?: number; cursor?: string } = {},
    ): Promise<{ items: NotificationRow[]; next: string | null }> {
      const agencyId = agencyInView(actor, options.agencyId);
      const cursor = decodePageToken(options.cursor, notificationCursorSchema);
      const page = await listNotifications(db, agencyId, { unreadOnly: options.unreadOnly ?? false, limit: options.limit ?? 100, cursor });
      return { items: page.items, next: page.next ? encodePageToken(page.next) : null };
    },

    /** For the bell. */
    async unreadCount(actor: Actor, options: { agencyId?: number } = {}): Promise<{ unread: number }> {
      return { unread: await countUnread(db, agencyInView(actor, options.agencyId)) };
    },

    /** Marks notifications read; only the agency's own, so another agency's ids change nothing. An auditor changes nothing. */
    async markRead(actor: Actor, ids: string[] | 'all'): Promise<number> {
      if (isReadOnly(actor)) throw new ForbiddenError(READ_ONLY_MESSAGE);
      return markRead(db, actor.agencyId, ids);
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
