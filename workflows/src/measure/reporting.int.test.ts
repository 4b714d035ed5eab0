import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportingPolicySchema } from '@liandong/domain';
import * as m from './measure.messages';
import { auditActions, content, recordHistory, refusal, setUpMeasureTests, startFixtureMeasure, waitFor, type MeasureTestContext } from './measure.test-support';

let ctx: MeasureTestContext;
beforeAll(async () => {
  ctx = await setUpMeasureTests();
});
afterAll(() => ctx?.stop());

/** Seconds instead of working days: due 2 s after the period ends, blue/yellow/red 1/2/3 s overdue. */
const FAST = reportingPolicySchema.parse({ cadence: 'PT30S', unit: 'PT1S', dueOffsetWorkingDays: 2, reminderLeadWorkingDays: 1, escalation: { blue: 1, yellow: 2, red: 3 } });

describe('reports, cycle by cycle', () => {
  it('takes a partner report, and the lead accepts it', async () => {
    const f = await startFixtureMeasure(ctx);
    await f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]!, cycleIndex: 0, content: content(30, '已完成政策梳理') }] });
    expect(await refusal(f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[0]!, cycleIndex: 0, decision: 'accept', comment: '' }] }))).toMatch(
      /lead agency/,
    );
    await f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[0]!, cycleIndex: 0, decision: 'accept', comment: '同意' }] });
    const reports = await ctx.db.selectFrom('reports').select(['agencyId', 'revision', 'status', 'percentDone', 'summary', 'late']).where('measureId', '=', f.measure.id).execute();
    expect(reports).toEqual([{ agencyId: f.partners[0], revision: 1, status: 'accepted', percentDone: 30, summary: '已完成政策梳理', late: false }]);
    await recordHistory(f.handle, 'report-accept');
  });

  it('returns a report for revision and takes the resubmission as revision 2', async () => {
    const f = await startFixtureMeasure(ctx);
    await f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[1]!, cycleIndex: 0, content: content(10) }] });
    expect(await refusal(f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[1]!, cycleIndex: 0, decision: 'return', comment: '' }] }))).toMatch(
      /comment/,
    );
    await f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[1]!, cycleIndex: 0, decision: 'return', comment: '请补充量化指标' }] });
    await f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[1]!, cycleIndex: 0, content: content(15, '补充了指标') }] });
    await f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[1]!, cycleIndex: 0, decision: 'accept', comment: '' }] });
    const reports = await ctx.db.selectFrom('reports').select(['revision', 'status', 'reviewComment']).where('measureId', '=', f.measure.id).orderBy('revision').execute();
    expect(reports).toEqual([
      { revision: 1, status: 'returned', reviewComment: '请补充量化指标' },
      { revision: 2, status: 'accepted', reviewComment: '' },
    ]);
    await recordHistory(f.handle, 'report-return-resubmit');
  });

  it('refuses a report for a closed cycle, a second report, and a bad percentage', async () => {
    const f = await startFixtureMeasure(ctx);
    const submit = (cycleIndex: number, percentDone: number) =>
      f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]!, cycleIndex, content: content(percentDone) }] });
    expect(await refusal(submit(3, 10))).toMatch(/owes no report for cycle 3/);
    expect(await refusal(submit(0, 120))).toMatch(/percentDone/);
    await submit(0, 10);
    expect(await refusal(submit(0, 20))).toMatch(/already submitted/);
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'report.submitted']);
  });

  it("takes the lead's combined report only after every partner report is accepted", async () => {
    const f = await startFixtureMeasure(ctx);
    const combined = () => f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.lead, cycleIndex: 0, content: content(40, '汇总') }] });
    expect(await refusal(combined())).toMatch(/waits for accepted partner reports/);
    for (const i of [0, 1]) {
      await f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(i), agencyId: f.partners[i]!, cycleIndex: 0, content: content(40) }] });
      await f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[i]!, cycleIndex: 0, decision: 'accept', comment: '' }] });
    }
    await combined();
    await f.handle.executeUpdate(m.reviewReportUpdate, { args: [{ actor: f.coordinatorUser, agencyId: f.lead, cycleIndex: 0, decision: 'accept', comment: '' }] });
    const row = await ctx.db.selectFrom('reports').select(['kind', 'status']).where('measureId', '=', f.measure.id).where('agencyId', '=', f.lead).executeTakeFirst();
    expect(row).toEqual({ kind: 'combined', status: 'accepted' });
    await recordHistory(f.handle, 'report-combined');
  });
});

describe('reminders and the escalation ladder', () => {
  it('reminds before the due date, climbs blue → yellow → red, and a late report stops the climb', async () => {
    // Cycle 0 ends in 1 s: due in 3 s, reminder at 2 s, blue/yellow/red at 4/5/6 s.
    const f = await startFixtureMeasure(ctx, { policy: FAST, startedAt: new Date(Date.now() - 29_000) });
    const partner = f.partners[0]!;
    const escalation = () => ctx.db.selectFrom('escalations').selectAll().where('measureId', '=', f.measure.id).where('agencyId', '=', partner).executeTakeFirst();
    await waitFor(async () => (await escalation())?.level === 'red');
    await f.handle.executeUpdate(m.submitReportUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: partner, cycleIndex: 0, content: content(50, '逾期补报') }] });

    const row = await escalation();
    expect(row).toMatchObject({ kind: 'overdue', level: 'red', status: 'resolved' });
    expect(row?.decision).toMatch(/late report/);
    const report = await ctx.db.selectFrom('reports').select(['late']).where('measureId', '=', f.measure.id).where('agencyId', '=', partner).executeTakeFirstOrThrow();
    expect(report.late).toBe(true);

    const partnerTrail = await ctx.db.selectFrom('auditEvents').select('action').where('measureId', '=', f.measure.id).where('subjectId', 'in', [`${f.measure.id}/${partner}`, row!.id]).orderBy('id').execute();
    expect(partnerTrail.map((r) => r.action)).toEqual(['reminder.sent', 'escalation.raised', 'escalation.climbed', 'escalation.climbed', 'escalation.resolved']);

    // Yellow (督办单) puts the item in the coordinator's queue.
    const coordinatorNotes = await ctx.db.selectFrom('notifications').select('message').where('measureId', '=', f.measure.id).where('recipientAgencyId', '=', f.coordinator).where('kind', '=', 'escalation.climbed').execute();
    expect(coordinatorNotes.map((n) => n.message)).toEqual(expect.arrayContaining(['督办升级为黄色预警（督办单）', '督办升级为红色预警（通报）']));

    // The other partner never reported: still red and open.
    const other = await ctx.db.selectFrom('escalations').select(['level', 'status']).where('measureId', '=', f.measure.id).where('agencyId', '=', f.partners[1]!).executeTakeFirstOrThrow();
    expect(other).toEqual({ level: 'red', status: 'open' });
    await recordHistory(f.handle, 'ladder-reminder-escalation-late-report');
  });

  it('lets a lead escalate by hand; the coordinator acknowledges and resolves it with a decision', async () => {
    const f = await startFixtureMeasure(ctx);
    expect(await refusal(f.handle.executeUpdate(m.escalateUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[1]!, reason: '进展缓慢' }] }))).toMatch(/lead officer or the coordinator/);
    const id = (await f.handle.executeUpdate(m.escalateUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[1]!, reason: '配合单位长期未反馈' }] })).created!;
    expect(await refusal(f.handle.executeUpdate(m.resolveEscalationUpdate, { args: [{ actor: f.coordinatorUser, escalationId: id, decision: '已协调' }] }))).toMatch(/acknowledge/);
    await f.handle.executeUpdate(m.acknowledgeEscalationUpdate, { args: [{ actor: f.coordinatorUser, escalationId: id }] });
    await f.handle.executeUpdate(m.resolveEscalationUpdate, { args: [{ actor: f.coordinatorUser, escalationId: id, decision: '召开专题协调会，明确由市场监管局牵头梳理' }] });
    const row = await ctx.db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'manual', level: 'blue', status: 'resolved', reason: '配合单位长期未反馈', decision: '召开专题协调会，明确由市场监管局牵头梳理' });
    expect(row.acknowledgedAt).not.toBeNull();
    await recordHistory(f.handle, 'escalation-manual-resolve');
  });

  it('keeps climbing an unresolved manual escalation, acknowledged or not', async () => {
    const f = await startFixtureMeasure(ctx, { policy: FAST, startedAt: new Date() });
    const id = (await f.handle.executeUpdate(m.escalateUpdate, { args: [{ actor: f.coordinatorUser, agencyId: f.partners[0]!, reason: '多次催办无果' }] })).created!;
    expect((await f.handle.query(m.getMeasureStateQuery)).escalations.find((e) => e.id === id)?.level).toBe('yellow');
    await f.handle.executeUpdate(m.acknowledgeEscalationUpdate, { args: [{ actor: f.coordinatorUser, escalationId: id }] });
    const red = await waitFor(() => ctx.db.selectFrom('escalations').select(['level', 'status']).where('id', '=', id).where('level', '=', 'red').executeTakeFirst());
    expect(red).toEqual({ level: 'red', status: 'acknowledged' });
    await recordHistory(f.handle, 'escalation-manual-climb');
  });
});
