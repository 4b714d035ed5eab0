import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadDemoPlans } from '@liandong/db';
import { findAgencyByCode } from '@liandong/db/queries';
import type { TestDatabase } from '@liandong/db/testing';
import type { Actor, Role } from '@liandong/domain';
import { callerFor, startMeasureStack, type MeasureStack } from '../test-support';

let t: TestDatabase;
let stack: MeasureStack;
let planA: string;
let planB: string;

const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: 'u', agencyId, roles });
const as = (actor: Actor) => callerFor(stack.deps, actor);
const agencyId = async (code: string) => (await findAgencyByCode(t.db, code))!.id;

type Measure = { id: string; lead: number; partner: number };

/** A measure of the plan with a partner unit, by its place among them, with its lead and a partner. */
async function measureOf(planId: string, index: number): Promise<Measure> {
  const row = await t.db
    .selectFrom('measures as m')
    .select('m.id')
    .where('m.planId', '=', planId)
    .where(({ exists, selectFrom }) => exists(selectFrom('assignments as a').select('a.id').whereRef('a.measureId', '=', 'm.id').where('a.role', '=', 'partner')))
    .orderBy('m.seq')
    .orderBy('m.id')
    .offset(index)
    .limit(1)
    .executeTakeFirstOrThrow();
  const state = await stack.service.state(row.id);
  return { id: row.id, lead: state.parties.leadAgencyIds[0]!, partner: state.assignments.find((a) => a.role === 'partner')!.agencyId };
}

/** What a rejection names: its tRPC code and the fields zod named. */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return { code: (error as { code: string }).code, fields: cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : [] };
  }
  throw new Error('expected a rejection');
}

const RANK = { red: 3, yellow: 2, blue: 1 } as const;

let coordinatorA: Actor;
let coordinatorB: Actor;
/** Plan A's measures, in the order the queue must list their escalations: red, yellow, blue (older), blue (newer). */
let red: Measure;
let yellow: Measure;
let blueOld: Measure;
let blueNew: Measure;
let resolved: Measure;
let onPlanB: Measure;
let ours: string[];

beforeAll(async () => {
  stack = await startMeasureStack('api-escalation-router');
  t = stack.t;
  [planA, planB] = (await loadDemoPlans(t.db)).planIds as [string, string];
  await stack.service.startWorkflows();
  coordinatorA = person(await agencyId('gz-commerce'), 'coordinator');
  coordinatorB = person(await agencyId('gd-commerce'), 'coordinator');
  [blueOld, yellow, blueNew, red, resolved] = (await Promise.all([0, 1, 2, 3, 4].map((i) => measureOf(planA, i)))) as [Measure, Measure, Measure, Measure, Measure];
  onPlanB = await measureOf(planB, 0);

  // A lead's escalation starts blue, the coordinator's yellow (whole measure); raised one after another, so their ages differ.
  await as(person(blueOld.lead, 'officer')).measure.escalate({ measureId: blueOld.id, agencyId: blueOld.partner, reason: '进展滞后' });
  await as(coordinatorA).measure.escalate({ measureId: yellow.id, agencyId: null, reason: '整体推进缓慢' });
  await as(person(blueNew.lead, 'officer')).measure.escalate({ measureId: blueNew.id, agencyId: blueNew.partner, reason: '未按时报送' });
  await as(person(red.lead, 'officer')).measure.escalate({ measureId: red.id, agencyId: red.partner, reason: '多次催办无果' });
  await as(person(resolved.lead, 'officer')).measure.escalate({ measureId: resolved.id, agencyId: resolved.partner, reason: '已解决的督办' });
  await as(person(onPlanB.lead, 'officer')).measure.escalate({ measureId: onPlanB.id, agencyId: onPlanB.partner, reason: '乙方案督办' });
  // Climbing to red takes working days on the workflow's timers; the projection records a climb as this level change.
  await t.db.updateTable('escalations').set({ level: 'red' }).where('measureId', '=', red.id).execute();

  const mine = await as(coordinatorA).escalation.queue({ measureId: resolved.id });
  const done = mine.rows[0]!.id;
  await as(coordinatorA).measure.acknowledgeEscalation({ measureId: resolved.id, escalationId: done });
  await as(coordinatorA).measure.resolveEscalation({ measureId: resolved.id, escalationId: done, decision: '已协调' });
  ours = [red.id, yellow.id, blueOld.id, blueNew.id, resolved.id, onPlanB.id];
}, 180_000);
afterAll(() => stack?.stop());

const measuresIn = (rows: { measureId: string }[]) => rows.map((r) => r.measureId).filter((id) => ours.includes(id));

describe('escalation.queue (督办)', () => {
  it("lists the coordinator's open escalations red first, then oldest first, with the measure, plan and agency", async () => {
    const queue = await as(coordinatorA).escalation.queue({ limit: 100 });
    expect(measuresIn(queue.rows)).toEqual([red.id, yellow.id, blueOld.id, blueNew.id]);
    expect(queue.total).toBe(queue.rows.length);
    // Whatever else the worker raised on its own keeps the same order.
    const keys = queue.rows.map((r) => [-RANK[r.level], r.raisedAt.getTime()] as const);
    expect([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(keys);

    const partnerName = (await t.db.selectFrom('agencies').select('name').where('id', '=', red.partner).executeTakeFirstOrThrow()).name;
    const planTitle = (await t.db.selectFrom('plans').select('title').where('id', '=', planA).executeTakeFirstOrThrow()).title;
    expect(queue.rows.find((r) => r.measureId === red.id)).toMatchObject({
      level: 'red',
      reason: '多次催办无果',
      planId: planA,
      planTitle,
      agencyId: red.partner,
      agencyName: partnerName,
      status: 'open',
      acknowledged: false,
      ageDays: 0,
      measureNumber: expect.any(String),
      measureTitle: expect.any(String),
    });
    expect(queue.rows.find((r) => r.measureId === yellow.id)).toMatchObject({ level: 'yellow', agencyId: null, agencyName: null });
  });

  it('keeps an acknowledged escalation in the queue and drops a resolved one', async () => {
    const before = await as(coordinatorA).escalation.queue({ measureId: blueNew.id });
    await as(coordinatorA).measure.acknowledgeEscalation({ measureId: blueNew.id, escalationId: before.rows[0]!.id });
    const after = await as(coordinatorA).escalation.queue({ measureId: blueNew.id });
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]).toMatchObject({ status: 'acknowledged', acknowledged: true, acknowledgedAt: expect.any(Date) });
    expect((await as(coordinatorA).escalation.queue({ measureId: resolved.id })).total).toBe(0);
  });

  it('filters by level, plan, agency and measure, and pages with the total', async () => {
    const caller = as(coordinatorA);
    expect(measuresIn((await caller.escalation.queue({ level: 'blue', limit: 100 })).rows)).toEqual([blueOld.id, blueNew.id]);
    expect((await caller.escalation.queue({ level: 'blue', limit: 100 })).rows.every((r) => r.level === 'blue')).toBe(true);
    expect(measuresIn((await caller.escalation.queue({ level: 'red' })).rows)).toEqual([red.id]);
    expect(measuresIn((await caller.escalation.queue({ planId: planA, limit: 100 })).rows)).toEqual([red.id, yellow.id, blueOld.id, blueNew.id]);
    expect((await caller.escalation.queue({ measureId: yellow.id })).rows.map((r) => r.measureId)).toEqual([yellow.id]);
    const byAgency = await caller.escalation.queue({ agencyId: blueOld.partner, limit: 100 });
    expect(measuresIn(byAgency.rows)).toContain(blueOld.id);
    expect(byAgency.rows.every((r) => r.agencyId === blueOld.partner)).toBe(true);

    // The total is counted apart from the page: under every filter, and in the auditor's all-plans scope, it is the rows' count.
    const auditor = as(person(blueOld.partner, 'auditor'));
    for (const filter of [{ level: 'blue' as const }, { planId: planA }, { agencyId: blueOld.partner }, { measureId: yellow.id }, {}]) {
      for (const reader of [caller, auditor]) {
        const q = await reader.escalation.queue({ ...filter, limit: 100 });
        expect(q.total, JSON.stringify(filter)).toBe(q.rows.length);
      }
    }

    const all = await caller.escalation.queue({ limit: 100 });
    const page = await caller.escalation.queue({ limit: 2, offset: 1 });
    expect(page.total).toBe(all.total);
    expect(page.rows.map((r) => r.id)).toEqual(all.rows.slice(1, 3).map((r) => r.id));
  });

  it("shows another plan's coordinator none of plan A's escalations, and refuses plan A by name", async () => {
    const queue = await as(coordinatorB).escalation.queue({ limit: 100 });
    expect(measuresIn(queue.rows)).toEqual([onPlanB.id]);
    expect(queue.rows.every((r) => r.planId === planB)).toBe(true);
    expect((await as(coordinatorB).escalation.queue({ measureId: red.id })).total).toBe(0);
    expect(await rejection(as(coordinatorB).escalation.queue({ planId: planA }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(coordinatorB).escalation.queue({ planId: randomUUID() }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets an auditor and an admin read every plan, and refuses officers', async () => {
    for (const reader of [person(blueOld.partner, 'auditor'), person(await agencyId('gz-commerce'), 'admin')]) {
      const queue = await as(reader).escalation.queue({ limit: 100 });
      // Plan B's blue escalation was raised after plan A's blue ones: the same order across plans.
      expect(measuresIn(queue.rows)).toEqual([red.id, yellow.id, blueOld.id, blueNew.id, onPlanB.id]);
    }
    expect(await rejection(as(person(red.lead, 'officer')).escalation.queue())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(coordinatorA.agencyId, 'officer')).escalation.queue({ planId: planA }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(callerFor(stack.deps, null).escalation.queue())).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers a bad filter with a 400 naming the field', async () => {
    const caller = as(coordinatorA);
    const bad = (input: unknown) => rejection(caller.escalation.queue(input as never));
    expect(await bad({ level: 'purple' })).toEqual({ code: 'BAD_REQUEST', fields: ['level'] });
    expect(await bad({ planId: 'plan-a' })).toEqual({ code: 'BAD_REQUEST', fields: ['planId'] });
    expect(await bad({ measureId: 42 })).toEqual({ code: 'BAD_REQUEST', fields: ['measureId'] });
    expect(await bad({ agencyId: 2 ** 31 })).toEqual({ code: 'BAD_REQUEST', fields: ['agencyId'] });
    expect(await bad({ limit: 101 })).toEqual({ code: 'BAD_REQUEST', fields: ['limit'] });
    expect(await bad({ offset: 100_001 })).toEqual({ code: 'BAD_REQUEST', fields: ['offset'] });
    expect(await bad({ offset: -1 })).toEqual({ code: 'BAD_REQUEST', fields: ['offset'] });
  });
});
