import { endOfChinaDay } from '../calendar/calendar';
import type { MeasureStatus } from './types';

/** A measure's completion deadline (完成时限) as stored: a due date, or ongoing (长期), or neither. */
export interface MeasureDueDate {
  /** yyyy-mm-dd in China; null when ongoing or when the plan states none. */
  dueOn: string | null;
  /** 长期: the work has no end date and is never overdue. */
  ongoing: boolean;
  status: MeasureStatus;
}

/**
 * 逾期未办结: the measure's due date has passed in China (a date holds until its midnight, UTC+8) and it is
 * not closed (销号). A withdrawn measure is no longer supervised, so it is not overdue either.
 */
export function isMeasureOverdue(measure: MeasureDueDate, now: Date): boolean {
  if (measure.ongoing || measure.dueOn === null) return false;
  if (measure.status === 'closed' || measure.status === 'withdrawn') return false;
  return now.getTime() >= endOfChinaDay(measure.dueOn).getTime();
}
