import { describe, expect, it } from 'vitest';
import { EMPTY_REPORT, prefillReport, reportContentOf, sentReport } from './prefill';
import type { ReportContent } from './types';

const last: ReportContent = {
  progressStatus: 'at_risk',
  percentDone: 60,
  kpiValues: [
    { metric: '集装箱吞吐量', value: 3100 },
    { metric: '新增企业', value: 12 },
  ],
  summary: '已完成港区改造一期',
  problems: '用地指标不足',
  supportRequested: '请省自然资源厅协调用地',
};

describe('a report prefilled from the last one (最多报一次)', () => {
  it('starts empty, with a line for each KPI of the measure, when the unit never reported', () => {
    expect(prefillReport(null, ['集装箱吞吐量'])).toEqual({ ...EMPTY_REPORT, kpiValues: [{ metric: '集装箱吞吐量', value: null }] });
  });

  it('carries over status, % done, texts and KPI values, the measure’s KPIs first, then others reported before', () => {
    const draft = prefillReport(last, ['服务贸易额', '集装箱吞吐量']);
    expect(draft).toMatchObject({ progressStatus: 'at_risk', percentDone: 60, summary: last.summary, problems: last.problems, supportRequested: last.supportRequested });
    expect(draft.kpiValues).toEqual([
      { metric: '服务贸易额', value: null },
      { metric: '集装箱吞吐量', value: 3100 },
      { metric: '新增企业', value: 12 },
    ]);
  });

  it('names a metric once even when written with stray spaces', () => {
    expect(prefillReport({ ...last, kpiValues: [{ metric: ' 新增企业 ', value: 3 }] }, ['新增企业']).kpiValues).toEqual([{ metric: '新增企业', value: 3 }]);
  });

  it('sends only the KPI lines that have a value', () => {
    const content = reportContentOf({ ...EMPTY_REPORT, kpiValues: [{ metric: '新增企业', value: 5 }, { metric: '服务贸易额', value: null }, { metric: '  ', value: 1 }] });
    expect(content.kpiValues).toEqual([{ metric: '新增企业', value: 5 }]);
  });

  it('sends what it was prefilled with unchanged when nothing was edited', () => {
    expect(reportContentOf(prefillReport(last, []))).toEqual(last);
  });
});

describe('the report sent from a draft', () => {
  it('says which line of the draft each KPI value sent came from', () => {
    const { content, kpiLines } = sentReport({ ...EMPTY_REPORT, kpiValues: [{ metric: 'a', value: null }, { metric: 'b', value: 2 }, { metric: 'c', value: null }, { metric: 'd', value: 4 }] });
    expect(content.kpiValues).toEqual([{ metric: 'b', value: 2 }, { metric: 'd', value: 4 }]);
    expect(kpiLines).toEqual([1, 3]);
  });
});
