import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import { appendAuditEvents } from '@liandong/db/queries';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { DEFAULT_REPORTING_POLICY, type Actor, type Role } from '@liandong/domain';
import { callerFor } from '../test-support/context';
import { createStatisticsService, type Dashboard } from './statistics';

// A small plan whose every figure is known by hand. Read-model rows are inserted directly, as the measure
// workflows' projection writes them (the triggers derive owed deadlines and levels as they do in production).
// The plan started on 10 June 2026 under the default monthly policy (due the 5th working day of the next month):
// cycle 0 (June) due at the end of Tue 7 July, cycle 1 (July) Fri 7 August, cycle 2 (August) Mon 7 September.
// Now is Fri 20 November 2026, noon in China: the trend runs from December 2025 to November 2026.

let connection: Connection;
let temporal: Client;
let t: TestDatabase;

const NOW = new Date('2026-11-20T04:00:00Z');
/** An instant on a China date and hour. */
const china = (date: string, hour = 10) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3600_000);
/** The end of a China day: how deadlines are stored. */
const endOf = (date: string) => china(date, 24);

const actor = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}`, displayName: 'someone', agencyId, roles });
const as = (who: Actor) => callerFor({ db: t.db, temporal }, who, { services: { statistics: createStatisticsService({ db: t.db, clock: () => NOW, cacheSeconds: 0 }) } });

async function rejection(promise: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return { code: (error as { code: string }).code, fields: cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : [] };
  }
  throw new Error('expected a rejection');
}

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const tag = randomBytes(4).toString('hex');
  const names = ['coordinator', 'otherCoordinator', 'lead', 'partner1', 'partner2'];
  const agencies = await t.db
    .insertInto('agencies')
    .values(names.map((name) => ({ code: `s-${tag}-${name}`, name: `${name}-${tag}`, level: 'city' as const, kind: 'department' as const })))
    .returning(['id', 'code'])
    .execute();
  const [coordinator, otherCoordinator, lead, p1, p2] = names.map((name) => agencies.find((a) => a.code === `s-${tag}-${name}`)!.id) as [number, number, number, number, number];
  const plan = async (title: string, coordinatorAgencyId: number, createdOn = '2026-06-10') => {
    const { id } = await t.db
      .insertInto('plans')
      .values({ title: `${title} ${tag}`, coordinatorAgencyId, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: title + tag, sourceHash: randomBytes(32).toString('hex') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`update plans set created_at = ${china(createdOn)} where id = ${id}`.execute(t.db);
    return id;
  };
  const planA = await plan('甲方案', coordinator);
  const planA2 = await plan('甲二方案', coordinator, '2026-06-11');
  const planB = await plan('乙方案', otherCoordinator);

  const measure = async (planId: string, seq: number, status: 'active' | 'closure_requested' | 'closed' | 'withdrawn', cycleDueAt: Date, closedAt: Date | null = null) =>
    (
      await t.db
        .insertInto('measures')
        .values({ planId, seq, number: `(${seq + 1})`, title: `措施${seq + 1}`, body: '', leadAgencyId: lead, coordinatorAgencyId: coordinator, status, cycleIndex: 3, cycleDueAt, closedAt })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const past = endOf('2026-11-10');
  const ahead = endOf('2026-12-07');
  const m1 = await measure(planA, 0, 'active', past); // green; lead and partner 1 owe cycle 3, overdue
  const m2 = await measure(planA, 1, 'active', ahead); // red on partner 2
  const m3 = await measure(planA, 2, 'closure_requested', ahead); // yellow on partner 1
  const m4 = await measure(planA, 3, 'active', ahead); // blue on partner 2
  const m5 = await measure(planA, 4, 'closed', ahead, china('2026-10-15'));
  const m6 = await measure(planA, 5, 'withdrawn', ahead);
  const m7 = await measure(planA2, 0, 'active', ahead);
  const mB = await measure(planB, 0, 'active', past);

  const assign = (measureId: string, agencyId: number, role: 'lead' | 'partner', dueAt: Date, escalationLevel: 'blue' | 'yellow' | 'red' | null = null) =>
    t.db.insertInto('assignments').values({ measureId, agencyId, role, status: 'accepted', dueAt, escalationLevel }).execute();
  await assign(m1, lead, 'lead', past);
  await assign(m1, p1, 'partner', past);
  await assign(m2, lead, 'lead', ahead);
  await assign(m2, p2, 'partner', ahead, 'red');
  await assign(m3, lead, 'lead', ahead);
  await assign(m3, p1, 'partner', ahead, 'yellow');
  await assign(m4, lead, 'lead', ahead);
  await assign(m4, p2, 'partner', ahead, 'blue');
  await assign(m5, lead, 'lead', ahead);
  await assign(m5, p1, 'partner', ahead);
  await assign(m6, lead, 'lead', ahead);
  await assign(m6, p2, 'partner', ahead);
  await assign(m7, lead, 'lead', ahead);
  await assign(mB, lead, 'lead', past);
  await assign(mB, p1, 'partner', past);

  type Kpi = { metric: string; value: number }[];
  const report = (measureId: string, agencyId: number, cycleIndex: number, submittedAt: Date, late: boolean, options: { kind?: 'partner' | 'combined'; revision?: number; status?: 'submitted' | 'accepted' | 'returned'; kpis?: Kpi } = {}) =>
    t.db
      .insertInto('reports')
      .values({
        id: randomUUID(),
        measureId,
        agencyId,
        cycleIndex,
        kind: options.kind ?? 'partner',
        revision: options.revision ?? 1,
        status: options.status ?? 'accepted',
        progressStatus: 'on_track',
        percentDone: 50,
        kpiValues: JSON.stringify(options.kpis ?? []),
        late,
        submittedBy: 'someone',
        submittedAt,
      })
      .execute();
  const combined = { kind: 'combined' as const };
  // Partner 2 on 措施2: cycle 0 on time; cycle 1 two working days late (Fri 7 Aug → Tue 11 Aug); cycle 2 one (Mon 7 Sep → Tue 8 Sep).
  await report(m2, p2, 0, china('2026-07-06'), false, { kpis: [{ metric: '集装箱吞吐量', value: 2000 }] });
  await report(m2, p2, 1, china('2026-08-11'), true);
  await report(m2, p2, 2, china('2026-09-08'), true, { status: 'submitted', kpis: [{ metric: ' 集装箱吞吐量 ', value: 3000 }] });
  // Partner 2 on 措施4: cycle 1 three working days late (Wed 12 Aug), in the same cycle as its other late report.
  await report(m4, p2, 1, china('2026-08-12'), true);
  // The lead on 措施2: cycle 0 on time; cycle 1 one working day late (Mon 10 Aug), returned and revised later (the revision does not count again).
  await report(m2, lead, 0, china('2026-07-07', 15), false, combined);
  await report(m2, lead, 1, china('2026-08-10'), true, { ...combined, status: 'returned', kpis: [{ metric: '集装箱吞吐量', value: 2900 }] });
  await report(m2, lead, 1, china('2026-08-20'), true, { ...combined, revision: 2, status: 'accepted', kpis: [{ metric: '集装箱吞吐量', value: 2960 }] });
  // The lead on 措施1: cycle 2 four working days late (Mon 7 Sep → Fri 11 Sep), after the cycle was recorded missed.
  await report(m1, lead, 2, china('2026-09-11'), true, combined);
  // Partner 1 on 措施1: cycle 0 late on Mon 13 July, but an approved extension had moved its deadline to Thu 9 July: two working days;
  // cycle 1 on time; cycle 2 missed.
  await report(m1, p1, 0, china('2026-07-13'), true);
  await report(m1, p1, 1, china('2026-08-05'), false);
  await t.db
    .insertInto('extensionRequests')
    .values({ id: randomUUID(), measureId: m1, agencyId: p1, currentDueAt: endOf('2026-07-07'), requestedDueAt: endOf('2026-07-09'), reason: '数据未齐', status: 'approved', requestedAt: china('2026-07-01'), decidedAt: china('2026-07-02') })
    .execute();
  // Before the twelve months: not counted. On plan B: not this working group's.
  await report(m5, p1, 0, china('2025-11-15'), false);
  await report(mB, p1, 0, china('2026-07-20'), true);

  await t.db.transaction().execute((trx) =>
    appendAuditEvents(
      trx,
      [
        { measureId: m1, agencyId: p1, cycleIndex: 2, at: china('2026-09-30', 23) },
        { measureId: m1, agencyId: lead, cycleIndex: 2, at: china('2026-09-10') }, // then submitted: late, not missed
        { measureId: mB, agencyId: p1, cycleIndex: 1, at: china('2026-09-30', 23) },
      ].map((e) => ({
        eventKey: `missed-${randomUUID()}`,
        occurredAt: e.at,
        actor: 'system',
        actorAgencyId: null,
        action: 'cycle.missed',
        subjectType: 'assignment',
        subjectId: `${e.measureId}/${e.agencyId}`,
        measureId: e.measureId,
        payload: { type: 'cycle.missed', agencyId: e.agencyId, cycleIndex: e.cycleIndex },
        workflowId: null,
        runId: null,
      })),
    ),
  );

  const escalation = (measureId: string, agencyId: number | null, level: 'blue' | 'yellow' | 'red', raisedAt: Date, status: 'open' | 'resolved' = 'open') =>
    t.db.insertInto('escalations').values({ id: randomUUID(), measureId, agencyId, cycleIndex: 3, kind: 'overdue', level, status, reason: '逾期', raisedBy: 'system', raisedAt }).execute();
  await escalation(m2, p2, 'red', china('2026-10-20'));
  await escalation(m3, p1, 'yellow', china('2026-10-05'));
  await escalation(m4, p2, 'blue', china('2026-11-02'));
  await escalation(m1, p1, 'blue', china('2026-08-15'), 'resolved');
  await escalation(m1, p1, 'blue', china('2025-10-01'), 'resolved');
  await escalation(mB, p1, 'red', china('2026-10-01'));
  // An escalation of the whole measure (no agency) lights it too.
  await escalation(m7, null, 'yellow', china('2026-10-08'));

  await t.db
    .insertInto('measureKpis')
    .values([
      { measureId: m2, seq: 0, metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '>=', deadlineYear: 2025 },
      { measureId: m4, seq: 0, metric: '审批时限', target: 5, unit: '个工作日', comparator: '<=', deadlineYear: 2026 },
      { measureId: m6, seq: 0, metric: '撤销指标', target: 1, unit: '个', comparator: '>=', deadlineYear: 2026 },
    ])
    .execute();

  return { tag, coordinator, otherCoordinator, lead, p1, p2, planA, planA2, planB, m2, m4 };
}

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  t = await createTestDatabase(inject('pgAdminUrl'));
  w = await world();
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

const row = (d: Dashboard, agencyId: number) => d.agencies.find((a) => a.agencyId === agencyId);

describe('dashboard.plan (统计)', () => {
  it('counts the measures by status, and those in progress by traffic light', async () => {
    const d = await as(actor(w.coordinator, 'coordinator')).dashboard.plan({ planId: w.planA });
    expect(d.scope).toMatchObject({ kind: 'plan', planId: w.planA, title: `甲方案 ${w.tag}`, coordinatorAgencyId: w.coordinator });
    expect(d.measures).toEqual({ total: 6, byStatus: { active: 3, closure_requested: 1, closed: 1, withdrawn: 1 }, byLight: { red: 1, yellow: 1, blue: 1, green: 1 } });
    expect(d.plans).toEqual([{ id: w.planA, title: `甲方案 ${w.tag}`, measureCount: 6 }]);
    expect(d.asOf).toBe(NOW.toISOString());
  });

  it("gives each agency its open duties, overdue reports, on-time rate and average delay in working days", async () => {
    const d = await as(actor(w.coordinator, 'coordinator')).dashboard.plan({ planId: w.planA });
    // The lead: on time 2 (措施2 cycle 0); late 措施2 cycle 1 (1 day) and 措施1 cycle 2 (4 days); 措施1 cycle 3 owed since 10 Nov.
    expect(row(d, w.lead)).toEqual({
      agencyId: w.lead,
      agencyName: `lead-${w.tag}`,
      openItems: 4,
      overdue: 1,
      reportsOnTime: 1,
      reportsLate: 2,
      reportsMissed: 1,
      onTimeRate: 1 / 4,
      averageDelayWorkingDays: 2.5,
    });
    // Partner 1: late 措施1 cycle 0 by 2 working days after its extension; cycle 1 on time; cycle 2 missed; cycle 3 owed.
    expect(row(d, w.p1)).toMatchObject({ openItems: 2, overdue: 1, reportsOnTime: 1, reportsLate: 1, reportsMissed: 2, onTimeRate: 1 / 4, averageDelayWorkingDays: 2 });
    // Partner 2: on time once, late by 2, 3 (both cycle 1) and 1 working days.
    expect(row(d, w.p2)).toMatchObject({ openItems: 2, overdue: 0, reportsOnTime: 1, reportsLate: 3, reportsMissed: 0, onTimeRate: 1 / 4, averageDelayWorkingDays: 2 });
    expect(d.agencies.map((a) => a.agencyId)).toEqual([w.lead, w.p1, w.p2]);
    expect(d.totals).toEqual({ openItems: 8, overdue: 2, reportsOnTime: 3, reportsLate: 6, reportsMissed: 3, onTimeRate: 3 / 12, averageDelayWorkingDays: 13 / 6 });
  });

  it('shows each target with the value the lead last reported in an accepted combined report, and none for a withdrawn measure', async () => {
    const d = await as(actor(w.coordinator, 'coordinator')).dashboard.plan({ planId: w.planA });
    expect(d.kpis.map((k) => ({ measureId: k.measureId, metric: k.metric, target: k.target, unit: k.unit, deadlineYear: k.deadlineYear, latestValue: k.latestValue, percentOfTarget: k.percentOfTarget }))).toEqual([
      { measureId: w.m2, metric: '集装箱吞吐量', target: 3700, unit: '万标箱', deadlineYear: 2025, latestValue: 2960, percentOfTarget: 80 },
      { measureId: w.m4, metric: '审批时限', target: 5, unit: '个工作日', deadlineYear: 2026, latestValue: null, percentOfTarget: null },
    ]);
    expect(d.kpis[0]!.reportedAt).toBe(china('2026-08-20').toISOString());
  });

  it('draws twelve China months of reports, escalations raised and measures closed', async () => {
    const d = await as(actor(w.coordinator, 'coordinator')).dashboard.plan({ planId: w.planA });
    expect(d.trend.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const nonzero = d.trend.filter((m) => m.reportsOnTime + m.reportsLate + m.reportsMissed + m.escalationsRaised + m.measuresClosed > 0);
    expect(nonzero).toEqual([
      { month: '2026-07', reportsOnTime: 2, reportsLate: 1, reportsMissed: 0, escalationsRaised: 0, measuresClosed: 0 },
      { month: '2026-08', reportsOnTime: 1, reportsLate: 3, reportsMissed: 0, escalationsRaised: 1, measuresClosed: 0 },
      { month: '2026-09', reportsOnTime: 0, reportsLate: 2, reportsMissed: 1, escalationsRaised: 0, measuresClosed: 0 },
      { month: '2026-10', reportsOnTime: 0, reportsLate: 0, reportsMissed: 0, escalationsRaised: 2, measuresClosed: 1 },
      { month: '2026-11', reportsOnTime: 0, reportsLate: 0, reportsMissed: 2, escalationsRaised: 1, measuresClosed: 0 },
    ]);
  });

  it('refuses officers, and another working group’s coordinator, and tells an auditor a plan does not exist', async () => {
    expect(await rejection(as(actor(w.lead, 'officer')).dashboard.plan({ planId: w.planA }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.coordinator, 'officer')).dashboard.plan({ planId: w.planA }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.otherCoordinator, 'coordinator')).dashboard.plan({ planId: w.planA }))).toMatchObject({ code: 'FORBIDDEN' });
    // As the escalation queue does: a coordinator cannot tell a plan that is not its own from one that does not exist.
    expect(await rejection(as(actor(w.coordinator, 'coordinator')).dashboard.plan({ planId: randomUUID() }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.p1, 'auditor')).dashboard.plan({ planId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(actor(w.p1, 'auditor')).dashboard.plan({ planId: w.planA })).measures.total).toBe(6);
    expect((await as(actor(w.p1, 'admin')).dashboard.plan({ planId: w.planB })).measures.total).toBe(1);
  });

  it('names the field of a bad input', async () => {
    expect(await rejection(as(actor(w.coordinator, 'coordinator')).dashboard.plan({ planId: 'plan-1' }))).toEqual({ code: 'BAD_REQUEST', fields: ['planId'] });
    expect(await rejection(as(actor(w.coordinator, 'coordinator')).dashboard.group({ coordinatorAgencyId: 1.5 }))).toEqual({ code: 'BAD_REQUEST', fields: ['coordinatorAgencyId'] });
  });
});

describe('dashboard.group (the working group)', () => {
  it("covers every plan the coordinator's agency coordinates, and no other", async () => {
    const d = await as(actor(w.coordinator, 'coordinator')).dashboard.group();
    expect(d.scope).toEqual({ kind: 'group', coordinatorAgencyId: w.coordinator, coordinatorName: `coordinator-${w.tag}` });
    expect(d.plans).toEqual([
      { id: w.planA, title: `甲方案 ${w.tag}`, measureCount: 6 },
      { id: w.planA2, title: `甲二方案 ${w.tag}`, measureCount: 1 },
    ]);
    expect(d.measures).toEqual({ total: 7, byStatus: { active: 4, closure_requested: 1, closed: 1, withdrawn: 1 }, byLight: { red: 1, yellow: 2, blue: 1, green: 1 } });
    // Plan B's late report, missed cycle and red escalation are not this group's.
    expect(row(d, w.p1)).toMatchObject({ openItems: 2, overdue: 1, reportsLate: 1, reportsMissed: 2 });
    expect(row(d, w.lead)).toMatchObject({ openItems: 5 });
    expect(d.trend.find((m) => m.month === '2026-10')).toMatchObject({ escalationsRaised: 3 });
  });

  it('lets auditors and admins name any working group, and no coordinator another', async () => {
    expect((await as(actor(w.p1, 'auditor')).dashboard.group({ coordinatorAgencyId: w.otherCoordinator })).measures.total).toBe(1);
    expect((await as(actor(w.p1, 'admin')).dashboard.group({ coordinatorAgencyId: w.coordinator })).measures.total).toBe(7);
    expect(await rejection(as(actor(w.otherCoordinator, 'coordinator')).dashboard.group({ coordinatorAgencyId: w.coordinator }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.p1, 'officer')).dashboard.group())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(w.p1, 'auditor')).dashboard.group({ coordinatorAgencyId: 2_000_000_000 }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows an agency that coordinates no plan an empty dashboard', async () => {
    const d = await as(actor(w.p2, 'coordinator')).dashboard.group();
    expect(d.plans).toEqual([]);
    expect(d.measures.total).toBe(0);
    expect(d.agencies).toEqual([]);
    expect(d.trend).toHaveLength(12);
    expect(d.totals.onTimeRate).toBeNull();
  });
});

describe('computed dashboards', () => {
  it('are served again for half a minute, to those who may read them, and computed anew when asked fresh or later', async () => {
    let now = NOW;
    const statistics = createStatisticsService({ db: t.db, clock: () => now });
    const caller = (who: Actor) => callerFor({ db: t.db, temporal }, who, { services: { statistics } });
    const coordinator = caller(actor(w.coordinator, 'coordinator'));
    expect((await coordinator.dashboard.plan({ planId: w.planA2 })).measures.total).toBe(1);
    await t.db
      .insertInto('measures')
      .values({ planId: w.planA2, seq: 9, number: '(10)', title: '新增措施', body: '', leadAgencyId: w.lead, coordinatorAgencyId: w.coordinator })
      .execute();
    now = new Date(NOW.getTime() + 20_000);
    const again = await coordinator.dashboard.plan({ planId: w.planA2 });
    expect(again.measures.total).toBe(1);
    expect(again.asOf).toBe(NOW.toISOString());
    // Whoever asks is still authorized first.
    expect(await rejection(caller(actor(w.otherCoordinator, 'coordinator')).dashboard.plan({ planId: w.planA2 }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await coordinator.dashboard.plan({ planId: w.planA2, fresh: true })).measures.total).toBe(2);
    now = new Date(NOW.getTime() + 60_000);
    await t.db.updateTable('measures').set({ status: 'withdrawn' }).where('planId', '=', w.planA2).where('seq', '=', 9).execute();
    expect((await coordinator.dashboard.plan({ planId: w.planA2 })).measures.byStatus.withdrawn).toBe(1);
  });
});
