// A report being written is kept in the browser (localStorage) until it is submitted, one per measure,
// agency and cycle, so closing the tab loses nothing. The next report starts from the agency's last one as the
// server holds it (最多报一次, on any device); the copy earlier versions kept in the browser for that is dropped
// once the server's supersedes it.
import type { ReportContent, ReportDraft } from '@liandong/domain/measure';

/** The part of `Storage` used here (tests pass a Map-backed one). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'liandong.report';

export const draftKey = (measureId: string, agencyId: number, cycleIndex: number) => `${PREFIX}.draft:${measureId}:${agencyId}:${cycleIndex}`;
export const lastReportKey = (measureId: string, agencyId: number) => `${PREFIX}.last:${measureId}:${agencyId}`;

const STATUSES = ['on_track', 'at_risk', 'blocked', 'done'] as const;
const isText = (v: unknown): v is string => typeof v === 'string';

/** A stored draft read back defensively: anything that is not a report draft (an older shape, a hand edit) is ignored. */
export function parseReportDraft(value: unknown): ReportDraft | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = value as Record<string, unknown>;
  if (!STATUSES.includes(d.progressStatus as (typeof STATUSES)[number])) return null;
  if (typeof d.percentDone !== 'number' || !Number.isFinite(d.percentDone)) return null;
  if (!isText(d.summary) || !isText(d.problems) || !isText(d.supportRequested) || !Array.isArray(d.kpiValues)) return null;
  const kpiValues = d.kpiValues.flatMap((k: unknown) => {
    if (typeof k !== 'object' || k === null) return [];
    const { metric, value: v } = k as Record<string, unknown>;
    if (!isText(metric)) return [];
    return [{ metric, value: typeof v === 'number' && Number.isFinite(v) ? v : null }];
  });
  return {
    progressStatus: d.progressStatus as ReportDraft['progressStatus'],
    percentDone: Math.min(100, Math.max(0, Math.round(d.percentDone))),
    kpiValues,
    summary: d.summary,
    problems: d.problems,
    supportRequested: d.supportRequested,
  };
}

function read(storage: DraftStorage, key: string): { savedAt: string; value: unknown } | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { savedAt?: unknown; value?: unknown };
    return typeof parsed === 'object' && parsed !== null && typeof parsed.savedAt === 'string' ? { savedAt: parsed.savedAt, value: parsed.value } : null;
  } catch {
    return null;
  }
}

function write(storage: DraftStorage, key: string, value: unknown, now: Date): void {
  try {
    storage.setItem(key, JSON.stringify({ savedAt: now.toISOString(), value }));
  } catch {
    // Storage full or disabled (private mode): the form still works, only without a saved draft.
  }
}

export interface SavedDraft {
  draft: ReportDraft;
  savedAt: string;
}

export function loadDraft(storage: DraftStorage, measureId: string, agencyId: number, cycleIndex: number): SavedDraft | null {
  const stored = read(storage, draftKey(measureId, agencyId, cycleIndex));
  const draft = stored && parseReportDraft(stored.value);
  return draft ? { draft, savedAt: stored.savedAt } : null;
}

export function saveDraft(storage: DraftStorage, measureId: string, agencyId: number, cycleIndex: number, draft: ReportDraft, now = new Date()): void {
  write(storage, draftKey(measureId, agencyId, cycleIndex), draft, now);
}

export function clearDraft(storage: DraftStorage, measureId: string, agencyId: number, cycleIndex: number): void {
  try {
    storage.removeItem(draftKey(measureId, agencyId, cycleIndex));
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** After the server accepted a report: the cycle's draft is done with. */
export function draftSent(storage: DraftStorage, measureId: string, agencyId: number, cycleIndex: number): void {
  clearDraft(storage, measureId, agencyId, cycleIndex);
}

export interface LastReport {
  cycleIndex: number;
  content: ReportDraft;
  savedAt: string;
}

/** The copy of the last report sent that earlier versions kept in the browser (before the server gave it). */
export function loadLastReport(storage: DraftStorage, measureId: string, agencyId: number): LastReport | null {
  const stored = read(storage, lastReportKey(measureId, agencyId));
  if (!stored || typeof stored.value !== 'object' || stored.value === null) return null;
  const { cycleIndex, content } = stored.value as { cycleIndex?: unknown; content?: unknown };
  const draft = parseReportDraft(content);
  return typeof cycleIndex === 'number' && draft ? { cycleIndex, content: draft, savedAt: stored.savedAt } : null;
}

function forgetLastReport(storage: DraftStorage, measureId: string, agencyId: number): void {
  try {
    storage.removeItem(lastReportKey(measureId, agencyId));
  } catch {
    // Nothing stored, nothing to forget.
  }
}

export type PrefillSource = { kind: 'draft'; savedAt: string } | { kind: 'last'; cycleIndex: number } | { kind: 'empty' };

/**
 * Where a report form starts: the unsent draft of this cycle; else the agency's last report as the server holds
 * it (`previous`: this cycle's returned one, or an earlier cycle's); else a copy an earlier version kept in this
 * browser; else empty. `prefill` adds the measure's KPI lines.
 */
export function startingReport(
  storage: DraftStorage,
  measureId: string,
  agencyId: number,
  cycleIndex: number,
  previous: { cycleIndex: number; content: ReportContent } | null,
  prefill: (previous: ReportContent | ReportDraft | null) => ReportDraft,
): { draft: ReportDraft; source: PrefillSource } {
  // The server's report supersedes the browser's copy: it is the same report or a newer one, on every device.
  const kept = previous ? null : loadLastReport(storage, measureId, agencyId);
  if (previous) forgetLastReport(storage, measureId, agencyId);
  const saved = loadDraft(storage, measureId, agencyId, cycleIndex);
  if (saved) return { draft: prefill(saved.draft), source: { kind: 'draft', savedAt: saved.savedAt } };
  const last = previous ?? kept;
  if (last) return { draft: prefill(last.content), source: { kind: 'last', cycleIndex: last.cycleIndex } };
  return { draft: prefill(null), source: { kind: 'empty' } };
}
