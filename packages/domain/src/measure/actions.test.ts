import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../authorization/roles';
import { combinedReportWaitsFor, findAction, measureActions, type MeasureAction, type MeasureView } from './actions';
import { validate, type MeasureCommand, type MeasureState } from './index';
import { ADMIN_AGENCY, COORDINATOR, HOURLY, MONTHLY, MeasureShell, OTHER_COORDINATOR, admin, coordinator, goodReport, officerOf, ofType, person } from './measure.test-support';

const JAN_2026 = '2026-01-05T02:00:00.000Z';
const DAY = 86_400_000;
const LEAD = 1;
const PARTNER = 11;
const lead = officerOf(LEAD);
const partner = officerOf(PARTNER);
const types = (actions: MeasureAction[]) => actions.map((a) => a.type);

describe('the actions a person may take on a measure', () => {
  it('offers a partner officer accept, decline and transfer on a pending assignment, and nothing of the lead’s or coordinator’s', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    const actions = measureActions(m.state, partner, m.now);
    expect(types(actions).sort()).toEqual(['acceptAssignment', 'declineAssignment', 'raiseIssue', 'requestExtension', 'requestTransfer', 'submitReport'].sort());
    expect(findAction(actions, 'submitReport')).toEqual({ type: 'submitReport', agencyId: PARTNER, cycleIndex: 0, kind: 'partner' });
  });

  it('stops offering accept and decline once the assignment is accepted, but still offers a transfer', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    m.ok('acceptAssignment', { actor: partner, agencyId: PARTNER });
    const actions = types(measureActions(m.state, partner, m.now));
    expect(actions).not.toContain('acceptAssignment');
    expect(actions).not.toContain('declineAssignment');
    expect(actions).toContain('requestTransfer');
  });

  it('lets the lead break the measure down for its partners and review a submitted partner report, not its own', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER, 12] });
    expect(findAction(measureActions(m.state, lead, m.now), 'createSubtask')).toEqual({ type: 'createSubtask', assigneeAgencyIds: [PARTNER, 12] });
    m.ok('submitReport', { actor: partner, agencyId: PARTNER, cycleIndex: 0, content: goodReport });
    const actions = measureActions(m.state, lead, m.now);
    expect(findAction(actions, 'reviewReport')).toEqual({ type: 'reviewReport', agencyId: PARTNER, cycleIndex: 0, kind: 'partner' });
    expect(findAction(measureActions(m.state, coordinator, m.now), 'reviewReport')).toBeUndefined();
  });

  it('holds the combined report back until every partner report is accepted, and says whom it waits for', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER, 12] });
    expect(findAction(measureActions(m.state, lead, m.now), 'submitReport')).toBeUndefined();
    expect(combinedReportWaitsFor(m.state, 0)).toEqual([PARTNER, 12]);
    m.ok('submitReport', { actor: partner, agencyId: PARTNER, cycleIndex: 0, content: goodReport });
    m.ok('reviewReport', { actor: lead, agencyId: PARTNER, cycleIndex: 0, decision: 'accept', comment: '' });
    m.ok('declineAssignment', { actor: officerOf(12), agencyId: 12, reason: '不属于本单位职责' });
    expect(combinedReportWaitsFor(m.state, 0)).toEqual([]);
    expect(findAction(measureActions(m.state, lead, m.now), 'submitReport')).toEqual({ type: 'submitReport', agencyId: LEAD, cycleIndex: 0, kind: 'combined' });
  });

  it('offers a returned report for resubmission, and its review again once resubmitted', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    m.ok('submitReport', { actor: partner, agencyId: PARTNER, cycleIndex: 0, content: goodReport });
    expect(findAction(measureActions(m.state, partner, m.now), 'submitReport')).toBeUndefined();
    m.ok('reviewReport', { actor: lead, agencyId: PARTNER, cycleIndex: 0, decision: 'return', comment: '请补充数据' });
    expect(findAction(measureActions(m.state, partner, m.now), 'submitReport', { cycleIndex: 0 })).toBeDefined();
    expect(findAction(measureActions(m.state, lead, m.now), 'reviewReport')).toBeUndefined();
    m.ok('submitReport', { actor: partner, agencyId: PARTNER, cycleIndex: 0, content: goodReport });
    expect(findAction(measureActions(m.state, lead, m.now), 'reviewReport', { agencyId: PARTNER })).toBeDefined();
  });

  it('gives the coordinator the decline to arbitrate, the transfer to decide and the escalations to handle', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER, 12] });
    m.ok('declineAssignment', { actor: partner, agencyId: PARTNER, reason: '不属于本单位职责' });
    m.ok('requestTransfer', { actor: officerOf(12), agencyId: 12, toAgencyId: 61, reason: '职能调整' });
    const [raised] = ofType(m.ok('escalate', { actor: lead, agencyId: 12, reason: '进展滞后' }), 'escalation.raised');
    const actions = measureActions(m.state, coordinator, m.now);
    expect(findAction(actions, 'arbitrateDecline')).toEqual({ type: 'arbitrateDecline', agencyId: PARTNER });
    expect(findAction(actions, 'decideTransfer')).toEqual({ type: 'decideTransfer', agencyId: 12, toAgencyId: 61, mayApprove: true });
    expect(findAction(actions, 'acknowledgeEscalation')).toEqual({ type: 'acknowledgeEscalation', escalationId: raised!.escalationId });
    expect(types(measureActions(m.state, person(OTHER_COORDINATOR, 'coordinator'), m.now))).toEqual([]);
  });

  it('never lets a lead decide its own agency’s extension request; the coordinator may', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    m.ok('requestExtension', { actor: lead, agencyId: LEAD, requestedDueAt: '2026-02-20T16:00:00Z', reason: '数据尚未汇总' });
    expect(findAction(measureActions(m.state, lead, m.now), 'decideExtension')).toBeUndefined();
    expect(findAction(measureActions(m.state, coordinator, m.now), 'decideExtension')).toMatchObject({ agencyId: LEAD, mayApprove: true });
    expect(findAction(measureActions(m.state, lead, m.now), 'requestExtension')).toBeUndefined();
  });

  it('offers an extension only before the due date, where the view knows it', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    const withDue = (dueAt: string) => ({ ...m.state, cycle: { ...m.state.cycle, duties: m.state.cycle.duties.map((d) => ({ ...d, dueAt })) } });
    const due = m.state.cycle.dueAt;
    expect(findAction(measureActions(withDue(due), lead, Date.parse(due) - 1), 'requestExtension')).toMatchObject({ agencyId: LEAD });
    expect(findAction(measureActions(withDue(due), lead, Date.parse(due)), 'requestExtension')).toBeUndefined();
  });

  it('lets the lead apply for closure once, then the coordinator decide it; a closed measure offers nothing', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    m.ok('applyClosure', { actor: lead, evidence: '已完成全部任务', finalKpis: [] });
    expect(findAction(measureActions(m.state, lead, m.now), 'applyClosure')).toBeUndefined();
    expect(findAction(measureActions(m.state, coordinator, m.now), 'decideClosure')).toBeDefined();
    m.ok('decideClosure', { actor: coordinator, approve: true, comment: '' });
    for (const actor of [lead, partner, coordinator, admin]) expect(measureActions(m.state, actor, m.now)).toEqual([]);
  });

  it('offers an auditor nothing, even one who is also an officer of the partner agency', () => {
    const m = new MeasureShell({ startedAt: JAN_2026, leads: [LEAD], partners: [PARTNER] });
    expect(measureActions(m.state, person(PARTNER, 'officer', 'auditor'), m.now)).toEqual([]);
    expect(measureActions(m.state, person(COORDINATOR, 'coordinator', 'auditor'), m.now)).toEqual([]);
  });
});

// ---- agreement with the decision core ------------------------------------------------
// Random measures driven by commands the core accepts, with time passing; after each step, for every
// person and every command with well-formed input: an offered action is never refused for who asks
// or for the state, and a command not offered is always refused.

const FREE = [61, 62, 63, 64, 65, 66, 67, 68];
const POOL = [1, 2, 11, 12, 13, 61, COORDINATOR];
const ACTORS: Actor[] = [
  ...POOL.map((id) => person(id, 'officer')),
  coordinator,
  person(OTHER_COORDINATOR, 'coordinator'),
  person(COORDINATOR, 'auditor'),
  person(PARTNER, 'officer', 'auditor'),
  person(ADMIN_AGENCY, 'admin'),
];

interface Candidate {
  command: MeasureCommand;
  /** Whether the actions offer this command. */
  offered: (actions: MeasureAction[]) => boolean;
}

function candidates(s: MeasureState, actor: Actor, now: number): Candidate[] {
  const later = new Date(now + 2 * DAY).toISOString();
  const free = FREE.find((id) => !s.assignments.some((a) => a.agencyId === id && a.status !== 'withdrawn')) ?? 99;
  const duties = [...s.cycle.duties, ...s.carried];
  const cycles = [...new Set([s.cycle.index, ...duties.map((d) => d.cycleIndex)])];
  const out: Candidate[] = [];
  const add = (input: Record<string, unknown>, offered: Candidate['offered']) => out.push({ command: { actor, ...input } as unknown as MeasureCommand, offered });
  for (const agencyId of POOL) {
    add({ type: 'acceptAssignment', agencyId }, (a) => !!findAction(a, 'acceptAssignment', { agencyId }));
    add({ type: 'declineAssignment', agencyId, reason: '不属于本单位职责' }, (a) => !!findAction(a, 'declineAssignment', { agencyId }));
    add({ type: 'requestTransfer', agencyId, toAgencyId: free, reason: '职能调整' }, (a) => !!findAction(a, 'requestTransfer', { agencyId }));
    add({ type: 'arbitrateDecline', agencyId, decision: 'insist', comment: '' }, (a) => !!findAction(a, 'arbitrateDecline', { agencyId }));
    add({ type: 'arbitrateDecline', agencyId, decision: 'reassign', reassignToAgencyId: free, comment: '' }, (a) => !!findAction(a, 'arbitrateDecline', { agencyId }));
    add({ type: 'decideTransfer', agencyId, approve: false, comment: '' }, (a) => !!findAction(a, 'decideTransfer', { agencyId }));
    add({ type: 'decideTransfer', agencyId, approve: true, comment: '' }, (a) => !!findAction(a, 'decideTransfer', { agencyId, mayApprove: true }));
    add({ type: 'createSubtask', assigneeAgencyId: agencyId, title: '分解任务', dueAt: later }, (a) => !!findAction(a, 'createSubtask')?.assigneeAgencyIds.includes(agencyId));
    add({ type: 'requestExtension', agencyId, requestedDueAt: extensionDate(s, agencyId, now), reason: '数据尚未汇总' }, (a) => !!findAction(a, 'requestExtension', { agencyId }));
    for (const cycleIndex of cycles) {
      add({ type: 'submitReport', agencyId, cycleIndex, content: goodReport }, (a) => !!findAction(a, 'submitReport', { agencyId, cycleIndex }));
      add({ type: 'reviewReport', agencyId, cycleIndex, decision: 'accept', comment: '' }, (a) => !!findAction(a, 'reviewReport', { agencyId, cycleIndex }));
      add({ type: 'reviewReport', agencyId, cycleIndex, decision: 'return', comment: '请补充' }, (a) => !!findAction(a, 'reviewReport', { agencyId, cycleIndex }));
    }
  }
  for (const t of s.subtasks) add({ type: 'completeSubtask', subtaskId: t.id, note: '' }, (a) => !!findAction(a, 'completeSubtask', { subtaskId: t.id }));
  for (const e of s.escalations) {
    add({ type: 'acknowledgeEscalation', escalationId: e.id }, (a) => !!findAction(a, 'acknowledgeEscalation', { escalationId: e.id }));
    add({ type: 'resolveEscalation', escalationId: e.id, decision: '已督促' }, (a) => !!findAction(a, 'resolveEscalation', { escalationId: e.id }));
  }
  for (const i of s.issues) {
    add({ type: 'triageIssue', issueId: i.id, responderAgencyIds: [61], dueAt: later }, (a) => !!findAction(a, 'triageIssue', { issueId: i.id }));
    add({ type: 'resolveIssue', issueId: i.id, resolution: '已协调' }, (a) => !!findAction(a, 'resolveIssue', { issueId: i.id }));
  }
  for (const e of s.extensions) {
    add({ type: 'decideExtension', extensionId: e.id, approve: false, comment: '' }, (a) => !!findAction(a, 'decideExtension', { extensionId: e.id }));
    add({ type: 'decideExtension', extensionId: e.id, approve: true, comment: '' }, (a) => !!findAction(a, 'decideExtension', { extensionId: e.id, mayApprove: true }));
  }
  add({ type: 'escalate', agencyId: null, reason: '进展滞后' }, (a) => !!findAction(a, 'escalate'));
  add({ type: 'raiseIssue', title: '需协调', description: '', neededAgencyIds: [61] }, (a) => !!findAction(a, 'raiseIssue'));
  add({ type: 'applyClosure', evidence: '已完成', finalKpis: [] }, (a) => !!findAction(a, 'applyClosure'));
  add({ type: 'decideClosure', approve: true, comment: '' }, (a) => !!findAction(a, 'decideClosure'));
  add({ type: 'decideClosure', approve: false, comment: '证据不足' }, (a) => !!findAction(a, 'decideClosure'));
  add({ type: 'withdrawMeasure', reason: '方案修订' }, (a) => !!findAction(a, 'withdrawMeasure'));
  add({ type: 'reinstateMeasure', comment: '' }, (a) => !!findAction(a, 'reinstateMeasure'));
  return out;
}

/** A date the core would accept for an extension, where there is one: after the due date and now, before the cycle closes. */
function extensionDate(s: MeasureState, agencyId: number, now: number): string {
  const duty = s.cycle.duties.find((d) => d.agencyId === agencyId);
  const from = Math.max(now, Date.parse(duty?.schedule.dueAt ?? s.cycle.dueAt));
  return new Date(from + Math.max(1, Math.floor((Date.parse(s.cycle.closesAt) - from) / 3))).toISOString();
}

/** What the measure page knows: assignments without the withdrawn ones. */
const pageView = (s: MeasureState): MeasureView => ({ ...s, assignments: s.assignments.filter((a) => a.status !== 'withdrawn') });

function checkAgreement(s: MeasureState, now: number): void {
  for (const actor of ACTORS) {
    const offeredOnState = measureActions(s, actor, now);
    const offeredOnPage = measureActions(pageView(s), actor, now);
    for (const { command, offered } of candidates(s, actor, now)) {
      const refusal = validate(s, command, now);
      const where = { actor: actor.username, command: command.type, input: JSON.stringify(command).slice(0, 300) };
      if (offered(offeredOnState)) expect({ ...where, refusal: refusal?.kind === 'InvalidInput' ? null : refusal }).toEqual({ ...where, refusal: null });
      else expect({ ...where, refused: refusal !== null }).toEqual({ ...where, refused: true });
      // The page may know less (no withdrawn assignments), so it may offer less, never more.
      if (offered(offeredOnPage)) expect({ ...where, refusal: refusal?.kind === 'InvalidInput' ? null : refusal }).toEqual({ ...where, refusal: null });
    }
  }
}

type Step = { kind: 'command'; pick: number } | { kind: 'wait'; amount: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.nat(10_000).map((pick) => ({ kind: 'command' as const, pick })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((amount) => ({ kind: 'wait' as const, amount })) },
);

describe('the actions and the decision core agree', () => {
  it('offers exactly the commands the core would not refuse for who asks or for the state, step after step', () => {
    fc.assert(
      fc.property(fc.constantFrom(MONTHLY, HOURLY), fc.subarray([11, 12, 13], { minLength: 1 }), fc.constantFrom<number[]>([1], [1, 2]), fc.array(step, { minLength: 5, maxLength: 25 }), (policy, partners, leads, steps) => {
        const m = new MeasureShell({ policy, startedAt: JAN_2026, leads, partners });
        const unit = policy === MONTHLY ? 3_600_000 : 60_000;
        checkAgreement(m.state, m.now);
        for (const s of steps) {
          if (s.kind === 'wait') m.advanceTo(m.now + s.amount * unit);
          else {
            // Mostly commands someone may send, so the measure moves on: accepted, reported, reviewed, escalated, closed.
            const possible = ACTORS.flatMap((actor) => candidates(m.state, actor, m.now).filter((c) => validate(m.state, c.command, m.now) === null));
            const chosen = possible[s.pick % Math.max(1, possible.length)];
            if (chosen) {
              const { type, ...input } = chosen.command;
              m.ok(type, input as never);
            }
          }
          checkAgreement(m.state, m.now);
        }
      }),
      { numRuns: 25, seed: 20261201 },
    );
  }, 120_000);
});
