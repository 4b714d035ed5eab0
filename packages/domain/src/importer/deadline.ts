// Completion deadlines (完成时限): `2025年底前`, `2024年6月底前`, `到2025年`, `上半年`, `长期坚持`, `持续推进`.
// A measure's due date is the latest completion deadline its document states: in a 完成时限 column or label
// first, then in its responsibility clause, then in its text. Starts (`2023年起`) and the past (`2022年以来`)
// are not deadlines; the verb `持续推进…` inside a sentence is not "ongoing".
import type { MeasureDeadline } from './types';

/** Labels (and table columns) whose value is a deadline: `完成时限:2023年底前`. */
export const TIME_LABELS = [
  '完成时限', '完成时间', '完成期限', '时间节点', '完成节点', '时限要求', '进度安排', '推进时限', '时间安排', '时间进度', '年度阶段性工作目标',
  '阶段性工作目标', '阶段性目标', '时限',
];
const TIME_LABEL = [...TIME_LABELS].sort((a, b) => b.length - a.length).join('|');
/** `完成时限:2023年底前`, `【完成时限】长期坚持`, `(完成时间:…)`: the value runs to the end of the line or clause. */
const LABELLED = new RegExp(`(?:[【\\[〔(（]\\s*(?:${TIME_LABEL})\\s*[】\\]〕)）]\\s*[:：]?|(?:${TIME_LABEL})\\s*[:：])\\s*([^\\n;；)）〕】]*)`, 'gu');

/** Phrases that say the work has no end date. */
const ONGOING = /^(?:年内持续推进|年内持续|长期坚持|长期推进|长期实施|长期|持续推进|持续实施|持续开展|持续落实|持续|常态化推进|常态化开展|常态化|每年|逐年推进|按年度推进|年度推进|分年度推进|动态推进)/u;

const YEAR = '(20\\d{2})\\s*年';
/** After a date: a start or the past, not a deadline. */
const NOT_A_DEADLINE_AFTER = /^\s*(?:起|开始|以来|以后|后(?!前)|始|已|至今|期间|度(?!前|底|末))/u;
const NOT_A_DEADLINE_BEFORE = /(?:自|从|截至目前)\s*$/u;

interface Candidate {
  text: string;
  due: string;
  index: number;
}

function lastDayOf(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return iso(year, month, day);
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const PERIOD_END: Record<string, [number, number | null]> = {
  上半年: [6, null],
  下半年: [12, null],
  一季度: [3, null],
  第一季度: [3, null],
  二季度: [6, null],
  第二季度: [6, null],
  三季度: [9, null],
  第三季度: [9, null],
  四季度: [12, null],
  第四季度: [12, null],
};

/**
 * Dates in a phrase that read as deadlines. `strict` (free text) wants a deadline word (前, 底, 末, 内, 到…);
 * a 完成时限 value (`2023年`, `2024年6月`, `6月底前` with the plan's year) needs none.
 */
function datesIn(text: string, options: { strict: boolean; planYear: number | null }): Candidate[] {
  const found: Candidate[] = [];
  const taken: [number, number][] = [];
  const add = (match: RegExpExecArray, due: string | null) => {
    if (due === null) return;
    const start = match.index;
    const end = start + match[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) return;
    if (NOT_A_DEADLINE_AFTER.test(text.slice(end)) || NOT_A_DEADLINE_BEFORE.test(text.slice(Math.max(0, start - 4), start))) return;
    taken.push([start, end]);
    found.push({ text: match[0].trim(), due, index: start });
  };
  const run = (source: string, handle: (match: RegExpExecArray) => string | null) => {
    for (const match of text.matchAll(new RegExp(source, 'gu'))) add(match, handle(match));
  };
  const deadlineWord = options.strict ? '\\s*(?:前|以前|之前|底前|底|末|完成|建成|实现|内)' : '\\s*(?:前|以前|之前|底前|底|末|完成|内)?';

  // Ranges first: 2023—2025年 → the end year.
  run(`(20\\d{2})\\s*(?:年)?\\s*[-—–~～至到]\\s*(20\\d{2})\\s*年(?:底|末)?`, (m) => iso(Number(m[2]), 12, 31));
  run(`${YEAR}\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*(?:前|以前|之前)?`, (m) => {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? iso(year, month, day) : null;
  });
  run(`${YEAR}\\s*(\\d{1,2})\\s*月(?:份)?\\s*(上旬|中旬|下旬|底|末)?\\s*(?:前|以前|之前)?`, (m) => {
    const [year, month] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) return null;
    if (m[3] === '上旬') return iso(year, month, 10);
    if (m[3] === '中旬') return iso(year, month, 20);
    return lastDayOf(year, month);
  });
  run(`${YEAR}\\s*(上半年|下半年|第[一二三四]季度|[一二三四]季度)\\s*(?:前|以前|之前|末|底)?`, (m) => {
    const [month] = PERIOD_END[m[2] ?? ''] ?? [12];
    return lastDayOf(Number(m[1]), month);
  });
  run(`${YEAR}\\s*(?:年底|年末)\\s*(?:前|以前|之前)?`, (m) => iso(Number(m[1]), 12, 31));
  run(`(?:到|至|截至|截止|争取)\\s*${YEAR}(?:底|末)?\\s*(?:前)?`, (m) => iso(Number(m[1]), 12, 31));
  run(`${YEAR}${deadlineWord}`, (m) => iso(Number(m[1]), 12, 31));
  // `2025年,力争…`: a target year opening the sentence.
  run(`${YEAR}\\s*[,，]\\s*(?=力争|争取|确保|实现|全市|全区|全县|全省)`, (m) => iso(Number(m[1]), 12, 31));
  // `到“十四五”末`: the end of a five-year plan period.
  run(`(?:到|至)?\\s*[“"]?(十[一二三四五六七八九]五)[”"]?\\s*(?:时期|期)?末`, (m) => iso(FIVE_YEAR_END[m[1] ?? ''] ?? 0, 12, 31));
  if (options.planYear !== null) {
    const year = options.planYear;
    // In free text a month without its year needs a deadline word: `9月底前`, `6月前完成`.
    const monthWord = options.strict ? '\\s*(?:底|末)?\\s*(?:前|以前|之前)' : '\\s*(?:底|末)?\\s*(?:前|以前|之前)?';
    run(`(?<![\\d年])(\\d{1,2})\\s*月(?:份)?${monthWord}`, (m) => {
      const month = Number(m[1]);
      return month >= 1 && month <= 12 ? lastDayOf(year, month) : null;
    });
  }
  if (!options.strict) {
    // `202312月底前`: a 完成时限 cell whose 年 was lost.
    run(`(20\\d{2})(1[0-2]|0?[1-9])\\s*月\\s*(?:底|末)?\\s*(?:前|以前|之前)?`, (m) => lastDayOf(Number(m[1]), Number(m[2])));
  }
  if (!options.strict && options.planYear !== null) {
    const year = options.planYear;
    run(`^\\s*全年`, () => iso(year, 12, 31));
    run(`(?<![\\d年])(?:年底|年末|年内)\\s*(?:前)?`, () => iso(year, 12, 31));
    run(`(?<![\\d年])(上半年|下半年|第[一二三四]季度|[一二三四]季度)`, (m) => lastDayOf(year, (PERIOD_END[m[1] ?? ''] ?? [12])[0]));
  }
  return found;
}

/** The last year of each five-year plan period (十一五 … 十九五). */
const FIVE_YEAR_END: Record<string, number> = Object.fromEntries(
  ['十一五', '十二五', '十三五', '十四五', '十五五', '十六五', '十七五', '十八五', '十九五'].map((name, i) => [name, 2010 + 5 * i]),
);

function latest(candidates: Candidate[]): Candidate | null {
  return candidates.reduce<Candidate | null>((best, next) => (best === null || next.due > best.due ? next : best), null);
}

function ongoingIn(value: string): string | null {
  const match = ONGOING.exec(value.replace(/^[\s,，、;；:：]+/u, ''));
  return match ? match[0] : null;
}

/** The values of the 完成时限 labels in a text, and the text with those labels (and their values) removed. */
export function takeTimeLabels(text: string): { values: string[]; rest: string } {
  const values: string[] = [];
  const rest = text.replace(LABELLED, (_, value: string) => {
    values.push(value.trim().replace(/[。.]$/u, ''));
    return '';
  });
  return { values, rest };
}

/** A 完成时限 value (`2023年底前`, `长期坚持`, `2023年12月底前完成,长期坚持`) read as a deadline. */
export function readDeadlineValue(value: string, planYear: number | null): MeasureDeadline | null {
  const date = latest(datesIn(value, { strict: false, planYear }));
  if (date) return { text: date.text, due: date.due, ongoing: false };
  for (const part of value.split(/[,，;；、\s]+/u)) {
    const ongoing = ongoingIn(part);
    if (ongoing) return { text: ongoing, due: null, ongoing: true };
  }
  return null;
}

export interface DeadlineSources {
  /** Values of 完成时限 labels and columns. */
  labelled: string[];
  /** Responsibility clauses as written: `(市商务局牵头,长期坚持)`. */
  clauses: string[];
  /** The measure's own text (title and body). */
  text: string;
  /** The plan's year (from its title or date), for `6月底前` and `年底前` without a year. */
  planYear: number | null;
}

/** The deadline a measure's document states: labelled values first, then its clauses, then its text. */
export function readDeadline(sources: DeadlineSources): MeasureDeadline | null {
  const labelled = sources.labelled.map((value) => readDeadlineValue(value, sources.planYear)).filter((d) => d !== null);
  const dated = labelled.filter((d) => d.due !== null).sort((a, b) => ((a.due ?? '') < (b.due ?? '') ? 1 : -1));
  if (dated[0]) return dated[0];
  if (labelled[0]) return labelled[0];

  for (const clause of sources.clauses) {
    const inner = clause.replace(/^[(（〔【[]|[)）〕】\]]$/gu, '');
    const date = latest(datesIn(inner, { strict: false, planYear: null }));
    if (date) return { text: date.text, due: date.due, ongoing: false };
    for (const part of inner.split(/[,，;；]/u)) {
      const ongoing = ongoingIn(part);
      if (ongoing && ongoing.length === part.trim().replace(/[。.]$/u, '').length) return { text: ongoing, due: null, ongoing: true };
    }
  }

  // In a measure's sentences, a date before the plan's year qualifies something (`建成于2000年前的老旧小区`).
  const inText = datesIn(sources.text, { strict: true, planYear: sources.planYear }).filter(
    (candidate) => sources.planYear === null || Number(candidate.due.slice(0, 4)) >= sources.planYear,
  );
  const date = latest(inText);
  if (date) return { text: date.text, due: date.due, ongoing: false };
  // `年底前` in a plan that names no year anywhere: the phrase, undated, for a person to date.
  if (sources.planYear === null) {
    for (const value of [...sources.labelled, sources.text]) {
      const undated = YEARLESS.exec(value);
      if (undated) return { text: undated[0], due: null, ongoing: false };
    }
  }
  return null;
}

/** A deadline that needs the plan's year: `年底前`, `6月底前`, `上半年`, `第四季度`. */
const YEARLESS = /(?<![\d年])(?:年底前|年内|年底|\d{1,2}\s*月(?:底|末)?\s*前|上半年|下半年|第?[一二三四]季度(?:末|前)?)/u;

/** A phrase that is only a deadline (`长期坚持`, `2025年底前`): not a unit name when it sits in a clause. */
export function isDeadlinePhrase(text: string): boolean {
  const plain = text.trim().replace(/[。.]$/u, '');
  if (plain.length === 0) return false;
  const ongoing = ongoingIn(plain);
  if (ongoing && ongoing.length === plain.length) return true;
  return /^(?:于|在)?(?:20\d{2}\s*年)?[\d一二三四上下半季度月底末年内前以之完成\s]*$/u.test(plain) && /年|月|季度/u.test(plain);
}

/** The plan's year: the year in its title (`2023年重点工作`), else the year it was signed, else the year its text names most. */
export function planYearOf(title: string | null, issuedOn: string | null, text = ''): number | null {
  const inTitle = /(20\d{2})\s*年/u.exec(title ?? '');
  if (inTitle) return Number(inTitle[1]);
  if (issuedOn) return Number(issuedOn.slice(0, 4));
  const counts = new Map<number, number>();
  // `2016年` in the text, and the year of a document number (`昆政发〔2016〕13号`).
  for (const match of text.matchAll(/(20\d{2})\s*年|[〔［[(（](20\d{2})[〕］\])）]\s*\d{1,4}\s*号/gu)) {
    const year = Number(match[1] ?? match[2]);
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return best ? best[0] : null;
}
