// The escalation queue's filters and page, as the URL keeps them (`?plan=…&agency=12&level=red&page=2`).
export const LEVELS = ['red', 'yellow', 'blue'] as const;
export type Level = (typeof LEVELS)[number];

export interface EscalationQuery {
  planId?: string;
  agencyId?: number;
  measureId?: string;
  level?: Level;
  /** From 1. */
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** The API pages with an offset of at most 100,000. */
const MAX_OFFSET = 100_000;
const PARAM = { planId: 'plan', agencyId: 'agency', measureId: 'measure', level: 'level', page: 'page', pageSize: 'size' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^[1-9]\d{0,8}$/;
/** An agency id: a positive int4. */
const AGENCY_ID = /^[1-9]\d{0,9}$/;

/** Reads the URL; what is missing or not a value the queue takes falls back to no filter, never to an error. */
export function parseEscalationQuery(search: URLSearchParams): EscalationQuery {
  const sizeText = search.get(PARAM.pageSize);
  const pageSize = PAGE_SIZES.find((s) => String(s) === sizeText) ?? DEFAULT_PAGE_SIZE;
  const pageText = search.get(PARAM.page);
  const page = pageText !== null && WHOLE.test(pageText) && (Number(pageText) - 1) * pageSize <= MAX_OFFSET ? Number(pageText) : 1;
  const query: EscalationQuery = { page, pageSize };
  const plan = search.get(PARAM.planId);
  if (plan !== null && UUID.test(plan)) query.planId = plan.toLowerCase();
  const measure = search.get(PARAM.measureId);
  if (measure !== null && UUID.test(measure)) query.measureId = measure.toLowerCase();
  const agency = search.get(PARAM.agencyId);
  if (agency !== null && AGENCY_ID.test(agency) && Number(agency) <= 2_147_483_647) query.agencyId = Number(agency);
  const level = LEVELS.find((l) => l === search.get(PARAM.level));
  if (level) query.level = level;
  return query;
}

/** The URL for a query: other parameters (`lang`) stay, defaults are left out. */
export function writeEscalationQuery(current: URLSearchParams, query: EscalationQuery): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const name of Object.values(PARAM)) next.delete(name);
  if (query.planId) next.set(PARAM.planId, query.planId);
  if (query.agencyId !== undefined) next.set(PARAM.agencyId, String(query.agencyId));
  if (query.measureId) next.set(PARAM.measureId, query.measureId);
  if (query.level) next.set(PARAM.level, query.level);
  if (query.page > 1) next.set(PARAM.page, String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) next.set(PARAM.pageSize, String(query.pageSize));
  return next;
}

/** A filter changed: back to the first page. */
export function withFilters(query: EscalationQuery, filters: Partial<Omit<EscalationQuery, 'page' | 'pageSize'>>): EscalationQuery {
  const next: EscalationQuery = { ...query, ...filters, page: 1 };
  for (const key of ['planId', 'agencyId', 'measureId', 'level'] as const) if (next[key] === undefined) delete next[key];
  return next;
}

/** What `escalation.queue` takes for the query. */
export function queueInput(query: EscalationQuery) {
  const { page, pageSize, ...filters } = query;
  return { ...filters, limit: pageSize, offset: (page - 1) * pageSize };
}
