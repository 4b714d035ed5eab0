// The measure's rules as pure functions: `decide(state, command, ctx)` gives the new state and its
// events, or a refusal that names the rule or the field and changes nothing. The workflow is the
// shell that feeds commands and timers in and records the events.
import { actsForAgency, isCoordinatorOf } from '../authorization/measure-rules';
import { hasAuthority } from '../authorization/policy';
import type { Actor } from '../authorization/roles';
import { chinaDate, endOfChinaDay } from '../calendar/calendar';
import type { EscalationLevel } from '../reporting/ladder';
import { ESCALATION_LEVELS } from '../reporting/ladder';
import { closesAt, holds, newDuty, outstanding, settleEscalations } from './state';
import type { AssignmentState, CalendarAnswers, CalendarNeeds, CycleDuty, MeasureCommand, MeasureEvent, MeasureState, Refusal } from './types';
import { shiftKey } from './types';
import * as v from './validate';

export interface DecideContext {
  /** Workflow time, in ms. */
  now: number;
  /** Fresh ids for what the command creates (uuid4 in the workflow: deterministic on replay). */
  newId: () => string;
  /** Calendar answers for `calendarNeeds(state, command)`, computed by the shell. */
  answers?: CalendarAnswers;
  /** Rules added after measures were already running; the shell turns each on behind `patched()`. */
  rules?: DecideRules;
}

/**
 * Rules a running measure learns only when its workflow says so (`patched()`), so a recorded history decides
 * exactly as it did. Absent means off: the rule as it was before.
 */
export interface DecideRules {
  /** 延期: an extension is requested before the duty's current due date, never after it (patch `extension-before-due`). */
  extensionBeforeDue?: boolean;
}

export type Decision = { ok: true; state: MeasureState; events: MeasureEvent[] } | { ok: false; refusal: Refusal };

type Command<T extends MeasureCommand['type']> = Extract<MeasureCommand, { type: T }>;
type Rule<T extends MeasureCommand['type']> = (s: MeasureState, c: Command<T>, ctx: DecideContext, apply: boolean) => MeasureEvent[];

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// ---- who and what ---------------------------------------------------------------

function requireOpen(s: MeasureState) {
  if (s.status === 'closed') v.illegal('the measure is closed (已销号)');
  if (s.status === 'withdrawn') v.illegal('the measure was withdrawn from its plan (已撤销); nothing can be done on it unless the plan lists it again');
}
/** The agency's current (not withdrawn) assignment. */
const assignmentOf = (s: MeasureState, agencyId: number) => s.assignments.find((a) => a.agencyId === agencyId && a.status !== 'withdrawn');
function requireHolder(s: MeasureState, agencyId: number, field = 'agencyId'): AssignmentState {
  const a = assignmentOf(s, agencyId);
  if (!a) return v.illegal(`${field}: agency ${agencyId} has no assignment on this measure`);
  if (!holds(a)) return v.illegal(`agency ${agencyId} no longer holds its assignment (it is ${a.status})`);
  return a;
}
function requireOwnAgency(actor: Actor, agencyId: number) {
  if (!actsForAgency(actor, agencyId)) v.forbid(`only an officer of agency ${agencyId} may do this for its assignment`);
}
/** A lead officer whose agency still holds its assignment: a lead that declined it is no current party. */
const actsAsLead = (s: MeasureState, actor: Actor) => hasAuthority(actor, 'lead', s.parties) && s.assignments.some((a) => a.agencyId === actor.agencyId && holds(a));
function requireLead(s: MeasureState, actor: Actor) {
  if (!actsAsLead(s, actor)) v.forbid('only an officer of a lead agency (牵头单位) holding its assignment may do this');
}
function requireCoordinator(s: MeasureState, actor: Actor) {
  if (!hasAuthority(actor, 'coordinator', s.parties)) v.forbid("only the plan's coordinator (协调办) may do this");
}
function requireAdminOrCoordinator(s: MeasureState, actor: Actor, what: string) {
  if (!hasAuthority(actor, 'adminOrCoordinator', s.parties)) v.forbid(`only an admin or the coordinator may ${what}`);
}
const leadsAndCoordinator = (s: MeasureState) => [...s.parties.leadAgencyIds, s.parties.coordinatorAgencyId];
function recipientsFor(s: MeasureState, level: EscalationLevel, agencyId: number | null): number[] {
  const unit = agencyId === null ? [] : [agencyId];
  // blue (催办): the unit and its lead; yellow (督办单) and red (通报): also the coordinator's queue.
  return level === 'blue' ? [...unit, ...s.parties.leadAgencyIds] : [...unit, ...leadsAndCoordinator(s)];
}
/** The duty an agency owes for a cycle: the current cycle's, or one carried from a closed cycle. */
const dutyFor = (s: MeasureState, agencyId: number, cycleIndex: number): CycleDuty | undefined =>
  cycleIndex === s.cycle.index ? s.cycle.duties.find((d) => d.agencyId === agencyId) : s.carried.find((d) => d.agencyId === agencyId && d.cycleIndex === cycleIndex);
function answers(ctx: DecideContext): CalendarAnswers {
  if (!ctx.answers) throw new Error('calendar answers missing: the shell must resolve calendarNeeds first');
  return ctx.answers;
}
/** A pending extension that can no longer apply is closed, so it is never applied to another cycle. */
function lapseExtensions(s: MeasureState, which: (e: MeasureState['extensions'][number]) => boolean, comment: string): MeasureEvent[] {
  const lapsed = s.extensions.filter(which);
  s.extensions = s.extensions.filter((e) => !which(e));
  return lapsed.map((e) => ({ type: 'extension.rejected', extensionId: e.id, agencyId: e.agencyId, comment, notify: [e.agencyId] }));
}

/** Moves an assignment to another agency: the old one is withdrawn, the new one starts pending with the open work. */
function reassign(s: MeasureState, from: AssignmentState, toAgencyId: number, comment: string): MeasureEvent[] {
  from.status = 'withdrawn';
  delete from.transferToAgencyId;
  s.assignments.push({ agencyId: toAgencyId, role: from.role, status: 'pending' });
  if (from.role === 'lead') s.parties = { ...s.parties, leadAgencyIds: s.parties.leadAgencyIds.map((id) => (id === from.agencyId ? toAgencyId : id)) };
  const events: MeasureEvent[] = [
    { type: 'assignment.reassigned', fromAgencyId: from.agencyId, toAgencyId, role: from.role, comment, notify: [from.agencyId, toAgencyId, ...s.parties.leadAgencyIds] },
  ];
  // What the old agency still owed this cycle passes to the new one; what it owed before is nobody's now.
  const duty = s.cycle.duties.find((d) => d.agencyId === from.agencyId);
  if (duty && outstanding(duty)) {
    s.cycle.duties = s.cycle.duties.filter((d) => d !== duty);
    if (!s.cycle.duties.some((d) => d.agencyId === toAgencyId)) s.cycle.duties.push(newDuty(s.cycle, toAgencyId));
  }
  s.carried = s.carried.filter((d) => d.agencyId !== from.agencyId || !outstanding(d));
  for (const t of s.subtasks) {
    if (t.assigneeAgencyId === from.agencyId && t.status === 'open') {
      t.assigneeAgencyId = toAgencyId;
      events.push({ type: 'subtask.reassigned', subtaskId: t.id, assigneeAgencyId: toAgencyId, notify: [toAgencyId] });
    }
  }
  events.push(...lapseExtensions(s, (e) => e.agencyId === from.agencyId, '任务已改派，延期申请随之失效 (the assignment moved to another agency)'));
  keepBounded(s);
  return events;
}

function keepBounded(s: MeasureState) {
  const withdrawn = s.assignments.filter((a) => a.status === 'withdrawn');
  if (withdrawn.length > v.LIMITS.withdrawnAssignmentsKept) {
    const drop = new Set(withdrawn.slice(0, withdrawn.length - v.LIMITS.withdrawnAssignmentsKept));
    s.assignments = s.assignments.filter((a) => !drop.has(a));
  }
}

// ---- the rules, one per command ---------------------------------------------------

const rules: { [T in MeasureCommand['type']]: Rule<T> } = {
  acceptAssignment(s, { actor, agencyId }, _ctx, apply) {
    requireOpen(s);
    v.agencyId('agencyId', agencyId);
    requireOwnAgency(actor, agencyId);
    const a = assignmentOf(s, agencyId);
    if (!a) return v.illegal(`agencyId: agency ${agencyId} has no assignment on this measure`);
    if (a.status !== 'pending') v.illegal(`the assignment is already ${a.status}; only a pending one can be accepted`);
    if (!apply) return [];
    a.status = 'accepted';
    return [{ type: 'assignment.accepted', agencyId, notify: s.parties.leadAgencyIds }];
  },

  declineAssignment(s, { actor, agencyId, reason }, _ctx, apply) {
    requireOpen(s);
    v.agencyId('agencyId', agencyId);
    requireOwnAgency(actor, agencyId);
    v.text('reason', reason, { required: true });
    const a = assignmentOf(s, agencyId);
    if (!a) return v.illegal(`agencyId: agency ${agencyId} has no assignment on this measure`);
    if (a.status !== 'pending') v.illegal(`the assignment is ${a.status}; only a pending one can be declined`);
    if (!apply) return [];
    a.status = 'declined';
    a.declineReason = reason;
    return [
      { type: 'assignment.declined', agencyId, reason, notify: leadsAndCoordinator(s) },
      ...lapseExtensions(s, (e) => e.agencyId === agencyId, '任务已退回，延期申请随之失效 (the assignment was declined)'),
    ];
  },

  arbitrateDecline(s, { actor, agencyId, decision, reassignToAgencyId, comment }, _ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.agencyId('agencyId', agencyId);
    v.oneOf('decision', decision, ['reassign', 'insist'] as const);
    v.text('comment', comment);
    const a = assignmentOf(s, agencyId);
    if (!a || a.status !== 'declined') return v.illegal(`agency ${agencyId} has no declined assignment to arbitrate`);
    if (decision === 'reassign') {
      if (reassignToAgencyId === undefined || reassignToAgencyId === null) return v.invalid('reassignToAgencyId', 'choose the agency that takes the assignment over');
      v.agencyId('reassignToAgencyId', reassignToAgencyId);
      if (assignmentOf(s, reassignToAgencyId)) v.illegal(`reassignToAgencyId: agency ${reassignToAgencyId} already has an assignment on this measure`);
    }
    if (!apply) return [];
    if (decision === 'insist') {
      a.status = 'pending';
      delete a.declineReason;
      return [{ type: 'assignment.decline_overruled', agencyId, comment, notify: [agencyId] }];
    }
    return reassign(s, a, reassignToAgencyId!, comment);
  },

  requestTransfer(s, { actor, agencyId, toAgencyId, reason }, _ctx, apply) {
    requireOpen(s);
    v.agencyId('agencyId', agencyId);
    requireOwnAgency(actor, agencyId);
    v.agencyId('toAgencyId', toAgencyId);
    v.text('reason', reason, { required: true });
    const a = assignmentOf(s, agencyId);
    if (!a) return v.illegal(`agencyId: agency ${agencyId} has no assignment on this measure`);
    if (a.status !== 'pending' && a.status !== 'accepted') v.illegal(`the assignment is ${a.status}; it cannot be transferred now`);
    if (toAgencyId === agencyId) v.invalid('toAgencyId', 'transfer to another agency');
    if (assignmentOf(s, toAgencyId)) v.illegal(`toAgencyId: agency ${toAgencyId} already has an assignment on this measure`);
    if (!apply) return [];
    a.status = 'transfer_requested';
    a.transferToAgencyId = toAgencyId;
    return [{ type: 'assignment.transfer_requested', agencyId, toAgencyId, reason, notify: [s.parties.coordinatorAgencyId] }];
  },

  decideTransfer(s, { actor, agencyId, approve, comment }, _ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.agencyId('agencyId', agencyId);
    v.oneOf('approve', approve, [true, false]);
    v.text('comment', comment);
    const a = assignmentOf(s, agencyId);
    if (!a || a.status !== 'transfer_requested' || a.transferToAgencyId === undefined) return v.illegal(`agency ${agencyId} has no pending transfer request`);
    if (approve && assignmentOf(s, a.transferToAgencyId)) v.illegal(`agency ${a.transferToAgencyId} has meanwhile been given an assignment on this measure; reject the transfer`);
    if (!apply) return [];
    if (approve) return reassign(s, a, a.transferToAgencyId, comment);
    a.status = 'accepted';
    delete a.transferToAgencyId;
    return [{ type: 'assignment.transfer_rejected', agencyId, comment, notify: [agencyId] }];
  },

  createSubtask(s, { actor, assigneeAgencyId, title, dueAt }, ctx, apply) {
    requireOpen(s);
    requireLead(s, actor);
    v.agencyId('assigneeAgencyId', assigneeAgencyId);
    v.text('title', title, { required: true });
    if (v.instant('dueAt', dueAt) <= ctx.now) v.invalid('dueAt', 'the due date must be in the future');
    const a = assignmentOf(s, assigneeAgencyId);
    if (!a || a.role !== 'partner' || !holds(a)) v.illegal(`assigneeAgencyId: agency ${assigneeAgencyId} is not a partner unit holding an assignment on this measure`);
    if (s.subtasks.filter((t) => t.status === 'open').length >= v.LIMITS.openSubtasks) v.illegal(`the measure already has ${v.LIMITS.openSubtasks} open subtasks; complete some first`);
    if (!apply) return [];
    const subtaskId = ctx.newId();
    const due = new Date(Date.parse(dueAt)).toISOString();
    // Completed subtasks stay until rollover, but the oldest make room rather than pile up within a cycle.
    while (s.subtasks.length >= v.LIMITS.openSubtasks && s.subtasks.some((t) => t.status === 'done')) s.subtasks.splice(s.subtasks.findIndex((t) => t.status === 'done'), 1);
    s.subtasks.push({ id: subtaskId, assigneeAgencyId, title, dueAt: due, status: 'open' });
    return [{ type: 'subtask.created', subtaskId, assigneeAgencyId, createdByAgencyId: actor.agencyId, title, dueAt: due, notify: [assigneeAgencyId] }];
  },

  completeSubtask(s, { actor, subtaskId, note }, _ctx, apply) {
    requireOpen(s);
    v.id('subtaskId', subtaskId);
    v.text('note', note, { max: v.LIMITS.longText });
    const subtask = s.subtasks.find((t) => t.id === subtaskId);
    if (!subtask) return v.illegal(`subtaskId: subtask ${subtaskId} is not on this measure`);
    requireOwnAgency(actor, subtask.assigneeAgencyId);
    requireHolder(s, subtask.assigneeAgencyId);
    if (subtask.status === 'done') v.illegal('the subtask is already done');
    if (!apply) return [];
    subtask.status = 'done';
    return [{ type: 'subtask.completed', subtaskId, note, notify: s.parties.leadAgencyIds }];
  },

  submitReport(s, { actor, agencyId, cycleIndex, content }, ctx, apply) {
    requireOpen(s);
    v.agencyId('agencyId', agencyId);
    requireOwnAgency(actor, agencyId);
    if (!Number.isInteger(cycleIndex) || cycleIndex < 0) v.invalid('cycleIndex', 'must be a cycle number (0 or more)');
    if (typeof content !== 'object' || content === null) return v.invalid('content', 'the report content is missing');
    v.oneOf('content.progressStatus', content.progressStatus, ['on_track', 'at_risk', 'blocked', 'done'] as const);
    if (!Number.isInteger(content.percentDone) || content.percentDone < 0 || content.percentDone > 100) v.invalid('content.percentDone', 'must be a whole number from 0 to 100');
    v.kpiValues('content.kpiValues', content.kpiValues);
    for (const field of ['summary', 'problems', 'supportRequested'] as const) v.text(`content.${field}`, content[field], { max: v.LIMITS.longText });
    const a = requireHolder(s, agencyId);
    const duty = dutyFor(s, agencyId, cycleIndex);
    if (!duty) return v.illegal(`cycleIndex: agency ${agencyId} owes no report for cycle ${cycleIndex} (the current cycle is ${s.cycle.index})`);
    if (duty.report && duty.report.status !== 'returned') v.illegal(`the report for cycle ${cycleIndex} is already ${duty.report.status}`);
    if (a.role === 'lead') {
      // The combined report waits for the partners that hold their assignment, not for one that declined.
      const waiting = s.assignments
        .filter((p) => p.role === 'partner' && holds(p))
        .map((p) => dutyFor(s, p.agencyId, cycleIndex))
        .filter((d): d is CycleDuty => d !== undefined && d.report?.status !== 'accepted');
      if (waiting.length > 0) v.illegal(`the combined report waits for accepted partner reports from agencies ${waiting.map((d) => d.agencyId).join(', ')}`);
    }
    if (!apply) return [];
    const late = ctx.now > Date.parse(duty.schedule.dueAt);
    const revision = (duty.report?.revision ?? 0) + 1;
    const reportId = ctx.newId();
    duty.report = { reportId, status: 'submitted', revision, late };
    const kind = a.role === 'lead' ? 'combined' : 'partner';
    return [
      {
        type: 'report.submitted',
        reportId,
        agencyId,
        cycleIndex,
        kind,
        revision,
        late,
        content: { progressStatus: content.progressStatus, percentDone: content.percentDone, kpiValues: content.kpiValues, summary: content.summary, problems: content.problems, supportRequested: content.supportRequested },
        notify: kind === 'partner' ? s.parties.leadAgencyIds : [s.parties.coordinatorAgencyId],
      },
    ];
  },

  reviewReport(s, { actor, agencyId, cycleIndex, decision, comment }, ctx, apply) {
    requireOpen(s);
    v.agencyId('agencyId', agencyId);
    if (!Number.isInteger(cycleIndex) || cycleIndex < 0) v.invalid('cycleIndex', 'must be a cycle number (0 or more)');
    v.oneOf('decision', decision, ['accept', 'return'] as const);
    v.text('comment', comment, { max: v.LIMITS.longText });
    // The report's author may have moved on since; its role on the measure decides the reviewer.
    const author = [...s.assignments].reverse().find((a) => a.agencyId === agencyId);
    if (!author) return v.illegal(`agencyId: agency ${agencyId} has no assignment on this measure`);
    // Partner reports are reviewed by the lead; the combined report by the coordinator.
    if (author.role === 'partner') requireLead(s, actor);
    else requireCoordinator(s, actor);
    const duty = dutyFor(s, agencyId, cycleIndex);
    const report = duty?.report;
    if (!duty || !report || report.status !== 'submitted') return v.illegal(`there is no submitted report from agency ${agencyId} for cycle ${cycleIndex} to review`);
    if (decision === 'return' && !comment.trim()) v.invalid('comment', 'say what to revise when returning a report');
    if (!apply) return [];
    report.status = decision === 'accept' ? 'accepted' : 'returned';
    if (decision === 'accept') {
      s.carried = s.carried.filter((d) => d !== duty);
      return [{ type: 'report.accepted', reportId: report.reportId, agencyId, cycleIndex, comment, notify: [agencyId] }];
    }
    // Returned before its due date: the unit is reminded again; after it, the ladder chases it.
    if (ctx.now < Date.parse(duty.schedule.dueAt)) duty.reminded = false;
    return [{ type: 'report.returned', reportId: report.reportId, agencyId, cycleIndex, comment, notify: [agencyId] }];
  },

  escalate(s, { actor, agencyId, reason }, ctx, apply) {
    requireOpen(s);
    if (!actsAsLead(s, actor) && !hasAuthority(actor, 'coordinator', s.parties)) v.forbid('only a lead officer or the coordinator may escalate');
    if (agencyId !== null) {
      v.agencyId('agencyId', agencyId);
      if (!assignmentOf(s, agencyId)) v.illegal(`agencyId: agency ${agencyId} has no assignment on this measure`);
    }
    v.text('reason', reason, { required: true, max: v.LIMITS.longText });
    if (s.escalations.length >= v.LIMITS.openEscalations) v.illegal(`the measure already has ${v.LIMITS.openEscalations} open escalations; resolve some first`);
    if (!apply) return [];
    const level = manualStartLevel(s, actor);
    const climbAt: Partial<Record<EscalationLevel, string>> = {};
    for (const { level: higher, units } of manualClimbs(s, level)) {
      const at = answers(ctx).shifts[shiftKey(new Date(ctx.now).toISOString(), units)];
      if (at) climbAt[higher] = at;
    }
    const id = ctx.newId();
    s.escalations.push({ id, kind: 'manual', agencyId, cycleIndex: null, level, status: 'open', climbAt });
    return [{ type: 'escalation.raised', escalationId: id, kind: 'manual', level, agencyId, cycleIndex: null, reason, notify: recipientsFor(s, level, agencyId) }];
  },

  acknowledgeEscalation(s, { actor, escalationId }, _ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.id('escalationId', escalationId);
    const e = s.escalations.find((x) => x.id === escalationId);
    if (!e) return v.illegal(`escalationId: escalation ${escalationId} is not open on this measure`);
    if (e.status !== 'open') v.illegal('the escalation is already acknowledged');
    if (!apply) return [];
    e.status = 'acknowledged';
    return [{ type: 'escalation.acknowledged', escalationId, notify: e.agencyId === null ? [] : [e.agencyId] }];
  },

  resolveEscalation(s, { actor, escalationId, decision }, _ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.id('escalationId', escalationId);
    v.text('decision', decision, { required: true, max: v.LIMITS.longText });
    const e = s.escalations.find((x) => x.id === escalationId);
    if (!e) return v.illegal(`escalationId: escalation ${escalationId} is not open on this measure`);
    if (e.status !== 'acknowledged') v.illegal('acknowledge the escalation before resolving it');
    if (!apply) return [];
    s.escalations = s.escalations.filter((x) => x !== e);
    return [{ type: 'escalation.resolved', escalationId, decision, notify: recipientsFor(s, e.level, e.agencyId) }];
  },

  raiseIssue(s, { actor, title, description, neededAgencyIds }, ctx, apply) {
    requireOpen(s);
    const own = assignmentOf(s, actor.agencyId);
    if (!own || !holds(own) || !actsForAgency(actor, actor.agencyId)) v.forbid('only an officer of an agency holding an assignment on this measure may raise an issue');
    v.text('title', title, { required: true });
    v.text('description', description, { max: v.LIMITS.longText });
    v.agencyIds('neededAgencyIds', neededAgencyIds, { min: 1 });
    if (s.issues.length >= v.LIMITS.openIssues) v.illegal(`the measure already has ${v.LIMITS.openIssues} open coordination issues`);
    if (!apply) return [];
    const issueId = ctx.newId();
    s.issues.push({ id: issueId, raisedByAgencyId: actor.agencyId, status: 'open' });
    return [{ type: 'issue.raised', issueId, raisedByAgencyId: actor.agencyId, title, description, neededAgencyIds, notify: [s.parties.coordinatorAgencyId] }];
  },

  triageIssue(s, { actor, issueId, responderAgencyIds, dueAt }, ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.id('issueId', issueId);
    v.agencyIds('responderAgencyIds', responderAgencyIds, { min: 1 });
    if (v.instant('dueAt', dueAt) <= ctx.now) v.invalid('dueAt', 'the due date must be in the future');
    const issue = s.issues.find((i) => i.id === issueId);
    if (!issue) return v.illegal(`issueId: issue ${issueId} is not open on this measure`);
    if (!apply) return [];
    issue.status = 'triaged';
    issue.responderAgencyIds = [...new Set(responderAgencyIds)];
    const due = new Date(Date.parse(dueAt)).toISOString();
    return [{ type: 'issue.triaged', issueId, responderAgencyIds, dueAt: due, notify: responderAgencyIds }];
  },

  resolveIssue(s, { actor, issueId, resolution }, _ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.id('issueId', issueId);
    v.text('resolution', resolution, { required: true, max: v.LIMITS.longText });
    const issue = s.issues.find((i) => i.id === issueId);
    if (!issue) return v.illegal(`issueId: issue ${issueId} is not open on this measure`);
    if (issue.status !== 'triaged') v.illegal('triage the issue (assign responders) before resolving it');
    if (!apply) return [];
    s.issues = s.issues.filter((i) => i !== issue);
    return [{ type: 'issue.resolved', issueId, resolution, notify: [issue.raisedByAgencyId] }];
  },

  respondIssue(s, { actor, issueId, response }, ctx, apply) {
    requireOpen(s);
    v.id('issueId', issueId);
    const issue = s.issues.find((i) => i.id === issueId);
    if (!issue) return v.illegal(`issueId: issue ${issueId} is not open on this measure`);
    if (issue.status !== 'triaged') v.illegal('the coordinator has not yet named the responders (the issue is not triaged)');
    if (!issue.responderAgencyIds) v.illegal('the issue was triaged before responses were recorded; the coordinator triages it again to name the responders');
    // Responders need not hold an assignment on the measure: the coordinator names whom the issue needs.
    if (!hasAuthority(actor, 'responder', { ...s.parties, responderAgencyIds: issue.responderAgencyIds ?? [] })) {
      v.forbid('only an officer of an agency the coordinator named to respond may answer this issue');
    }
    v.text('response', response, { required: true, max: v.LIMITS.longText });
    if (!apply) return [];
    const responseId = ctx.newId();
    return [{ type: 'issue.responded', issueId, responseId, agencyId: actor.agencyId, response, notify: [...new Set([s.parties.coordinatorAgencyId, issue.raisedByAgencyId])] }];
  },

  requestExtension(s, { actor, agencyId, requestedDueAt, reason }, ctx, apply) {
    requireOpen(s);
    v.agencyId('agencyId', agencyId);
    requireOwnAgency(actor, agencyId);
    const requested = v.instant('requestedDueAt', requestedDueAt);
    v.text('reason', reason, { required: true });
    requireHolder(s, agencyId);
    const duty = dutyFor(s, agencyId, s.cycle.index);
    if (!duty) return v.illegal(`agency ${agencyId} owes nothing in the current cycle`);
    if (duty.report && duty.report.status !== 'returned') v.illegal('the report is already submitted; nothing to extend');
    if (ctx.rules?.extensionBeforeDue && ctx.now >= Date.parse(duty.schedule.dueAt)) {
      v.illegal(`an extension (延期) must be requested before the due date (${duty.schedule.dueAt}); the report is overdue now: submit it late instead`);
    }
    if (requested <= Date.parse(duty.schedule.dueAt) || requested <= ctx.now) v.invalid('requestedDueAt', 'must be later than the current due date and than now');
    if (s.extensions.some((e) => e.agencyId === agencyId)) v.illegal('an extension request from this agency is already pending');
    // A working-day deadline holds to the end of its China day, the instant the ladder counts working days from.
    const due = (s.policy.unit === 'workingDay' ? endOfChinaDay(chinaDate(new Date(requested - 1))) : new Date(requested)).toISOString();
    // Past the cycle's close the report would be counted missed before it is due: report in the next cycle instead.
    if (Date.parse(due) >= Date.parse(s.cycle.closesAt)) v.invalid('requestedDueAt', `must be before this cycle closes (${s.cycle.closesAt}); later progress goes into the next cycle's report`);
    if (!apply) return [];
    const extensionId = ctx.newId();
    s.extensions.push({ id: extensionId, agencyId, cycleIndex: s.cycle.index, requestedDueAt: due });
    return [{ type: 'extension.requested', extensionId, agencyId, currentDueAt: duty.schedule.dueAt, requestedDueAt: due, reason, notify: leadsAndCoordinator(s) }];
  },

  decideExtension(s, { actor, extensionId, approve, comment }, ctx, apply) {
    requireOpen(s);
    v.id('extensionId', extensionId);
    v.oneOf('approve', approve, [true, false]);
    v.text('comment', comment, { max: v.LIMITS.longText });
    const ext = s.extensions.find((e) => e.id === extensionId);
    if (!ext) return v.illegal(`extensionId: extension request ${extensionId} is not pending`);
    if (!actsAsLead(s, actor) && !hasAuthority(actor, 'coordinator', s.parties)) v.forbid('only a lead officer or the coordinator may decide an extension');
    if (!isCoordinatorOf(actor, s.parties) && actor.agencyId === ext.agencyId) v.forbid("a lead never decides its own agency's extension request; the coordinator does");
    const duty = dutyFor(s, ext.agencyId, ext.cycleIndex);
    if (approve && (ext.cycleIndex !== s.cycle.index || !duty || !assignmentOf(s, ext.agencyId) || !holds(assignmentOf(s, ext.agencyId)!) || (duty.report && duty.report.status !== 'returned'))) {
      v.illegal('the extension no longer applies (the cycle closed, the report arrived or the assignment moved); reject it');
    }
    if (approve && Date.parse(ext.requestedDueAt) <= ctx.now) v.illegal('the requested date has already passed; reject the request, and the unit may ask again');
    if (!apply) return [];
    s.extensions = s.extensions.filter((e) => e !== ext);
    if (!approve) return [{ type: 'extension.rejected', extensionId, agencyId: ext.agencyId, comment, notify: [ext.agencyId] }];
    const schedule = answers(ctx).schedules[ext.requestedDueAt];
    if (!schedule) throw new Error(`calendar answers lack the schedule for ${ext.requestedDueAt}`);
    duty!.schedule = schedule;
    duty!.extendedDueAt = ext.requestedDueAt;
    duty!.reminded = false;
    const events: MeasureEvent[] = [{ type: 'extension.approved', extensionId, agencyId: ext.agencyId, dueAt: schedule.dueAt, comment, notify: [ext.agencyId, ...s.parties.leadAgencyIds] }];
    // Open deadlines move with it: the agency's open subtasks due earlier than the new date.
    for (const t of s.subtasks) {
      if (t.assigneeAgencyId === ext.agencyId && t.status === 'open' && Date.parse(t.dueAt) < Date.parse(schedule.dueAt)) {
        t.dueAt = schedule.dueAt;
        events.push({ type: 'subtask.due_moved', subtaskId: t.id, dueAt: t.dueAt });
      }
    }
    return events;
  },

  applyClosure(s, { actor, evidence, finalKpis }, ctx, apply) {
    requireOpen(s);
    requireLead(s, actor);
    v.text('evidence', evidence, { required: true, max: v.LIMITS.longText });
    v.kpiValues('finalKpis', finalKpis);
    if (s.status === 'closure_requested') v.illegal('closure is already requested and waits for the coordinator');
    if (!apply) return [];
    const closureId = ctx.newId();
    s.closure = { id: closureId, status: 'pending' };
    s.status = 'closure_requested';
    return [{ type: 'closure.requested', closureId, evidence, finalKpis, notify: [s.parties.coordinatorAgencyId] }];
  },

  decideClosure(s, { actor, approve, comment }, _ctx, apply) {
    requireOpen(s);
    requireCoordinator(s, actor);
    v.oneOf('approve', approve, [true, false]);
    v.text('comment', comment, { max: v.LIMITS.longText });
    if (s.status !== 'closure_requested' || !s.closure) return v.illegal('no closure request is pending');
    if (!approve && !comment.trim()) v.invalid('comment', 'say why the closure is returned');
    if (!apply) return [];
    const closure = s.closure;
    if (!approve) {
      closure.status = 'returned';
      s.status = 'active';
      return [{ type: 'closure.returned', closureId: closure.id, comment, notify: s.parties.leadAgencyIds }];
    }
    s.status = 'closed';
    s.closure = null;
    return [{ type: 'closure.approved', closureId: closure.id, comment, notify: s.assignments.filter((a) => a.status !== 'withdrawn').map((a) => a.agencyId) }];
  },

  syncAssignments(s, { actor, assignments }, _ctx, apply) {
    requireOpen(s);
    requireAdminOrCoordinator(s, actor, 'revise the assignments');
    if (!Array.isArray(assignments) || assignments.length === 0) return v.invalid('assignments', 'a measure needs at least one lead agency');
    if (assignments.length > v.LIMITS.agencyIds) v.invalid('assignments', `at most ${v.LIMITS.agencyIds} agencies`);
    assignments.forEach((a, i) => {
      v.agencyId(`assignments[${i}].agencyId`, a?.agencyId);
      v.oneOf(`assignments[${i}].role`, a.role, ['lead', 'partner'] as const);
    });
    if (new Set(assignments.map((a) => a.agencyId)).size !== assignments.length) v.invalid('assignments', 'names an agency twice');
    if (!assignments.some((a) => a.role === 'lead')) v.invalid('assignments', 'a measure needs at least one lead agency');
    if (!apply) return [];
    const wanted = new Map(assignments.map((a) => [a.agencyId, a.role]));
    const added: { agencyId: number; role: 'lead' | 'partner' }[] = [];
    let changed = false;
    for (const [agencyId, role] of wanted) {
      const current = assignmentOf(s, agencyId);
      if (current) {
        if (current.role !== role) changed = true;
        current.role = role;
        continue;
      }
      s.assignments.push({ agencyId, role, status: 'pending' });
      if (!s.cycle.duties.some((d) => d.agencyId === agencyId)) s.cycle.duties.push(newDuty(s.cycle, agencyId));
      added.push({ agencyId, role });
    }
    const withdrawn = s.assignments.filter((a) => a.status !== 'withdrawn' && !wanted.has(a.agencyId));
    for (const a of withdrawn) a.status = 'withdrawn';
    const gone = new Set(withdrawn.map((a) => a.agencyId));
    s.cycle.duties = s.cycle.duties.filter((d) => !gone.has(d.agencyId) || !outstanding(d));
    s.carried = s.carried.filter((d) => !gone.has(d.agencyId) || !outstanding(d));
    const leads = assignments.filter((a) => a.role === 'lead').map((a) => a.agencyId);
    if (leads.join() !== s.parties.leadAgencyIds.join()) changed = true;
    s.parties = { ...s.parties, leadAgencyIds: leads };
    keepBounded(s);
    if (added.length === 0 && withdrawn.length === 0 && !changed) return [];
    return [
      { type: 'assignments.synced', added, withdrawn: withdrawn.map((a) => a.agencyId), notify: [...added.map((a) => a.agencyId), ...withdrawn.map((a) => a.agencyId)] },
      ...lapseExtensions(s, (e) => gone.has(e.agencyId), '方案修订：任务已调整，延期申请随之失效 (the plan revision removed the assignment)'),
    ];
  },

  withdrawMeasure(s, { actor, reason }, ctx, apply) {
    requireOpen(s);
    requireAdminOrCoordinator(s, actor, 'withdraw a measure');
    v.text('reason', reason, { required: true });
    if (!apply) return [];
    s.status = 'withdrawn';
    s.withdrawnAt = new Date(ctx.now).toISOString();
    return [{ type: 'measure.withdrawn', reason, notify: s.assignments.filter((a) => a.status !== 'withdrawn').map((a) => a.agencyId) }];
  },

  reinstateMeasure(s, { actor, comment }, ctx, apply) {
    if (s.status !== 'withdrawn') v.illegal(`the measure is ${s.status}; only a withdrawn one can be reinstated`);
    requireAdminOrCoordinator(s, actor, 'reinstate a measure');
    v.text('comment', comment, { max: v.LIMITS.longText });
    if (!apply) return [];
    const status = s.closure?.status === 'pending' ? 'closure_requested' : 'active';
    s.status = status;
    // The pause is nobody's fault: open escalations resume where they stood, not higher.
    const paused = Math.max(0, ctx.now - Date.parse(s.withdrawnAt ?? new Date(ctx.now).toISOString()));
    s.withdrawnAt = null;
    for (const e of s.escalations) {
      for (const level of ESCALATION_LEVELS) {
        const at = e.climbAt[level];
        if (at) e.climbAt[level] = new Date(Date.parse(at) + paused).toISOString();
      }
    }
    const next = answers(ctx).firstCycleDueAfter;
    if (!next) throw new Error('calendar answers lack firstCycleDueAfter');
    const events: MeasureEvent[] = [];
    if (next.index > s.cycle.index) {
      // The cycles that fell due while withdrawn are nobody's fault: none is missed, none escalates.
      const opensAt = new Date(ctx.now).toISOString();
      s.cycle = { ...next, opensAt, closesAt: closesAt(s.policy, s.startedAt, next), duties: [] };
      s.calendarVersion = answers(ctx).calendarVersion;
      s.subtasks = s.subtasks.filter((t) => t.status === 'open');
      s.carried = s.carried.filter((d) => d.report?.status === 'submitted');
      s.cycle.duties = s.assignments.filter(holds).map((a) => newDuty(s.cycle, a.agencyId));
      events.push(...lapseExtensions(s, () => true, '方案修订期间的延期申请已失效 (the cycle changed while the measure was withdrawn)'));
    } else {
      // Same cycle: every deadline still ahead moves by the pause.
      for (const d of [...s.cycle.duties, ...s.carried]) d.schedule = shiftSchedule(d.schedule, paused, ctx.now);
    }
    events.unshift({ type: 'measure.reinstated', status, cycleIndex: s.cycle.index, dueAt: s.cycle.dueAt, comment, notify: s.assignments.filter((a) => a.status !== 'withdrawn').map((a) => a.agencyId) });
    events.push(...settleEscalations(s, ctx.now));
    return events;
  },

  recomputeDeadlines(s, { actor }, ctx, apply) {
    requireOpen(s);
    requireAdminOrCoordinator(s, actor, 'recompute deadlines');
    if (!apply) return [];
    const a = answers(ctx);
    const cycle = a.cycles[s.cycle.index];
    if (!cycle) throw new Error(`calendar answers lack cycle ${s.cycle.index}`);
    const changes: { agencyId: number; from: string; to: string }[] = [];
    const { index: _i, periodStart: _ps, periodEnd: _pe, ...base } = cycle;
    for (const duty of [...s.cycle.duties, ...s.carried]) {
      const fresh = duty.extendedDueAt ? a.schedules[duty.extendedDueAt] : duty.cycleIndex === s.cycle.index ? base : undefined;
      if (!fresh) continue;
      if (fresh.dueAt !== duty.schedule.dueAt || JSON.stringify(fresh.escalateAt) !== JSON.stringify(duty.schedule.escalateAt)) {
        changes.push({ agencyId: duty.agencyId, from: duty.schedule.dueAt, to: fresh.dueAt });
      }
      duty.schedule = { ...fresh, escalateAt: { ...fresh.escalateAt } };
    }
    const previousVersion = s.calendarVersion;
    s.cycle = { ...s.cycle, ...cycle, closesAt: closesAt(s.policy, s.startedAt, cycle), duties: s.cycle.duties };
    s.calendarVersion = a.calendarVersion;
    return [
      { type: 'deadlines.recomputed', calendarVersion: a.calendarVersion, previousVersion, changes, cycleDueAt: s.cycle.dueAt, notify: [...new Set(changes.map((c) => c.agencyId))] },
      ...settleEscalations(s, ctx.now),
    ];
  },
};

function shiftSchedule(schedule: CycleDuty['schedule'], by: number, now: number): CycleDuty['schedule'] {
  if (by === 0 || Date.parse(schedule.dueAt) > now) return schedule;
  const move = (at: string) => new Date(Date.parse(at) + by).toISOString();
  return { dueAt: move(schedule.dueAt), remindAt: move(schedule.remindAt), escalateAt: { blue: move(schedule.escalateAt.blue), yellow: move(schedule.escalateAt.yellow), red: move(schedule.escalateAt.red) } };
}

/** A coordinator's escalation starts at yellow (督办单), a lead's at blue (催办). */
const manualStartLevel = (s: MeasureState, actor: Actor): EscalationLevel => (isCoordinatorOf(actor, s.parties) ? 'yellow' : 'blue');

/** A manual escalation climbs by the policy's own offsets between rungs, counted in its unit (working days). */
function manualClimbs(s: MeasureState, from: EscalationLevel): { level: EscalationLevel; units: number }[] {
  const offsets = s.policy.escalation;
  const start = ESCALATION_LEVELS.indexOf(from);
  return ESCALATION_LEVELS.filter((_, i) => i > start).map((level) => ({ level, units: Math.max(1, offsets[level] - offsets[from]) }));
}

/** What the shell must look up in the calendar before `decide` can apply this command. */
export function calendarNeeds(state: MeasureState, command: MeasureCommand, now: number): CalendarNeeds | null {
  switch (command.type) {
    case 'decideExtension': {
      const ext = state.extensions.find((e) => e.id === command.extensionId);
      return command.approve && ext ? { schedulesFromDue: [ext.requestedDueAt] } : null;
    }
    case 'reinstateMeasure':
      return { firstCycleDueAfter: { after: new Date(now).toISOString(), fromIndex: state.cycle.index } };
    case 'recomputeDeadlines':
      return { cycles: [state.cycle.index], schedulesFromDue: [...state.cycle.duties, ...state.carried].flatMap((d) => (d.extendedDueAt ? [d.extendedDueAt] : [])) };
    case 'escalate': {
      const level = manualStartLevel(state, command.actor);
      return { shifts: manualClimbs(state, level).map(({ units }) => ({ from: new Date(now).toISOString(), units })) };
    }
    default:
      return null;
  }
}

function run(state: MeasureState, command: MeasureCommand, ctx: DecideContext, apply: boolean): { events: MeasureEvent[]; state: MeasureState } {
  // Own rules only: `in` would also find Object.prototype's `constructor` or `toString`.
  if (typeof command !== 'object' || command === null || !Object.prototype.hasOwnProperty.call(rules, command.type)) v.invalid('type', 'unknown command');
  const actor = command.actor as Actor | undefined;
  if (!actor || typeof actor.agencyId !== 'number' || !Array.isArray(actor.roles)) v.forbid('the command names no signed-in actor');
  const s = apply ? clone(state) : state;
  const rule = rules[command.type] as Rule<typeof command.type>;
  const events = rule(s, command as never, ctx, apply);
  if (apply && command.type !== 'reinstateMeasure' && command.type !== 'recomputeDeadlines') events.push(...settleEscalations(s, ctx.now));
  return { events, state: s };
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof v.Refused) return error.refusal;
  throw error;
}

/** Checks a command against the state without changing anything: the update's validator. */
export function validate(state: MeasureState, command: MeasureCommand, now: number, rules?: DecideRules): Refusal | null {
  try {
    run(state, command, { now, newId: () => 'validation', rules }, false);
    return null;
  } catch (error) {
    return refusalOf(error);
  }
}

/** Decides a command: the new state and its events, or a refusal that leaves `state` as it was. */
export function decide(state: MeasureState, command: MeasureCommand, ctx: DecideContext): Decision {
  try {
    const { state: next, events } = run(state, command, ctx, true);
    return { ok: true, state: next, events };
  } catch (error) {
    return { ok: false, refusal: refusalOf(error) };
  }
}
