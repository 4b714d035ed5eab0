// The workflow refuses a command with a reason in English (the decision core's words); people read it in
// plain Chinese. Deadlines in a reason are shown as the China date they fall due on.
import type { Lang } from '../../lib/messages';
import { dueDateOf } from './format';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** `2027-01-31T16:00:00.000Z` → `2027-01-31` (a deadline is the end of its China day). */
export const humanizeInstants = (message: string): string => message.replace(ISO_INSTANT, (instant) => dueDateOf(instant));

const STATUS_ZH: Record<string, string> = {
  pending: '待接收',
  accepted: '已接收',
  declined: '已退回',
  transfer_requested: '转办中',
  withdrawn: '已撤回',
  submitted: '已报送',
  returned: '已退回修改',
  closed: '已销号',
  active: '推进中',
  closure_requested: '申请办结中',
};
const status = (s: string | undefined) => STATUS_ZH[s ?? ''] ?? s ?? '';

const ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/the assignment is already (\w+); only a pending one can be accepted/, (m) => `该任务已是“${status(m[1])}”状态，只有待接收的任务才能接收。`],
  [/the assignment is (\w+); only a pending one can be declined/, (m) => `该任务已是“${status(m[1])}”状态，只有待接收的任务才能退回。`],
  [/the assignment is (\w+); it cannot be transferred now/, (m) => `该任务已是“${status(m[1])}”状态，现在不能申请转办。`],
  [/no longer holds its assignment/, () => '本单位已不再承担该任务。'],
  [/has no assignment on this measure/, () => '该单位在本措施中没有任务。'],
  [/already has an assignment on this measure/, () => '该单位已在本措施中承担任务，请选择其他单位。'],
  [/has meanwhile been given an assignment on this measure/, () => '转办对象已在本措施中承担任务，只能不同意转办。'],
  [/has no declined assignment to arbitrate/, () => '该退回已经裁定，无需再次裁定。'],
  [/has no pending transfer request/, () => '该转办申请已经处理。'],
  [/the report for cycle (\d+) is already (\w+)/, (m) => `第 ${Number(m[1]) + 1} 期报告已是“${status(m[2])}”状态，不能重复报送。`],
  [/owes no report for cycle (\d+)/, (m) => `本单位第 ${Number(m[1]) + 1} 期无需报送。`],
  [/the combined report waits for accepted partner reports/, () => '合并报告须在配合单位的报告审核通过后提交。'],
  [/there is no submitted report from agency \d+ for cycle (\d+) to review/, (m) => `第 ${Number(m[1]) + 1} 期的这份报告已审核或尚未报送，无需审核。`],
  [/extension request \S+ is not pending/, () => '该延期申请已经处理。'],
  [/an extension request from this agency is already pending/, () => '本单位已有待审批的延期申请。'],
  [/the report is already submitted; nothing to extend/, () => '报告已提交，无需延期。'],
  [/owes nothing in the current cycle/, () => '本单位本期没有待报送的报告，无需延期。'],
  [/the extension no longer applies/, () => '该延期申请已不再适用（周期已结束、报告已提交或任务已调整），只能不同意。'],
  [/the requested date has already passed/, () => '申请延期的日期已过，只能不同意；对方可重新申请。'],
  [/must be requested before the due date/, () => '延期须在截止时间之前申请；报告已逾期，请尽快补报。'],
  [/the issue is not triaged/, () => '协调办尚未指定答复单位，暂不能答复。'],
  [/named to respond may answer/, () => '只有协调办指定的答复单位可以答复该事项。'],
  [/escalation \S+ is not open on this measure/, () => '该督办事项已经办结。'],
  [/the escalation is already acknowledged/, () => '该督办事项已确认。'],
  [/acknowledge the escalation before resolving it/, () => '请先确认收到，再办结该督办事项。'],
  [/issue \S+ is not open on this measure/, () => '该需协调事项已经办结。'],
  [/triage the issue .* before resolving it/, () => '请先分派责任单位，再办结该事项。'],
  [/subtask \S+ is not on this measure/, () => '该子任务已不存在。'],
  [/the subtask is already done/, () => '该子任务已完成。'],
  [/is not a partner unit holding an assignment on this measure/, () => '子任务只能交办给仍承担任务的配合单位。'],
  [/closure is already requested/, () => '已申请办结，正在等待协调办审批。'],
  [/no closure request is pending/, () => '没有待审批的办结申请。'],
  [/the measure is closed/, () => '该措施已销号，不能再操作。'],
  [/withdrawn from its plan/, () => '该措施已从方案中撤销，不能再操作。'],
  [/only a withdrawn one can be reinstated/, () => '只有已撤销的措施才能恢复。'],
  [/open (subtasks|escalations|coordination issues)/, () => '本措施的待办事项已达上限，请先处理已有事项。'],
];

/** A refusal from the server in the reader's language: plain Chinese where known, dates as China dates. */
export function localizeRefusal(message: string, lang: Lang): string {
  const text = humanizeInstants(message.trim());
  // `中文 (English)`, as the API words its refusals to outsiders: the half in the reader's language.
  const both = /^(.*\p{Script=Han}.*?) \(([^()\p{Script=Han}]+)\)$/u.exec(text);
  if (both?.[1] && both[2]) return lang === 'zh-CN' ? both[1] : both[2];
  if (lang !== 'zh-CN') return text;
  for (const [pattern, say] of ZH) {
    const match = pattern.exec(text);
    if (match) return say(match);
  }
  return text;
}
