import { describe, expect, it } from 'vitest';
import { EMPTY_REPORT, prefillReport, type ReportContent } from '@liandong/domain/measure';
import { clearDraft, draftKey, draftSent, lastReportKey, loadDraft, loadLastReport, parseReportDraft, saveDraft, startingReport, type DraftStorage } from './reportDraft';

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const M = 'measure-1';
const report: ReportContent = { progressStatus: 'at_risk', percentDone: 40, kpiValues: [{ metric: '新增企业', value: 12 }], summary: '推进中', problems: '用地', supportRequested: '' };

describe('report drafts kept in the browser', () => {
  it('keys a draft by measure, agency and cycle, and the last report by measure and agency', () => {
    expect(draftKey(M, 7, 2)).toBe('liandong.report.draft:measure-1:7:2');
    expect(draftKey(M, 7, 3)).not.toBe(draftKey(M, 7, 2));
    expect(draftKey(M, 8, 2)).not.toBe(draftKey(M, 7, 2));
    expect(lastReportKey(M, 7)).toBe('liandong.report.last:measure-1:7');
  });

  it('keeps a draft for its own cycle and agency only', () => {
    const storage = memoryStorage();
    saveDraft(storage, M, 7, 0, { ...EMPTY_REPORT, summary: '草稿' }, new Date('2026-01-20T02:00:00Z'));
    expect(loadDraft(storage, M, 7, 0)).toEqual({ draft: { ...EMPTY_REPORT, summary: '草稿' }, savedAt: '2026-01-20T02:00:00.000Z' });
    expect(loadDraft(storage, M, 7, 1)).toBeNull();
    expect(loadDraft(storage, M, 8, 0)).toBeNull();
    clearDraft(storage, M, 7, 0);
    expect(loadDraft(storage, M, 7, 0)).toBeNull();
  });

  it('ignores what is not a draft: broken JSON, another shape, a bad status', () => {
    const storage = memoryStorage();
    storage.setItem(draftKey(M, 7, 0), '{not json');
    expect(loadDraft(storage, M, 7, 0)).toBeNull();
    storage.setItem(draftKey(M, 7, 0), JSON.stringify({ savedAt: 'x', value: { ...EMPTY_REPORT, progressStatus: 'sideways' } }));
    expect(loadDraft(storage, M, 7, 0)).toBeNull();
    expect(parseReportDraft({ ...EMPTY_REPORT, percentDone: 140.4, kpiValues: [{ metric: 'a', value: 'x' }, 'junk'] })).toEqual({ ...EMPTY_REPORT, percentDone: 100, kpiValues: [{ metric: 'a', value: null }] });
  });

  it('starts from the unsent draft, else the agency’s last report from the server, else empty; each with the measure’s KPI lines', () => {
    const storage = memoryStorage();
    const prefill = (previous: Parameters<typeof prefillReport>[0]) => prefillReport(previous, ['服务贸易额']);
    expect(startingReport(storage, M, 7, 1, null, prefill)).toEqual({ draft: { ...EMPTY_REPORT, kpiValues: [{ metric: '服务贸易额', value: null }] }, source: { kind: 'empty' } });

    const next = startingReport(storage, M, 7, 1, { cycleIndex: 0, content: report }, prefill);
    expect(next.source).toEqual({ kind: 'last', cycleIndex: 0 });
    expect(next.draft).toMatchObject({ progressStatus: 'at_risk', percentDone: 40, problems: '用地' });
    expect(next.draft.kpiValues).toEqual([{ metric: '服务贸易额', value: null }, { metric: '新增企业', value: 12 }]);

    saveDraft(storage, M, 7, 1, { ...next.draft, summary: '二月进展' }, new Date('2026-02-03T00:00:00Z'));
    expect(startingReport(storage, M, 7, 1, { cycleIndex: 0, content: report }, prefill)).toMatchObject({ draft: { summary: '二月进展' }, source: { kind: 'draft' } });
  });

  it('drops the copy an earlier version kept in the browser once the server has the agency’s report', () => {
    const storage = memoryStorage();
    const prefill = (previous: Parameters<typeof prefillReport>[0]) => prefillReport(previous, []);
    storage.setItem(lastReportKey(M, 7), JSON.stringify({ savedAt: '2026-02-01T00:00:00.000Z', value: { cycleIndex: 0, content: { ...report, summary: '旧副本' } } }));
    // Without the server's report (none yet), the browser's copy still helps.
    expect(startingReport(storage, M, 7, 1, null, prefill)).toMatchObject({ draft: { summary: '旧副本' }, source: { kind: 'last', cycleIndex: 0 } });
    // The server's, newer, wins; the copy is gone.
    expect(startingReport(storage, M, 7, 2, { cycleIndex: 1, content: report }, prefill)).toMatchObject({ draft: { summary: '推进中' }, source: { kind: 'last', cycleIndex: 1 } });
    expect(loadLastReport(storage, M, 7)).toBeNull();
  });

  it('forgets the cycle’s draft once the report is sent, and keeps no copy of it', () => {
    const storage = memoryStorage();
    saveDraft(storage, M, 7, 0, { ...EMPTY_REPORT, summary: '草稿' });
    draftSent(storage, M, 7, 0);
    expect(loadDraft(storage, M, 7, 0)).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('still works when the browser refuses to store anything', () => {
    const full: DraftStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => { throw new Error('denied'); } };
    expect(() => saveDraft(full, M, 7, 0, EMPTY_REPORT)).not.toThrow();
    expect(() => draftSent(full, M, 7, 0)).not.toThrow();
    expect(() => startingReport(full, M, 7, 0, { cycleIndex: 0, content: report }, (p) => prefillReport(p, []))).not.toThrow();
  });
});
