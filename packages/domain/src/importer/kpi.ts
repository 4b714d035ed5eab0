// Quantitative targets (量化指标): `到2025年,争取…集装箱吞吐量达3700万标箱` → 集装箱吞吐量 = 3700 万标箱, 2025.
import type { ParsedKpi } from './types';
import { bracketDepths, chineseNumberValue, splitTopLevel } from './text';

type Comparator = ParsedKpi['comparator'];

interface Verb {
  word: string;
  comparator: Comparator;
  /** Weak verbs (超, 实现, 不超过 …) only state a target next to 争取/确保/到2025年. */
  strong: boolean;
  /** 增长/提高 N: the change is the metric (年均增长 10%). */
  keep?: boolean;
}

const VERBS: Verb[] = [
  ...['不少于', '不低于', '至少', '突破', '超过'].map((word) => ({ word, comparator: '>=' as const, strong: true })),
  ...['提高到', '提高至', '提升到', '提升至', '增加到', '增加至', '增长到', '增长至', '扩大到', '扩大至'].map((word) => ({ word, comparator: '>=' as const, strong: true })),
  ...['达到', '达'].map((word) => ({ word, comparator: '=' as const, strong: true })),
  ...['控制在', '压缩至', '压缩到', '压缩在', '缩短至', '缩短到', '缩短在', '降至', '降低至', '降低到', '下降至', '下降到', '减少至', '减少到', '减至'].map((word) => ({ word, comparator: '<=' as const, strong: true })),
  ...['不超过', '不高于', '低于', '少于'].map((word) => ({ word, comparator: '<=' as const, strong: false })),
  ...['超', '高于'].map((word) => ({ word, comparator: '>=' as const, strong: false })),
  ...['保持在', '稳定在', '实现'].map((word) => ({ word, comparator: '=' as const, strong: false })),
  ...['增长', '提高', '提升', '下降', '降低', '减少'].map((word) => ({ word, comparator: '>=' as const, strong: false, keep: true })),
];
const VERB_BY_WORD = new Map(VERBS.map((verb) => [verb.word, verb]));

const MAGNITUDE = '万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百';
const BASE_UNITS = [
  '个工作日', '个百分点', '个月', '个小时', '个', '工作日', '百分点', '标准箱', '标箱', 'TEU', '吨', '家', '项', '美元', '港元',
  '欧元', '元', '人次', '人', '次', '件', '台', '套', '辆', '架次', '架', '艘', '条', '平方米', '平方公里', '公顷', '公里',
  '千米', '米', '亩', '户', '所', '座', '张', '份', '款', '类', '批', '场', '天', '日', '小时', '分钟', '周', '年', '倍',
  '千瓦时', '千瓦', '度', '立方米', '单', '笔', '位', '名', '只', '株', '床', '列', '班', 'GW', 'MW', 'kW', 'TB', 'PB',
  'Gbps', '%', '％', '‰',
];
const BASE = [...BASE_UNITS].sort((a, b) => b.length - a.length).join('|');
const UNIT = `(?:(?:${MAGNITUDE})(?:${BASE})|${BASE}|${MAGNITUDE})`;
const NUMBER = '\\d+(?:,\\d{3})*(?:\\.\\d+)?|[一二三四五六七八九十两百千]+';
const VERB = VERBS.map((verb) => verb.word).sort((a, b) => b.length - a.length).join('|');
const TARGET_RE = new RegExp(
  `(${VERB})\\s*(?:约|近|了|至|到)?\\s*(${NUMBER})\\s*(余|多)?\\s*(${UNIT})?\\s*(以上|以下|以内|之内|内|左右)?`,
  'gu',
);

/** 到2025年, 2025年底前, 至2027年: a year the target is due by. */
const DEADLINE_RE = /(到|至|截至|截止到?|在|于)?\s*(\d{4}|[二〇零一两三四五六七八九]{4})\s*年\s*(年底|年末|底|末|前|以前|之前)?/gu;
/** 到“十四五”末: the last year of a five-year plan. */
const PLAN_PERIOD_RE = /(十三五|十四五|十五五|十六五)["”’']?(?:时期|期)?末/gu;
const PLAN_PERIOD_END: Record<string, number> = { 十三五: 2020, 十四五: 2025, 十五五: 2030, 十六五: 2035 };

/** Words that make a sentence a target (rather than a fact): 争取, 力争, 确保, 目标 … */
const INTENT = /争取|力争|确保|目标|努力|预计/u;
/**
 * Support caps are not targets: `每年…分档给予支持,最高不超过100万元` limits a grant per enterprise, it is not
 * something to achieve, so a number after 最高/给予/奖励/补贴/资助/每家 in the same clause is skipped.
 */
const CAP_CONTEXT = /最高|上限|给予|奖励|补贴|资助|补助|扶持|每家|每个|每人|单笔|单个/u;

const LEADING_FILLER =
  /^(?:(?:到|至|截至|截止到?|在|于)?\s*\d{4}\s*年(?:年底|年末|底|末)?(?:前|以前|之前)?|争取|力争|确保|努力|预计|基本|进一步|推动|全力|年内|其中|同时|并且?|且|将|要|使得?|实现)[\s,，、]*/u;
const TRAILING_FILLER = /(?:争取|力争|确保|将|要|可|能|均|总计|预计|的)$/u;
/** A subject before the metric: 广东自贸试验区, 广州期货交易所, 全市 — dropped so the metric is what is counted. */
const SUBJECT =
  /^.{0,20}?(?:自由贸易试验区|自贸试验区|试验区|自贸区|片区|新区|交易所|产业园区|园区|开发区|示范区|合作区|综保区|综合保税区|保税区|高新区|全市|全省|全区|全县|全国|我市|我省|我区|本市|本省)(?:的)?/u;
const TOO_GENERIC = /^(?:数量|个数|数|总数|面积|规模)$/u;

function cleanMetric(raw: string): string {
  let metric = raw.trim();
  for (;;) {
    const next = metric.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '').trim();
    if (next === metric) break;
    metric = next;
  }
  const subject = SUBJECT.exec(metric);
  if (subject) {
    const rest = metric.slice(subject[0].length);
    if (rest.length >= 2 && !TOO_GENERIC.test(rest)) metric = rest;
  }
  return metric.replace(/^[,，、\s]+|[,，、\s]+$/gu, '');
}

function numberValue(text: string): number {
  return /^\d/u.test(text) ? Number(text.replace(/,/gu, '')) : chineseNumberValue(text);
}

function deadlinesIn(sentence: string): { at: number; year: number }[] {
  const found: { at: number; year: number }[] = [];
  for (const match of sentence.matchAll(DEADLINE_RE)) {
    if (!match[1] && !match[3]) continue;
    const digits = match[2] ?? '';
    const year = /^\d+$/u.test(digits) ? Number(digits) : chineseNumberValue(digits);
    if (year >= 1990 && year <= 2100) found.push({ at: match.index, year });
  }
  for (const match of sentence.matchAll(PLAN_PERIOD_RE)) {
    const year = PLAN_PERIOD_END[match[1] ?? ''];
    if (year) found.push({ at: match.index, year });
  }
  return found.sort((a, b) => a.at - b.at);
}

function comparatorOf(verb: Verb, approximate: string | undefined, postfix: string | undefined): Comparator {
  if (postfix === '以上' || approximate) return '>=';
  if (postfix === '以下' || postfix === '以内' || postfix === '之内' || postfix === '内') return '<=';
  if (postfix === '左右') return '=';
  return verb.comparator;
}

export interface KpiOptions {
  /** Outside measures (goals, preamble) only sentences with a deadline or 争取/确保… count. */
  requireIntent?: boolean;
}

interface TargetMatch {
  /** Index of the match in the clause. */
  index: number;
  end: number;
  verb: Verb;
  /** The metric written between a split verb and its number: 压缩[企业开办时间]至1个工作日. */
  innerMetric: string | null;
  number: string;
  approximate: string | undefined;
  unit: string;
  postfix: string | undefined;
}

/** `压缩企业开办时间至1个工作日内`, `将…提高到95%`: the verb comes before the metric. */
const SPLIT_TARGET_RE = new RegExp(
  `(压缩|缩短|降低|下降|减少|控制|提高|提升|扩大|增加|增长)([^，,；;。、]{2,30}?)(?:至|到|在)\\s*(${NUMBER})\\s*(余|多)?\\s*(${UNIT})\\s*(以上|以下|以内|之内|内|左右)?`,
  'gu',
);
const SPLIT_VERB_COMPARATOR: Record<string, Comparator> = { 压缩: '<=', 缩短: '<=', 降低: '<=', 下降: '<=', 减少: '<=', 控制: '<=' };

function targetsIn(clause: string): TargetMatch[] {
  const found: TargetMatch[] = [];
  for (const match of clause.matchAll(SPLIT_TARGET_RE)) {
    const word = match[1] ?? '';
    found.push({
      index: match.index,
      end: match.index + match[0].length,
      verb: { word, comparator: SPLIT_VERB_COMPARATOR[word] ?? '>=', strong: true },
      innerMetric: match[2] ?? '',
      number: match[3] ?? '',
      approximate: match[4],
      unit: match[5] ?? '',
      postfix: match[6],
    });
  }
  for (const match of clause.matchAll(TARGET_RE)) {
    const verb = VERB_BY_WORD.get(match[1] ?? '');
    const end = match.index + match[0].length;
    if (!verb || found.some((other) => match.index < other.end && end > other.index)) continue;
    found.push({
      index: match.index,
      end,
      verb,
      innerMetric: null,
      number: match[2] ?? '',
      approximate: match[3],
      unit: match[4] ?? '',
      postfix: match[5],
    });
  }
  return found.sort((a, b) => a.index - b.index);
}

export interface KpiOptions {
  /** Outside measures (goals, preamble) only sentences with a deadline or 争取/确保… count. */
  requireIntent?: boolean;
}

/**
 * Targets in a text: a metric, a verb (达/达到 `=`, 突破/超过/…以上 `>=`, 不超过/以内/压缩至…内 `<=`), a number
 * and its unit. The deadline is the year named earlier in the same sentence (`到2025年,…A达X,B突破Y` gives both
 * 2025), else null. Numbers inside brackets (`(外资股比不超过50%)`), support caps and counts that are not
 * targets (`三批99项`) are not KPIs.
 */
export function extractKpis(text: string, options: KpiOptions = {}): ParsedKpi[] {
  const kpis: ParsedKpi[] = [];
  for (const sentence of splitTopLevel(text, '。！？!?\n')) {
    if (sentence.length === 0) continue;
    const depths = bracketDepths(sentence);
    const deadlines = deadlinesIn(sentence);
    const intent = INTENT.test(sentence) || deadlines.length > 0;
    const clauses = splitTopLevel(sentence, ',，;；');
    let offset = 0;
    clauses.forEach((clause, k) => {
      const clauseStart = sentence.indexOf(clause, offset);
      offset = clauseStart + clause.length;
      let metricFrom = 0;
      for (const found of targetsIn(clause)) {
        const { verb, postfix, unit } = found;
        const at = clauseStart + found.index;
        if (depths[at] !== 0) continue;
        const target = numberValue(found.number);
        const chinese = !/^\d/u.test(found.number);
        if (!Number.isFinite(target) || unit.length === 0) continue;
        if (chinese && (target < 2 || /^(?:批|类)$/u.test(unit))) continue;
        if (unit === '年' && target >= 1900) continue;
        if (CAP_CONTEXT.test(clause.slice(0, found.index))) continue;
        const strong = verb.strong || postfix !== undefined;
        if ((!strong || options.requireIntent) && !intent) continue;

        const keep = verb.keep ? verb.word : '';
        let metric = cleanMetric(found.innerMetric ?? clause.slice(metricFrom, found.index) + keep);
        let source = clause;
        if ((metric.length === 0 || metric === keep) && k > 0 && metricFrom === 0) {
          const previous = clauses[k - 1] ?? '';
          metric = cleanMetric(previous) + keep;
          source = `${previous}，${clause}`;
        }
        metricFrom = found.end;
        if (metric.length === 0 || metric === keep) continue;
        const before = deadlines.filter((deadline) => deadline.at <= at);
        const deadline = before[before.length - 1] ?? deadlines[0];
        kpis.push({
          metric,
          target,
          unit,
          comparator: comparatorOf(verb, found.approximate, postfix),
          deadline: deadline?.year ?? null,
          text: source.trim(),
        });
      }
    });
  }
  return kpis;
}
