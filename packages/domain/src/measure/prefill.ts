// 最多报一次 (report once, reuse): a unit's next report starts from what it reported last, with a line for
// every quantitative target (量化指标) of the measure. A form keeps KPI values that are not filled in yet.
import type { ProgressStatus, ReportContent } from './types';

/** A report being written: like `ReportContent`, but a KPI may still lack its value. */
export interface ReportDraft {
  progressStatus: ProgressStatus;
  percentDone: number;
  kpiValues: { metric: string; value: number | null }[];
  summary: string;
  problems: string;
  supportRequested: string;
}

export const EMPTY_REPORT: ReportDraft = { progressStatus: 'on_track', percentDone: 0, kpiValues: [], summary: '', problems: '', supportRequested: '' };

/**
 * The report to start from: the previous one's content (status, % done, texts, KPI values), and a line
 * for each of the measure's KPI metrics, in the measure's order, then any other metric reported before.
 */
export function prefillReport(previous: ReportContent | ReportDraft | null, kpiMetrics: readonly string[]): ReportDraft {
  const base = previous ?? EMPTY_REPORT;
  const before = new Map(base.kpiValues.map((k) => [k.metric.trim(), k.value]));
  const metrics = [...new Set([...kpiMetrics.map((m) => m.trim()), ...base.kpiValues.map((k) => k.metric.trim())])].filter((m) => m.length > 0);
  return {
    progressStatus: base.progressStatus,
    percentDone: base.percentDone,
    kpiValues: metrics.map((metric) => ({ metric, value: before.get(metric) ?? null })),
    summary: base.summary,
    problems: base.problems,
    supportRequested: base.supportRequested,
  };
}

/** What is sent: KPI lines without a value are left out (not reported this time), metrics trimmed. */
export function reportContentOf(draft: ReportDraft): ReportContent {
  return sentReport(draft).content;
}

/**
 * The content sent, and for each KPI value sent the draft's line it came from: the server names a refused
 * value by its place in what was sent (`content.kpiValues.1.value`), the form by its own line.
 */
export function sentReport(draft: ReportDraft): { content: ReportContent; kpiLines: number[] } {
  const kept = draft.kpiValues.flatMap((k, line) => (k.value === null || !Number.isFinite(k.value) || !k.metric.trim() ? [] : [{ line, metric: k.metric.trim(), value: k.value }]));
  return {
    content: {
      progressStatus: draft.progressStatus,
      percentDone: draft.percentDone,
      kpiValues: kept.map(({ metric, value }) => ({ metric, value })),
      summary: draft.summary,
      problems: draft.problems,
      supportRequested: draft.supportRequested,
    },
    kpiLines: kept.map((k) => k.line),
  };
}
