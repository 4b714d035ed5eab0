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
  warnings: string[];
}
