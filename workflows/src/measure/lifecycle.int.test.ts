import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar, chinaDate, reportingPolicySchema, type CalendarData } from '@liandong/domain';
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { SEARCH_ATTRIBUTES } from '../search-attributes';
import * as m from './measure.messages';
import { actor, agencyId, auditActions, content, recordHistory, refusal, setUpMeasureTests, startFixtureMeasure, waitFor, type MeasureTestContext } from './measure.test-support';

let ctx: MeasureTestContext;
beforeAll(async () => {
  ctx = await setUpMeasureTests();
});
afterAll(() => ctx?.stop());

const dueOf = async (measureId: string, agencyId: number) =>
  (await ctx.db.selectFrom('assignments').select('dueAt').where('measureId', '=', measureId).where('agencyId', '=', agencyId).executeTakeFirstOrThrow()).dueAt;

describe('coordination issues (跨部门联动事项)', () => {
  it('goes from a unit to the coordinator, who assigns responders and records the resolution', async () => {
    const f = await startFixtureMeasure(ctx);
    const raised = await f.handle.executeUpdate(m.raiseIssueUpdate, {
      args: [{ actor: f.partnerOfficer(0), title: '跨境数据流动需网信部门支持', description: '数据出境评估流程不明确', neededAgencyIds: [f.partners[1]!] }],
    });
    const issueId = raised.created!;
    expect(await refusal(f.handle.executeUpdate(m.resolveIssueUpdate, { args: [{ actor: f.coordinatorUser, issueId, resolution: '已解决' }] }))).toMatch(/triage/);
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await f.handle.executeUpdate(m.triageIssueUpdate, { args: [{ actor: f.coordinatorUser, issueId, responderAgencyIds: [f.partners[1]!], dueAt }] });
    await f.handle.executeUpdate(m.resolveIssueUpdate, { args: [{ actor: f.coordinatorUser, issueId, resolution: '明确由市场监管局出具指引' }] });
    const row = await ctx.db.selectFrom('coordinationIssues').selectAll().where('id', '=', issueId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'resolved', raisedByAgencyId: f.partners[0], neededAgencyIds: [f.partners[1]], responderAgencyIds: [f.partners[1]], resolution: '明确由市场监管局出具指引' });
    const responderNotes = await ctx.db.selectFrom('notifications').select('kind').where('measureId', '=', f.measure.id).where('recipientAgencyId', '=', f.partners[1]!).execute();
    expect(responderNotes.map((n) => n.kind)).toContain('issue.triaged');
    await recordHistory(f.handle, 'issue-raise-triage-resolve');
  });
});

describe('answers to coordination issues (issue.responded)', () => {
  it('takes each named agency’s answers, also from one holding no assignment, keeps every revision and tells the coordinator and the raiser', async () => {
    const f = await startFixtureMeasure(ctx);
    const customs = await agencyId(ctx.db, 'gz-customs');
    const raised = await f.handle.executeUpdate(m.raiseIssueUpdate, { args: [{ actor: f.partnerOfficer(0), title: '通关数据共享', description: '需海关提供数据接口', neededAgencyIds: [customs] }] });
    const issueId = raised.created!;
    expect(await refusal(f.handle.executeUpdate(m.respondIssueUpdate, { args: [{ actor: actor(customs, 'officer'), issueId, response: '同意' }] }))).toMatch(/not triaged/);
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await f.handle.executeUpdate(m.triageIssueUpdate, { args: [{ actor: f.coordinatorUser, issueId, responderAgencyIds: [customs, f.partners[1]!], dueAt }] });
    expect(await refusal(f.handle.executeUpdate(m.respondIssueUpdate, { args: [{ actor: f.leadOfficer, issueId, response: '意见' }] }))).toMatch(/named to respond/);
    expect(await refusal(f.handle.executeUpdate(m.respondIssueUpdate, { args: [{ actor: actor(customs, 'officer', 'auditor'), issueId, response: '意见' }] }))).toMatch(/named to respond/);
    const first = await f.handle.executeUpdate(m.respondIssueUpdate, { args: [{ actor: actor(customs, 'officer'), issueId, response: '初步同意，需评估' }] });
    expect(first.events).toEqual(['issue.responded']);
    await f.handle.executeUpdate(m.respondIssueUpdate, { args: [{ actor: actor(customs, 'officer'), issueId, response: '评估完成，下周开放接口' }] });
    await f.handle.executeUpdate(m.respondIssueUpdate, { args: [{ actor: f.partnerOfficer(1), issueId, response: '配合' }] });

    const rows = await ctx.db.selectFrom('issueResponses').select(['id', 'agencyId', 'revision', 'response']).where('issueId', '=', issueId).orderBy('agencyId').orderBy('revision').execute();
    expect(rows.map(({ id: _id, ...r }) => r)).toEqual(
      [
        { agencyId: customs, revision: 1, response: '初步同意，需评估' },
        { agencyId: customs, revision: 2, response: '评估完成，下周开放接口' },
        { agencyId: f.partners[1]!, revision: 1, response: '配合' },
      ].sort((a, b) => a.agencyId - b.agencyId),
    );
    expect(rows.find((r) => r.revision === 1 && r.agencyId === customs)!.id).toBe(first.created);
    for (const recipient of [f.coordinator, f.partners[0]!]) {
      const notes = await ctx.db.selectFrom('notifications').select('kind').where('measureId', '=', f.measure.id).where('recipientAgencyId', '=', recipient).where('kind', '=', 'issue.responded').execute();
      expect(notes).toHaveLength(3);
    }
    const audited = await ctx.db.selectFrom('auditEvents').select(['action', 'subjectType', 'subjectId', 'actorAgencyId']).where('measureId', '=', f.measure.id).where('action', '=', 'issue.responded').execute();
    expect(audited).toHaveLength(3);
    expect(audited[0]).toMatchObject({ subjectType: 'coordination_issue', subjectId: issueId, actorAgencyId: customs });
    await recordHistory(f.handle, 'issue-respond');
  });
});

describe('an extension is requested before the due date (patch extension-before-due)', () => {
  it('refuses a request once the report is due, and changes nothing', { timeout: 60_000 }, async () => {
    // One-minute cycles counted in seconds: cycle 0 fell due a second ago and closes in about a minute.
    const policy = reportingPolicySchema.parse({ cadence: 'PT1M', unit: 'PT1S', dueOffsetWorkingDays: 2, reminderLeadWorkingDays: 1, escalation: { blue: 30, yellow: 40, red: 50 } });
    const f = await startFixtureMeasure(ctx, { policy, startedAt: new Date(Date.now() - 63_000) });
    const partner = f.partners[0]!;
    const requestedDueAt = new Date(Date.now() + 30_000).toISOString();
    expect(await refusal(f.handle.executeUpdate(m.requestExtensionUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: partner, requestedDueAt, reason: '数据未齐' }] }))).toMatch(
      /before the due date/,
    );
    expect(await ctx.db.selectFrom('extensionRequests').select('id').where('measureId', '=', f.measure.id).execute()).toEqual([]);
    expect((await f.handle.query(m.getMeasureStateQuery)).extensions).toEqual([]);
    await recordHistory(f.handle, 'extension-after-due-refused');
  });
});

describe('extensions (延期申请)', () => {
  it('moves the open deadlines of the agency once the lead approves, audited', async () => {
    const f = await startFixtureMeasure(ctx);
    const partner = f.partners[0]!;
    const before = await dueOf(f.measure.id, partner);
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await f.handle.executeUpdate(m.createSubtaskUpdate, { args: [{ actor: f.leadOfficer, assigneeAgencyId: partner, title: '报送清单', dueAt: soon }] });
    const requested = new Date(before!.getTime() + 10 * 86_400_000).toISOString();
    expect(
      await refusal(f.handle.executeUpdate(m.requestExtensionUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: partner, requestedDueAt: new Date(before!.getTime() - 1000).toISOString(), reason: '数据未齐' }] })),
    ).toMatch(/later than the current due date/);
    const extensionId = (await f.handle.executeUpdate(m.requestExtensionUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: partner, requestedDueAt: requested, reason: '统计数据次月10日才发布' }] })).created!;
    expect(await refusal(f.handle.executeUpdate(m.decideExtensionUpdate, { args: [{ actor: f.partnerOfficer(1), extensionId, approve: true, comment: '' }] }))).toMatch(/lead officer or the coordinator/);
    await f.handle.executeUpdate(m.decideExtensionUpdate, { args: [{ actor: f.leadOfficer, extensionId, approve: true, comment: '同意延期' }] });

    expect((await dueOf(f.measure.id, partner))?.toISOString()).toBe(requested);
    const subtask = await ctx.db.selectFrom('subtasks').select('dueAt').where('measureId', '=', f.measure.id).executeTakeFirstOrThrow();
    expect(subtask.dueAt.toISOString()).toBe(requested);
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'subtask.created', 'extension.requested', 'extension.approved', 'subtask.due_moved']);
    const ext = await ctx.db.selectFrom('extensionRequests').select(['status', 'comment']).where('id', '=', extensionId).executeTakeFirstOrThrow();
    expect(ext).toEqual({ status: 'approved', comment: '同意延期' });
    await recordHistory(f.handle, 'extension-approve');
  });

  it('leaves the deadline alone when the extension is rejected', async () => {
    const f = await startFixtureMeasure(ctx);
    const partner = f.partners[1]!;
    const before = await dueOf(f.measure.id, partner);
    const requested = await f.handle.executeUpdate(m.requestExtensionUpdate, {
      args: [{ actor: f.partnerOfficer(1), agencyId: partner, requestedDueAt: new Date(before!.getTime() + 86_400_000).toISOString(), reason: '人员调整' }],
    });
    await f.handle.executeUpdate(m.decideExtensionUpdate, { args: [{ actor: f.coordinatorUser, extensionId: requested.created!, approve: false, comment: '请按期报送' }] });
    expect(await dueOf(f.measure.id, partner)).toEqual(before);
    await recordHistory(f.handle, 'extension-reject');
  });
});

describe('closure (办结 / 销号)', () => {
  it('returns a closure to the lead, then approves it; the workflow completes', async () => {
    const f = await startFixtureMeasure(ctx);
    expect(await refusal(f.handle.executeUpdate(m.applyClosureUpdate, { args: [{ actor: f.partnerOfficer(0), evidence: '材料', finalKpis: [] }] }))).toMatch(/lead agency/);
    await f.handle.executeUpdate(m.applyClosureUpdate, { args: [{ actor: f.leadOfficer, evidence: '跨部门工作联系机制已建立', finalKpis: [{ metric: '联席会议', value: 4 }] }] });
    expect(await refusal(f.handle.executeUpdate(m.decideClosureUpdate, { args: [{ actor: f.coordinatorUser, approve: false, comment: '' }] }))).toMatch(/comment/);
    await f.handle.executeUpdate(m.decideClosureUpdate, { args: [{ actor: f.coordinatorUser, approve: false, comment: '请补充会议纪要' }] });
    let measure = await ctx.db.selectFrom('measures').select('status').where('id', '=', f.measure.id).executeTakeFirstOrThrow();
    expect(measure.status).toBe('active');

    await f.handle.executeUpdate(m.applyClosureUpdate, { args: [{ actor: f.leadOfficer, evidence: '已补充会议纪要', finalKpis: [] }] });
    expect(await refusal(f.handle.executeUpdate(m.decideClosureUpdate, { args: [{ actor: actor(f.coordinator, 'officer'), approve: true, comment: '' }] }))).toMatch(/coordinator/);
    await f.handle.executeUpdate(m.decideClosureUpdate, { args: [{ actor: f.coordinatorUser, approve: true, comment: '同意销号' }] });
    const final = await f.handle.result();
    expect(final.status).toBe('closed');
    measure = await ctx.db.selectFrom('measures').select('status').where('id', '=', f.measure.id).executeTakeFirstOrThrow();
    expect(measure.status).toBe('closed');
    const description = await f.handle.describe();
    expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.status)).toBe('closed');
    const closures = await ctx.db.selectFrom('closureRequests').select(['status', 'comment']).where('measureId', '=', f.measure.id).orderBy('requestedAt').execute();
    expect(closures).toEqual([
      { status: 'returned', comment: '请补充会议纪要' },
      { status: 'approved', comment: '同意销号' },
    ]);
    await recordHistory(f.handle, 'closure-return-approve');
  });
});

describe('calendar correction', () => {
  it('recomputes open deadlines when the calendar changes, and audits the change', async () => {
    ctx.calendar.current = new WorkingCalendar();
    const f = await startFixtureMeasure(ctx);
    const partner = f.partners[0]!;
    const before = (await dueOf(f.measure.id, partner))!;
    // The due day (the day before the end-of-day instant) becomes a public holiday.
    const dueDay = chinaDate(new Date(before.getTime() - 1));
    const data = calendarData as CalendarData;
    ctx.calendar.current = new WorkingCalendar({ holidays: { ...data.holidays, [dueDay]: 'correction' }, workdays: data.workdays });
    try {
      expect(await refusal(f.handle.executeUpdate(m.recomputeDeadlinesUpdate, { args: [{ actor: f.partnerOfficer(0) }] }))).toMatch(/admin or the coordinator/);
      await f.handle.executeUpdate(m.recomputeDeadlinesUpdate, { args: [{ actor: actor(f.coordinator, 'admin') }] });
    } finally {
      ctx.calendar.current = new WorkingCalendar();
    }
    const after = (await dueOf(f.measure.id, partner))!;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    const event = await ctx.db.selectFrom('auditEvents').select('payload').where('measureId', '=', f.measure.id).where('action', '=', 'deadlines.recomputed').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ changes: expect.arrayContaining([{ agencyId: partner, from: before.toISOString(), to: after.toISOString() }]) });
    await recordHistory(f.handle, 'calendar-correction');
  });
});

describe('retries across cycles', () => {
  it('does not apply a retried update again after the cycle continued as new', async () => {
    // A 30 s cycle that started 59 s ago: the workflow continues as new in about a second.
    const policy = reportingPolicySchema.parse({ cadence: 'PT30S', unit: 'PT1S', dueOffsetWorkingDays: 2, reminderLeadWorkingDays: 1, escalation: { blue: 1, yellow: 2, red: 3 } });
    const f = await startFixtureMeasure(ctx, { policy, startedAt: new Date(Date.now() - 59_000) });
    const args = [{ actor: f.leadOfficer, assigneeAgencyId: f.partners[0]!, title: '报送数据', dueAt: new Date(Date.now() + 86_400_000).toISOString() }] as const;
    await f.handle.executeUpdate(m.createSubtaskUpdate, { args: [...args], updateId: 'subtask-once' });
    await waitFor(async () => (await f.handle.query(m.getMeasureStateQuery)).run >= 2);
    expect(await refusal(f.handle.executeUpdate(m.createSubtaskUpdate, { args: [...args], updateId: 'subtask-once' }))).toMatch(/already applied/);
    expect((await f.handle.query(m.getMeasureStateQuery)).subtasks).toHaveLength(1);
    const rows = await ctx.db.selectFrom('subtasks').select('id').where('measureId', '=', f.measure.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('withdrawal from a revised plan (撤销) and reinstatement', () => {
  // Cycles of 3 s: cycle k is reminded at 3k + 3 s, due at 3k + 4 s, blue at 3k + 5 s, and rolls over at 3k + 6 s.
  const SHORT = reportingPolicySchema.parse({ cadence: 'PT3S', unit: 'PT1S', dueOffsetWorkingDays: 1, reminderLeadWorkingDays: 1, escalation: { blue: 1, yellow: 20, red: 30 } });

  it('goes dormant while withdrawn, then picks up at the first cycle still due, with nobody overdue for the pause', async () => {
    const f = await startFixtureMeasure(ctx, { policy: SHORT, startedAt: new Date() });
    expect(await refusal(f.handle.executeUpdate(m.withdrawMeasureUpdate, { args: [{ actor: f.leadOfficer, reason: '方案修订删除' }] }))).toMatch(/admin or the coordinator/);
    expect(await refusal(f.handle.executeUpdate(m.withdrawMeasureUpdate, { args: [{ actor: f.coordinatorUser, reason: ' ' }] }))).toMatch(/^reason:/);
    expect(await refusal(f.handle.executeUpdate(m.reinstateMeasureUpdate, { args: [{ actor: f.coordinatorUser, comment: '' }] }))).toMatch(/only a withdrawn one/);

    const withdrawn = await f.handle.executeUpdate(m.withdrawMeasureUpdate, { args: [{ actor: f.coordinatorUser, reason: '方案修订删除' }] });
    expect(withdrawn.status).toBe('withdrawn');
    expect(await refusal(f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]!, cycleIndex: 0, content: content(10) }] }))).toMatch(/withdrawn from its plan/);
    const measureRow = () => ctx.db.selectFrom('measures').select(['status', 'cycleIndex']).where('id', '=', f.measure.id).executeTakeFirstOrThrow();
    expect((await measureRow()).status).toBe('withdrawn');
    const partnerNote = await ctx.db.selectFrom('notifications').select('message').where('measureId', '=', f.measure.id).where('recipientAgencyId', '=', f.partners[0]!).where('kind', '=', 'measure.withdrawn').executeTakeFirstOrThrow();
    expect(partnerNote.message).toContain('方案修订删除');

    // Past cycle 0's reminder, due date, blue rung and rollover: nothing happens while withdrawn.
    await new Promise((r) => setTimeout(r, 7_000));
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'measure.withdrawn']);
    expect((await f.handle.describe()).status.name).toBe('RUNNING');

    expect((await f.handle.executeUpdate(m.reinstateMeasureUpdate, { args: [{ actor: f.coordinatorUser, comment: '方案再次列入' }] })).status).toBe('active');
    const reinstated = await f.handle.query(m.getMeasureStateQuery);
    expect(reinstated.cycle.index).toBeGreaterThanOrEqual(2);
    expect(Date.parse(reinstated.cycle.dueAt)).toBeGreaterThan(Date.now() - 1_000);
    expect(reinstated.cycle.duties.map((d) => d.report)).toEqual([null, null, null]);
    expect(await measureRow()).toEqual({ status: 'active', cycleIndex: reinstated.cycle.index });

    // The ladder runs again, for the new cycle only: no cycle was missed and nothing escalated for the pause.
    const raised = await waitFor(() =>
      ctx.db.selectFrom('escalations').select(['cycleIndex', 'level']).where('measureId', '=', f.measure.id).where('agencyId', '=', f.partners[0]!).executeTakeFirst(),
    );
    expect(raised.cycleIndex).toBe(reinstated.cycle.index);
    const actions = await auditActions(ctx.db, f.measure.id);
    expect(actions.slice(0, 3)).toEqual(['measure.started', 'measure.withdrawn', 'measure.reinstated']);
    const missed = await ctx.db.selectFrom('auditEvents').select('payload').where('measureId', '=', f.measure.id).where('action', '=', 'cycle.missed').execute();
    expect(missed.filter((e) => (e.payload as { cycleIndex: number }).cycleIndex < reinstated.cycle.index)).toEqual([]);
    await recordHistory(f.handle, 'withdraw-reinstate');
  });
});
