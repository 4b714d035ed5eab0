import { dueDateOf, formatInstant } from '../measure/format';

/** How the measure workflow words an overdue escalation: `report for cycle 2 overdue since 2026-11-10T16:00:00.000Z`. */
const OVERDUE = /^report for cycle (\d+) overdue since (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/;
const DAY_MS = 86_400_000;

/**
 * An escalation's reason as people read it: the workflow's words for an overdue report become the report (第3期)
 * and its deadline (a day, or the minute of a deadline not at China midnight); anything a person wrote stays.
 */
export function escalationReason(reason: string, lang: 'zh-CN' | 'en'): string {
  const match = OVERDUE.exec(reason);
  if (!match) return reason;
  const cycle = Number(match[1]) + 1;
  const due = match[2]!;
  const atMidnight = (Date.parse(due) + 8 * 3_600_000) % DAY_MS === 0;
  const when = atMidnight ? dueDateOf(due) : formatInstant(due, lang);
  return lang === 'en' ? `Report ${cycle} overdue (due ${when})` : `第${cycle}期进展报告逾期未报（应于${when}前报送）`;
}
