import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAssignments } from '@liandong/db/queries';
import * as m from './measure.messages';
import { actor, agencyId, auditActions, recordHistory, refusal, setUpMeasureTests, startFixtureMeasure, type MeasureTestContext } from './measure.test-support';

let ctx: MeasureTestContext;
beforeAll(async () => {
  ctx = await setUpMeasureTests();
});
afterAll(() => ctx?.stop());

const statuses = async (measureId: string) => Object.fromEntries((await listAssignments(ctx.db, measureId)).map((a) => [a.agencyCode, a.status]));

describe('assignments (接收 / 退回 / 转办)', () => {
  it('lets a partner accept its own assignment, notifies the lead and audits it', async () => {
    const f = await startFixtureMeasure(ctx);
    await f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]! }] });
    const state = await f.handle.query(m.getMeasureStateQuery);
    expect(state.assignments.find((a) => a.agencyId === f.partners[0])?.status).toBe('accepted');
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-development-reform': 'accepted', 'gz-market-regulation': 'pending', 'gz-commerce': 'pending' });
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'assignment.accepted']);
    const notes = await ctx.db.selectFrom('notifications').select(['recipientAgencyId', 'kind']).where('measureId', '=', f.measure.id).where('kind', '=', 'assignment.accepted').execute();
    expect(notes).toEqual([{ recipientAgencyId: f.lead, kind: 'assignment.accepted' }]);
    await recordHistory(f.handle, 'assignment-accept');
  });

  it("refuses a partner accepting another agency's assignment, or accepting twice, and changes nothing", async () => {
    const f = await startFixtureMeasure(ctx);
    expect(await refusal(f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[0]! }] }))).toMatch(
      /only an officer of agency/,
    );
    await f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]! }] });
    expect(await refusal(f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]! }] }))).toMatch(
      /already accepted/,
    );
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'assignment.accepted']);
  });

  it('applies a double-clicked command once (same update id)', async () => {
    const f = await startFixtureMeasure(ctx);
    const args = [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]! }] as const;
    const [a, b] = await Promise.all([
      f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [...args], updateId: 'click-1' }),
      f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [...args], updateId: 'click-1' }),
    ]);
    expect(a).toEqual(b);
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'assignment.accepted']);
  });

  it('sends a decline to the coordinator, who reassigns it to another agency', async () => {
    const f = await startFixtureMeasure(ctx);
    const port = await agencyId(ctx.db, 'gz-port');
    expect(await refusal(f.handle.executeUpdate(m.declineAssignmentUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]!, reason: ' ' }] }))).toMatch(/reason/);
    await f.handle.executeUpdate(m.declineAssignmentUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]!, reason: '不属于本单位职责' }] });
    expect(
      await refusal(f.handle.executeUpdate(m.arbitrateDeclineUpdate, { args: [{ actor: f.leadOfficer, agencyId: f.partners[0]!, decision: 'reassign', reassignToAgencyId: port, comment: '' }] })),
    ).toMatch(/coordinator/);
    await f.handle.executeUpdate(m.arbitrateDeclineUpdate, {
      args: [{ actor: f.coordinatorUser, agencyId: f.partners[0]!, decision: 'reassign', reassignToAgencyId: port, comment: '改由市港务局配合' }],
    });
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-development-reform': 'withdrawn', 'gz-port': 'pending' });
    await f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [{ actor: actor(port, 'officer'), agencyId: port }] });
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-port': 'accepted' });
    expect(await auditActions(ctx.db, f.measure.id)).toEqual(['measure.started', 'assignment.declined', 'assignment.reassigned', 'assignment.accepted']);
    await recordHistory(f.handle, 'assignment-decline-reassign');
  });

  it('lets the coordinator insist on a declined assignment', async () => {
    const f = await startFixtureMeasure(ctx);
    await f.handle.executeUpdate(m.declineAssignmentUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[1]!, reason: '人手不足' }] });
    await f.handle.executeUpdate(m.arbitrateDeclineUpdate, { args: [{ actor: f.coordinatorUser, agencyId: f.partners[1]!, decision: 'insist', comment: '按职责分工负责' }] });
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-market-regulation': 'pending' });
    const row = (await listAssignments(ctx.db, f.measure.id)).find((a) => a.agencyCode === 'gz-market-regulation');
    expect(row?.status).toBe('pending');
    await recordHistory(f.handle, 'assignment-decline-insist');
  });

  it('transfers an assignment once the coordinator approves, and keeps it when refused', async () => {
    const f = await startFixtureMeasure(ctx);
    const justice = await agencyId(ctx.db, 'gz-justice');
    await f.handle.executeUpdate(m.acceptAssignmentUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]! }] });
    await f.handle.executeUpdate(m.requestTransferUpdate, { args: [{ actor: f.partnerOfficer(0), agencyId: f.partners[0]!, toAgencyId: justice, reason: '涉及法律服务' }] });
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-development-reform': 'transfer_requested' });
    await f.handle.executeUpdate(m.decideTransferUpdate, { args: [{ actor: f.coordinatorUser, agencyId: f.partners[0]!, approve: true, comment: '同意转办' }] });
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-development-reform': 'withdrawn', 'gz-justice': 'pending' });

    await f.handle.executeUpdate(m.requestTransferUpdate, { args: [{ actor: f.partnerOfficer(1), agencyId: f.partners[1]!, toAgencyId: f.partners[0]!, reason: '转回' }] });
    await f.handle.executeUpdate(m.decideTransferUpdate, { args: [{ actor: f.coordinatorUser, agencyId: f.partners[1]!, approve: false, comment: '不同意' }] });
    expect(await statuses(f.measure.id)).toMatchObject({ 'gz-market-regulation': 'accepted' });
    await recordHistory(f.handle, 'assignment-transfer');
  });

  it('lets only the lead break the measure into subtasks for partner units', async () => {
    const f = await startFixtureMeasure(ctx);
    const dueAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
    expect(await refusal(f.handle.executeUpdate(m.createSubtaskUpdate, { args: [{ actor: f.partnerOfficer(0), assigneeAgencyId: f.partners[1]!, title: '梳理清单', dueAt }] }))).toMatch(
      /lead agency/,
    );
    expect(await refusal(f.handle.executeUpdate(m.createSubtaskUpdate, { args: [{ actor: f.leadOfficer, assigneeAgencyId: f.lead, title: '自己', dueAt }] }))).toMatch(
      /not a partner unit/,
    );
    await f.handle.executeUpdate(m.createSubtaskUpdate, { args: [{ actor: f.leadOfficer, assigneeAgencyId: f.partners[1]!, title: '梳理跨境服务贸易负面清单', dueAt }] });
    const rows = await ctx.db.selectFrom('subtasks').select(['assigneeAgencyId', 'title', 'dueAt', 'status']).where('measureId', '=', f.measure.id).execute();
    expect(rows).toEqual([{ assigneeAgencyId: f.partners[1], title: '梳理跨境服务贸易负面清单', dueAt: new Date(dueAt), status: 'open' }]);
    await recordHistory(f.handle, 'subtask-create');
  });
});
