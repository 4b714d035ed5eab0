// 督办单 (supervision notice) as words and as a document: its number, what is overdue and since when, and the
// OfficialDocument the PDF and the printable page both render. Pure: the service hands in what it read.
import { chinaDate, type ReportingPolicy, type WorkingCalendar } from '@liandong/domain';
import type { OfficialDocument } from '@liandong/documents';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 督办〔2026〕第3号: the notice's number in its plan and year. */
export const noticeNumber = (year: number, seq: number): string => `督办〔${year}〕第${seq}号`;

/** The year in China time an instant falls in: numbers restart on 1 January, Beijing time. */
export const chinaYear = (instant: Date): number => Number(chinaDate(instant).slice(0, 4));

/** 2026-11-10 → 2026年11月10日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/**
 * A deadline as people say it: a deadline at a China midnight holds through the day before (2026年11月10日);
 * any other instant (a policy counted in seconds, in tests) names its minute too.
 */
export function chineseDeadline(dueAt: Date): string {
  const local = new Date(dueAt.getTime() + CHINA_OFFSET_MS);
  if (local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0 && local.getUTCMilliseconds() === 0) {
    return chineseDate(chinaDate(new Date(dueAt.getTime() - 1)));
  }
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${chineseDate(chinaDate(dueAt))}${hh}:${mm}`;
}

/**
 * How long past its deadline a report is at `now`, in the policy's unit: working days (工作日) for a real plan,
 * elapsed time for a policy counted in fixed durations (seconds in tests).
 */
export function overdueLength(policy: Pick<ReportingPolicy, 'unit'>, calendar: WorkingCalendar, dueAt: Date, now: Date): string {
  if (policy.unit === 'workingDay') {
    const days = calendar.workingDaysBetween(chinaDate(new Date(dueAt.getTime() - 1)), chinaDate(now));
    return `${days}个工作日`;
  }
  const ms = Math.max(0, now.getTime() - dueAt.getTime());
  if (ms >= DAY_MS) return `${Math.floor(ms / DAY_MS)}天`;
  if (ms >= 3_600_000) return `${Math.floor(ms / 3_600_000)}小时`;
  if (ms >= 60_000) return `${Math.floor(ms / 60_000)}分钟`;
  return `${Math.floor(ms / 1000)}秒`;
}

/** What the read model says is overdue for the unit, as the notice records it. */
export interface OverdueFacts {
  policy: ReportingPolicy;
  calendar: WorkingCalendar;
  now: Date;
  /** The measure's current cycle (0-based). */
  cycleIndex: number | null;
  /** The unit's current report deadline while its report is owed (`assignments.unreported_due_at`). */
  unreportedDueAt: Date | null;
  /** The escalation the notice is issued from, or the unit's open one. */
  escalation: { kind: 'overdue' | 'manual'; cycleIndex: number | null; reason: string; raisedAt: Date } | null;
}

/** The workflow words an overdue escalation's reason so: `report for cycle 2 overdue since 2026-11-10T16:00:00.000Z`. */
const OVERDUE_REASON = /overdue since (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/;

/**
 * 逾期事项 and since when: the report the overdue escalation chases (its cycle and deadline), else the unit's
 * current report when its deadline has passed, else the reason of a manual escalation; null when nothing is.
 * e.g. `第3期进展报告，应于2026年11月10日前报送，已逾期4个工作日`.
 */
export function describeOverdue(facts: OverdueFacts): { item: string; since: Date } | null {
  const { escalation, now } = facts;
  const report = (cycleIndex: number, dueAt: Date) => ({
    item: `第${cycleIndex + 1}期进展报告，应于${chineseDeadline(dueAt)}前报送，已逾期${overdueLength(facts.policy, facts.calendar, dueAt, now)}`,
    since: dueAt,
  });
  const chased = escalation?.kind === 'overdue' ? OVERDUE_REASON.exec(escalation.reason) : null;
  if (escalation && chased && escalation.cycleIndex !== null && !Number.isNaN(Date.parse(chased[1]!))) return report(escalation.cycleIndex, new Date(chased[1]!));
  if (facts.unreportedDueAt && facts.unreportedDueAt.getTime() < now.getTime() && facts.cycleIndex !== null) return report(facts.cycleIndex, facts.unreportedDueAt);
  if (escalation) return { item: `督办事项：${escalation.reason}（${chineseDate(chinaDate(escalation.raisedAt))}起）`, since: escalation.raisedAt };
  return null;
}

/** What a notice's document is made from. */
export interface NoticeFacts {
  number: string;
  /** The coordinator's office (协调办): issuer and signature. */
  coordinatorName: string;
  planTitle: string;
  measureNumber: string;
  measureTitle: string;
  agencyName: string;
  overdueItem: string | null;
  requirement: string;
  answerDueAt: Date;
  issuedAt: Date;
  status: 'issued' | 'signed' | 'answered';
  signedAt: Date | null;
  answer: string | null;
  answeredAt: Date | null;
  /** The escalation it was issued from was resolved (已办结). */
  concluded: boolean;
}

/** The measure as a document names it: `（二）推进……`, or `2 推进……` when its number is a plain figure. */
const measureName = (number: string, title: string) => (/^[（(]/.test(number) ? `${number}${title}` : `${number} ${title}`);

const STATUS_WORDS = { issued: '待签收', signed: '已签收，待答复', answered: '已答复' } as const;

/** The 督办单 as an OfficialDocument (GB/T 9704 layout by the renderer): the PDF and the printable page say the same. */
export function noticeDocument(n: NoticeFacts): OfficialDocument {
  const measure = measureName(n.measureNumber, n.measureTitle);
  const due = chineseDeadline(n.answerDueAt);
  const status = n.concluded ? '已办结' : STATUS_WORDS[n.status];
  const body: OfficialDocument['body'] = [
    {
      type: 'paragraph',
      text: `根据《${n.planTitle}》的工作安排，现对你单位承办的“${measure}”进行督办。请于${due}前签收本督办单，按要求落实并书面答复。`,
    },
    { type: 'heading', text: '一、督办事项' },
    {
      type: 'fields',
      rows: [
        { label: '措施', value: measure },
        { label: '责任单位', value: n.agencyName },
        { label: '逾期事项', value: n.overdueItem ?? '无逾期报送事项' },
        { label: '答复时限', value: due },
      ],
    },
    { type: 'heading', text: '二、工作要求' },
    { type: 'paragraph', text: n.requirement },
    { type: 'heading', text: '三、办理情况' },
    {
      type: 'fields',
      rows: [
        { label: '状态', value: status },
        ...(n.signedAt ? [{ label: '签收时间', value: chineseDeadline(n.signedAt) }] : []),
        ...(n.answeredAt ? [{ label: '答复时间', value: chineseDeadline(n.answeredAt) }] : []),
        ...(n.answer !== null ? [{ label: '答复内容', value: n.answer }] : []),
      ],
    },
  ];
  return {
    issuer: n.coordinatorName,
    number: n.number,
    title: `关于督促落实“${measure}”的督办单`,
    addressee: n.agencyName,
    body,
    signature: n.coordinatorName,
    date: chinaDate(n.issuedAt),
    footnote: `本督办单由Liandong联动平台生成，编号${n.number}。`,
  };
}

