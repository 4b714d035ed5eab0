import { z } from 'zod';
import { chinaDate, hasRole, type Actor, type WorkingCalendar } from '@liandong/domain';
import type { Db } from '@liandong/db';
import {
  INBOX_KINDS,
  inboxCounts,
  inboxItems,
  listMeasuresForAgency,
  loadWorkingCalendar,
  type InboxCursor,
  type InboxItem,
  type MeasureListFilter,
  type MeasureListRow,
} from '@liandong/db/queries';
import { ForbiddenError } from '../errors';
import { decodePageToken, encodePageToken, keysetTimestamp } from './page-token';

/**
 * Whose daily lists the actor may read: their own agency's; an auditor any agency's (read-only anyway).
 * Another agency's id from anyone else is refused, never silently swapped for their own.
 */
export function agencyInView(actor: Actor, agencyId: number | undefined): number {
  if (agencyId === undefined || agencyId === actor.agencyId) return actor.agencyId;
  if (hasRole(actor, 'auditor')) return agencyId;
  throw new ForbiddenError(`you may read only your own agency's work (agency ${actor.agencyId}), not agency ${agencyId}`);
}

/** Requests a coordinator decides show for people who can decide or audit them, not for every officer of that agency. */
const seesCoordinatorWork = (actor: Actor) => hasRole(actor, 'coordinator', 'auditor');

/** A position this list handed out: a known kind, real instants, an id (see page-token.ts). */
const inboxCursorSchema: z.ZodType<InboxCursor> = z.object({ dueAt: keysetTimestamp, since: keysetTimestamp, kind: z.enum(INBOX_KINDS), refId: z.uuid() });

export interface Deadline {
  /** Working days (工作日) from today to the due day in China: 0 on the day itself, negative once overdue. */
  daysLeft: number;
  overdue: boolean;
}

/**
 * Working days left before a deadline. A deadline instant is the end of its China day (see `endOfChinaDay`),
 * so the due day is the date of the instant just before it.
 */
export function deadline(calendar: WorkingCalendar, dueAt: Date, now: Date): Deadline {
  const today = chinaDate(now);
  const dueDay = chinaDate(new Date(dueAt.getTime() - 1));
  const overdue = dueAt.getTime() <= now.getTime();
  if (dueDay >= today) return { daysLeft: calendar.workingDaysBetween(today, dueDay), overdue };
  return { daysLeft: -calendar.workingDaysBetween(dueDay, today), overdue };
}

export type InboxEntry = InboxItem & { deadline: Deadline | null };
export type MeasureListEntry = MeasureListRow & { deadline: Deadline | null };

export interface InboxServiceDeps {
  db: Db;
  /**
   * The working-day calendar in force: the process's cached one (what its worker reads). Absent, each
   * request reads it from the database (entered years on the package's), so an entered year counts at once.
   */
  calendar?: () => WorkingCalendar;
  clock?: () => Date;
}

/** 工作台: what waits on an agency, and the measures it works on, with deadlines in working days. */
export function createInboxService({ db, calendar, clock = () => new Date() }: InboxServiceDeps) {
  const workingCalendar = (): Promise<WorkingCalendar> => (calendar ? Promise.resolve(calendar()) : loadWorkingCalendar(db));

  return {
    /** Items per kind, for the badges. */
    async counts(actor: Actor, input: { agencyId?: number } = {}) {
      const agencyId = agencyInView(actor, input.agencyId);
      return { agencyId, ...(await inboxCounts(db, agencyId, { asCoordinator: seesCoordinatorWork(actor) })) };
    },

    /** The items, most urgent first; `next` is the token of the following page, null at the end. */
    async items(actor: Actor, input: { agencyId?: number; limit: number; cursor?: string }): Promise<{ items: InboxEntry[]; next: string | null }> {
      const agencyId = agencyInView(actor, input.agencyId);
      const cursor = decodePageToken(input.cursor, inboxCursorSchema);
      const [page, cal] = await Promise.all([
        inboxItems(db, agencyId, { limit: input.limit, cursor }, { asCoordinator: seesCoordinatorWork(actor) }),
        workingCalendar(),
      ]);
      const now = clock();
      return {
        items: page.items.map((item) => ({ ...item, deadline: item.dueAt ? deadline(cal, item.dueAt, now) : null })),
        next: page.next ? encodePageToken(page.next) : null,
      };
    },

    /** My measures (我的督办事项): a coordinator also sees every measure of the plans its agency coordinates. */
    async measures(
      actor: Actor,
      input: Omit<MeasureListFilter, 'agencyId' | 'coordinatorAgencyId' | 'now'> & { agencyId?: number },
    ): Promise<{ rows: MeasureListEntry[]; total: number }> {
      const agencyId = agencyInView(actor, input.agencyId);
      const now = clock();
      const [list, cal] = await Promise.all([
        listMeasuresForAgency(db, { ...input, agencyId, now, ...(seesCoordinatorWork(actor) ? { coordinatorAgencyId: agencyId } : {}) }),
        workingCalendar(),
      ]);
      return { total: list.total, rows: list.rows.map((row) => ({ ...row, deadline: row.dueAt ? deadline(cal, row.dueAt, now) : null })) };
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
