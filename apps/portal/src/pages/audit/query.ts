// The audit log's filters and page, as the URL keeps them
// (`?from=2026-01-01T00:00&to=2026-01-31T23:59&agency=12&actor=wang&action=report.returned&plan=…&measure=…&before=5301&trail=0,5351`).
import type { Inputs } from '../../lib/api';

export interface AuditQuery {
  /** China wall-clock minutes (`2026-01-31T09:30`), as the person picked them; the API gets them with +08:00. */
  from?: string;
  to?: string;
  agencyId?: number;
  /** The username as the log records it (`anonymous` for failed sign-ins, `system` for timers). */
  actor?: string;
  action?: string;
  planId?: string;
  measureId?: string;
  /** Keyset cursor, newest first: the page of events with id < before; absent for the newest page. */
  before?: number;
  /** The cursors of the pages seen before this one, oldest visit first; 0 stands for the newest page (上一页). */
  trail: number[];
}

export type AuditFilters = Omit<AuditQuery, 'before' | 'trail'>;
export type AuditFilterInput = Omit<Inputs['audit']['events'], 'before' | 'limit'>;

export const AUDIT_PAGE_SIZE = 50;
/** How many earlier pages 上一页 can walk back through; older ones are reached with 最新 and 下一页. */
export const MAX_TRAIL = 100;
const FILTER_KEYS = ['from', 'to', 'agencyId', 'actor', 'action', 'planId', 'measureId'] as const;
const PARAM = { from: 'from', to: 'to', agencyId: 'agency', actor: 'actor', action: 'action', planId: 'plan', measureId: 'measure', before: 'before', trail: 'trail' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An agency id: a positive int4. */
const AGENCY_ID = /^[1-9]\d{0,9}$/;
const EVENT_ID = /^[1-9]\d{0,15}$/;
const CHINA_MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
/** PostgreSQL cannot hold NUL, so the API refuses it (a lone surrogate cannot come through URLSearchParams: it reads U+FFFD). */
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const UNSTORABLE = /\u0000/;
/** The API's limits on the free-text filters (audit router): longer or unstorable text is not a filter it takes. */
const TEXT_MAX = { actor: 200, action: 100 } as const;

/** A China wall-clock minute `YYYY-MM-DDTHH:mm` that exists on the calendar (no 2 月 30 日, no 24:00). */
export function isChinaMinute(value: string): boolean {
  const match = CHINA_MINUTE.exec(value);
  if (!match) return false;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (y < 1970 || h > 23 || mi > 59) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The first instant of a China minute, as the API takes it: `2026-01-01T00:00:00+08:00`. */
export const chinaMinuteStart = (minute: string) => `${minute}:00+08:00`;
/** The last instant of a China minute: a range ending at 23:59 includes what happened at 23:59:30. */
export const chinaMinuteEnd = (minute: string) => `${minute}:59.999+08:00`;

/** The text the range picker shows (`2026-01-01 08:30`) as the URL keeps it, or undefined for an empty end or a bad one. */
export function minuteFromPicker(text: string | null | undefined): string | undefined {
  const minute = (text ?? '').trim().replace(' ', 'T');
  return isChinaMinute(minute) ? minute : undefined;
}

function filterText(value: string | null, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= max && !UNSTORABLE.test(trimmed) ? trimmed : undefined;
}

/** A stack of cursors the log could have handed out: 0 (the newest page) only first, then ever older, all newer than `before`. */
function readTrail(text: string | null, before: number | undefined): number[] {
  if (!text || before === undefined) return [];
  const parts = text.split(',');
  if (parts.length > MAX_TRAIL || !parts.every((p) => p === '0' || EVENT_ID.test(p))) return [];
  const trail = parts.map(Number);
  const cursors = [...trail, before];
  const ordered = cursors.every((c, i) => i === 0 || (c !== 0 && (cursors[i - 1] === 0 || c < cursors[i - 1]!)));
  return ordered && trail.every(Number.isSafeInteger) ? trail : [];
}

/** Reads the URL; whatever is missing or not a value the log takes falls back to no filter, never to an error. */
export function parseAuditQuery(search: URLSearchParams): AuditQuery {
  const query: AuditQuery = { trail: [] };
  const from = search.get(PARAM.from);
  if (from !== null && isChinaMinute(from)) query.from = from;
  const to = search.get(PARAM.to);
  if (to !== null && isChinaMinute(to)) query.to = to;
  // A range written backwards is the same range: the API would refuse it.
  if (query.from && query.to && query.from > query.to) [query.from, query.to] = [query.to, query.from];
  const agency = search.get(PARAM.agencyId);
  if (agency !== null && AGENCY_ID.test(agency) && Number(agency) <= 2_147_483_647) query.agencyId = Number(agency);
  const actor = filterText(search.get(PARAM.actor), TEXT_MAX.actor);
  if (actor) query.actor = actor;
  const action = filterText(search.get(PARAM.action), TEXT_MAX.action);
  if (action) query.action = action;
  const plan = search.get(PARAM.planId);
  if (plan !== null && UUID.test(plan)) query.planId = plan.toLowerCase();
  const measure = search.get(PARAM.measureId);
  if (measure !== null && UUID.test(measure)) query.measureId = measure.toLowerCase();
  const before = search.get(PARAM.before);
  if (before !== null && EVENT_ID.test(before) && Number.isSafeInteger(Number(before))) query.before = Number(before);
  query.trail = readTrail(search.get(PARAM.trail), query.before);
  return query;
}

/** The URL for a query: other parameters (`lang`) stay, what is not set is left out. */
export function writeAuditQuery(current: URLSearchParams, query: AuditQuery): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const name of Object.values(PARAM)) next.delete(name);
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined && value !== '') next.set(PARAM[key], String(value));
  }
  if (query.before !== undefined) {
    next.set(PARAM.before, String(query.before));
    if (query.trail.length > 0) next.set(PARAM.trail, query.trail.slice(-MAX_TRAIL).join(','));
  }
  return next;
}

/** The filters of a query, without its page. */
export function filtersOf(query: AuditQuery): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined) Object.assign(filters, { [key]: query[key] });
  return filters;
}

/** A filter changed: back to the newest page. An empty value clears that filter. */
export function withAuditFilters(query: AuditQuery, changes: Partial<AuditFilters>): AuditQuery {
  const next: AuditQuery = { ...filtersOf(query), ...changes, trail: [] };
  for (const key of FILTER_KEYS) if (next[key] === undefined || next[key] === '') delete next[key];
  return next;
}

export const hasAuditFilters = (query: AuditQuery) => FILTER_KEYS.some((key) => query[key] !== undefined);

/** 下一页: older events, remembering where this page started so 上一页 comes back to it. */
export function nextPage(query: AuditQuery, nextBefore: number): AuditQuery {
  return { ...query, before: nextBefore, trail: [...query.trail, query.before ?? 0].slice(-MAX_TRAIL) };
}

/** 上一页: the page seen before this one; the newest page when there is no trail (a link straight to an event). */
export function previousPage(query: AuditQuery): AuditQuery {
  const trail = query.trail.slice(0, -1);
  const before = query.trail.at(-1);
  const next: AuditQuery = { ...filtersOf(query), trail: before ? trail : [] };
  if (before) next.before = before;
  return next;
}

/** 最新: the newest page with the same filters. */
export const newestPage = (query: AuditQuery): AuditQuery => ({ ...filtersOf(query), trail: [] });

/** The page's number when the trail reaches back to the newest page, else null (the log was entered mid-way). */
export function pageNumber(query: AuditQuery): number | null {
  if (query.before === undefined) return 1;
  return query.trail[0] === 0 ? query.trail.length + 1 : null;
}

/** What the API's filters take: the picked minutes as instants, from the first to the last millisecond. */
export function auditFilterInput(query: AuditQuery): AuditFilterInput {
  const { from, to, ...rest } = filtersOf(query);
  return { ...(from ? { from: chinaMinuteStart(from) } : {}), ...(to ? { to: chinaMinuteEnd(to) } : {}), ...rest };
}

/** What `audit.events` takes for the query. */
export function auditEventsInput(query: AuditQuery): Inputs['audit']['events'] {
  return { ...auditFilterInput(query), ...(query.before !== undefined ? { before: query.before } : {}), limit: AUDIT_PAGE_SIZE };
}

export type ExportFormat = 'jsonl' | 'csv';

/** The export of what the log shows now (every page, not only this one): `GET /api/audit/export`, cookie-authenticated. */
export function auditExportHref(query: AuditQuery, format: ExportFormat): string {
  const params = new URLSearchParams({ format });
  for (const [name, value] of Object.entries(auditFilterInput(query))) if (value !== undefined) params.set(name, String(value));
  return `/api/audit/export?${params.toString()}`;
}

/** The raw Temporal history of every run of the measure's workflow, as one JSON file. */
export const historyDownloadHref = (measureId: string) => `/api/audit/measures/${encodeURIComponent(measureId)}/history.json`;

/** The log opened at an event: the newest page holding it, no filters (the link under a failed verification). */
export function auditEventHref(eventId: number): string {
  const params = writeAuditQuery(new URLSearchParams(), { before: eventId + 1, trail: [] });
  return `/audit?${params.toString()}`;
}

/** The log of one measure, newest first. */
export function measureLogHref(measureId: string): string {
  return `/audit?${writeAuditQuery(new URLSearchParams(), { measureId, trail: [] }).toString()}`;
}
