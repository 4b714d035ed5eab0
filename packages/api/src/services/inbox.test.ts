import { describe, expect, it } from 'vitest';
import { endOfChinaDay, WorkingCalendar } from '@liandong/domain';
import { deadline } from './inbox';

const calendar = new WorkingCalendar();
// Tuesday 1 December 2026, 10:00 in China.
const now = new Date('2026-12-01T02:00:00Z');

describe('deadline', () => {
  it('counts working days left to the due day, skipping the weekend', () => {
    expect(deadline(calendar, endOfChinaDay('2026-12-04'), now)).toEqual({ daysLeft: 3, overdue: false });
    expect(deadline(calendar, endOfChinaDay('2026-12-07'), now)).toEqual({ daysLeft: 4, overdue: false });
  });

  it('says 0 on the due day itself, still not overdue', () => {
    expect(deadline(calendar, endOfChinaDay('2026-12-01'), now)).toEqual({ daysLeft: 0, overdue: false });
  });

  it('counts working days overdue as negative', () => {
    expect(deadline(calendar, endOfChinaDay('2026-11-27'), now)).toEqual({ daysLeft: -2, overdue: true });
  });

  it('skips a public holiday (2026 National Day week)', () => {
    // 2026: 1–7 October off (国庆节), so only 8 and 9 October count.
    expect(deadline(calendar, endOfChinaDay('2026-10-09'), new Date('2026-09-30T02:00:00Z')).daysLeft).toBe(2);
  });
});
