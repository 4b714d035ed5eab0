// FROZEN: the first measure workflow (type `measureWorkflow`), kept so that measures started with it
// replay. Running ones move to the decision core (`measureWorkflowV2`) on `upgradeToCore`. Change
// nothing here except behind `patched()`.
import type { UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  makeContinueAsNewFunc,
  patched,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { actsForAgency, hasRole, isCoordinatorOf, isLeadOfficer, isLeadOrCoordinator, type Actor } from '@liandong/domain/authorization';
import { parseIsoDuration } from '@liandong/domain/duration';
import { ESCALATION_LEVELS, escalationLevelAt, type EscalationLevel } from '@liandong/domain/ladder';
import { SEARCH_ATTRIBUTES } from '../../search-attributes';
import type { MeasureActivities } from '../measure.activities';
import type { MeasureEvent } from '../measure.events';
import type { measureWorkflowV2 } from '../measure.workflow';
import * as m from './measure.messages.v1';
import type { CycleDuty, MeasureState, MeasureWorkflowInput } from './measure.messages.v1';

const activities = proxyActivities<MeasureActivities>({
  // Short: after a worker crash, an unanswered activity is retried once this passes (recording is idempotent).
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Rejects an update before it is accepted: nothing is recorded, the caller sees the reason. */
function reject(message: string, type: 'InvalidTransition' | 'Forbidden' = 'InvalidTransition'): never {
  throw ApplicationFailure.create({ message, type, nonRetryable: true });
}

const actorName = (actor: Actor) => `${actor.username}`;
const REMEMBERED_UPDATE_IDS = 500;
const rank = (level: EscalationLevel | null) => (level ? ESCALATION_LEVELS.indexOf(level) : -1);

/**
 * One long-running workflow per measure (`measure-<id>`): who owes what by when. Commands arrive as
 * updates whose validators reject illegal transitions; timers drive reminders, the escalation
 * ladder and the reporting cycles; each cycle boundary continues as new, so histories stay small.
 */
export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureState> {
  const info = workflowInfo();
  let state: MeasureState;
  if (input.carried) {
    state = input.carried;
  } else {
    // The starter computes cycle 0 (same code as the activity) so handlers exist from the first task.
    const first = input.firstCycle ?? (await activities.computeCycle({ policy: input.policy, startedAt: input.startedAt, index: 0 }));
    state = {
      measureId: input.measureId,
      planId: input.planId,
      status: 'active',
      parties: input.parties,
      policy: input.policy,
      startedAt: input.startedAt,
      calendarVersion: first.calendarVersion,
      assignments: input.assignments.map((a) => ({ ...a, status: 'pending' })),
      subtasks: [],
      cycle: { ...first.cycle, duties: [] },
      escalations: [],
      issues: [],
      extensions: [],
      closure: null,
      run: 1,
    };
    state.cycle.duties = activeAssignments().map((a) => newDuty(a.agencyId));
  }

  // ---- helpers over state -------------------------------------------------

  function activeAssignments() {
    return state.assignments.filter((a) => a.status !== 'withdrawn');
  }
  function assignmentOf(agencyId: number) {
    return state.assignments.find((a) => a.agencyId === agencyId && a.status !== 'withdrawn');
  }
  function newDuty(agencyId: number): CycleDuty {
    const { index: _i, periodStart: _s, periodEnd: _e, duties: _d, ...schedule } = state.cycle;
    return { agencyId, schedule, report: null, reminded: false };
  }
  function dutyOf(agencyId: number) {
    return state.cycle.duties.find((d) => d.agencyId === agencyId);
  }
  function leadsAndCoordinator() {
    return [...state.parties.leadAgencyIds, state.parties.coordinatorAgencyId];
  }
  function requireOpen() {
    if (state.status === 'closed') reject('the measure is closed (已销号)');
    if (state.status === 'withdrawn') reject('the measure was withdrawn from its plan (已撤销); nothing can be done on it unless the plan lists it again');
  }
  function requireAdminOrCoordinator(actor: Actor, what: string) {
    if (!hasRole(actor, 'admin') && !isCoordinatorOf(actor, state.parties)) reject(`only an admin or the coordinator may ${what}`, 'Forbidden');
  }
  function requireOwnAgency(actor: Actor, agencyId: number) {
    if (!actsForAgency(actor, agencyId)) reject(`only an officer of agency ${agencyId} may do this for its assignment`, 'Forbidden');
  }
  function requireLead(actor: Actor) {
    if (!isLeadOfficer(actor, state.parties)) reject('only an officer of a lead agency (牵头单位) may do this', 'Forbidden');
  }
  function requireCoordinator(actor: Actor) {
    if (!isCoordinatorOf(actor, state.parties)) reject("only the plan's coordinator (协调办) may do this", 'Forbidden');
  }
  function updateKey() {
    return `${info.workflowId}/${currentUpdateInfo()?.id ?? uuid4()}`;
  }
  async function record(key: string, actor: Actor | 'system', events: MeasureEvent[]) {
    await activities.recordMeasureEvents({
      key: key.startsWith(info.workflowId) ? key : `${info.workflowId}/${key}`,
      measureId: state.measureId,
      workflowId: info.workflowId,
      runId: workflowInfo().runId,
      occurredAt: new Date().toISOString(),
      actor: actor === 'system' ? { name: 'system', agencyId: null } : { name: actorName(actor), agencyId: actor.agencyId },
      events,
    });
  }
  let wake = false;
  // Commands arriving with the start wait for it, so the audit log keeps decision order.
  let started = Boolean(input.carried);
  /** Records the events of a command and re-plans the timers. */
  async function command(actor: Actor, events: MeasureEvent[]) {
    await condition(() => started);
    await record(updateKey(), actor, events);
    wake = true;
    return state;
  }
  function raiseEscalation(kind: 'overdue' | 'manual', agencyId: number | null, level: EscalationLevel, climbAt: Partial<Record<EscalationLevel, string>>) {
    const escalation = { id: uuid4(), kind, agencyId, cycleIndex: kind === 'overdue' ? state.cycle.index : null, level, status: 'open' as const, climbAt };
    state.escalations.push(escalation);
    return escalation;
  }
  function recipientsFor(level: EscalationLevel, agencyId: number | null): number[] {
    const unit = agencyId === null ? [] : [agencyId];
    // blue (催办): the unit and its lead; yellow (督办单) and red (通报): also the coordinator's queue.
    return level === 'blue' ? [...unit, ...state.parties.leadAgencyIds] : [...unit, ...leadsAndCoordinator()];
  }

  // ---- queries and updates ----------------------------------------------------

  setHandler(m.getMeasureStateQuery, () => state);

  /**
   * Registers a command. Temporal deduplicates an update id within a run only; ids applied in earlier
   * runs are remembered (the last few hundred) so a retry after continue-as-new is not applied twice.
   */
  function onCommand<A extends m.WithActor>(
    update: UpdateDefinition<MeasureState, [A]>,
    handler: (args: NoInfer<A>) => Promise<MeasureState> | MeasureState,
    options: { validator: (args: NoInfer<A>) => void },
  ) {
    setHandler(
      update,
      (args: A) => {
        const id = currentUpdateInfo()?.id;
        if (id) state.appliedUpdateIds = [...(state.appliedUpdateIds ?? []), id].slice(-REMEMBERED_UPDATE_IDS);
        return handler(args);
      },
      {
        validator: (args: A) => {
          const id = currentUpdateInfo()?.id;
          if (id && state.appliedUpdateIds?.includes(id)) throw ApplicationFailure.create({ message: `update ${id} was already applied`, type: 'AlreadyApplied', nonRetryable: true });
          options.validator(args);
        },
      },
    );
  }

  onCommand(
    m.acceptAssignmentUpdate,
    ({ actor, agencyId }) => {
      const a = assignmentOf(agencyId)!;
      a.status = 'accepted';
      return command(actor, [{ type: 'assignment.accepted', agencyId, notify: state.parties.leadAgencyIds }]);
    },
    {
      validator: ({ actor, agencyId }) => {
        requireOpen();
        requireOwnAgency(actor, agencyId);
        const a = assignmentOf(agencyId);
        if (!a) reject(`agency ${agencyId} has no assignment on this measure`);
        if (a.status !== 'pending') reject(`the assignment is already ${a.status}; only a pending one can be accepted`);
      },
    },
  );

  onCommand(
    m.declineAssignmentUpdate,
    ({ actor, agencyId, reason }) => {
      const a = assignmentOf(agencyId)!;
      a.status = 'declined';
      a.declineReason = reason;
      return command(actor, [{ type: 'assignment.declined', agencyId, reason, notify: leadsAndCoordinator() }]);
    },
    {
      validator: ({ actor, agencyId, reason }) => {
        requireOpen();
        requireOwnAgency(actor, agencyId);
        const a = assignmentOf(agencyId);
        if (!a) reject(`agency ${agencyId} has no assignment on this measure`);
        if (a.status !== 'pending') reject(`the assignment is ${a.status}; only a pending one can be declined`);
        if (!reason.trim()) reject('reason: a decline needs a reason (退回理由)');
      },
    },
  );

  onCommand(
    m.arbitrateDeclineUpdate,
    ({ actor, agencyId, decision, reassignToAgencyId, comment }) => {
      const a = assignmentOf(agencyId)!;
      if (decision === 'insist') {
        a.status = 'pending';
        delete a.declineReason;
        return command(actor, [{ type: 'assignment.decline_overruled', agencyId, comment, notify: [agencyId] }]);
      }
      return reassign(actor, a, reassignToAgencyId!, comment);
    },
    {
      validator: ({ actor, agencyId, decision, reassignToAgencyId }) => {
        requireOpen();
        requireCoordinator(actor);
        const a = assignmentOf(agencyId);
        if (!a || a.status !== 'declined') reject(`agency ${agencyId} has no declined assignment to arbitrate`);
        if (decision === 'reassign') {
          if (reassignToAgencyId === undefined) reject('reassignToAgencyId: choose the agency that takes the assignment over');
          if (assignmentOf(reassignToAgencyId)) reject(`agency ${reassignToAgencyId} already has an assignment on this measure`);
        }
      },
    },
  );

  /** Moves an assignment to another agency: the old one is withdrawn, the new one starts pending. */
  function reassign(actor: Actor, from: m.AssignmentState, toAgencyId: number, comment: string) {
    from.status = 'withdrawn';
    state.assignments.push({ agencyId: toAgencyId, role: from.role, status: 'pending' });
    if (from.role === 'lead') {
      state.parties = { ...state.parties, leadAgencyIds: state.parties.leadAgencyIds.map((id) => (id === from.agencyId ? toAgencyId : id)) };
    }
    const duty = dutyOf(from.agencyId);
    if (duty && !duty.report) duty.agencyId = toAgencyId;
    return command(actor, [
      { type: 'assignment.reassigned', fromAgencyId: from.agencyId, toAgencyId, role: from.role, comment, notify: [from.agencyId, toAgencyId, ...state.parties.leadAgencyIds] },
    ]);
  }

  onCommand(
    m.requestTransferUpdate,
    ({ actor, agencyId, toAgencyId, reason }) => {
      const a = assignmentOf(agencyId)!;
      a.status = 'transfer_requested';
      a.transferToAgencyId = toAgencyId;
      return command(actor, [{ type: 'assignment.transfer_requested', agencyId, toAgencyId, reason, notify: [state.parties.coordinatorAgencyId] }]);
    },
    {
      validator: ({ actor, agencyId, toAgencyId, reason }) => {
        requireOpen();
        requireOwnAgency(actor, agencyId);
        const a = assignmentOf(agencyId);
        if (!a) reject(`agency ${agencyId} has no assignment on this measure`);
        if (a.status !== 'pending' && a.status !== 'accepted') reject(`the assignment is ${a.status}; it cannot be transferred now`);
        if (toAgencyId === agencyId) reject('toAgencyId: transfer to another agency');
        if (assignmentOf(toAgencyId)) reject(`agency ${toAgencyId} already has an assignment on this measure`);
        if (!reason.trim()) reject('reason: a transfer request needs a reason');
      },
    },
  );

  onCommand(
    m.decideTransferUpdate,
    ({ actor, agencyId, approve, comment }) => {
      const a = assignmentOf(agencyId)!;
      if (approve) return reassign(actor, a, a.transferToAgencyId!, comment);
      a.status = 'accepted';
      delete a.transferToAgencyId;
      return command(actor, [{ type: 'assignment.transfer_rejected', agencyId, comment, notify: [agencyId] }]);
    },
    {
      validator: ({ actor, agencyId }) => {
        requireOpen();
        requireCoordinator(actor);
        const a = assignmentOf(agencyId);
        if (!a || a.status !== 'transfer_requested') reject(`agency ${agencyId} has no pending transfer request`);
      },
    },
  );

  onCommand(
    m.createSubtaskUpdate,
    ({ actor, assigneeAgencyId, title, dueAt }) => {
      const subtaskId = uuid4();
      state.subtasks.push({ id: subtaskId, assigneeAgencyId, title, dueAt, status: 'open' });
      return command(actor, [{ type: 'subtask.created', subtaskId, assigneeAgencyId, createdByAgencyId: actor.agencyId, title, dueAt, notify: [assigneeAgencyId] }]);
    },
    {
      validator: ({ actor, assigneeAgencyId, title, dueAt }) => {
        requireOpen();
        requireLead(actor);
        const a = assignmentOf(assigneeAgencyId);
        if (!a || a.role !== 'partner') reject(`assigneeAgencyId: agency ${assigneeAgencyId} is not a partner unit of this measure`);
        if (!title.trim()) reject('title: a subtask needs a title');
        if (Number.isNaN(Date.parse(dueAt))) reject('dueAt: not a date');
        if (Date.parse(dueAt) <= Date.now()) reject('dueAt: the due date must be in the future');
      },
    },
  );

  onCommand(
    m.completeSubtaskUpdate,
    ({ actor, subtaskId, note }) => {
      const subtask = state.subtasks.find((s) => s.id === subtaskId)!;
      subtask.status = 'done';
      return command(actor, [{ type: 'subtask.completed', subtaskId, note, notify: state.parties.leadAgencyIds }]);
    },
    {
      validator: ({ actor, subtaskId }) => {
        requireOpen();
        const subtask = state.subtasks.find((s) => s.id === subtaskId);
        if (!subtask) reject(`subtask ${subtaskId} is not on this measure`);
        requireOwnAgency(actor, subtask.assigneeAgencyId);
        if (subtask.status === 'done') reject('the subtask is already done');
      },
    },
  );

  onCommand(
    m.submitReportUpdate,
    ({ actor, agencyId, content }) => {
      const duty = dutyOf(agencyId)!;
      const a = assignmentOf(agencyId)!;
      const late = Date.now() > Date.parse(duty.schedule.dueAt);
      const revision = (duty.report?.revision ?? 0) + 1;
      const reportId = uuid4();
      duty.report = { reportId, status: 'submitted', revision, late };
      const kind = a.role === 'lead' ? 'combined' : 'partner';
      const events: MeasureEvent[] = [
        { type: 'report.submitted', reportId, agencyId, cycleIndex: state.cycle.index, kind, revision, late, content, notify: kind === 'partner' ? state.parties.leadAgencyIds : [state.parties.coordinatorAgencyId] },
      ];
      // A late report stops the climb; the escalation stays on record, resolved.
      const escalation = state.escalations.find((e) => e.id === duty.escalationId);
      if (escalation) {
        state.escalations = state.escalations.filter((e) => e !== escalation);
        events.push({ type: 'escalation.resolved', escalationId: escalation.id, decision: 'late report received (逾期后已报送)', notify: recipientsFor(escalation.level, agencyId) });
      }
      return command(actor, events);
    },
    {
      validator: ({ actor, agencyId, cycleIndex, content }) => {
        requireOpen();
        requireOwnAgency(actor, agencyId);
        const a = assignmentOf(agencyId);
        if (!a || a.status === 'declined') reject(`agency ${agencyId} has no active assignment on this measure`);
        if (cycleIndex !== state.cycle.index) reject(`cycle ${cycleIndex} is closed; reports go to the current cycle ${state.cycle.index}`);
        const duty = dutyOf(agencyId);
        if (!duty) reject(`agency ${agencyId} owes no report in cycle ${cycleIndex}`);
        if (duty.report && duty.report.status !== 'returned') reject(`the report for cycle ${cycleIndex} is already ${duty.report.status}`);
        if (!Number.isInteger(content.percentDone) || content.percentDone < 0 || content.percentDone > 100) reject('percentDone: must be a whole number from 0 to 100');
        if (a.role === 'lead') {
          const pending = state.cycle.duties.filter((d) => assignmentOf(d.agencyId)?.role === 'partner' && d.report?.status !== 'accepted');
          if (pending.length > 0) reject(`the combined report waits for accepted partner reports from agencies ${pending.map((d) => d.agencyId).join(', ')}`);
        }
      },
    },
  );

  onCommand(
    m.reviewReportUpdate,
    ({ actor, agencyId, decision, comment }) => {
      const duty = dutyOf(agencyId)!;
      const report = duty.report!;
      report.status = decision === 'accept' ? 'accepted' : 'returned';
      return command(actor, [
        decision === 'accept'
          ? { type: 'report.accepted', reportId: report.reportId, agencyId, cycleIndex: state.cycle.index, comment, notify: [agencyId] }
          : { type: 'report.returned', reportId: report.reportId, agencyId, cycleIndex: state.cycle.index, comment, notify: [agencyId] },
      ]);
    },
    {
      validator: ({ actor, agencyId, cycleIndex, decision, comment }) => {
        requireOpen();
        const isPartner = assignmentOf(agencyId)?.role === 'partner';
        // Partner reports are reviewed by the lead; the combined report by the coordinator.
        if (isPartner) requireLead(actor);
        else requireCoordinator(actor);
        if (cycleIndex !== state.cycle.index) reject(`cycle ${cycleIndex} is closed`);
        const report = dutyOf(agencyId)?.report;
        if (!report || report.status !== 'submitted') reject(`there is no submitted report from agency ${agencyId} to review`);
        if (decision === 'return' && !comment.trim()) reject('comment: say what to revise when returning a report');
      },
    },
  );

  onCommand(
    m.escalateUpdate,
    ({ actor, agencyId, reason }) => {
      const level: EscalationLevel = isCoordinatorOf(actor, state.parties) ? 'yellow' : 'blue';
      const climbAt = manualClimb(level);
      const escalation = raiseEscalation('manual', agencyId, level, climbAt);
      return command(actor, [
        { type: 'escalation.raised', escalationId: escalation.id, kind: 'manual', level, agencyId, cycleIndex: null, reason, notify: recipientsFor(level, agencyId) },
      ]);
    },
    {
      validator: ({ actor, agencyId, reason }) => {
        requireOpen();
        if (!isLeadOrCoordinator(actor, state.parties)) reject('only a lead officer or the coordinator may escalate', 'Forbidden');
        if (agencyId !== null && !assignmentOf(agencyId)) reject(`agencyId: agency ${agencyId} has no assignment on this measure`);
        if (!reason.trim()) reject('reason: an escalation needs a reason');
      },
    },
  );

  /** A manual escalation climbs one rung per (yellow − blue) units, measured from now. */
  function manualClimb(from: EscalationLevel): Partial<Record<EscalationLevel, string>> {
    const { escalation } = state.policy;
    const climbAt: Partial<Record<EscalationLevel, string>> = {};
    const offsets: Record<EscalationLevel, number> = { blue: escalation.blue, yellow: escalation.yellow, red: escalation.red };
    for (const level of ESCALATION_LEVELS) {
      if (rank(level) <= rank(from)) continue;
      const units = offsets[level] - offsets[from];
      climbAt[level] = new Date(Date.now() + units * unitMs()).toISOString();
    }
    return climbAt;
  }
  /** One unit of the policy in ms; a working day counts as a calendar day for manual climbs. */
  function unitMs(): number {
    return state.policy.unit === 'workingDay' ? 86_400_000 : parseIsoDuration(state.policy.unit).ms;
  }

  onCommand(
    m.acknowledgeEscalationUpdate,
    ({ actor, escalationId }) => {
      const e = state.escalations.find((x) => x.id === escalationId)!;
      e.status = 'acknowledged';
      return command(actor, [{ type: 'escalation.acknowledged', escalationId, notify: e.agencyId === null ? [] : [e.agencyId] }]);
    },
    {
      validator: ({ actor, escalationId }) => {
        requireCoordinator(actor);
        const e = state.escalations.find((x) => x.id === escalationId);
        if (!e) reject(`escalation ${escalationId} is not open on this measure`);
        if (e.status !== 'open') reject('the escalation is already acknowledged');
      },
    },
  );

  onCommand(
    m.resolveEscalationUpdate,
    ({ actor, escalationId, decision }) => {
      const e = state.escalations.find((x) => x.id === escalationId)!;
      state.escalations = state.escalations.filter((x) => x !== e);
      return command(actor, [{ type: 'escalation.resolved', escalationId, decision, notify: recipientsFor(e.level, e.agencyId) }]);
    },
    {
      validator: ({ actor, escalationId, decision }) => {
        requireCoordinator(actor);
        const e = state.escalations.find((x) => x.id === escalationId);
        if (!e) reject(`escalation ${escalationId} is not open on this measure`);
        if (e.status !== 'acknowledged') reject('acknowledge the escalation before resolving it');
        if (!decision.trim()) reject('decision: record the decision (处理意见)');
      },
    },
  );

  onCommand(
    m.raiseIssueUpdate,
    ({ actor, title, description, neededAgencyIds }) => {
      const issueId = uuid4();
      state.issues.push({ id: issueId, raisedByAgencyId: actor.agencyId, status: 'open' });
      return command(actor, [
        { type: 'issue.raised', issueId, raisedByAgencyId: actor.agencyId, title, description, neededAgencyIds, notify: [state.parties.coordinatorAgencyId] },
      ]);
    },
    {
      validator: ({ actor, title, neededAgencyIds }) => {
        requireOpen();
        if (!assignmentOf(actor.agencyId) || !hasRole(actor, 'officer')) reject('only an officer of an agency on this measure may raise an issue', 'Forbidden');
        if (!title.trim()) reject('title: describe the issue');
        if (neededAgencyIds.length === 0) reject('neededAgencyIds: name at least one agency whose help is needed');
      },
    },
  );

  onCommand(
    m.triageIssueUpdate,
    ({ actor, issueId, responderAgencyIds, dueAt }) => {
      state.issues.find((i) => i.id === issueId)!.status = 'triaged';
      return command(actor, [{ type: 'issue.triaged', issueId, responderAgencyIds, dueAt, notify: responderAgencyIds }]);
    },
    {
      validator: ({ actor, issueId, responderAgencyIds, dueAt }) => {
        requireCoordinator(actor);
        const issue = state.issues.find((i) => i.id === issueId);
        if (!issue) reject(`issue ${issueId} is not open on this measure`);
        if (responderAgencyIds.length === 0) reject('responderAgencyIds: assign at least one responder');
        if (Number.isNaN(Date.parse(dueAt))) reject('dueAt: not a date');
      },
    },
  );

  onCommand(
    m.resolveIssueUpdate,
    ({ actor, issueId, resolution }) => {
      const issue = state.issues.find((i) => i.id === issueId)!;
      state.issues = state.issues.filter((i) => i !== issue);
      return command(actor, [{ type: 'issue.resolved', issueId, resolution, notify: [issue.raisedByAgencyId] }]);
    },
    {
      validator: ({ actor, issueId, resolution }) => {
        requireCoordinator(actor);
        const issue = state.issues.find((i) => i.id === issueId);
        if (!issue) reject(`issue ${issueId} is not open on this measure`);
        if (issue.status !== 'triaged') reject('triage the issue (assign responders) before resolving it');
        if (!resolution.trim()) reject('resolution: record how it was resolved');
      },
    },
  );

  onCommand(
    m.requestExtensionUpdate,
    ({ actor, agencyId, requestedDueAt, reason }) => {
      const extensionId = uuid4();
      state.extensions.push({ id: extensionId, agencyId, requestedDueAt });
      return command(actor, [
        { type: 'extension.requested', extensionId, agencyId, currentDueAt: dutyOf(agencyId)!.schedule.dueAt, requestedDueAt, reason, notify: leadsAndCoordinator() },
      ]);
    },
    {
      validator: ({ actor, agencyId, requestedDueAt, reason }) => {
        requireOpen();
        requireOwnAgency(actor, agencyId);
        const duty = dutyOf(agencyId);
        if (!duty) reject(`agency ${agencyId} owes nothing in the current cycle`);
        if (duty.report && duty.report.status !== 'returned') reject('the report is already submitted; nothing to extend');
        if (Number.isNaN(Date.parse(requestedDueAt))) reject('requestedDueAt: not a date');
        if (Date.parse(requestedDueAt) <= Date.parse(duty.schedule.dueAt)) reject('requestedDueAt: must be later than the current due date');
        if (state.extensions.some((e) => e.agencyId === agencyId)) reject('an extension request from this agency is already pending');
        if (!reason.trim()) reject('reason: an extension request needs a reason');
      },
    },
  );

  onCommand(
    m.decideExtensionUpdate,
    async ({ actor, extensionId, approve, comment }) => {
      const ext = state.extensions.find((e) => e.id === extensionId)!;
      state.extensions = state.extensions.filter((e) => e !== ext);
      if (!approve) return command(actor, [{ type: 'extension.rejected', extensionId, agencyId: ext.agencyId, comment, notify: [ext.agencyId] }]);
      const duty = dutyOf(ext.agencyId)!;
      const { schedule } = await activities.scheduleFromDue({ policy: state.policy, dueAt: ext.requestedDueAt });
      duty.schedule = schedule;
      duty.extendedDueAt = ext.requestedDueAt;
      duty.reminded = false;
      const events: MeasureEvent[] = [{ type: 'extension.approved', extensionId, agencyId: ext.agencyId, dueAt: schedule.dueAt, comment, notify: [ext.agencyId, ...state.parties.leadAgencyIds] }];
      // Open deadlines move with it: the agency's open subtasks due earlier than the new date.
      for (const s of state.subtasks) {
        if (s.assigneeAgencyId === ext.agencyId && s.status === 'open' && Date.parse(s.dueAt) < Date.parse(schedule.dueAt)) {
          s.dueAt = schedule.dueAt;
          events.push({ type: 'subtask.due_moved', subtaskId: s.id, dueAt: s.dueAt });
        }
      }
      return command(actor, events);
    },
    {
      validator: ({ actor, extensionId }) => {
        requireOpen();
        if (!isLeadOrCoordinator(actor, state.parties)) reject('only a lead officer or the coordinator may decide an extension', 'Forbidden');
        if (!state.extensions.some((e) => e.id === extensionId)) reject(`extension request ${extensionId} is not pending`);
      },
    },
  );

  onCommand(
    m.applyClosureUpdate,
    ({ actor, evidence, finalKpis }) => {
      const closureId = uuid4();
      state.closure = { id: closureId, status: 'pending' };
      state.status = 'closure_requested';
      return command(actor, [{ type: 'closure.requested', closureId, evidence, finalKpis, notify: [state.parties.coordinatorAgencyId] }]);
    },
    {
      validator: ({ actor, evidence }) => {
        requireOpen();
        requireLead(actor);
        if (state.status === 'closure_requested') reject('closure is already requested and waits for the coordinator');
        if (!evidence.trim()) reject('evidence: closure needs evidence of completion (办结材料)');
      },
    },
  );

  onCommand(
    m.decideClosureUpdate,
    async ({ actor, approve, comment }) => {
      const closure = state.closure!;
      if (!approve) {
        closure.status = 'returned';
        state.status = 'active';
        return command(actor, [{ type: 'closure.returned', closureId: closure.id, comment, notify: state.parties.leadAgencyIds }]);
      }
      state.status = 'closed';
      state.closure = null;
      await command(actor, [{ type: 'closure.approved', closureId: closure.id, comment, notify: activeAssignments().map((a) => a.agencyId) }]);
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: 'closed' }]);
      return state;
    },
    {
      validator: ({ actor, approve, comment }) => {
        requireOpen();
        requireCoordinator(actor);
        if (state.status !== 'closure_requested') reject('no closure request is pending');
        if (!approve && !comment.trim()) reject('comment: say why the closure is returned');
      },
    },
  );

  onCommand(
    m.syncAssignmentsUpdate,
    ({ actor, assignments }) => {
      const wanted = new Map(assignments.map((a) => [a.agencyId, a.role]));
      const added: { agencyId: number; role: m.AssignmentRole }[] = [];
      for (const [agencyId, role] of wanted) {
        const current = assignmentOf(agencyId);
        if (current) {
          current.role = role;
          continue;
        }
        state.assignments.push({ agencyId, role, status: 'pending' });
        if (!dutyOf(agencyId)) state.cycle.duties.push(newDuty(agencyId));
        added.push({ agencyId, role });
      }
      const withdrawn = activeAssignments().filter((a) => !wanted.has(a.agencyId));
      for (const a of withdrawn) a.status = 'withdrawn';
      state.parties = { ...state.parties, leadAgencyIds: assignments.filter((a) => a.role === 'lead').map((a) => a.agencyId) };
      if (added.length === 0 && withdrawn.length === 0) return state;
      return command(actor, [{ type: 'assignments.synced', added, withdrawn: withdrawn.map((a) => a.agencyId), notify: [...added.map((a) => a.agencyId), ...withdrawn.map((a) => a.agencyId)] }]);
    },
    {
      validator: ({ actor, assignments }) => {
        requireOpen();
        requireAdminOrCoordinator(actor, 'revise the assignments');
        if (!assignments.some((a) => a.role === 'lead')) reject('assignments: a measure needs at least one lead agency');
      },
    },
  );

  onCommand(
    m.withdrawMeasureUpdate,
    ({ actor, reason }) => {
      state.status = 'withdrawn';
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: 'withdrawn' }]);
      return command(actor, [{ type: 'measure.withdrawn', reason, notify: activeAssignments().map((a) => a.agencyId) }]);
    },
    {
      validator: ({ actor, reason }) => {
        requireOpen();
        requireAdminOrCoordinator(actor, 'withdraw a measure');
        if (!reason.trim()) reject('reason: say why the measure is withdrawn');
      },
    },
  );

  onCommand(
    m.reinstateMeasureUpdate,
    async ({ actor, comment }) => {
      const status = state.closure?.status === 'pending' ? 'closure_requested' : 'active';
      state.status = status;
      const next = await activities.firstCycleDueAfter({ policy: state.policy, startedAt: state.startedAt, after: new Date().toISOString(), fromIndex: state.cycle.index });
      if (next.cycle.index > state.cycle.index) {
        // The cycles that fell due while withdrawn are nobody's fault: none is missed, none escalates.
        state.cycle = { ...next.cycle, duties: [] };
        state.calendarVersion = next.calendarVersion;
        state.subtasks = state.subtasks.filter((t) => t.status === 'open');
        state.cycle.duties = activeAssignments()
          .filter((a) => a.status !== 'declined')
          .map((a) => newDuty(a.agencyId));
      }
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
      return command(actor, [
        { type: 'measure.reinstated', status, cycleIndex: state.cycle.index, dueAt: state.cycle.dueAt, comment, notify: activeAssignments().map((a) => a.agencyId) },
      ]);
    },
    {
      validator: ({ actor }) => {
        if (state.status !== 'withdrawn') reject(`the measure is ${state.status}; only a withdrawn one can be reinstated`);
        requireAdminOrCoordinator(actor, 'reinstate a measure');
      },
    },
  );

  onCommand(
    m.recomputeDeadlinesUpdate,
    async ({ actor }) => {
      const { cycle, calendarVersion } = await activities.computeCycle({ policy: state.policy, startedAt: state.startedAt, index: state.cycle.index });
      const changes: { agencyId: number; from: string; to: string }[] = [];
      for (const duty of state.cycle.duties) {
        const fresh = duty.extendedDueAt
          ? (await activities.scheduleFromDue({ policy: state.policy, dueAt: duty.extendedDueAt })).schedule
          : (({ index: _i, periodStart: _s, periodEnd: _e, ...s }) => s)(cycle);
        if (fresh.dueAt !== duty.schedule.dueAt || JSON.stringify(fresh.escalateAt) !== JSON.stringify(duty.schedule.escalateAt)) {
          changes.push({ agencyId: duty.agencyId, from: duty.schedule.dueAt, to: fresh.dueAt });
        }
        duty.schedule = fresh;
      }
      const previousVersion = state.calendarVersion;
      state.cycle = { ...cycle, duties: state.cycle.duties };
      state.calendarVersion = calendarVersion;
      return command(actor, [{ type: 'deadlines.recomputed', calendarVersion, previousVersion, changes, notify: changes.map((c) => c.agencyId) }]);
    },
    {
      validator: ({ actor }) => {
        requireOpen();
        requireAdminOrCoordinator(actor, 'recompute deadlines');
      },
    },
  );

  // ---- timers: reminders, the escalation ladder, cycle rollover -------------------

  /** Cycle k collects reports until the next period ends; then cycle k + 1 takes over. */
  const rolloverAt = () => {
    const length = Date.parse(state.cycle.periodEnd) - Date.parse(state.cycle.periodStart);
    return Date.parse(state.cycle.periodEnd) + length;
  };

  /** Duties still waiting for a report from an agency that holds its assignment. */
  function openDuties() {
    return state.cycle.duties.filter((d) => !d.report && ['pending', 'accepted', 'transfer_requested'].includes(assignmentOf(d.agencyId)?.status ?? ''));
  }

  function nextWakeUp(): number {
    const times: number[] = [rolloverAt()];
    for (const duty of openDuties()) {
      if (!duty.reminded) times.push(Date.parse(duty.schedule.remindAt));
      if (!duty.escalationId) times.push(Date.parse(duty.schedule.escalateAt.blue));
    }
    for (const e of state.escalations) {
      const next = ESCALATION_LEVELS[rank(e.level) + 1];
      if (next && e.climbAt[next]) times.push(Date.parse(e.climbAt[next]));
    }
    return Math.min(...times);
  }

  async function processTimers(): Promise<void> {
    const now = new Date();
    for (const duty of openDuties()) {
      const key = `c${state.cycle.index}/a${duty.agencyId}/d${duty.schedule.dueAt}`;
      if (!duty.reminded && now.getTime() >= Date.parse(duty.schedule.remindAt)) {
        duty.reminded = true;
        // Past the due date a reminder is moot: the ladder takes over.
        if (now.getTime() < Date.parse(duty.schedule.dueAt)) await record(`${key}/reminder`, 'system', [
          { type: 'reminder.sent', agencyId: duty.agencyId, cycleIndex: state.cycle.index, dueAt: duty.schedule.dueAt, notify: [duty.agencyId] },
        ]);
      }
      if (!duty.escalationId && escalationLevelAt(duty.schedule, now)) {
        // One open overdue escalation per agency: a unit that misses cycle after cycle does not pile
        // up escalations (or workflow state); the open one stands for all of them.
        const open = state.escalations.find((e) => e.kind === 'overdue' && e.agencyId === duty.agencyId);
        if (open) {
          duty.escalationId = open.id;
          continue;
        }
        // The ladder starts at blue; later rungs follow the duty's own schedule.
        const { blue: _b, ...higher } = duty.schedule.escalateAt;
        const escalation = raiseEscalation('overdue', duty.agencyId, 'blue', higher);
        duty.escalationId = escalation.id;
        await record(`${key}/escalation`, 'system', [
          {
            type: 'escalation.raised',
            escalationId: escalation.id,
            kind: 'overdue',
            level: 'blue',
            agencyId: duty.agencyId,
            cycleIndex: state.cycle.index,
            reason: `report for cycle ${state.cycle.index} overdue since ${duty.schedule.dueAt}`,
            notify: recipientsFor('blue', duty.agencyId),
          },
        ]);
      }
    }
    for (const e of [...state.escalations]) {
      // An unresolved escalation keeps climbing, acknowledged or not.
      for (let next = ESCALATION_LEVELS[rank(e.level) + 1]; next && e.climbAt[next] !== undefined && Date.parse(e.climbAt[next]!) <= now.getTime(); next = ESCALATION_LEVELS[rank(e.level) + 1]) {
        e.level = next;
        await record(`escalation/${e.id}/${next}`, 'system', [{ type: 'escalation.climbed', escalationId: e.id, level: next, notify: recipientsFor(next, e.agencyId) }]);
      }
    }
  }

  async function rollover(): Promise<MeasureWorkflowInput> {
    const index = state.cycle.index;
    const missed = openDuties();
    const events: MeasureEvent[] = missed.map((d) => ({ type: 'cycle.missed', agencyId: d.agencyId, cycleIndex: index, notify: [d.agencyId, ...state.parties.leadAgencyIds] }));
    const next = await activities.computeCycle({ policy: state.policy, startedAt: state.startedAt, index: index + 1 });
    state.cycle = { ...next.cycle, duties: [] };
    state.subtasks = state.subtasks.filter((s) => s.status === 'open');
    state.calendarVersion = next.calendarVersion;
    state.cycle.duties = activeAssignments()
      .filter((a) => a.status !== 'declined')
      .map((a) => newDuty(a.agencyId));
    events.push({ type: 'cycle.started', cycleIndex: index + 1, periodStart: next.cycle.periodStart, periodEnd: next.cycle.periodEnd, dueAt: next.cycle.dueAt });
    await record(`cycle/${index + 1}`, 'system', events);
    state.run += 1;
    return { measureId: state.measureId, planId: state.planId, parties: state.parties, assignments: [], policy: state.policy, startedAt: state.startedAt, carried: state };
  }

  // ---- main loop -------------------------------------------------------------

  if (!input.carried) {
    await record('started', 'system', [
      { type: 'measure.started', cycleIndex: 0, dueAt: state.cycle.dueAt, notify: state.assignments.map((a) => a.agencyId) },
    ]);
    started = true;
  }

  // Moving onto the decision core: asked for by `start` (the service), done between two commands.
  let upgrade = false;
  setHandler(
    m.upgradeToCoreUpdate,
    () => {
      upgrade = true;
      wake = true;
      return 'upgrading' as const;
    },
    { validator: () => void (state.status === 'closed' && reject('the measure is closed (已销号)')) },
  );

  const closed = () => state.status === 'closed';
  const withdrawn = () => state.status === 'withdrawn';
  while (!closed()) {
    if (upgrade && patched('upgrade-to-core')) {
      await condition(allHandlersFinished);
      await makeContinueAsNewFunc<typeof measureWorkflowV2>({ workflowType: 'measureWorkflowV2' })({ ...input, carried: undefined, legacy: state });
    }
    if (withdrawn()) {
      // Dormant: no timers at all until reinstated (or forever; the history does not grow).
      await condition(() => wake || closed());
      wake = false;
      continue;
    }
    const wait = nextWakeUp() - Date.now();
    // A zero-length timer still costs a server round trip (about a second): only wait when there is time to wait.
    if (wait > 0) await condition(() => wake || closed(), wait);
    wake = false;
    if (closed()) break;
    // Withdrawn while waiting (or while the timers' activities ran): nothing more falls due.
    if (withdrawn()) continue;
    await processTimers();
    if (!withdrawn() && Date.now() >= rolloverAt()) {
      const carried = await rollover();
      await condition(allHandlersFinished);
      await continueAsNew<typeof measureWorkflow>(carried);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof measureWorkflow>({ ...input, carried: state });
    }
  }
  await condition(allHandlersFinished);
  return state;
}
