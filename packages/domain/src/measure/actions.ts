// Which commands a person can send on a measure now: the decision core's own rules, read without
// deciding anything, so a page shows a button only where the core would not refuse it for who is
// asking or for the measure's state. Input (texts, dates) is still the core's to judge.
// Imports nothing that touches the calendar: the portal bundles this.
import { actsForAgency, isCoordinatorOf, type MeasureParties } from '../authorization/measure-rules';
import { hasAuthority } from '../authorization/policy';
import type { Actor } from '../authorization/roles';
import { holds, outstanding } from './holding';
import type { AssignmentRole, AssignmentStatus, MeasureStatus } from './types';
import { LIMITS } from './validate';

/** One agency's duty for one cycle, as far as the rules look at it. */
export interface DutyView {
  agencyId: number;
  cycleIndex: number;
  report: { status: 'submitted' | 'accepted' | 'returned' } | null;
  /** When it falls due, where the view knows it (the measure page does): an extension is asked for before then. */
  dueAt?: string;
}

/**
 * What the rules read of a measure. `MeasureState` is one; a client builds one from the measure page
 * (withdrawn assignments may be left out: they decide only who reviews a report of a unit that left).
 */
export interface MeasureView {
  status: MeasureStatus;
  parties: MeasureParties;
  assignments: readonly { agencyId: number; role: AssignmentRole; status: AssignmentStatus; transferToAgencyId?: number }[];
  cycle: { index: number; duties: readonly DutyView[] };
  carried: readonly DutyView[];
  subtasks: readonly { id: string; assigneeAgencyId: number; status: 'open' | 'done' }[];
  escalations: readonly { id: string; status: 'open' | 'acknowledged' }[];
  issues: readonly { id: string; status: 'open' | 'triaged' }[];
  extensions: readonly { id: string; agencyId: number; cycleIndex: number; requestedDueAt: string }[];
  closure: { status: 'pending' | 'returned' } | null;
}

/** A command the person may send now, with what it applies to. */
export type MeasureAction =
  /** 接收 / 退回 / 转办: the officer's own pending (or, for a transfer, accepted) assignment. */
  | { type: 'acceptAssignment'; agencyId: number }
  | { type: 'declineAssignment'; agencyId: number }
  | { type: 'requestTransfer'; agencyId: number }
  /** The coordinator arbitrates a decline: reassign to another agency, or insist. */
  | { type: 'arbitrateDecline'; agencyId: number }
  /** The coordinator decides a transfer request; approving fails when the target meanwhile got an assignment. */
  | { type: 'decideTransfer'; agencyId: number; toAgencyId: number; mayApprove: boolean }
  /** 分解/交办 to one of these partner units. */
  | { type: 'createSubtask'; assigneeAgencyIds: number[] }
  | { type: 'completeSubtask'; subtaskId: string }
  /** The partner report, or for a lead the combined report, of one cycle. */
  | { type: 'submitReport'; agencyId: number; cycleIndex: number; kind: 'partner' | 'combined' }
  /** A lead reviews a partner report; the coordinator the combined report. */
  | { type: 'reviewReport'; agencyId: number; cycleIndex: number; kind: 'partner' | 'combined' }
  /** By hand, about the measure (agency null) or one of these agencies. */
  | { type: 'escalate'; agencyIds: number[] }
  | { type: 'acknowledgeEscalation'; escalationId: string }
  | { type: 'resolveEscalation'; escalationId: string }
  | { type: 'raiseIssue' }
  | { type: 'triageIssue'; issueId: string }
  | { type: 'resolveIssue'; issueId: string }
  | { type: 'requestExtension'; agencyId: number; cycleIndex: number }
  /** Rejecting is always possible; approving only while the request still applies. */
  | { type: 'decideExtension'; extensionId: string; agencyId: number; mayApprove: boolean }
  | { type: 'applyClosure' }
  | { type: 'decideClosure' }
  | { type: 'withdrawMeasure' }
  | { type: 'reinstateMeasure' };

export type MeasureActionType = MeasureAction['type'];

const isOpen = (v: MeasureView) => v.status !== 'closed' && v.status !== 'withdrawn';
/** The agency's current (not withdrawn) assignment, as the core finds it. */
const assignmentOf = (v: MeasureView, agencyId: number) => v.assignments.find((a) => a.agencyId === agencyId && a.status !== 'withdrawn');
const holdsAssignment = (v: MeasureView, agencyId: number) => {
  const a = assignmentOf(v, agencyId);
  return a !== undefined && holds(a);
};
/** A lead officer whose agency still holds its assignment. */
const actsAsLead = (v: MeasureView, actor: Actor) => hasAuthority(actor, 'lead', v.parties) && v.assignments.some((a) => a.agencyId === actor.agencyId && holds(a));
const isCoordinator = (v: MeasureView, actor: Actor) => hasAuthority(actor, 'coordinator', v.parties);
const dutyFor = (v: MeasureView, agencyId: number, cycleIndex: number): DutyView | undefined =>
  cycleIndex === v.cycle.index ? v.cycle.duties.find((d) => d.agencyId === agencyId) : v.carried.find((d) => d.agencyId === agencyId && d.cycleIndex === cycleIndex);
const allDuties = (v: MeasureView) => [...v.cycle.duties, ...v.carried];
/** Each (agency, cycle) once, in the order the core would find them. */
function dutyKeys(v: MeasureView): { agencyId: number; cycleIndex: number }[] {
  const seen = new Set<string>();
  return allDuties(v).flatMap((d) => {
    const key = `${d.agencyId}:${d.cycleIndex}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ agencyId: d.agencyId, cycleIndex: d.cycleIndex }];
  });
}

/**
 * Partner units whose report for the cycle is not yet accepted: the lead's combined report waits for
 * them (a unit that declined or left is not waited for).
 */
export function combinedReportWaitsFor(v: MeasureView, cycleIndex: number): number[] {
  return v.assignments
    .filter((p) => p.role === 'partner' && holds(p))
    .filter((p) => {
      const d = dutyFor(v, p.agencyId, cycleIndex);
      return d !== undefined && d.report?.status !== 'accepted';
    })
    .map((p) => p.agencyId);
}

/** The role a report's author had: its latest assignment on the measure, withdrawn or not; null when unknown. */
function authorRole(v: MeasureView, agencyId: number): AssignmentRole | null {
  return [...v.assignments].reverse().find((a) => a.agencyId === agencyId)?.role ?? null;
}

/**
 * Every command `actor` may send on the measure at `now` (ms): the person's authority and the state
 * both allow it. The core stays the judge of the input and of anything that changed meanwhile.
 */
export function measureActions(v: MeasureView, actor: Actor, now: number): MeasureAction[] {
  const actions: MeasureAction[] = [];
  const coordinator = isCoordinator(v, actor);
  if (v.status === 'withdrawn' && hasAuthority(actor, 'adminOrCoordinator', v.parties)) actions.push({ type: 'reinstateMeasure' });
  if (!isOpen(v)) return actions;
  const lead = actsAsLead(v, actor);

  // The officer's own assignment (承办人).
  const own = assignmentOf(v, actor.agencyId);
  if (own && actsForAgency(actor, own.agencyId)) {
    if (own.status === 'pending') actions.push({ type: 'acceptAssignment', agencyId: own.agencyId }, { type: 'declineAssignment', agencyId: own.agencyId });
    if (own.status === 'pending' || own.status === 'accepted') actions.push({ type: 'requestTransfer', agencyId: own.agencyId });
  }

  // The coordinator's decisions on assignments.
  if (coordinator) {
    for (const a of v.assignments) {
      if (a.status === 'withdrawn' || assignmentOf(v, a.agencyId) !== a) continue;
      if (a.status === 'declined') actions.push({ type: 'arbitrateDecline', agencyId: a.agencyId });
      if (a.status === 'transfer_requested' && a.transferToAgencyId !== undefined) {
        actions.push({ type: 'decideTransfer', agencyId: a.agencyId, toAgencyId: a.transferToAgencyId, mayApprove: !assignmentOf(v, a.transferToAgencyId) });
      }
    }
  }

  // Subtasks (分解/交办).
  if (lead && v.subtasks.filter((t) => t.status === 'open').length < LIMITS.openSubtasks) {
    const partners = v.assignments.filter((a) => a.role === 'partner' && holds(a) && assignmentOf(v, a.agencyId) === a).map((a) => a.agencyId);
    if (partners.length > 0) actions.push({ type: 'createSubtask', assigneeAgencyIds: partners });
  }
  for (const t of v.subtasks) {
    if (t.status === 'open' && actsForAgency(actor, t.assigneeAgencyId) && holdsAssignment(v, t.assigneeAgencyId)) actions.push({ type: 'completeSubtask', subtaskId: t.id });
  }

  // Reports: submit what the agency owes, review what others submitted.
  for (const { agencyId, cycleIndex } of dutyKeys(v)) {
    const duty = dutyFor(v, agencyId, cycleIndex)!;
    if (actsForAgency(actor, agencyId) && holdsAssignment(v, agencyId) && (duty.report === null || duty.report.status === 'returned')) {
      const role = assignmentOf(v, agencyId)!.role;
      if (role === 'partner' || combinedReportWaitsFor(v, cycleIndex).length === 0) actions.push({ type: 'submitReport', agencyId, cycleIndex, kind: role === 'lead' ? 'combined' : 'partner' });
    }
    if (duty.report?.status === 'submitted') {
      const role = authorRole(v, agencyId);
      if ((role === 'partner' && lead) || (role === 'lead' && coordinator)) actions.push({ type: 'reviewReport', agencyId, cycleIndex, kind: role === 'lead' ? 'combined' : 'partner' });
    }
  }

  // Escalations.
  if ((lead || coordinator) && v.escalations.length < LIMITS.openEscalations) {
    actions.push({ type: 'escalate', agencyIds: v.assignments.filter((a) => a.status !== 'withdrawn' && assignmentOf(v, a.agencyId) === a).map((a) => a.agencyId) });
  }
  if (coordinator) {
    for (const e of v.escalations) actions.push(e.status === 'open' ? { type: 'acknowledgeEscalation', escalationId: e.id } : { type: 'resolveEscalation', escalationId: e.id });
  }

  // Coordination issues (需协调事项).
  if (own && holds(own) && actsForAgency(actor, actor.agencyId) && v.issues.length < LIMITS.openIssues) actions.push({ type: 'raiseIssue' });
  if (coordinator) {
    for (const i of v.issues) {
      actions.push({ type: 'triageIssue', issueId: i.id });
      if (i.status === 'triaged') actions.push({ type: 'resolveIssue', issueId: i.id });
    }
  }

  // Extensions (延期).
  if (own && actsForAgency(actor, own.agencyId) && holds(own) && !v.extensions.some((e) => e.agencyId === own.agencyId)) {
    const duty = dutyFor(v, own.agencyId, v.cycle.index);
    // Before the due date only (a measure whose run predates that rule still takes a late request; the page does not offer it).
    const inTime = duty?.dueAt === undefined || now < Date.parse(duty.dueAt);
    if (duty && outstanding(duty) && inTime) actions.push({ type: 'requestExtension', agencyId: own.agencyId, cycleIndex: v.cycle.index });
  }
  if (lead || coordinator) {
    for (const e of v.extensions) {
      // A lead never decides its own agency's request; the coordinator does.
      if (!isCoordinatorOf(actor, v.parties) && actor.agencyId === e.agencyId) continue;
      const duty = dutyFor(v, e.agencyId, e.cycleIndex);
      const applies = e.cycleIndex === v.cycle.index && duty !== undefined && holdsAssignment(v, e.agencyId) && outstanding(duty) && Date.parse(e.requestedDueAt) > now;
      actions.push({ type: 'decideExtension', extensionId: e.id, agencyId: e.agencyId, mayApprove: applies });
    }
  }

  // Closure (申请办结 / 销号) and withdrawal.
  if (lead && v.status !== 'closure_requested') actions.push({ type: 'applyClosure' });
  if (coordinator && v.status === 'closure_requested' && v.closure) actions.push({ type: 'decideClosure' });
  if (hasAuthority(actor, 'adminOrCoordinator', v.parties)) actions.push({ type: 'withdrawMeasure' });
  return actions;
}

/** The first action of a type (and matching `where`), for a page placing its buttons. */
export function findAction<T extends MeasureActionType>(actions: readonly MeasureAction[], type: T, where: Partial<Extract<MeasureAction, { type: T }>> = {}): Extract<MeasureAction, { type: T }> | undefined {
  return actions.find(
    (a): a is Extract<MeasureAction, { type: T }> => a.type === type && Object.entries(where).every(([key, value]) => (a as Record<string, unknown>)[key] === value),
  );
}
