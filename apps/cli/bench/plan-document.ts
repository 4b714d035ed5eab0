// Bench only: a large plan document, generated deterministically, in the shape the importer reads (a numbered
// measure, then its 牵头单位 and 配合单位 lines), naming Guangzhou's departments and districts from the directory.
import { AGENCY_DIRECTORY, type AgencySeed, type ReviewedMeasure } from '@liandong/domain';

export interface GeneratedMeasure {
  number: string;
  leadCodes: string[];
  partnerCodes: string[];
  allDistricts: boolean;
  /** yyyy-mm-dd */
  due: string;
}

export interface GeneratedPlan {
  text: string;
  title: string;
  documentNumber: string;
  /** The government whose districts 各区政府 means. */
  jurisdictionCode: string;
  coordinatorCode: string;
  measures: GeneratedMeasure[];
}

/** The importer reads arabic item numbers of up to three digits (`999.`): one document numbers at most this many. */
export const MAX_MEASURES_PER_DOCUMENT = 999;
const JURISDICTION = 'gz-gov';
const COORDINATOR = 'gz-commerce';
const MEASURES_PER_SECTION = 50;
const SECTIONS = ['稳步扩大制度型开放', '培育壮大新业态新模式', '强化数字贸易基础设施', '提升贸易便利化水平', '加强人才和金融支撑', '完善协同推进机制'];
const VERBS = ['深化', '推进', '完善', '加快', '健全', '优化', '拓展', '强化'];
const TOPICS = ['跨境服务贸易负面清单管理', '数据跨境流动试点', '国际航运服务', '知识产权保护', '专业服务业开放', '数字人民币应用场景', '离岸贸易结算', '服务外包转型升级', '文化贸易基地建设', '中医药服务出口'];
const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十: section numbers. */
function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n]!;
  return `${n >= 20 ? CHINESE_DIGITS[Math.floor(n / 10)] : ''}十${CHINESE_DIGITS[n % 10]}`;
}

/** A small linear congruential generator: the same seed gives the same plan. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Guangzhou's departments (leads and partners) and district governments (partners), as the directory names them. */
function guangzhouUnits(directory: readonly AgencySeed[]): { departments: AgencySeed[]; districts: AgencySeed[] } {
  return {
    departments: directory.filter((a) => a.parentCode === JURISDICTION && a.kind === 'department'),
    districts: directory.filter((a) => a.parentCode === JURISDICTION && a.kind === 'district_government'),
  };
}

/**
 * Plan number `index` with `count` measures numbered 1., 2., … under sections of 50: each has one lead department,
 * one to four partner departments, sometimes a named district or 各区政府, and a deadline (年底前, 6月底前).
 */
export function generatePlan(index: number, count: number, directory: readonly AgencySeed[] = AGENCY_DIRECTORY): GeneratedPlan {
  if (!Number.isInteger(count) || count < 1 || count > MAX_MEASURES_PER_DOCUMENT) throw new Error(`count: 1 to ${MAX_MEASURES_PER_DOCUMENT} measures per document, got ${count}`);
  const next = random(index * 7_919 + count);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const { departments, districts } = guangzhouUnits(directory);
  const title = `广州市服务贸易和数字贸易高质量发展重点任务分工方案（压测第${index}号，${count}项）`;
  const documentNumber = `穗商函〔2026〕${1000 + index}号`;
  const lines = [
    title,
    documentNumber,
    '各区人民政府，市政府各部门、各直属机构：',
    `为深化服务贸易和数字贸易领域改革、开放、创新、合作，现将${count}项重点任务分解如下，请认真贯彻落实。`,
  ];
  const measures: GeneratedMeasure[] = [];
  for (let i = 1; i <= count; i += 1) {
    if ((i - 1) % MEASURES_PER_SECTION === 0) {
      const section = Math.floor((i - 1) / MEASURES_PER_SECTION) + 1;
      lines.push(`${chineseNumber(section)}、${SECTIONS[(section - 1) % SECTIONS.length]}`);
    }
    const shuffled = [...departments];
    for (let j = shuffled.length - 1; j > 0; j -= 1) {
      const k = Math.floor(next() * (j + 1));
      [shuffled[j], shuffled[k]] = [shuffled[k]!, shuffled[j]!];
    }
    const lead = shuffled[0]!;
    const partners = shuffled.slice(1, 2 + Math.floor(next() * 4));
    const roll = next();
    const allDistricts = roll < 0.1;
    const district = !allDistricts && roll < 0.3 ? pick(districts) : null;
    const year = 2027 + Math.floor(next() * 3);
    const halfYear = next() < 0.5;
    const due = halfYear ? `${year}-06-30` : `${year}-12-31`;
    const topic = pick(TOPICS);
    lines.push(
      `${i}.${pick(VERBS)}${topic}（第${i}项）。围绕${topic}制定年度工作计划，明确责任分工和时间节点，定期报送进展，${year}年${halfYear ? '6月底前' : '底前'}完成。`,
      `牵头单位：${lead.name}`,
      `配合单位：${[...partners.map((p) => p.name), ...(district ? [district.name] : []), ...(allDistricts ? ['各区政府'] : [])].join('、')}`,
    );
    measures.push({
      number: String(i),
      leadCodes: [lead.code],
      partnerCodes: [...partners.map((p) => p.code), ...(district ? [district.code] : [])],
      allDistricts,
      due,
    });
  }
  lines.push('广州市商务局', '2026年12月1日');
  return { text: `${lines.join('\n')}\n`, title, documentNumber, jurisdictionCode: JURISDICTION, coordinatorCode: COORDINATOR, measures };
}

/** Where a review of the document differs from what was written: empty when the importer read every measure as generated. */
export function differencesFromWritten(review: { measures: ReviewedMeasure[]; unresolvedCount: number }, plan: GeneratedPlan): string[] {
  const problems: string[] = [];
  if (review.measures.length !== plan.measures.length) problems.push(`${review.measures.length} measures read, ${plan.measures.length} written`);
  if (review.unresolvedCount > 0) problems.push(`${review.unresolvedCount} agency names unresolved`);
  review.measures.forEach((m, i) => {
    const written = plan.measures[i];
    const codes = (list: ReviewedMeasure['leads']) => list.map((a) => (a.resolution.status === 'resolved' ? a.resolution.code : `?${a.written}`)).join();
    const same =
      written &&
      m.number === written.number &&
      codes(m.leads) === written.leadCodes.join() &&
      codes(m.partners) === written.partnerCodes.join() &&
      m.allDistricts === written.allDistricts &&
      m.deadline?.due === written.due;
    if (!same) problems.push(`measure ${m.number} read as ${codes(m.leads)} / ${codes(m.partners)}${m.allDistricts ? ' / 各区政府' : ''} / ${m.deadline?.due ?? 'no deadline'}`);
  });
  return problems;
}
