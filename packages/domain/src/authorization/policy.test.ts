import { describe, expect, it } from 'vitest';
import { decide, validate } from '../measure/decide';
import { ADMIN_AGENCY, COORDINATOR, goodReport, OTHER_COORDINATOR, OUTSIDERS, person, startMeasure } from '../measure/measure.test-support';
import type { MeasureCommand, MeasureCommandType } from '../measure/types';
import { canReadMeasure, canReadNotice, COMMAND_AUTHORITY, escalationQueueScope, isIssueResponder, issueBoardScope, mayReadDashboard, mayAdminister, mayAnswerNotice, mayAttempt, mayImportPlan, mayIssueNotice, noticeScope, participantsOf, type MeasureParticipants } from './policy';
import type { Actor, Role } from './roles';

const LEAD = 1;
const PARTNER = 2;
const OUTSIDER = OUTSIDERS[0];
const parties: MeasureParticipants = { leadAgencyIds: [LEAD], partnerAgencyIds: [PARTNER], coordinatorAgencyId: COORDINATOR, planId: 'plan-1' };
const COMMANDS = Object.keys(COMMAND_AUTHORITY) as MeasureCommandType[];
const ADMIN_COMMANDS = ['syncAssignments', 'withdrawMeasure', 'reinstateMeasure', 'recomputeDeadlines'];
const PARTY_COMMANDS = ['acceptAssignment', 'declineAssignment', 'requestTransfer', 'submitReport', 'completeSubtask', 'raiseIssue', 'requestExtension'];
const LEAD_COMMANDS = [...PARTY_COMMANDS, 'createSubtask', 'applyClosure', 'reviewReport', 'escalate', 'decideExtension'];
const COORDINATOR_COMMANDS = [
  'reviewReport',
  'escalate',
  'decideExtension',
  'arbitrateDecline',
  'decideTransfer',
  'acknowledgeEscalation',
  'resolveEscalation',
  'triageIssue',
  'resolveIssue',
  'decideClosure',
  ...ADMIN_COMMANDS,
];

/** Every cell of the matrix: a role at the lead agency, a partner agency, an outside agency, this plan's or another plan's coordinator agency. */
const cells: { who: string; actor: Actor; reads: boolean; commands: readonly string[] }[] = [
  { who: 'an officer of the lead agency', actor: person(LEAD, 'officer'), reads: true, commands: LEAD_COMMANDS },
  { who: 'an officer of a partner agency', actor: person(PARTNER, 'officer'), reads: true, commands: PARTY_COMMANDS },
  { who: 'an officer of another agency', actor: person(OUTSIDER, 'officer'), reads: false, commands: [] },
  { who: "an officer of the plan's coordinator agency", actor: person(COORDINATOR, 'officer'), reads: false, commands: [] },
  { who: "the plan's coordinator", actor: person(COORDINATOR, 'coordinator'), reads: true, commands: COORDINATOR_COMMANDS },
  { who: "another plan's coordinator", actor: person(OTHER_COORDINATOR, 'coordinator'), reads: false, commands: [] },
  { who: 'a coordinator sitting in the lead agency', actor: person(LEAD, 'coordinator'), reads: false, commands: [] },
  { who: 'an auditor of another agency', actor: person(OUTSIDER, 'auditor'), reads: true, commands: [] },
  { who: 'an auditor of the lead agency', actor: person(LEAD, 'auditor'), reads: true, commands: [] },
  { who: 'an auditor who is also an officer of the partner agency', actor: person(PARTNER, 'officer', 'auditor'), reads: true, commands: [] },
  { who: "an auditor who is also the plan's coordinator", actor: person(COORDINATOR, 'coordinator', 'auditor'), reads: true, commands: [] },
  { who: 'an admin', actor: person(ADMIN_AGENCY, 'admin'), reads: true, commands: ADMIN_COMMANDS },
  { who: 'an admin of the lead agency', actor: person(LEAD, 'admin'), reads: true, commands: ADMIN_COMMANDS },
  { who: 'a person with no role', actor: person(LEAD, ...([] as Role[])), reads: false, commands: [] },
];

describe('the measure policy, role × own agency / another agency / another plan', () => {
  it.each(cells)('lets $who read the measure only when it stands on it (or audits, or administers)', ({ actor, reads }) => {
    expect(canReadMeasure(actor, parties)).toBe(reads);
  });

  it.each(cells)('lets $who attempt exactly its commands', ({ actor, commands }) => {
    const allowed = COMMANDS.filter((c) => mayAttempt(actor, c, parties));
    expect(allowed.sort()).toEqual([...commands].sort());
  });

  it('names every command of the decision core', () => {
    // respondIssue is nobody's on the measure alone: it needs the issue's responders (below).
    expect(COMMANDS.sort()).toEqual([...new Set([...LEAD_COMMANDS, ...COORDINATOR_COMMANDS, 'respondIssue'])].sort());
  });

  it('refuses a command it does not know, even one named like an object property', () => {
    expect(mayAttempt(person(COORDINATOR, 'coordinator'), 'constructor' as MeasureCommandType, parties)).toBe(false);
  });

  it('counts an officer as a party only while its agency is on the measure', () => {
    const state = startMeasure({ startedAt: '2026-03-02T01:00:00Z', leads: [LEAD], partners: [PARTNER, 3] });
    state.assignments.find((a) => a.agencyId === 3)!.status = 'withdrawn';
    const now = participantsOf(state);
    expect(now).toEqual({ leadAgencyIds: [LEAD], partnerAgencyIds: [PARTNER], coordinatorAgencyId: COORDINATOR, planId: 'plan-1' });
    expect(canReadMeasure(person(3, 'officer'), now)).toBe(false);
    expect(mayAttempt(person(3, 'officer'), 'submitReport', now)).toBe(false);
  });
});

describe('the pre-check and the decision core agree', () => {
  const startedAt = '2026-03-02T01:00:00Z';
  const now = Date.parse(startedAt);
  const state = startMeasure({ startedAt, leads: [LEAD], partners: [PARTNER] });
  const later = new Date(now + 20 * 86_400_000).toISOString();
  // Commands that some actor may send on a fresh measure, and what the core says to everyone else.
  const commands: { type: MeasureCommandType; input: Record<string, unknown> }[] = [
    { type: 'acceptAssignment', input: { agencyId: PARTNER } },
    { type: 'declineAssignment', input: { agencyId: PARTNER, reason: '不属于本单位职责' } },
    { type: 'requestTransfer', input: { agencyId: PARTNER, toAgencyId: 3, reason: '转办' } },
    { type: 'submitReport', input: { agencyId: PARTNER, cycleIndex: state.cycle.index, content: goodReport } },
    { type: 'raiseIssue', input: { title: '需协调', description: '', neededAgencyIds: [3] } },
    { type: 'createSubtask', input: { assigneeAgencyId: PARTNER, title: '分解任务', dueAt: later } },
    { type: 'escalate', input: { agencyId: PARTNER, reason: '进展滞后' } },
    { type: 'applyClosure', input: { evidence: '已完成', finalKpis: [] } },
    { type: 'arbitrateDecline', input: { agencyId: PARTNER, decision: 'insist', comment: '' } },
    { type: 'acknowledgeEscalation', input: { escalationId: 'none' } },
    { type: 'triageIssue', input: { issueId: 'none', responderAgencyIds: [3], dueAt: later } },
    { type: 'decideClosure', input: { approve: true, comment: '' } },
    { type: 'withdrawMeasure', input: { reason: '方案修订' } },
    { type: 'syncAssignments', input: { assignments: [{ agencyId: LEAD, role: 'lead' }] } },
  ];

  it('has, for every command tried, someone the core does not forbid (so the comparison can fail)', () => {
    for (const { type, input } of commands) {
      const passing = cells.filter(({ actor }) => validate(state, { type, actor, ...input } as MeasureCommand, now)?.kind !== 'Forbidden');
      expect({ type, passing: passing.length > 0 }).toEqual({ type, passing: true });
    }
  });

  it.each(cells)('never lets $who past the pre-check where the core forbids it, nor stops it where the core allows', ({ actor }) => {
    const p = participantsOf(state);
    for (const { type, input } of commands) {
      const refusal = validate(state, { type, actor, ...input } as MeasureCommand, now);
      if (!mayAttempt(actor, type, p)) expect({ type, refusal: refusal?.kind }).toEqual({ type, refusal: 'Forbidden' });
      if (refusal === null) expect({ type, allowed: mayAttempt(actor, type, p) }).toEqual({ type, allowed: true });
    }
  });
});

describe('answering a coordination issue (跨部门联动事项): the responder authority', () => {
  const RESPONDER = OUTSIDER;
  const withResponders: MeasureParticipants = { ...parties, responderAgencyIds: [RESPONDER, PARTNER] };
  it.each([
    { who: 'an officer of a responder agency holding no assignment', actor: person(RESPONDER, 'officer'), may: true },
    { who: 'an officer of a responder agency that is a partner', actor: person(PARTNER, 'officer'), may: true },
    { who: 'an officer of the lead agency, not named', actor: person(LEAD, 'officer'), may: false },
    { who: "the plan's coordinator", actor: person(COORDINATOR, 'coordinator'), may: false },
    { who: 'a coordinator sitting in a responder agency', actor: person(RESPONDER, 'coordinator'), may: false },
    { who: 'an auditor who is also an officer of a responder agency', actor: person(RESPONDER, 'officer', 'auditor'), may: false },
    { who: 'an admin of a responder agency', actor: person(RESPONDER, 'admin'), may: false },
  ])('lets $who respond: $may', ({ actor, may }) => {
    expect(isIssueResponder(actor, [RESPONDER, PARTNER])).toBe(may);
    expect(mayAttempt(actor, 'respondIssue', withResponders)).toBe(may);
    // Without the issue's responders nobody may: the measure's parties alone grant nothing.
    expect(mayAttempt(actor, 'respondIssue', parties)).toBe(false);
  });

  it('agrees with the decision core on a triaged issue', () => {
    const startedAt = '2026-03-02T01:00:00Z';
    const now = Date.parse(startedAt);
    let state = startMeasure({ startedAt, leads: [LEAD], partners: [PARTNER] });
    const run = (command: MeasureCommand) => {
      const d = decide(state, command, { now, newId: () => 'issue-1' });
      if (!d.ok) throw new Error(d.refusal.message);
      state = d.state;
    };
    run({ type: 'raiseIssue', actor: person(LEAD, 'officer'), title: '需协调', description: '', neededAgencyIds: [RESPONDER] });
    run({ type: 'triageIssue', actor: person(COORDINATOR, 'coordinator'), issueId: 'issue-1', responderAgencyIds: [RESPONDER, PARTNER], dueAt: new Date(now + 86_400_000).toISOString() });
    for (const { actor } of [...cells, { actor: person(RESPONDER, 'officer') }]) {
      const refusal = validate(state, { type: 'respondIssue', actor, issueId: 'issue-1', response: '已研究，同意配合' }, now);
      expect({ actor: actor.username, refused: refusal?.kind === 'Forbidden' }).toEqual({ actor: actor.username, refused: !mayAttempt(actor, 'respondIssue', withResponders) });
    }
  });
});

describe('the issue board (跨部门联动事项) scope', () => {
  it.each([
    { who: 'an auditor', actor: person(OUTSIDER, 'auditor'), scope: { all: true } },
    { who: 'an admin', actor: person(ADMIN_AGENCY, 'admin'), scope: { all: true } },
    { who: 'a coordinator', actor: person(COORDINATOR, 'coordinator'), scope: { all: false, coordinatorAgencyId: COORDINATOR } },
    { who: 'an officer', actor: person(PARTNER, 'officer'), scope: { all: false, officerAgencyId: PARTNER } },
    { who: 'an officer who also audits', actor: person(PARTNER, 'officer', 'auditor'), scope: { all: true } },
    { who: 'a person with no role', actor: person(LEAD, ...([] as Role[])), scope: null },
  ])('shows $who its issues', ({ actor, scope }) => {
    expect(issueBoardScope(actor)).toEqual(scope);
  });
});

describe('plan import and administration', () => {
  it.each([
    { who: 'an admin', actor: person(ADMIN_AGENCY, 'admin'), own: true, other: true, administers: true },
    { who: "the coordinator agency's coordinator", actor: person(COORDINATOR, 'coordinator'), own: true, other: false, administers: false },
    { who: "another agency's coordinator", actor: person(OTHER_COORDINATOR, 'coordinator'), own: false, other: true, administers: false },
    { who: "an officer of the coordinator agency", actor: person(COORDINATOR, 'officer'), own: false, other: false, administers: false },
    { who: 'an auditor', actor: person(COORDINATOR, 'auditor'), own: false, other: false, administers: false },
    { who: 'an auditor who is also the coordinator', actor: person(COORDINATOR, 'coordinator', 'auditor'), own: false, other: false, administers: false },
    { who: 'an auditor who is also an admin', actor: person(ADMIN_AGENCY, 'admin', 'auditor'), own: false, other: false, administers: false },
  ])('lets $who import plans it may coordinate, and administer only as an admin who audits nothing', ({ actor, own, other, administers }) => {
    expect(mayImportPlan(actor, COORDINATOR)).toBe(own);
    expect(mayImportPlan(actor, OTHER_COORDINATOR)).toBe(other);
    expect(mayAdminister(actor)).toBe(administers);
  });
});

describe('the escalation queue (督办)', () => {
  it.each([
    { who: 'a coordinator', actor: person(COORDINATOR, 'coordinator'), scope: { all: false, coordinatorAgencyId: COORDINATOR } },
    { who: "another plan's coordinator", actor: person(OTHER_COORDINATOR, 'coordinator'), scope: { all: false, coordinatorAgencyId: OTHER_COORDINATOR } },
    { who: 'a coordinator who is also an officer', actor: person(COORDINATOR, 'officer', 'coordinator'), scope: { all: false, coordinatorAgencyId: COORDINATOR } },
    { who: 'an auditor', actor: person(OUTSIDER, 'auditor'), scope: { all: true } },
    { who: 'an auditor who is also a coordinator', actor: person(COORDINATOR, 'coordinator', 'auditor'), scope: { all: true } },
    { who: 'an admin', actor: person(ADMIN_AGENCY, 'admin'), scope: { all: true } },
    { who: 'an officer', actor: person(LEAD, 'officer'), scope: null },
    { who: "an officer of the plan's coordinator agency", actor: person(COORDINATOR, 'officer'), scope: null },
    { who: 'a person with no role', actor: person(LEAD, ...([] as Role[])), scope: null },
  ])('gives $who the escalations it may read', ({ actor, scope }) => {
    expect(escalationQueueScope(actor)).toEqual(scope);
  });
});

describe('the dashboards (统计)', () => {
  it.each([
    { who: 'the working group’s coordinator', actor: person(COORDINATOR, 'coordinator'), reads: true },
    { who: 'another working group’s coordinator', actor: person(OTHER_COORDINATOR, 'coordinator'), reads: false },
    { who: 'an officer of the coordinating agency', actor: person(COORDINATOR, 'officer'), reads: false },
    { who: 'an officer', actor: person(LEAD, 'officer'), reads: false },
    { who: 'an auditor', actor: person(OUTSIDER, 'auditor'), reads: true },
    { who: 'an admin', actor: person(ADMIN_AGENCY, 'admin'), reads: true },
  ])('lets $who read them: $reads', ({ actor, reads }) => {
    expect(mayReadDashboard(actor, COORDINATOR)).toBe(reads);
  });
});

describe('supervision notices (督办单)', () => {
  const notice = { coordinatorAgencyId: COORDINATOR, agencyId: PARTNER };
  it.each([
    { who: "the plan's coordinator", actor: person(COORDINATOR, 'coordinator'), issue: true, answer: false, read: true },
    { who: "another plan's coordinator", actor: person(OTHER_COORDINATOR, 'coordinator'), issue: false, answer: false, read: false },
    { who: "an officer of the plan's coordinator agency", actor: person(COORDINATOR, 'officer'), issue: false, answer: false, read: false },
    { who: "an officer of the unit", actor: person(PARTNER, 'officer'), issue: false, answer: true, read: true },
    { who: "a coordinator of the unit's agency", actor: person(PARTNER, 'coordinator'), issue: false, answer: false, read: true },
    { who: 'an officer of another agency', actor: person(LEAD, 'officer'), issue: false, answer: false, read: false },
    { who: "an auditor who is also the unit's officer", actor: person(PARTNER, 'officer', 'auditor'), issue: false, answer: false, read: true },
    { who: "an auditor who is also the plan's coordinator", actor: person(COORDINATOR, 'coordinator', 'auditor'), issue: false, answer: false, read: true },
    { who: 'an admin', actor: person(ADMIN_AGENCY, 'admin'), issue: false, answer: false, read: true },
  ])('lets $who issue, answer and read as its role and agency allow', ({ actor, issue, answer, read }) => {
    expect(mayIssueNotice(actor, COORDINATOR)).toBe(issue);
    expect(mayAnswerNotice(actor, notice)).toBe(answer);
    expect(canReadNotice(actor, notice)).toBe(read);
  });

  it('lists what each may read, and nothing for a person with no role', () => {
    expect(noticeScope(person(OUTSIDER, 'auditor'))).toEqual({ all: true });
    expect(noticeScope(person(COORDINATOR, 'coordinator'))).toEqual({ all: false, agencyId: COORDINATOR, asCoordinator: true });
    expect(noticeScope(person(PARTNER, 'officer'))).toEqual({ all: false, agencyId: PARTNER, asCoordinator: false });
    expect(noticeScope(person(LEAD, ...([] as Role[])))).toBeNull();
  });
});
