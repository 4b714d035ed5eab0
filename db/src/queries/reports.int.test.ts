import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReportsTable } from '../tables/process';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createMeasure } from './measures';
import { findLatestReport, findReports, latestKpiValues, listReportHistory } from './reports';

let t: TestDatabase;
const id: Record<string, number> = {};
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  for (const row of await t.db.selectFrom('agencies').select(['id', 'code']).execute()) id[row.code] = row.id;
});
afterAll(() => t.drop());

/** A measure of its own: the lead is 市商务局, the partner 市财政局. */
async function newMeasure() {
  const lead = id['gz-commerce']!;
  const partner = id['gz-finance']!;
  const measure = await createMeasure(t.db, { number: `(${randomUUID().slice(0, 8)})`, title: '报告测试', leadAgencyId: lead, partnerAgencyIds: [partner] });
  return { measureId: measure.id, lead, partner };
}

type Report = Omit<ReportsTable, 'kpiValues' | 'id' | 'summary' | 'problems' | 'supportRequested' | 'late' | 'status' | 'reviewComment' | 'reviewedAt' | 'submittedBy'> & {
  kpiValues?: { metric: string; value: number }[];
  status?: 'submitted' | 'accepted' | 'returned';
  summary?: string;
};

async function report(r: Report) {
  const row = {
    id: randomUUID(),
    ...r,
    kpiValues: JSON.stringify(r.kpiValues ?? []),
    summary: r.summary ?? `第${r.cycleIndex + 1}期第${r.revision}次`,
    submittedBy: 'someone',
  };
  await t.db.insertInto('reports').values(row).execute();
  return row.id;
}

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe('reports on the measure page', () => {
  it('lists the last revision of each unit’s report for the 12 most recent cycles that have any, newest first', async () => {
    const { measureId, lead, partner } = await newMeasure();
    for (let cycleIndex = 0; cycleIndex <= 15; cycleIndex++) {
      if (cycleIndex === 10) continue; // nobody reported in cycle 10
      await report({ measureId, agencyId: partner, cycleIndex, kind: 'partner', revision: 1, progressStatus: 'on_track', percentDone: cycleIndex, submittedAt: at(cycleIndex + 1), status: 'returned' });
      await report({ measureId, agencyId: partner, cycleIndex, kind: 'partner', revision: 2, progressStatus: 'on_track', percentDone: cycleIndex, submittedAt: at(cycleIndex + 2), status: 'accepted' });
      await report({ measureId, agencyId: lead, cycleIndex, kind: 'combined', revision: 1, progressStatus: 'on_track', percentDone: cycleIndex, submittedAt: at(cycleIndex + 3) });
    }
    // The current cycle (16) is the page's own business, not history.
    await report({ measureId, agencyId: partner, cycleIndex: 16, kind: 'partner', revision: 1, progressStatus: 'on_track', percentDone: 16, submittedAt: at(20) });

    const history = await listReportHistory(t.db, measureId, { beforeCycle: 16, cycles: 12 });
    const cycles = [...new Set(history.map((h) => h.cycleIndex))];
    expect(cycles).toEqual([15, 14, 13, 12, 11, 9, 8, 7, 6, 5, 4, 3]);
    expect(history.filter((h) => h.cycleIndex === 15).map((h) => [h.agencyId, h.kind, h.revision, h.status])).toEqual(
      [
        [lead, 'combined', 1, 'submitted'],
        [partner, 'partner', 2, 'accepted'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(history[0]).toMatchObject({ summary: expect.stringContaining('第16期'), kpiValues: [], submittedAt: expect.any(Date) });
    expect(await listReportHistory(t.db, measureId, { beforeCycle: 0, cycles: 12 })).toEqual([]);
  });

  it('finds the revisions a measure’s duties hold, and no other measure’s', async () => {
    const a = await newMeasure();
    const b = await newMeasure();
    const own = await report({ measureId: a.measureId, agencyId: a.partner, cycleIndex: 0, kind: 'partner', revision: 1, progressStatus: 'blocked', percentDone: 10, submittedAt: at(1), summary: '卡住了' });
    const other = await report({ measureId: b.measureId, agencyId: b.partner, cycleIndex: 0, kind: 'partner', revision: 1, progressStatus: 'done', percentDone: 100, submittedAt: at(1) });
    expect((await findReports(t.db, a.measureId, [own, other])).map((r) => [r.id, r.summary, r.progressStatus])).toEqual([[own, '卡住了', 'blocked']]);
    expect(await findReports(t.db, a.measureId, [])).toEqual([]);
  });

  it('finds an agency’s newest report, of any cycle, to prefill its next one', async () => {
    const { measureId, lead, partner } = await newMeasure();
    expect(await findLatestReport(t.db, measureId, partner)).toBeUndefined();
    await report({ measureId, agencyId: partner, cycleIndex: 0, kind: 'partner', revision: 1, progressStatus: 'on_track', percentDone: 20, submittedAt: at(1) });
    await report({ measureId, agencyId: partner, cycleIndex: 1, kind: 'partner', revision: 1, progressStatus: 'at_risk', percentDone: 30, submittedAt: at(5), status: 'returned' });
    await report({ measureId, agencyId: partner, cycleIndex: 1, kind: 'partner', revision: 2, progressStatus: 'on_track', percentDone: 45, submittedAt: at(6) });
    await report({ measureId, agencyId: lead, cycleIndex: 2, kind: 'combined', revision: 1, progressStatus: 'done', percentDone: 90, submittedAt: at(9) });
    expect(await findLatestReport(t.db, measureId, partner)).toMatchObject({ cycleIndex: 1, revision: 2, percentDone: 45 });
  });

  it('takes a KPI’s latest value from the lead’s accepted combined report before any newer one, else the newest submitted', async () => {
    const { measureId, lead, partner } = await newMeasure();
    const kpis = ['出口退税办理时间', '一类企业办理时间', '新增企业数'];
    expect(await latestKpiValues(t.db, measureId, kpis)).toEqual([]);
    await report({ measureId, agencyId: lead, cycleIndex: 1, kind: 'combined', revision: 1, progressStatus: 'on_track', percentDone: 40, submittedAt: at(5), status: 'accepted', kpiValues: [{ metric: '出口退税办理时间', value: 6 }] });
    // Newer, but a partner's: the accepted combined report still speaks for the measure.
    await report({ measureId, agencyId: partner, cycleIndex: 2, kind: 'partner', revision: 1, progressStatus: 'on_track', percentDone: 50, submittedAt: at(9), kpiValues: [{ metric: '出口退税办理时间', value: 4 }, { metric: ' 一类企业办理时间 ', value: 3 }] });
    // A combined report returned for revision is no better than any other.
    await report({ measureId, agencyId: lead, cycleIndex: 1, kind: 'combined', revision: 2, progressStatus: 'on_track', percentDone: 40, submittedAt: at(6), status: 'returned', kpiValues: [{ metric: '一类企业办理时间', value: 9 }] });
    // Metrics the measure does not have are not asked for.
    await report({ measureId, agencyId: partner, cycleIndex: 2, kind: 'partner', revision: 2, progressStatus: 'on_track', percentDone: 50, submittedAt: at(10), kpiValues: [{ metric: '其他指标', value: 1 }] });

    const latest = await latestKpiValues(t.db, measureId, kpis);
    expect(Object.fromEntries(latest.map((l) => [l.metric, [l.value, l.cycleIndex, l.agencyId, l.kind, l.status, l.submittedAt]]))).toEqual({
      一类企业办理时间: [3, 2, partner, 'partner', 'submitted', at(9)],
      出口退税办理时间: [6, 1, lead, 'combined', 'accepted', at(5)],
    });
  });
});
