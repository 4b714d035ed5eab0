// The measure's audit events beside its raw workflow history: how one side points at the other. Each audit event
// that a workflow recorded links to the history event that scheduled the recording; the history event links back.
import type { Outputs } from '../../lib/api';

export type MeasureAuditTimeline = Outputs['audit']['timeline'];
export type TimelineAuditEvent = MeasureAuditTimeline['events'][number];
export type HistoryRun = MeasureAuditTimeline['runs'][number];
export type HistoryEvent = HistoryRun['events'][number];

/** A history event of one run. */
export interface HistoryRef {
  runId: string;
  eventId: number;
}

/** The encoded run id (greedy: UUIDs hold hyphens) and, after the last hyphen, the event id. */
const ANCHOR = /^history-(.+)-([1-9]\d{0,15})$/;
// A lone surrogate (never in a real run id) would make encodeURIComponent throw: it reads as U+FFFD instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const encodeRunId = (runId: string) => encodeURIComponent(runId.replace(LONE_SURROGATE, '\uFFFD'));

/** The element id (and URL fragment) of a history event: the run id as URI component, so any id stays one token. */
export function historyAnchor(ref: HistoryRef): string {
  return `history-${encodeRunId(ref.runId)}-${ref.eventId}`;
}

/** The history event a URL fragment names, if the page holds it (runs are matched by their encoded id: nothing is decoded). */
export function parseHistoryAnchor(hash: string, runs: readonly HistoryRun[]): HistoryRef | null {
  const match = ANCHOR.exec(hash.replace(/^#/, ''));
  if (!match) return null;
  const run = runs.find((r) => encodeRunId(r.runId) === match[1]);
  const eventId = Number(match[2]);
  return run?.events.some((e) => e.eventId === eventId) ? { runId: run.runId, eventId } : null;
}

/** The element id of an audit event on the left. */
export const auditEventAnchor = (eventId: number) => `audit-event-${eventId}`;

/** The element a URL fragment names, when the page holds it: an audit event on the left or a history event on the right. */
export function parseTimelineAnchor(hash: string, timeline: Pick<MeasureAuditTimeline, 'events' | 'runs'>): string | null {
  const fragment = hash.replace(/^#/, '');
  const audit = /^audit-event-([1-9]\d{0,15})$/.exec(fragment);
  if (audit) return timeline.events.some((e) => e.id === Number(audit[1])) ? fragment : null;
  const ref = parseHistoryAnchor(fragment, timeline.runs);
  return ref ? historyAnchor(ref) : null;
}

export function findHistoryEvent(runs: readonly HistoryRun[], ref: HistoryRef): HistoryEvent | null {
  return runs.find((run) => run.runId === ref.runId)?.events.find((event) => event.eventId === ref.eventId) ?? null;
}

/** Runs numbered from 1 in the order they started (continue-as-new makes one per cycle). */
export function runNumbers(runs: readonly HistoryRun[]): Map<string, number> {
  return new Map(runs.map((run, i) => [run.runId, i + 1]));
}

/** Where an audit event's history link goes, and whether the page holds that event (a run may be gone from Temporal). */
export interface HistoryLink extends HistoryRef {
  anchor: string;
  /** 1-based; null when the run is not among the page's runs. */
  runNumber: number | null;
  present: boolean;
}

export function historyLink(event: Pick<TimelineAuditEvent, 'history'>, runs: readonly HistoryRun[], numbers = runNumbers(runs)): HistoryLink | null {
  if (!event.history) return null;
  const { runId, eventId } = event.history;
  return { runId, eventId, anchor: historyAnchor(event.history), runNumber: numbers.get(runId) ?? null, present: findHistoryEvent(runs, event.history) !== null };
}

/** For each history event that recorded audit events, their ids (oldest first): the way back from the right side to the left. */
export function auditEventsByHistory(events: readonly Pick<TimelineAuditEvent, 'id' | 'history'>[]): Map<string, number[]> {
  const byAnchor = new Map<string, number[]>();
  for (const event of events) {
    if (!event.history) continue;
    const anchor = historyAnchor(event.history);
    byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), event.id]);
  }
  return byAnchor;
}

/** The attributes as indented JSON; `undefined` (absent) reads as null. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2) ?? 'null';
}
