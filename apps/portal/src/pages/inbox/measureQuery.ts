import type { EscalationFilter, MeasureListInput, MeasureRole, MeasureSort, MeasureStatus } from './types';

/** My measures' filters, sort and page, as the URL keeps them (`?plan=…&role=lead&light=red&page=2`). */
export interface MeasureQuery {
  planId?: string;
  role?: MeasureRole;
  status?: MeasureStatus;
  /** 督办等级 (the traffic light); `none` for measures without an open escalation. */
  light?: EscalationFilter;
  overdue?: boolean;
  /** Another agency's measures: auditors only (the API refuses anyone else). */
  agencyId?: number;
  sort: MeasureSort;
  /** From 1. */
  page: number;
  pageSize: number;
}

export const MEASURE_ROLES = ['lead', 'partner', 'coordinator'] as const satisfies readonly MeasureRole[];
export const MEASURE_STATUSES = ['active', 'closure_requested', 'closed', 'withdrawn'] as const satisfies readonly MeasureStatus[];
export const LIGHTS = ['blue', 'yellow', 'red', 'none'] as const satisfies readonly EscalationFilter[];
export const SORTS = ['due', 'number', 'updated', 'escalation'] as const satisfies readonly MeasureSort[];
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export const DEFAULT_SORT: MeasureSort = 'due';
export const DEFAULT_PAGE_SIZE = 20;
/** The API pages with an offset of at most 100,000. */
const MAX_OFFSET = 100_000;

/** The query-string names, one per field. */
const PARAM = { planId: 'plan', role: 'role', status: 'status', light: 'light', overdue: 'overdue', agencyId: 'agency', sort: 'sort', page: 'page', pageSize: 'size' } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^[1-9]\d{0,8}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

/** Reads the URL; a value that is missing or not one the list takes falls back to its default, never to an error. */
export function parseMeasureQuery(search: URLSearchParams): MeasureQuery {
  const plan = search.get(PARAM.planId);
  const overdue = search.get(PARAM.overdue);
  const agency = search.get(PARAM.agencyId);
  const sizeText = search.get(PARAM.pageSize);
  const pageSize = PAGE_SIZES.find((s) => String(s) === sizeText) ?? DEFAULT_PAGE_SIZE;
  const pageText = search.get(PARAM.page);
  const page = pageText !== null && WHOLE.test(pageText) && (Number(pageText) - 1) * pageSize <= MAX_OFFSET ? Number(pageText) : 1;
  const query: MeasureQuery = { sort: oneOf(SORTS, search.get(PARAM.sort)) ?? DEFAULT_SORT, page, pageSize };
  if (plan !== null && UUID.test(plan)) query.planId = plan.toLowerCase();
  const role = oneOf(MEASURE_ROLES, search.get(PARAM.role));
  if (role) query.role = role;
  const status = oneOf(MEASURE_STATUSES, search.get(PARAM.status));
  if (status) query.status = status;
  const light = oneOf(LIGHTS, search.get(PARAM.light));
  if (light) query.light = light;
  if (overdue === 'yes' || overdue === 'no') query.overdue = overdue === 'yes';
  if (agency !== null && WHOLE.test(agency)) query.agencyId = Number(agency);
  return query;
}

/**
 * Writes the query into the URL's parameters, leaving others (`lang`) as they are. Defaults are left out,
 * so the plain `/measures` is the default list and a shared URL names only what was chosen.
 */
export function writeMeasureQuery(current: URLSearchParams, query: MeasureQuery): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const name of Object.values(PARAM)) next.delete(name);
  if (query.planId) next.set(PARAM.planId, query.planId);
  if (query.role) next.set(PARAM.role, query.role);
  if (query.status) next.set(PARAM.status, query.status);
  if (query.light) next.set(PARAM.light, query.light);
  if (query.overdue !== undefined) next.set(PARAM.overdue, query.overdue ? 'yes' : 'no');
  if (query.agencyId !== undefined) next.set(PARAM.agencyId, String(query.agencyId));
  if (query.sort !== DEFAULT_SORT) next.set(PARAM.sort, query.sort);
  if (query.page !== 1) next.set(PARAM.page, String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) next.set(PARAM.pageSize, String(query.pageSize));
  return next;
}

type Filters = Pick<MeasureQuery, 'planId' | 'role' | 'status' | 'light' | 'overdue' | 'agencyId' | 'sort'>;

/** A changed filter or sort shows its first page: the page the reader was on may not exist in the new list. */
export function withFilters(query: MeasureQuery, change: Partial<Filters>): MeasureQuery {
  const next: MeasureQuery = { ...query, ...change, page: 1 };
  // `undefined` clears a filter; keep the object free of the key so that equal queries compare equal.
  for (const key of Object.keys(next) as (keyof MeasureQuery)[]) if (next[key] === undefined) delete next[key];
  return next;
}

/** Whether any filter narrows the list (the sort does not). */
export function isFiltered(query: MeasureQuery): boolean {
  return query.planId !== undefined || query.role !== undefined || query.status !== undefined || query.light !== undefined || query.overdue !== undefined || query.agencyId !== undefined;
}

/** The input of `inbox.measures` for the query. */
export function measureListInput(query: MeasureQuery): MeasureListInput {
  const input: MeasureListInput = { sort: query.sort, limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  if (query.planId) input.planId = query.planId;
  if (query.role) input.role = query.role;
  if (query.status) input.status = query.status;
  if (query.light) input.escalationLevel = query.light;
  if (query.overdue !== undefined) input.overdue = query.overdue;
  if (query.agencyId !== undefined) input.agencyId = query.agencyId;
  return input;
}

/** The last page that has rows (1 for an empty list): where a URL naming a page past the end lands. */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
