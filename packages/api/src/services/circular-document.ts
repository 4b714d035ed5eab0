// 通报: the draft a coordinator starts from, written from the figures of the moment, and the formal document the
// printable page and the PDF show. Pure: the service reads the figures and stores what this returns.
import { addCalendarDays, chinaDate, formatRate, totalOnTimeRate, type OnTimeRate } from '@liandong/domain';
import type { DocumentBlock, OfficialDocument } from '@liandong/documents';

const DAY_MS = 86_400_000;
const LEVEL_NAMES = { red: '红色预警', yellow: '黄色预警' } as const;

export interface CircularFigures {
  /** The office (工作组办公室) that issues it. */
  officeName: string;
  /** Null: every plan the office coordinates. */
  planTitle: string | null;
  period: { from: string; to: string };
  now: Date;
  totals: { measures: number; closed: number; overdue: number; onTrack: number };
  escalations: { level: 'red' | 'yellow'; measureNumber: string; measureTitle: string; planTitle: string; agencyId: number; agencyName: string; raisedAt: Date }[];
  overdueUnits: { agencyId: number; agencyName: string; measures: number; since: Date }[];
  rates: OnTimeRate[];
}

export interface CircularDraft {
  title: string;
  body: DocumentBlock[];
  /** Every unit the text names: notified when the circular is issued. */
  namedAgencyIds: number[];
}

type Day = { y: number; m: number; d: number };
const parts = (date: string): Day => {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  return { y, m, d };
};
const monthEnd = (y: number, m: number) => addCalendarDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
const QUARTERS = ['一', '二', '三', '四'];

/** The period as a title says it: 2026年11月, 2026年第四季度, 2026年, or 2026年11月1日至11月15日. */
export function periodLabel(period: { from: string; to: string }): string {
  const from = parts(period.from);
  const to = parts(period.to);
  if (from.d === 1 && period.to === monthEnd(to.y, to.m) && from.y === to.y) {
    if (from.m === to.m) return `${from.y}年${from.m}月`;
    if (from.m === 1 && to.m === 12) return `${from.y}年`;
    if ((from.m - 1) % 3 === 0 && to.m === from.m + 2) return `${from.y}年第${QUARTERS[(from.m - 1) / 3]}季度`;
    return `${from.y}年${from.m}月至${to.m}月`;
  }
  const day = (p: Day, withYear: boolean) => `${withYear ? `${p.y}年` : ''}${p.m}月${p.d}日`;
  if (period.from === period.to) return day(from, true);
  return `${day(from, true)}至${day(to, from.y !== to.y)}`;
}

/** How long something has waited, in whole days (不足1天 under a day). */
export function waitedFor(since: Date, now: Date): string {
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  return days < 1 ? '不足1天' : `${days}天`;
}

/** The draft: a title, an opening with the totals, the three sections, and the closing requirement. */
export function draftCircular(f: CircularFigures): CircularDraft {
  const label = periodLabel(f.period);
  const subject = f.planTitle === null ? `${f.officeName}牵头协调各项工作` : `《${f.planTitle}》`;
  const title = f.planTitle === null ? `关于${label}${subject}推进情况的通报` : `关于${label}${subject}工作推进情况的通报`;
  const red = f.escalations.filter((e) => e.level === 'red').length;
  const yellow = f.escalations.length - red;
  const total = totalOnTimeRate(f.rates);
  const reports =
    total.due === 0
      ? '本期无应报送的进展报告。'
      : `本期应报送进展报告${total.due}份，按时报送${total.onTime}份，逾期报送${total.late}份，未报送${total.missing}份，按时报送率${formatRate(total.rate)}。`;
  const opening =
    `${label}，${f.planTitle === null ? `${f.officeName}牵头协调的各项方案` : subject}共有措施${f.totals.measures}项，其中已办结${f.totals.closed}项，正常推进${f.totals.onTrack}项，` +
    `存在逾期未报送情况${f.totals.overdue}项；现有红色预警${red}项、黄色预警${yellow}项。${reports}现将有关情况通报如下：`;

  const body: DocumentBlock[] = [{ type: 'paragraph', text: opening }, { type: 'heading', text: '一、红色、黄色预警事项' }];
  if (f.escalations.length === 0) body.push({ type: 'paragraph', text: '截至目前，无红色、黄色预警事项。' });
  else {
    body.push({
      type: 'table',
      caption: '红色、黄色预警事项',
      columns: ['序号', '措施', '责任单位', '预警等级', '预警时间'],
      rows: f.escalations.map((e, i) => [i + 1, `${e.measureNumber} ${e.measureTitle}`, e.agencyName, LEVEL_NAMES[e.level], chinaDate(e.raisedAt)]),
    });
  }
  body.push({ type: 'heading', text: '二、逾期未报送单位' });
  if (f.overdueUnits.length === 0) body.push({ type: 'paragraph', text: '截至目前，无逾期未报送进展报告的单位。' });
  else {
    body.push({
      type: 'table',
      caption: '逾期未报送单位',
      columns: ['序号', '单位', '逾期事项（项）', '最长逾期'],
      rows: f.overdueUnits.map((u, i) => [i + 1, u.agencyName, u.measures, waitedFor(u.since, f.now)]),
    });
  }
  body.push({ type: 'heading', text: '三、各单位按时报送率' });
  if (f.rates.length === 0) body.push({ type: 'paragraph', text: '本期无应报送的进展报告。' });
  else {
    body.push({
      type: 'table',
      caption: '各单位按时报送率',
      columns: ['单位', '应报送（份）', '按时（份）', '逾期（份）', '未报送（份）', '按时报送率'],
      rows: f.rates.map((r) => [r.agencyName, r.due, r.onTime, r.late, r.missing, formatRate(r.rate)]),
    });
  }
  body.push({ type: 'heading', text: '四、工作要求' });
  const named = [...new Set([...f.escalations.map((e) => e.agencyName), ...f.overdueUnits.map((u) => u.agencyName)])];
  body.push({
    type: 'paragraph',
    text:
      (named.length > 0 ? `请${named.join('、')}等相关单位` : '请各相关单位') +
      '高度重视，对照通报所列问题认真分析原因，逐项落实整改，于5个工作日内将整改情况报送工作组办公室；' +
      '逾期未报送进展报告的单位请立即补报。工作组办公室将持续跟踪督办，整改情况纳入年度考核。',
  });
  const namedAgencyIds = [...new Set([...f.escalations.map((e) => e.agencyId), ...f.overdueUnits.map((u) => u.agencyId), ...f.rates.map((r) => r.agencyId)])].sort(
    (a, b) => a - b,
  );
  return { title, body, namedAgencyIds };
}

/** The number a draft shows where the issued one has its 发文字号. */
export const DRAFT_NUMBER = '（草稿，签发时编号）';
export const DRAFT_WATERMARK = '草稿';

/** The formal document of a stored circular: what the printable page and the PDF show. Drafts carry the 草稿 watermark. */
export function circularDocument(c: {
  officeName: string;
  status: 'draft' | 'issued';
  number: string | null;
  title: string;
  body: DocumentBlock[];
  issuedAt: Date | null;
  updatedAt: Date;
}): OfficialDocument {
  const issued = c.status === 'issued';
  return {
    issuer: c.officeName,
    number: issued && c.number ? c.number : DRAFT_NUMBER,
    title: c.title,
    addressee: '各有关单位',
    body: c.body,
    signature: c.officeName,
    date: chinaDate(issued && c.issuedAt ? c.issuedAt : c.updatedAt),
    ...(issued ? {} : { watermark: DRAFT_WATERMARK }),
  };
}

/** 通报〔2026〕第3号 */
export const circularNumber = (year: number, seq: number) => `通报〔${year}〕第${seq}号`;
