import { sql, type Insertable } from 'kysely';
import type { Measure } from '../tables/measures';
import type { Notification, NotificationsTable } from '../tables/process';
import type { Executor } from './executor';
import { utcText } from './timestamps';

// In-app notifications (站内提醒): who must act on what.

/**
 * Notifies agencies, once per `notificationKey`: a retried recording activity adds nothing.
 * Inside the caller's transaction, with the events that caused them.
 */
export async function insertNotifications(db: Executor, rows: readonly Insertable<NotificationsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values([...rows]).onConflict((oc) => oc.column('notificationKey').doNothing()).execute();
}

export interface NotificationCursor {
  createdAt: string;
  id: string;
}

/** A notification as the bell lists it, with the measure it is about. */
export type NotificationRow = Pick<Notification, 'id' | 'kind' | 'message' | 'createdAt' | 'readAt' | 'measureId'> & {
  measureNumber: Measure['number'] | null;
  measureTitle: Measure['title'] | null;
};

/** The agency's notifications, newest first, keyset-paged on (created_at, id). */
export async function listNotifications(
  db: Executor,
  agencyId: number,
  page: { unreadOnly?: boolean; limit: number; cursor?: NotificationCursor | null },
): Promise<{ items: NotificationRow[]; next: NotificationCursor | null }> {
  let query = db
    .selectFrom('notifications as n')
    .leftJoin('measures as m', 'm.id', 'n.measureId')
    .select(['n.id', 'n.kind', 'n.message', 'n.createdAt', 'n.readAt', 'n.measureId', 'm.number as measureNumber', 'm.title as measureTitle'])
    .select(utcText(sql`n.created_at`).as('createdAtText'))
    .where('n.recipientAgencyId', '=', agencyId)
    .orderBy('n.createdAt', 'desc')
    .orderBy('n.id', 'desc')
    .limit(page.limit + 1);
  if (page.unreadOnly) query = query.where('n.readAt', 'is', null);
  const cursor = page.cursor;
  if (cursor) query = query.where(sql<boolean>`(n.created_at, n.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await query.execute();
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ createdAtText: _c, ...row }) => row),
    next: more && last ? { createdAt: last.createdAtText, id: last.id } : null,
  };
}

export async function countUnread(db: Executor, agencyId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('recipientAgencyId', '=', agencyId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the agency's own unread notifications read; ids of another agency's rows change nothing. Returns how many. */
export async function markRead(db: Executor, agencyId: number, ids: readonly string[] | 'all', at: Date = new Date()): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  let query = db.updateTable('notifications').set({ readAt: at }).where('recipientAgencyId', '=', agencyId).where('readAt', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
