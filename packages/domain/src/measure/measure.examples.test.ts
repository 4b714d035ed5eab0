// One named example for each bug the previous measure engine had (and the ones the model tests
// found in the decision core): readable regressions, each failing against the old behaviour.
import { describe, expect, it } from 'vitest';
import type { ReportingPolicy } from '../reporting/policy';
import { LIMITS, decide, validate, type MeasureCommand, type MeasureEvent } from './index';
import { COORDINATOR, HOURLY, MONTHLY, MeasureShell, admin, coordinator, goodReport, officerOf, ofType, person } from './measure.test-support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** January 2026, China time: cycle 0 is January, due on the 5th working day of February (6 February). */
const JAN_2026 = '2026-01-05T02:00:00.000Z';
const CYCLE0_DUE = '2026-02-06T16:00:00.000Z';
const CYCLE0_CLOSES = '2026-02-28T16:00:00.000Z';

const lead = officerOf(1);
const partner = officerOf(11);

function measure(partners = [11], policy: ReportingPolicy = MONTHLY, startedAt = JAN_2026, leads = [1]) {
  const m = new MeasureShell({ policy, startedAt, leads, partners });
  return m;
}
const escalationsOf = (events: MeasureEvent[], agencyId: number) => ofType(events, 'escalation.raised').filter((e) => e.agencyId === agencyId);

describe('bad input is refused with the field it concerns', () => {
  const BAD_IDS: unknown[] = [0, -1, 1.5, '12', Number.NaN];

  it.each(BAD_IDS)('refuses a transfer to agency %s as InvalidInput on toAgencyId', (bad) => {
    const m = measure();
    const { refusal } = m.run('requestTransfer', { actor: partner, agencyId: 11, toAgencyId: bad as number, reason: '职能调整' });
    expect(refusal).toMatchObject({ kind: 'InvalidInput', field: 'toAgencyId' });
  });

  it.each(BAD_IDS)('refuses to reassign a declined assignment to agency %s as InvalidInput on reassignToAgencyId', (bad) => {
    const m = measure();
    m.ok('declineAssignment', { actor: partner, agencyId: 11, reason: '不属于本单位职责' });
    const { refusal } = m.run('arbitrateDecline', { actor: coordinator, agencyId: 11, decision: 'reassign', reassignToAgencyId: bad as number, comment: '' });
    expect(refusal).toMatchObject({ kind: 'InvalidInput', field: 'reassignToAgencyId' });
  });

  it.each(BAD_IDS)('refuses to triage an issue to responder %s as InvalidInput on responderAgencyIds', (bad) => {
    const m = measure();
    const [raised] = ofType(m.ok('raiseIssue', { actor: partner, title: '数据口径不一致', description: '', neededAgencyIds: [1] }), 'issue.raised');
    const { refusal } = m.run('triageIssue', { actor: coordinator, issueId: raised!.issueId, responderAgencyIds: [1, bad as number], dueAt: '2026-01-20T16:00:00Z' });
    expect(refusal).toMatchObject({ kind: 'InvalidInput', field: 'responderAgencyIds[1]' });
  });

  it('refuses texts holding U+0000, naming the field', () => {
    const m = measure();
    expect(m.run('declineAssignment', { actor: partner, agencyId: 11, reason: '不属于\u0000本单位' }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'reason' });
    expect(m.run('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: { ...goodReport, problems: 'a\u0000' } }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'content.problems' });
    expect(m.run('raiseIssue', { actor: partner, title: '\u0000', description: '', neededAgencyIds: [1] }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'title' });
  });

  it('refuses a 100,000-character text, naming the field', () => {
    const m = measure();
    const huge = '长'.repeat(100_000);
    expect(m.run('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: { ...goodReport, summary: huge } }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'content.summary' });
    expect(m.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-20T16:00:00Z', reason: huge }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'reason' });
    expect(m.run('escalate', { actor: coordinator, agencyId: 11, reason: huge }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'reason' });
  });

  it('refuses commands whose type names no rule, even an inherited property such as constructor or toString', () => {
    const m = measure();
    for (const type of ['constructor', 'toString', 'hasOwnProperty', 'bogus']) {
      const command = { type, actor: coordinator } as unknown as MeasureCommand;
      expect(validate(m.state, command, m.now)).toMatchObject({ kind: 'InvalidInput', field: 'type' });
      expect(decide(m.state, command, { now: m.now, newId: m.newId })).toMatchObject({ ok: false, refusal: { kind: 'InvalidInput', field: 'type' } });
    }
  });
});

describe('an extension request never outlives the assignment or the cycle it was made for', () => {
  const requestExtension = (m: MeasureShell) => ofType(m.ok('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-20T16:00:00Z', reason: '数据未出' }), 'extension.requested')[0]!;

  it('lapses when the assignment is transferred to another agency; approving it afterwards is refused', () => {
    const m = measure();
    const ext = requestExtension(m);
    m.ok('requestTransfer', { actor: partner, agencyId: 11, toAgencyId: 12, reason: '机构改革' });
    const events = m.ok('decideTransfer', { actor: coordinator, agencyId: 11, approve: true, comment: '' });
    expect(ofType(events, 'extension.rejected')).toMatchObject([{ extensionId: ext.extensionId, agencyId: 11 }]);
    expect(m.run('decideExtension', { actor: coordinator, extensionId: ext.extensionId, approve: true, comment: '' }).refusal).toMatchObject({ kind: 'InvalidTransition' });
  });

  it('lapses when the agency declines the assignment; approving it afterwards is refused', () => {
    const m = measure();
    const ext = requestExtension(m);
    const events = m.ok('declineAssignment', { actor: partner, agencyId: 11, reason: '不属于本单位职责' });
    expect(ofType(events, 'extension.rejected')).toMatchObject([{ extensionId: ext.extensionId }]);
    expect(m.run('decideExtension', { actor: coordinator, extensionId: ext.extensionId, approve: true, comment: '' }).refusal).toMatchObject({ kind: 'InvalidTransition' });
  });

  it('lapses at rollover with extension.rejected, and never shortens the new cycle’s deadline', () => {
    const m = measure();
    const ext = requestExtension(m);
    const events = m.advanceTo(CYCLE0_CLOSES);
    expect(ofType(events, 'extension.rejected')).toMatchObject([{ extensionId: ext.extensionId, agencyId: 11 }]);
    expect(m.state.cycle.index).toBe(1);
    expect(m.state.cycle.duties.find((d) => d.agencyId === 11)!.schedule.dueAt).toBe(m.state.cycle.dueAt);
    expect(m.run('decideExtension', { actor: coordinator, extensionId: ext.extensionId, approve: true, comment: '' }).refusal).toMatchObject({ kind: 'InvalidTransition' });
    expect(m.state.cycle.duties.find((d) => d.agencyId === 11)!.schedule.dueAt).toBe('2026-03-06T16:00:00.000Z');
  });

  it('extends a working-day deadline to the end of the requested day, so the ladder never starts before the new due date', () => {
    // Found by the model: an extension to 09:00 gave a blue rung at the end of the previous day, and
    // every tick raised and at once resolved an escalation.
    const m = measure([11], { ...MONTHLY, escalation: { blue: 0, yellow: 0, red: 0 } });
    const [ext] = ofType(m.ok('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-10T01:00:00Z', reason: '数据未出' }), 'extension.requested');
    expect(ext!.requestedDueAt).toBe('2026-02-10T16:00:00.000Z');
    m.ok('decideExtension', { actor: coordinator, extensionId: ext!.extensionId, approve: true, comment: '' });
    expect(escalationsOf(m.advanceTo('2026-02-10T15:59:59Z'), 11)).toEqual([]);
    expect(escalationsOf(m.advanceTo('2026-02-10T16:00:00Z'), 11)).toHaveLength(1);
  });
});

describe('an extension stays inside its cycle and ahead of now', () => {
  it('refuses a requested date at or past the cycle’s close, naming requestedDueAt', () => {
    const m = measure();
    expect(m.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: CYCLE0_CLOSES, reason: '数据未出' }).refusal).toMatchObject({
      kind: 'InvalidInput',
      field: 'requestedDueAt',
    });
    expect(m.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-26T16:00:00Z', reason: '数据未出' }).refusal).toBeNull();
  });

  it('refuses to approve a request whose date has already passed', () => {
    const m = measure();
    const [ext] = ofType(m.ok('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-10T16:00:00Z', reason: '数据未出' }), 'extension.requested');
    m.advanceTo('2026-02-11T02:00:00Z');
    expect(m.run('decideExtension', { actor: coordinator, extensionId: ext!.extensionId, approve: true, comment: '' }).refusal).toMatchObject({ kind: 'InvalidTransition', message: expect.stringContaining('already passed') });
    expect(m.run('decideExtension', { actor: coordinator, extensionId: ext!.extensionId, approve: false, comment: '请按期报送' }).refusal).toBeNull();
  });
});

describe('an extension (延期) is requested before the due date (rule extension-before-due)', () => {
  const RULES = { extensionBeforeDue: true };
  it('accepts a request up to the instant before the due date, and refuses it from the due date on, naming the rule', () => {
    const m = new MeasureShell({ policy: MONTHLY, startedAt: JAN_2026, leads: [1], partners: [11] }, RULES);
    m.advanceTo(Date.parse(CYCLE0_DUE) - 1);
    expect(m.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-20T16:00:00Z', reason: '数据未出' }).refusal).toBeNull();
    const late = new MeasureShell({ policy: MONTHLY, startedAt: JAN_2026, leads: [1], partners: [11] }, RULES);
    late.advanceTo(CYCLE0_DUE);
    expect(late.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-20T16:00:00Z', reason: '数据未出' }).refusal).toMatchObject({
      kind: 'InvalidTransition',
      message: expect.stringContaining('before the due date'),
    });
  });

  it('still lets a run without the rule (recorded before it) take a late request, as it did', () => {
    const m = measure();
    m.advanceTo('2026-02-12T02:00:00Z');
    expect(m.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-20T16:00:00Z', reason: '数据未出' }).refusal).toBeNull();
  });

  it('measures a returned report against its own due date: before it, the unit may still ask', () => {
    const m = new MeasureShell({ policy: MONTHLY, startedAt: JAN_2026, leads: [1], partners: [11] }, RULES);
    m.advanceTo('2026-02-02T02:00:00Z');
    m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport });
    m.ok('reviewReport', { actor: lead, agencyId: 11, cycleIndex: 0, decision: 'return', comment: '请补充数据' });
    expect(m.run('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-20T16:00:00Z', reason: '补充数据' }).refusal).toBeNull();
  });

  it('stops the overdue escalation when a request made in time is approved after the due date', () => {
    const m = new MeasureShell({ policy: MONTHLY, startedAt: JAN_2026, leads: [1], partners: [11] }, RULES);
    m.advanceTo('2026-02-05T02:00:00Z');
    const [ext] = ofType(m.ok('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-26T16:00:00Z', reason: '春节假期' }), 'extension.requested');
    const [raised] = escalationsOf(m.advanceTo('2026-02-12T02:00:00Z'), 11);
    expect(raised).toMatchObject({ level: 'blue' });
    const approved = m.ok('decideExtension', { actor: coordinator, extensionId: ext!.extensionId, approve: true, comment: '同意' });
    expect(ofType(approved, 'escalation.resolved')).toMatchObject([{ escalationId: raised!.escalationId }]);
    expect(m.state.escalations.filter((e) => e.agencyId === 11)).toEqual([]);
  });

  it("never lets a lead decide its own agency's request, even with another lead on the measure; the other lead may", () => {
    const m = new MeasureShell({ policy: MONTHLY, startedAt: JAN_2026, leads: [1, 2], partners: [11] }, RULES);
    const [ext] = ofType(m.ok('requestExtension', { actor: lead, agencyId: 1, requestedDueAt: '2026-02-20T16:00:00Z', reason: '汇总延后' }), 'extension.requested');
    expect(m.run('decideExtension', { actor: lead, extensionId: ext!.extensionId, approve: false, comment: '不同意' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(ofType(m.ok('decideExtension', { actor: officerOf(2), extensionId: ext!.extensionId, approve: true, comment: '' }), 'extension.approved')).toHaveLength(1);
  });
});

describe('coordination issue responses (跨部门联动事项)', () => {
  const OUTSIDE = 30;
  function triaged() {
    const m = measure([11]);
    const [raised] = ofType(m.ok('raiseIssue', { actor: partner, title: '需海关配合', description: '通关数据', neededAgencyIds: [OUTSIDE] }), 'issue.raised');
    m.ok('triageIssue', { actor: coordinator, issueId: raised!.issueId, responderAgencyIds: [OUTSIDE, 1], dueAt: '2026-01-20T16:00:00Z' });
    return { m, issueId: raised!.issueId };
  }

  it('takes an answer from an officer of a named responder holding no assignment, and tells the coordinator and the raiser', () => {
    const { m, issueId } = triaged();
    const [responded] = ofType(m.ok('respondIssue', { actor: officerOf(OUTSIDE), issueId, response: '同意提供数据' }), 'issue.responded');
    expect(responded).toMatchObject({ issueId, agencyId: OUTSIDE, response: '同意提供数据', notify: [COORDINATOR, 11] });
  });

  it('takes a second answer from the same agency as a new revision', () => {
    const { m, issueId } = triaged();
    const first = ofType(m.ok('respondIssue', { actor: officerOf(1), issueId, response: '初步意见' }), 'issue.responded')[0]!;
    const second = ofType(m.ok('respondIssue', { actor: officerOf(1), issueId, response: '补充意见' }), 'issue.responded')[0]!;
    expect(second.responseId).not.toBe(first.responseId);
  });

  it('refuses agencies not named, the coordinator, auditors, empty answers, untriaged and resolved issues', () => {
    const { m, issueId } = triaged();
    expect(m.run('respondIssue', { actor: partner, issueId, response: '意见' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(m.run('respondIssue', { actor: coordinator, issueId, response: '意见' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(m.run('respondIssue', { actor: person(OUTSIDE, 'officer', 'auditor'), issueId, response: '意见' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(m.run('respondIssue', { actor: officerOf(OUTSIDE), issueId, response: '  ' }).refusal).toMatchObject({ kind: 'InvalidInput', field: 'response' });
    const [open] = ofType(m.ok('raiseIssue', { actor: partner, title: '另一事项', description: '', neededAgencyIds: [OUTSIDE] }), 'issue.raised');
    expect(m.run('respondIssue', { actor: officerOf(OUTSIDE), issueId: open!.issueId, response: '意见' }).refusal).toMatchObject({ kind: 'InvalidTransition' });
    m.ok('resolveIssue', { actor: coordinator, issueId, resolution: '已解决' });
    expect(m.run('respondIssue', { actor: officerOf(OUTSIDE), issueId, response: '意见' }).refusal).toMatchObject({ kind: 'InvalidTransition' });
  });

  it('asks for a new triage on an issue triaged before responders were kept in the state', () => {
    const { m, issueId } = triaged();
    delete m.state.issues[0]!.responderAgencyIds;
    expect(m.run('respondIssue', { actor: officerOf(OUTSIDE), issueId, response: '意见' }).refusal).toMatchObject({ kind: 'InvalidTransition', message: expect.stringContaining('triages it again') });
    m.ok('triageIssue', { actor: coordinator, issueId, responderAgencyIds: [OUTSIDE], dueAt: '2026-01-20T16:00:00Z' });
    expect(m.run('respondIssue', { actor: officerOf(OUTSIDE), issueId, response: '意见' }).refusal).toBeNull();
  });
});

describe('monthly cycles roll over at the right time', () => {
  it('closes January 2026 on 1 March 00:00 China time, February on 1 April, and so on through the year', () => {
    const m = measure();
    expect(m.state.cycle).toMatchObject({ index: 0, dueAt: CYCLE0_DUE, closesAt: CYCLE0_CLOSES });
    const closes: string[] = [];
    for (let index = 0; index < 12; index++) {
      const at = Date.parse(m.state.cycle.closesAt);
      closes.push(m.state.cycle.closesAt);
      m.advanceTo(at - 1);
      expect(m.state.cycle.index, `cycle ${index} still open a moment before it closes`).toBe(index);
      m.advanceTo(at);
      expect(m.state.cycle.index, `cycle ${index + 1} open when ${index} closes`).toBe(index + 1);
      expect(m.state.cycle.opensAt).toBe(closes.at(-1));
    }
    // Midnight China time on the first of the month after next: 16:00 UTC the day before.
    expect(closes).toEqual(Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, i + 2, 1) - 8 * HOUR).toISOString()));
    expect(closes.slice(0, 2)).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
  });
});

describe('a returned report (退回修改) is chased again', () => {
  function returned(at: string) {
    const m = measure();
    m.advanceTo('2026-02-05T02:00:00Z');
    m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport });
    m.advanceTo(at);
    return { m, events: m.ok('reviewReport', { actor: lead, agencyId: 11, cycleIndex: 0, decision: 'return', comment: '数据口径有误，请修改' }) };
  }

  it('is reminded again when returned before its due date', () => {
    const { events } = returned('2026-02-05T03:00:00Z');
    expect(ofType(events, 'reminder.sent')).toMatchObject([{ agencyId: 11, cycleIndex: 0 }]);
  });

  it('is escalated when returned after its blue rung', () => {
    const { events } = returned('2026-02-12T03:00:00Z');
    expect(escalationsOf(events, 11)).toMatchObject([{ kind: 'overdue', level: 'blue', cycleIndex: 0 }]);
  });

  it('is counted missed when the cycle closes before it comes back', () => {
    const { m } = returned('2026-02-05T03:00:00Z');
    expect(ofType(m.advanceTo(CYCLE0_CLOSES), 'cycle.missed')).toContainEqual(expect.objectContaining({ agencyId: 11, cycleIndex: 0 }));
  });
});

describe('after rollover, last cycle’s reports are still in play', () => {
  it('reviews a report submitted before the cycle closed', () => {
    const m = measure();
    m.advanceTo('2026-02-05T02:00:00Z');
    m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport });
    m.advanceTo(CYCLE0_CLOSES);
    expect(m.state.cycle.index).toBe(1);
    expect(ofType(m.ok('reviewReport', { actor: lead, agencyId: 11, cycleIndex: 0, decision: 'accept', comment: '' }), 'report.accepted')).toHaveLength(1);
  });

  it('takes a revised report for a cycle that has closed, after it was returned', () => {
    const m = measure();
    m.advanceTo('2026-02-05T02:00:00Z');
    m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport });
    m.advanceTo(CYCLE0_CLOSES);
    m.ok('reviewReport', { actor: lead, agencyId: 11, cycleIndex: 0, decision: 'return', comment: '补充数据' });
    const [resubmitted] = ofType(m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport }), 'report.submitted');
    expect(resubmitted).toMatchObject({ cycleIndex: 0, revision: 2, late: true });
  });
});

describe('escalations stop and pause when they should', () => {
  it('resolves an open overdue escalation when an extension is approved, and it never climbs to red', () => {
    const m = measure();
    const [raised] = escalationsOf(m.advanceTo('2026-02-12T02:00:00Z'), 11);
    expect(raised).toMatchObject({ level: 'blue' });
    const [ext] = ofType(m.ok('requestExtension', { actor: partner, agencyId: 11, requestedDueAt: '2026-02-26T16:00:00Z', reason: '春节假期' }), 'extension.requested');
    const approved = m.ok('decideExtension', { actor: coordinator, extensionId: ext!.extensionId, approve: true, comment: '同意' });
    expect(ofType(approved, 'escalation.resolved')).toMatchObject([{ escalationId: raised!.escalationId }]);
    const later = m.advanceTo(CYCLE0_CLOSES);
    expect(ofType([...approved, ...later], 'escalation.climbed').filter((e) => e.escalationId === raised!.escalationId)).toEqual([]);
    expect(m.state.escalations.some((e) => e.agencyId === 11 && e.level === 'red')).toBe(false);
  });

  it('does not send open escalations to red on reinstatement: they resume where they stood, shifted by the pause', () => {
    const m = measure();
    m.advanceTo('2026-02-02T02:00:00Z');
    const [raised] = ofType(m.ok('escalate', { actor: coordinator, agencyId: 11, reason: '进度滞后' }), 'escalation.raised');
    expect(raised).toMatchObject({ level: 'yellow' });
    const redAt = Date.parse(m.state.escalations[0]!.climbAt.red!);
    m.advanceTo('2026-02-03T02:00:00Z');
    m.ok('withdrawMeasure', { actor: coordinator, reason: '方案修订' });
    m.advanceTo('2026-02-20T02:00:00Z');
    const reinstated = m.ok('reinstateMeasure', { actor: coordinator, comment: '方案恢复' });
    expect(ofType(reinstated, 'escalation.climbed')).toEqual([]);
    expect(m.state.escalations[0]).toMatchObject({ id: raised!.escalationId, level: 'yellow' });
    const pause = 17 * DAY;
    expect(m.state.escalations[0]!.climbAt.red).toBe(new Date(redAt + pause).toISOString());
    m.advanceTo(redAt + pause - 1);
    expect(m.state.escalations[0]!.level).toBe('yellow');
    m.advanceTo(redAt + pause);
    expect(m.state.escalations[0]!.level).toBe('red');
  });

  it('climbs a manual escalation in working days, skipping the National Day holiday (2025) and counting make-up days', () => {
    // blue → yellow 4 working days, → red 7: from Friday 26 September: 28 (Sunday, make-up), 29, 30, [1–8 October off], 9; 10, 11 (Saturday, make-up), 13.
    const policy: ReportingPolicy = { ...MONTHLY, escalation: { blue: 1, yellow: 5, red: 8 } };
    const m = measure([11], policy, '2025-09-01T02:00:00.000Z');
    m.advanceTo('2025-09-26T02:00:00Z');
    const [raised] = ofType(m.ok('escalate', { actor: lead, agencyId: 11, reason: '配合单位未反馈' }), 'escalation.raised');
    expect(raised).toMatchObject({ kind: 'manual', level: 'blue' });
    expect(m.state.escalations.find((e) => e.id === raised!.escalationId)!.climbAt).toEqual({ yellow: '2025-10-09T16:00:00.000Z', red: '2025-10-13T16:00:00.000Z' });
    m.advanceTo('2025-10-09T15:59:59Z');
    expect(m.state.escalations.find((e) => e.id === raised!.escalationId)!.level).toBe('blue');
    const climbed = m.advanceTo('2025-10-09T16:00:00Z');
    expect(ofType(climbed, 'escalation.climbed')).toContainEqual(expect.objectContaining({ escalationId: raised!.escalationId, level: 'yellow' }));
  });
});

describe('who may act', () => {
  it('does not chase or block the lead for a partner that declined: the combined report may be submitted', () => {
    const m = measure([11, 12]);
    m.ok('declineAssignment', { actor: partner, agencyId: 11, reason: '不属于本单位职责' });
    m.ok('acceptAssignment', { actor: officerOf(12), agencyId: 12 });
    m.ok('acceptAssignment', { actor: lead, agencyId: 1 });
    m.advanceTo('2026-02-03T02:00:00Z');
    m.ok('submitReport', { actor: officerOf(12), agencyId: 12, cycleIndex: 0, content: goodReport });
    m.ok('reviewReport', { actor: lead, agencyId: 12, cycleIndex: 0, decision: 'accept', comment: '' });
    expect(ofType(m.ok('submitReport', { actor: lead, agencyId: 1, cycleIndex: 0, content: goodReport }), 'report.submitted')).toMatchObject([{ kind: 'combined' }]);
    const later = m.advanceTo(CYCLE0_CLOSES);
    expect(ofType(later, 'escalation.raised')).toEqual([]);
    expect(ofType(later, 'cycle.missed')).toEqual([]);
  });

  it('refuses a lead deciding its own agency’s extension (Forbidden); the coordinator may', () => {
    const m = measure();
    const [ext] = ofType(m.ok('requestExtension', { actor: lead, agencyId: 1, requestedDueAt: '2026-02-20T16:00:00Z', reason: '汇总延后' }), 'extension.requested');
    expect(m.run('decideExtension', { actor: lead, extensionId: ext!.extensionId, approve: true, comment: '' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(ofType(m.ok('decideExtension', { actor: coordinator, extensionId: ext!.extensionId, approve: true, comment: '' }), 'extension.approved')).toHaveLength(1);
  });

  it('refuses extensions and subtask completion to agencies that declined, were withdrawn or transferred away', () => {
    const m = measure([11, 12, 13]);
    const subtaskFor = (agencyId: number) =>
      ofType(m.ok('createSubtask', { actor: lead, assigneeAgencyId: agencyId, title: '提供数据', dueAt: '2026-01-20T16:00:00Z' }), 'subtask.created')[0]!.subtaskId;
    const subtasks = { 11: subtaskFor(11), 12: subtaskFor(12), 13: subtaskFor(13) };
    m.ok('declineAssignment', { actor: officerOf(11), agencyId: 11, reason: '不属于本单位职责' });
    m.ok('syncAssignments', { actor: admin, assignments: [{ agencyId: 1, role: 'lead' }, { agencyId: 11, role: 'partner' }, { agencyId: 13, role: 'partner' }] });
    m.ok('requestTransfer', { actor: officerOf(13), agencyId: 13, toAgencyId: 14, reason: '机构改革' });
    m.ok('decideTransfer', { actor: coordinator, agencyId: 13, approve: true, comment: '' });
    for (const agencyId of [11, 12, 13] as const) {
      expect(m.run('requestExtension', { actor: officerOf(agencyId), agencyId, requestedDueAt: '2026-02-20T16:00:00Z', reason: '延期' }).refusal, `extension for ${agencyId}`).not.toBeNull();
      expect(m.run('completeSubtask', { actor: officerOf(agencyId), subtaskId: subtasks[agencyId], note: '' }).refusal, `subtask of ${agencyId}`).not.toBeNull();
    }
    // The agency that took the assignment over completes the subtask it inherited.
    expect(m.run('completeSubtask', { actor: officerOf(14), subtaskId: subtasks[13], note: '已完成' }).refusal).toBeNull();
  });

  it('refuses a lead that declined its assignment every lead command: it is no current party', () => {
    // Found by the model: a declined lead still reviewed partner reports, created subtasks and decided extensions.
    const m = measure([11]);
    m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport });
    m.ok('declineAssignment', { actor: lead, agencyId: 1, reason: '牵头单位有误' });
    expect(m.run('reviewReport', { actor: lead, agencyId: 11, cycleIndex: 0, decision: 'accept', comment: '' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(m.run('createSubtask', { actor: lead, assigneeAgencyId: 11, title: '提供数据', dueAt: '2026-01-20T16:00:00Z' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(m.run('escalate', { actor: lead, agencyId: 11, reason: '进度滞后' }).refusal).toMatchObject({ kind: 'Forbidden' });
    expect(m.run('applyClosure', { actor: lead, evidence: '已完成', finalKpis: [] }).refusal).toMatchObject({ kind: 'Forbidden' });
    // Once the coordinator insists, it leads again.
    m.ok('arbitrateDecline', { actor: coordinator, agencyId: 1, decision: 'insist', comment: '请继续牵头' });
    expect(m.run('reviewReport', { actor: lead, agencyId: 11, cycleIndex: 0, decision: 'accept', comment: '' }).refusal).toBeNull();
  });

  it('refuses acknowledging, resolving and triaging escalations and issues on a withdrawn measure', () => {
    const m = measure();
    const [open] = ofType(m.ok('escalate', { actor: coordinator, agencyId: 11, reason: '进度滞后' }), 'escalation.raised');
    const [acknowledged] = ofType(m.ok('escalate', { actor: coordinator, agencyId: null, reason: '整体滞后' }), 'escalation.raised');
    m.ok('acknowledgeEscalation', { actor: coordinator, escalationId: acknowledged!.escalationId });
    const [untriaged] = ofType(m.ok('raiseIssue', { actor: partner, title: '数据口径', description: '', neededAgencyIds: [1] }), 'issue.raised');
    const [triaged] = ofType(m.ok('raiseIssue', { actor: partner, title: '经费', description: '', neededAgencyIds: [1] }), 'issue.raised');
    m.ok('triageIssue', { actor: coordinator, issueId: triaged!.issueId, responderAgencyIds: [1], dueAt: '2026-01-20T16:00:00Z' });
    m.ok('withdrawMeasure', { actor: coordinator, reason: '方案修订' });
    const refusals = [
      m.run('acknowledgeEscalation', { actor: coordinator, escalationId: open!.escalationId }),
      m.run('resolveEscalation', { actor: coordinator, escalationId: acknowledged!.escalationId, decision: '已协调' }),
      m.run('triageIssue', { actor: coordinator, issueId: untriaged!.issueId, responderAgencyIds: [1], dueAt: '2026-01-20T16:00:00Z' }),
      m.run('resolveIssue', { actor: coordinator, issueId: triaged!.issueId, resolution: '已解决' }),
    ].map((r) => r.refusal);
    expect(refusals).toEqual(Array(4).fill(expect.objectContaining({ kind: 'InvalidTransition' })));
  });

  it('refuses a person holding the auditor role everything, whatever other roles they hold', () => {
    const m = measure([11, 12]);
    m.ok('declineAssignment', { actor: officerOf(12), agencyId: 12, reason: '不属于本单位职责' });
    m.ok('submitReport', { actor: partner, agencyId: 11, cycleIndex: 0, content: goodReport });
    const [ext] = ofType(m.ok('requestExtension', { actor: lead, agencyId: 1, requestedDueAt: '2026-02-20T16:00:00Z', reason: '汇总延后' }), 'extension.requested');
    const [esc] = ofType(m.ok('escalate', { actor: coordinator, agencyId: 11, reason: '进度滞后' }), 'escalation.raised');
    const [issue] = ofType(m.ok('raiseIssue', { actor: partner, title: '数据口径', description: '', neededAgencyIds: [1] }), 'issue.raised');
    const [subtask] = ofType(m.ok('createSubtask', { actor: lead, assigneeAgencyId: 11, title: '提供数据', dueAt: '2026-01-20T16:00:00Z' }), 'subtask.created');
    // Each command as the person allowed to do it; then the same person with the auditor role added.
    const allowed: MeasureCommand[] = [
      { type: 'acceptAssignment', actor: lead, agencyId: 1 },
      { type: 'requestTransfer', actor: lead, agencyId: 1, toAgencyId: 2, reason: '机构改革' },
      { type: 'declineAssignment', actor: lead, agencyId: 1, reason: '牵头单位有误' },
      { type: 'reviewReport', actor: lead, agencyId: 11, cycleIndex: 0, decision: 'accept', comment: '' },
      { type: 'createSubtask', actor: lead, assigneeAgencyId: 11, title: '提供数据', dueAt: '2026-01-20T16:00:00Z' },
      { type: 'completeSubtask', actor: partner, subtaskId: subtask!.subtaskId, note: '' },
      { type: 'raiseIssue', actor: partner, title: '经费', description: '', neededAgencyIds: [1] },
      { type: 'escalate', actor: lead, agencyId: 11, reason: '进度滞后' },
      { type: 'applyClosure', actor: lead, evidence: '已完成', finalKpis: [] },
      { type: 'arbitrateDecline', actor: coordinator, agencyId: 12, decision: 'insist', comment: '' },
      { type: 'acknowledgeEscalation', actor: coordinator, escalationId: esc!.escalationId },
      { type: 'triageIssue', actor: coordinator, issueId: issue!.issueId, responderAgencyIds: [1], dueAt: '2026-01-20T16:00:00Z' },
      { type: 'decideExtension', actor: coordinator, extensionId: ext!.extensionId, approve: true, comment: '' },
      { type: 'escalate', actor: coordinator, agencyId: null, reason: '整体滞后' },
      { type: 'withdrawMeasure', actor: coordinator, reason: '方案修订' },
      { type: 'recomputeDeadlines', actor: coordinator },
      { type: 'syncAssignments', actor: coordinator, assignments: [{ agencyId: 1, role: 'lead' }] },
      { type: 'withdrawMeasure', actor: admin, reason: '方案修订' },
    ];
    for (const command of allowed) {
      expect(validate(m.state, command, m.now), `${command.actor.username} may ${command.type}`).toBeNull();
      const auditing = { ...command, actor: person(command.actor.agencyId, ...command.actor.roles, 'auditor') };
      expect(validate(m.state, auditing, m.now), `${auditing.actor.username} may not ${command.type}`).toMatchObject({ kind: 'Forbidden' });
    }
    expect(validate(m.state, { type: 'acknowledgeEscalation', actor: person(COORDINATOR, 'auditor', 'coordinator'), escalationId: esc!.escalationId }, m.now)).toMatchObject({ kind: 'Forbidden' });
  });
});

describe('state stays bounded however long a measure runs', () => {
  it('keeps only the latest withdrawn assignments when an assignment is transferred back and forth', () => {
    const m = measure([11], HOURLY, JAN_2026);
    for (let i = 0; i < 2 * LIMITS.withdrawnAssignmentsKept; i++) {
      const [from, to] = i % 2 === 0 ? [11, 12] : [12, 11];
      m.ok('requestTransfer', { actor: officerOf(from), agencyId: from, toAgencyId: to, reason: '来回调整' });
      m.ok('decideTransfer', { actor: coordinator, agencyId: from, approve: true, comment: '' });
    }
    expect(m.state.assignments.filter((a) => a.status === 'withdrawn').length).toBeLessThanOrEqual(LIMITS.withdrawnAssignmentsKept);
    expect(m.state.assignments.filter((a) => a.status !== 'withdrawn')).toMatchObject([{ agencyId: 1 }, { agencyId: 11, status: 'pending' }]);
  });

  it('does not pile up completed subtasks within one cycle', () => {
    const m = measure([11]);
    // Straight through decide: the shell's validation and timers would only slow 600 commands down.
    let s = m.state;
    const apply = (command: MeasureCommand) => {
      const decision = decide(s, command, { now: m.now, newId: m.newId });
      if (!decision.ok) throw new Error(decision.refusal.message);
      s = decision.state;
      return decision.events;
    };
    for (let i = 0; i < 2 * LIMITS.openSubtasks; i++) {
      const [created] = ofType(apply({ type: 'createSubtask', actor: lead, assigneeAgencyId: 11, title: '提供数据', dueAt: '2026-01-20T16:00:00Z' }), 'subtask.created');
      apply({ type: 'completeSubtask', actor: partner, subtaskId: created!.subtaskId, note: '' });
    }
    expect(s.subtasks.length).toBeLessThanOrEqual(LIMITS.openSubtasks);
  });
});
