import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANS, loadDemoPlans } from '@liandong/db';
import type { TestDatabase } from '@liandong/db/testing';
import type { Actor, Role } from '@liandong/domain';
import { callerFor } from '../test-support/context';
import type { MeasureService } from '../services/measures';
import { startMeasureStack, type MeasureStack } from '../measure-stack.test-support';

// The inbox read against what the real measure workflow and its recording activity write: the rows of the
// other inbox test are hand-made, so this one checks they are the rows the projection really produces.

let t: TestDatabase;
let service: MeasureService;
let stack: MeasureStack;

beforeAll(async () => {
  stack = await startMeasureStack('api-inbox');
  ({ t, service } = stack);
});
afterAll(() => stack?.stop());

const actor = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}`, displayName: 'u', agencyId, roles });
const as = (who: Actor) => callerFor(stack.deps, who);
const content = { progressStatus: 'on_track' as const, percentDone: 40, kpiValues: [], summary: '按计划推进', problems: '', supportRequested: '' };

describe('inbox over a running measure workflow', () => {
  it('follows a partner report from due, to the lead’s review, to returned', async () => {
    const base = DEMO_PLANS[1]!;
    const {
      planIds: [planId],
    } = await loadDemoPlans(t.db, [{ ...base, key: 'inbox-test', sourceHash: 'e'.repeat(64), title: '工作台测试方案', documentNumber: null, measures: base.measures.slice(0, 1) }]);
    await service.startWorkflows(planId);
    const measure = await t.db.selectFrom('measures').select(['id', 'number', 'leadAgencyId']).where('planId', '=', planId!).executeTakeFirstOrThrow();
    await expect.poll(async () => (await t.db.selectFrom('measures').select('cycleIndex').where('id', '=', measure.id).executeTakeFirstOrThrow()).cycleIndex, { timeout: 20_000 }).not.toBeNull();
    const partnerRow = await t.db.selectFrom('assignments').select('agencyId').where('measureId', '=', measure.id).where('role', '=', 'partner').executeTakeFirstOrThrow();
    const partner = actor(partnerRow.agencyId, 'officer');
    const lead = actor(measure.leadAgencyId, 'officer');
    const kindsOn = async (who: Actor) => (await as(who).inbox.items({ limit: 100 })).items.filter((i) => i.measureId === measure.id).map((i) => i.kind).sort();

    expect(await kindsOn(partner)).toEqual(['assignment.pending', 'report.due']);
    const due = (await as(partner).inbox.items({ limit: 100 })).items.find((i) => i.kind === 'report.due')!;
    expect(due.dueAt).not.toBeNull();
    expect(due.deadline!.daysLeft).toBeGreaterThanOrEqual(0);

    await service.acceptAssignment(partner, measure.id, { agencyId: partner.agencyId });
    const { cycleIndex } = (await t.db.selectFrom('measures').select('cycleIndex').where('id', '=', measure.id).executeTakeFirstOrThrow()) as { cycleIndex: number };
    await service.submitReport(partner, measure.id, { agencyId: partner.agencyId, cycleIndex, content });
    await expect.poll(() => kindsOn(partner), { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => kindsOn(lead), { timeout: 10_000 }).toContain('report.review');

    await service.reviewReport(lead, measure.id, { agencyId: partner.agencyId, cycleIndex, decision: 'return', comment: '请补充数据' });
    await expect.poll(() => kindsOn(partner), { timeout: 10_000 }).toEqual(['report.returned']);
    expect(await kindsOn(lead)).not.toContain('report.review');
    const unread = await as(partner).notification.list({ unreadOnly: true });
    expect(unread.items.some((n) => n.kind === 'report.returned' && n.measureId === measure.id)).toBe(true);
  });
});
