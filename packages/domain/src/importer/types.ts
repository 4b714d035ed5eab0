/** A quantitative target (量化指标) found in a measure or in the plan's goals. */
export interface ParsedKpi {
  /** What is measured, e.g. 集装箱吞吐量. */
  metric: string;
  target: number;
  /** Unit as written after the number, magnitude included: 万标箱, 亿元, 个工作日, %. */
  unit: string;
  /** `>=` for 突破/超过/以上, `<=` for 不超过/以内/压缩至…内, `=` for 达/达到. */
  comparator: '>=' | '<=' | '=';
  /** Year the target is due (到2025年 → 2025), null when the sentence names none. */
  deadline: number | null;
  /** The clause the target was read from. */
  text: string;
}

/**
 * When a measure is to be done, as the document states it: a date (`2025年底前` → 2025-12-31) or ongoing
 * (`长期坚持`, `持续推进` in a 完成时限 column or the responsibility clause).
 */
export interface MeasureDeadline {
  /** The phrase as written: `2025年底前`, `2024年6月`, `长期坚持`. */
  text: string;
  /** ISO date (yyyy-mm-dd) the measure is due; null when ongoing, or when the document names no year (`年底前`). */
  due: string | null;
  ongoing: boolean;
}

/** A plan-level note that says how to read every clause (or every clause after it). */
export interface PlanConvention {
  /** `first_listed_leads`: 列第一位者为牵头单位; `all_districts`: 以下各项…各县(区)人民政府负责落实,不再列出. */
  kind: 'first_listed_leads' | 'all_districts';
  /** The note as written. */
  text: string;
  /** Number of the first measure it applies to; null for the whole plan. */
  from: string | null;
}

/** One numbered measure (措施/任务) with its responsibility clause resolved into names. */
export interface ParsedMeasure {
  /** Number as printed, without trailing punctuation: `(一)`, `1`, `(二十二)`, `第三条`. */
  number: string;
  /** Nearest enclosing heading, as printed (`一、稳步扩大制度型开放`), null when none. */
  section: string | null;
  /** Outermost enclosing heading (`二、重点工作任务`); equals `section` when there is one level. */
  part: string | null;
  /** First sentence, without the number and the trailing 。. */
  title: string;
  /** The rest of the text, without number, title and responsibility clause(s). */
  body: string;
  /** 牵头单位, shorthand expanded (`省公安厅、财政厅` → 省公安厅, 省财政厅). */
  leads: string[];
  /** 配合单位 / 按职责分工负责 units, leads excluded. */
  partners: string[];
  /** True when every district-level government is responsible (各区政府, 各地级以上市人民政府 …). */
  allDistricts: boolean;
  kpis: ParsedKpi[];
  /** The responsibility clause(s) as written, for the reviewer. */
  responsibilityText: string[];
  /** Collective units kept as written among leads/partners (`区直各部门`, `各相关单位`): the coordinator resolves them. */
  groups: string[];
  /** The completion deadline the document states for this measure, null when it states none. */
  deadline: MeasureDeadline | null;
  /** Plan-level conventions applied to this measure, as written. */
  conventions: string[];
  /** Why this reading is uncertain and a person should check it; empty when it is not. */
  review: string[];
}

export interface ParsedPlan {
  title: string | null;
  /** 发文字号, e.g. 粤府函〔2024〕9号. */
  documentNumber: string | null;
  issuer: string | null;
  /** ISO date (yyyy-mm-dd) the document was signed. */
  issuedOn: string | null;
  measures: ParsedMeasure[];
  /** Targets stated outside the measures (发展目标). */
  planKpis: ParsedKpi[];
  /** Notes that state how the clauses are to be read (applied to the measures they cover). */
  conventions: PlanConvention[];
  warnings: string[];
}
