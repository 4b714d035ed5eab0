// The measure page's data, and what the decision core's action rules read of it.
import type { AssignmentStatus, MeasureView, ReportContent } from '@liandong/domain/measure';
import type { Outputs } from '../../lib/api';

export type MeasurePageData = Outputs['measure']['get'];
export type PageAssignment = MeasurePageData['assignments'][number];
export type PageDuty = MeasurePageData['cycle']['duties'][number];
export type PageEscalation = MeasurePageData['escalations'][number];
export type EscalationLevel = PageEscalation['level'];
export type DutyReport = NonNullable<PageDuty['report']>;
export type PageKpi = MeasurePageData['kpis'][number];
export type PastReport = MeasurePageData['history'][number];
export type TimelineEntry = MeasurePageData['timeline'][number];

/** How many earlier cycles `measure.get` lists in `history` (the service's bound). */
export const HISTORY_CYCLES = 12;

const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['pending', 'accepted', 'declined', 'transfer_requested', 'withdrawn'];
const assignmentStatus = (status: string): AssignmentStatus => (ASSIGNMENT_STATUSES as readonly string[]).includes(status) ? (status as AssignmentStatus) : 'withdrawn';

/**
 * The page as the rules see it. The page lists the current (not withdrawn) assignments; the measure's
 * lead agencies (牵头单位) are those with the lead role, as the workflow keeps them.
 */
export function actionViewOf(page: MeasurePageData): MeasureView {
  return {
    status: page.status,
    parties: { leadAgencyIds: page.assignments.filter((a) => a.role === 'lead').map((a) => a.agencyId), coordinatorAgencyId: page.coordinator.agencyId },
    assignments: page.assignments.map((a) => ({
      agencyId: a.agencyId,
      role: a.role,
      status: assignmentStatus(a.status),
      ...(a.transferTo ? { transferToAgencyId: a.transferTo.agencyId } : {}),
    })),
    cycle: { index: page.cycle.index, duties: page.cycle.duties },
    carried: page.carried,
    subtasks: page.subtasks.map((t) => ({ id: t.id, assigneeAgencyId: t.assigneeAgencyId, status: t.status })),
    escalations: page.escalations.map((e) => ({ id: e.id, status: e.status })),
    issues: page.issues.map((i) => ({ id: i.id, status: i.status })),
    extensions: page.extensions.map((e) => ({ id: e.id, agencyId: e.agency.agencyId, cycleIndex: e.cycleIndex, requestedDueAt: e.requestedDueAt })),
    closure: page.closure,
  };
}

const LEVEL_RANK: Record<EscalationLevel, number> = { blue: 1, yellow: 2, red: 3 };

/** The measure's traffic light (督办等级): the highest level among its open escalations, null when none. */
export function trafficLight(escalations: readonly Pick<PageEscalation, 'level'>[]): EscalationLevel | null {
  return escalations.reduce<EscalationLevel | null>((top, e) => (top === null || LEVEL_RANK[e.level] > LEVEL_RANK[top] ? e.level : top), null);
}

/** An agency's name on this measure, from any place the page names it. */
export function agencyNamesOf(page: MeasurePageData): Map<number, string> {
  const names = new Map<number, string>();
  const add = (a: { agencyId: number; name: string } | null | undefined) => {
    if (a && !names.has(a.agencyId)) names.set(a.agencyId, a.name);
  };
  add(page.coordinator);
  page.assignments.forEach((a) => {
    add(a);
    add(a.transferTo);
  });
  [...page.cycle.duties, ...page.carried].forEach(add);
  page.subtasks.forEach((t) => add(t.assignee));
  page.escalations.forEach((e) => add(e.agency));
  page.extensions.forEach((e) => add(e.agency));
  page.issues.forEach((i) => {
    add(i.raisedBy);
    i.neededAgencies.forEach(add);
    i.responders.forEach(add);
  });
  page.history.forEach((h) => add(h.agency));
  return names;
}

/** A report the form can start from: which cycle it was for, and what it said. */
export interface PreviousReport {
  cycleIndex: number;
  content: ReportContent;
}

/**
 * What an agency reported last on this measure, from the server (最多报一次 on any device): for the reader's own
 * agency the page names it; for another, the newest report the page shows in full (a duty's).
 */
export function previousReportOf(page: MeasurePageData, agencyId: number, ownAgencyId: number): PreviousReport | null {
  if (agencyId === ownAgencyId && page.lastReport) return { cycleIndex: page.lastReport.cycleIndex, content: page.lastReport.content };
  const held = [...page.cycle.duties, ...page.carried]
    .filter((d) => d.agencyId === agencyId && d.report?.content)
    .sort((a, b) => b.cycleIndex - a.cycleIndex);
  const newest = held[0];
  return newest?.report?.content ? { cycleIndex: newest.cycleIndex, content: newest.report.content } : null;
}

/** Does a reported value meet the KPI's target (≥, ≤ or = its target)? */
export function meetsTarget(kpi: Pick<PageKpi, 'comparator' | 'target'>, value: number): boolean {
  if (kpi.comparator === '>=') return value >= kpi.target;
  if (kpi.comparator === '<=') return value <= kpi.target;
  return value === kpi.target;
}

/** The role an agency has on the measure (the page's duties do not say), or null when it holds no assignment. */
export const roleOf = (page: MeasurePageData, agencyId: number): PageAssignment['role'] | null => page.assignments.find((a) => a.agencyId === agencyId)?.role ?? null;
