import type { MessageKey } from '../../lib/messages';
import type { Deadline } from './types';

/** How pressing a deadline is: drives the colour (overdue red, soon orange) and the words. */
export type Urgency = 'overdue' | 'today' | 'soon' | 'later' | 'none';

/** Within this many working days a deadline shows as soon (orange). */
export const SOON_WORKING_DAYS = 3;

export function urgencyOf(deadline: Deadline | null): Urgency {
  if (!deadline) return 'none';
  if (deadline.overdue || deadline.daysLeft < 0) return 'overdue';
  if (deadline.daysLeft === 0) return 'today';
  return deadline.daysLeft <= SOON_WORKING_DAYS ? 'soon' : 'later';
}

/** The words for the working days left (`剩 3 个工作日`, `逾期 2 个工作日`), as a message key and its variables. */
export function daysLeftMessage(deadline: Deadline | null): { key: MessageKey; vars?: { n: number } } {
  const urgency = urgencyOf(deadline);
  if (!deadline || urgency === 'none') return { key: 'inbox.due.none' };
  if (urgency === 'overdue') {
    // Overdue by less than a working day (due Friday, read on Saturday) still says overdue.
    const n = Math.abs(deadline.daysLeft);
    if (n === 0) return { key: 'inbox.due.overdueToday' };
    return { key: n === 1 ? 'inbox.due.overdueOne' : 'inbox.due.overdue', vars: { n } };
  }
  if (urgency === 'today') return { key: 'inbox.due.today' };
  return { key: deadline.daysLeft === 1 ? 'inbox.due.leftOne' : 'inbox.due.left', vars: { n: deadline.daysLeft } };
}

const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The due day in China (`2026-12-04`) of a deadline instant. A deadline is the end of its China day
 * (midnight after it), so the day is that of the instant just before.
 */
export function dueDay(dueAt: string | null): string | null {
  if (dueAt === null) return null;
  const time = Date.parse(dueAt);
  if (Number.isNaN(time)) return null;
  return chinaDay.format(new Date(time - 1));
}
