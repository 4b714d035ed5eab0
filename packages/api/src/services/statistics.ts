import { addCalendarDays, chinaDate, computeCycle, hasRole, startOfChinaDay, mayReadDashboard, type Actor, type WorkingCalendar } from '@liandong/domain';
import type { Db, MeasureStatus } from '@liandong/db';
import {
  agencyWorkloads,
  findAgencyName,
  findDashboardPlans,
  kpiStandings,
  lateExtendedReports,
  loadWorkingCalendar,
  monthlyClosures,
  monthlyEscalations,
  tallyMeasures,
  tallyMissedReports,
  tallyReports,
  type DashboardPlan,
  type LateExtendedReport,
  type ReportTally,
} from '@liandong/db/queries';
import { ForbiddenError, NotFoundError } from '../errors';

// ---- the numbers' definitions (pure) ----------------------------------------------

export const MEASURE_STATUSES = ['active', 'closure_requested', 'closed', 'withdrawn'] as const satisfies readonly MeasureStatus[];

/**
 * The traffic light (红黄蓝绿灯) of a measure in progress, from the highest escalation level open on it (on one of
 * its live assignments, or on the whole measure): red = a red escalation (通报) is open, yellow = a yellow one
 * (督办单), blue = a blue one (催办, a reminder), green = none open. A closed or withdrawn measure has no light (null).
 */
export type TrafficLight = 'red' | 'yellow' | 'blue' | 'green';
export const TRAFFIC_LIGHTS = ['red', 'yellow', 'blue', 'green'] as const satisfies readonly TrafficLight[];

export function trafficLight(status: MeasureStatus, highestEscalationLevel: 'blue' | 'yellow' | 'red' | null): TrafficLight | null {
  if (status !== 'active' && status !== 'closure_requested') return null;
  return highestEscalationLevel ?? 'green';
}

/**
 * On-time report rate (按时报送率), as the 通报 states it (domain reporting/on-time-rate.ts): first submissions on
 * time over every report that fell due in the period: on time + late + not submitted (a cycle closed with the
 * report never sent, or the current one owed past its due date). Null when none fell due.
 */
export function onTimeRate(onTime: number, late: number, missed: number): number | null {
  const due = onTime + late + missed;
  return due === 0 ? null : onTime / due;
}

/**
 * Working days (工作日) a report submitted on China date `submittedOn` came after a deadline instant `dueAt`. A
 * deadline instant ends its China day (see `endOfChinaDay`), so the due day is the date just before it; a report
 * sent the next working day is one working day late, one sent on the weekend after a Friday deadline zero.
 * The definition; the dashboards compute the same by working-day ordinals, many reports at once (`delays`).
 */
export function workingDaysLate(calendar: WorkingCalendar, dueAt: Date, submittedOn: string): number {
  const dueDay = chinaDate(new Date(dueAt.getTime() - 1));
  return submittedOn <= dueDay ? 0 : calendar.workingDaysBetween(dueDay, submittedOn);
}

/**
 * The working days around now, numbered: `ordinal(day)` is how many fall on or before `day`, so that between two
 * days `ordinal(to) - ordinal(from)` is `calendar.workingDaysBetween(from, to)`. `ordinals[i]` is the ordinal of
 * the day `i` days after `from`, as the database reads it (tallyReports).
 */
export interface WorkingDayIndex {
  from: string;
  ordinals: number[];
  ordinal(day: string): number;
}

/** How far back the delays are counted exactly: a report due earlier than this counts from this day. */
const DELAY_HORIZON_YEARS = 3;
const workingDayIndexes = new WeakMap<WorkingCalendar, { key: string; index: WorkingDayIndex }>();
const DAY_MS = 86_400_000;

/** The working-day index from `DELAY_HORIZON_YEARS` before `now` to the day after it, under `calendar`; kept per calendar and day. */
export function workingDayIndex(calendar: WorkingCalendar, now: Date): WorkingDayIndex {
  const today = chinaDate(now);
  const cached = workingDayIndexes.get(calendar);
  if (cached?.key === today) return cached.index;
  const from = addCalendarDays(today, -366 * DELAY_HORIZON_YEARS);
  const last = addCalendarDays(today, 1);
  const ordinals: number[] = [];
  let count = 0;
  for (let day = from; day <= last; day = addCalendarDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count += 1;
    ordinals.push(count);
  }
  const ordinal = (day: string) => {
    const i = Math.round((Date.parse(day) - Date.parse(from)) / DAY_MS);
    return i < 0 ? 0 : (ordinals[Math.min(i, ordinals.length - 1)] ?? 0);
  };
  const index = { from, ordinals, ordinal };
  workingDayIndexes.set(calendar, { key: today, index });
  return index;
}

/**
 * Progress towards a quantitative target, in percent (100 = met): for `>=` the value over the target; for `<=`
 * (e.g. 审批时限 ≤ 5 个工作日) the target over the value, 100 once at or under it; for `=` the smaller over the
 * larger. Null before any value is reported, or when it cannot be judged (a target or value of 0 that is not met).
 */
export function kpiProgress(comparator: '>=' | '<=' | '=', target: number, value: number | null): number | null {
  if (value === null || !Number.isFinite(value) || !Number.isFinite(target)) return null;
  if (comparator === '>=') {
    if (value >= target) return target <= 0 ? 100 : (value / target) * 100;
    return target <= 0 || value < 0 ? 0 : (value / target) * 100;
  }
  if (comparator === '<=') {
    if (value <= target) return 100;
    return value <= 0 || target < 0 ? 0 : (target / value) * 100;
  }
  if (value === target) return 100;
  const [low, high] = value < target ? [value, target] : [target, value];
  return low < 0 || high <= 0 ? 0 : (low / high) * 100;
}

/** The twelve China months (`YYYY-MM`) ending with the one `now` falls in, oldest first, and the instant the first begins. */
export function trendMonths(now: Date): { months: string[]; since: Date } {
  const [year, month] = chinaDate(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = 11; back >= 0; back--) {
    const total = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return { months, since: monthStart(months[0]!) };
}

/** 00:00 in China on the first day of a month (`YYYY-MM`). */
const monthStart = (month: string) => startOfChinaDay(`${month}-01`);

// ---- output ------------------------------------------------------------------------

export interface DashboardAgencyRow {
  agencyId: number;
  agencyName: string;
  /** Duties (assignments not withdrawn) on measures still open. */
  openItems: number;
  /** Reports owed now and past their due date. */
  overdue: number;
  /** In the twelve months of the trend: first submissions on time, late, and reports missed. */
  reportsOnTime: number;
  reportsLate: number;
  reportsMissed: number;
  /** `onTimeRate` (0–1), null when no report fell due. */
  onTimeRate: number | null;
  /** Mean working days late of its late reports, null when none was late. */
  averageDelayWorkingDays: number | null;
}

export interface DashboardKpiRow {
  kpiId: string;
  planId: string;
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  metric: string;
  target: number;
  unit: string;
  comparator: '>=' | '<=' | '=';
  deadlineYear: number | null;
  latestValue: number | null;
  reportedAt: string | null;
  /** `kpiProgress`, percent of target (100 = met). */
  percentOfTarget: number | null;
}

export interface DashboardMonth {
  /** China month, `YYYY-MM`. */
  month: string;
  reportsOnTime: number;
  reportsLate: number;
  reportsMissed: number;
  escalationsRaised: number;
  measuresClosed: number;
}

export interface Dashboard {
  scope: { kind: 'plan'; planId: string; title: string; coordinatorAgencyId: number; coordinatorName: string } | { kind: 'group'; coordinatorAgencyId: number; coordinatorName: string };
  /** When the figures were computed (ISO); "overdue" is as of this instant. */
  asOf: string;
  plans: { id: string; title: string; measureCount: number }[];
  measures: {
    total: number;
    byStatus: Record<MeasureStatus, number>;
    /** Measures in progress (active or awaiting closure) by `trafficLight`. */
    byLight: Record<TrafficLight, number>;
  };
  /** Agencies with a duty on the measures: most overdue first, then most open items, then by name. */
  agencies: DashboardAgencyRow[];
  /** Every quantitative target, earliest deadline year first. */
  kpis: DashboardKpiRow[];
  /** The last twelve China months, oldest first. */
  trend: DashboardMonth[];
  /** Over all agencies, the same definitions as each row. */
  totals: { openItems: number; overdue: number; reportsOnTime: number; reportsLate: number; reportsMissed: number; onTimeRate: number | null; averageDelayWorkingDays: number | null };
}

// ---- the service -------------------------------------------------------------------

export interface StatisticsServiceDeps {
  db: Db;
  /** The process's cached working-day calendar; absent, each request reads it from the database (as the inbox does). */
  calendar?: () => WorkingCalendar;
  clock?: () => Date;
  /**
   * How long a computed dashboard is served again to whoever may read it (its `asOf` says when it was computed);
   * 0 computes every request. A request with `fresh` (the page's 刷新) always recomputes.
   */
  cacheSeconds?: number;
}

/** Dashboards aggregate a plan's whole history: computed once, they are served for half a minute. */
export const DASHBOARD_CACHE_SECONDS = 30;

const mayReadAnyDashboard = (actor: Actor) => hasRole(actor, 'coordinator', 'auditor', 'admin');

/** Dashboards (统计) per plan and per working group (every plan one agency coordinates). */
export function createStatisticsService({ db, calendar, clock = () => new Date(), cacheSeconds = DASHBOARD_CACHE_SECONDS }: StatisticsServiceDeps) {
  const workingCalendar = (): Promise<WorkingCalendar> => (calendar ? Promise.resolve(calendar()) : loadWorkingCalendar(db));
  /** Computed (or being computed) dashboards by scope: concurrent requests for one scope share one computation. */
  const computed = new Map<string, { at: number; dashboard: Promise<Dashboard> }>();

  /** Only after the caller is authorized: the cache is keyed by scope, not by person. */
  function cached(key: string, fresh: boolean, compute: () => Promise<Dashboard>): Promise<Dashboard> {
    const now = clock().getTime();
    const hit = computed.get(key);
    if (!fresh && hit && now - hit.at < cacheSeconds * 1000) return hit.dashboard;
    const dashboard = compute();
    if (cacheSeconds > 0) {
      computed.set(key, { at: now, dashboard });
      // A failed computation is not kept: the next request tries again.
      dashboard.catch(() => {
        if (computed.get(key)?.dashboard === dashboard) computed.delete(key);
      });
      for (const [k, v] of computed) if (now - v.at >= cacheSeconds * 1000) computed.delete(k);
    }
    return dashboard;
  }

  /**
   * Working days late, summed per agency and cycle, of the late first submissions. A report's due date is its
   * plan's cycle due date, moved by an approved extension of that cycle; its delay is the working days from its
   * due day to its submission day, the difference of their ordinals among `workingDays` (see tallyReports). The
   * cycle groups count from the cycle's due date; each report after an extension of that cycle is corrected.
   */
  function delays(cal: WorkingCalendar, plans: DashboardPlan[], groups: Extract<ReportTally, { kind: 'cycle' }>[], extended: LateExtendedReport[], workingDays: WorkingDayIndex): { agencyId: number; days: number; count: number }[] {
    const byId = new Map(plans.map((p) => [p.id, p]));
    const dues = new Map<string, Date>();
    const dueOf = (plan: DashboardPlan, cycleIndex: number) => {
      const key = `${plan.id}#${cycleIndex}`;
      let due = dues.get(key);
      if (!due) dues.set(key, (due = new Date(computeCycle(plan.reportingPolicy, cal, plan.createdAt, cycleIndex).dueAt)));
      return due;
    };
    const ordinalOfDue = (due: Date) => workingDays.ordinal(chinaDate(new Date(due.getTime() - 1)));
    const sums = groups.flatMap((g) => {
      const plan = byId.get(g.planId);
      // A late report comes after its due day: the sum of the differences is never negative.
      return plan ? [{ agencyId: g.agencyId, days: Math.max(0, g.submittedOrdinalSum - g.count * ordinalOfDue(dueOf(plan, g.cycleIndex))), count: g.count }] : [];
    });
    for (const r of extended) {
      const plan = byId.get(r.planId);
      if (!plan) continue;
      const nominal = dueOf(plan, r.cycleIndex);
      // An extension counts for this cycle only if it moved this cycle's deadline: it must be set before the next one's.
      if (!(r.extendedDueAt > nominal && r.extendedDueAt < dueOf(plan, r.cycleIndex + 1))) continue;
      const counted = r.submittedOrdinal - ordinalOfDue(nominal);
      const owed = Math.max(0, r.submittedOrdinal - ordinalOfDue(r.extendedDueAt));
      sums.push({ agencyId: r.agencyId, days: owed - counted, count: 0 });
    }
    return sums;
  }

  async function build(scope: Dashboard['scope'], plans: DashboardPlan[]): Promise<Dashboard> {
    const now = clock();
    const { months, since } = trendMonths(now);
    const planIds = plans.map((p) => p.id);
    const empty = planIds.length === 0;
    const calendarRead = workingCalendar();
    const workingDaysRead = calendarRead.then((c) => workingDayIndex(c, now));
    const [measureRows, workloads, reportRows, extendedRows, missedRows, escalationRows, closureRows, kpiRows, cal] = await Promise.all([
      empty ? [] : tallyMeasures(db, planIds),
      empty ? [] : agencyWorkloads(db, planIds, now),
      empty ? [] : workingDaysRead.then((days) => tallyReports(db, planIds, months.map((month) => ({ month, start: monthStart(month) })), days)),
      empty ? [] : workingDaysRead.then((days) => lateExtendedReports(db, planIds, since, days)),
      empty ? [] : tallyMissedReports(db, planIds, since, now),
      empty ? [] : monthlyEscalations(db, planIds, since),
      empty ? [] : monthlyClosures(db, planIds, since),
      empty ? [] : kpiStandings(db, planIds),
      calendarRead,
    ]);

    const byStatus = Object.fromEntries(MEASURE_STATUSES.map((s) => [s, 0])) as Record<MeasureStatus, number>;
    const byLight = Object.fromEntries(TRAFFIC_LIGHTS.map((l) => [l, 0])) as Record<TrafficLight, number>;
    const perPlan = new Map<string, number>();
    for (const row of measureRows) {
      byStatus[row.status] += row.count;
      const light = trafficLight(row.status, row.level);
      if (light) byLight[light] += row.count;
      perPlan.set(row.planId, (perPlan.get(row.planId) ?? 0) + row.count);
    }

    const tally = new Map<number, { onTime: number; late: number; missed: number; delayDays: number; delayed: number }>();
    const of = (agencyId: number) => {
      let t = tally.get(agencyId);
      if (!t) tally.set(agencyId, (t = { onTime: 0, late: 0, missed: 0, delayDays: 0, delayed: 0 }));
      return t;
    };
    const trend = new Map(months.map((month) => [month, { month, reportsOnTime: 0, reportsLate: 0, reportsMissed: 0, escalationsRaised: 0, measuresClosed: 0 }]));
    const cycles: Extract<ReportTally, { kind: 'cycle' }>[] = [];
    for (const row of reportRows) {
      if (row.kind === 'agency') of(row.agencyId)[row.late ? 'late' : 'onTime'] += row.count;
      else if (row.kind === 'month') {
        const m = trend.get(row.month);
        if (m) m[row.late ? 'reportsLate' : 'reportsOnTime'] += row.count;
      } else cycles.push(row);
    }
    for (const row of missedRows) {
      if (row.agencyId !== null) of(row.agencyId).missed += row.count;
      else if (row.month !== null) {
        const m = trend.get(row.month);
        if (m) m.reportsMissed += row.count;
      }
    }
    for (const d of delays(cal, plans, cycles, extendedRows, workingDayIndex(cal, now))) {
      const t = of(d.agencyId);
      t.delayDays += d.days;
      t.delayed += d.count;
    }
    for (const row of escalationRows) {
      const m = trend.get(row.month);
      if (m) m.escalationsRaised += row.count;
    }
    for (const row of closureRows) {
      const m = trend.get(row.month);
      if (m) m.measuresClosed += row.count;
    }

    const agencies: DashboardAgencyRow[] = workloads.map((w) => {
      const t = tally.get(w.agencyId) ?? { onTime: 0, late: 0, missed: 0, delayDays: 0, delayed: 0 };
      return {
        agencyId: w.agencyId,
        agencyName: w.agencyName,
        openItems: w.openItems,
        overdue: w.overdue,
        reportsOnTime: t.onTime,
        reportsLate: t.late,
        reportsMissed: t.missed,
        onTimeRate: onTimeRate(t.onTime, t.late, t.missed),
        averageDelayWorkingDays: t.delayed === 0 ? null : t.delayDays / t.delayed,
      };
    });
    agencies.sort((a, b) => b.overdue - a.overdue || b.openItems - a.openItems || a.agencyName.localeCompare(b.agencyName, 'zh-CN') || a.agencyId - b.agencyId);

    const sum = (pick: (t: { onTime: number; late: number; missed: number; delayDays: number; delayed: number }) => number) => [...tally.values()].reduce((s, t) => s + pick(t), 0);
    const [onTime, late, missed, delayDays, delayed] = [sum((t) => t.onTime), sum((t) => t.late), sum((t) => t.missed), sum((t) => t.delayDays), sum((t) => t.delayed)];

    return {
      scope,
      asOf: now.toISOString(),
      plans: plans.map((p) => ({ id: p.id, title: p.title, measureCount: perPlan.get(p.id) ?? 0 })),
      measures: { total: measureRows.reduce((s, r) => s + r.count, 0), byStatus, byLight },
      agencies,
      kpis: kpiRows.map((k) => ({
        ...k,
        reportedAt: k.reportedAt ? k.reportedAt.toISOString() : null,
        percentOfTarget: kpiProgress(k.comparator, k.target, k.latestValue),
      })),
      trend: [...trend.values()],
      totals: {
        openItems: agencies.reduce((s, a) => s + a.openItems, 0),
        overdue: agencies.reduce((s, a) => s + a.overdue, 0),
        reportsOnTime: onTime,
        reportsLate: late,
        reportsMissed: missed,
        onTimeRate: onTimeRate(onTime, late, missed),
        averageDelayWorkingDays: delayed === 0 ? null : delayDays / delayed,
      },
    };
  }

  return {
    /**
     * One plan's dashboard: its coordinator's, auditors' and admins'. FORBIDDEN for officers, and, as in the
     * escalation queue, for a coordinator naming a plan it does not coordinate (or none that exists); NOT_FOUND
     * for an auditor or admin naming no plan.
     */
    async plan(actor: Actor, input: { planId: string; fresh?: boolean }): Promise<Dashboard> {
      if (!mayReadAnyDashboard(actor)) throw new ForbiddenError('无权访问: the dashboards are for coordinators, auditors and admins');
      const plans = await findDashboardPlans(db, { planId: input.planId });
      const plan = plans[0];
      if (!plan) {
        if (hasRole(actor, 'auditor', 'admin')) throw new NotFoundError('plan', input.planId);
        throw new ForbiddenError(`无权访问: your agency does not coordinate plan ${input.planId}`);
      }
      if (!mayReadDashboard(actor, plan.coordinatorAgencyId)) throw new ForbiddenError(`无权访问: your agency does not coordinate plan ${input.planId}`);
      return cached(`plan:${plan.id}`, input.fresh === true, () =>
        build({ kind: 'plan', planId: plan.id, title: plan.title, coordinatorAgencyId: plan.coordinatorAgencyId, coordinatorName: plan.coordinatorName }, plans),
      );
    },

    /**
     * The working group's dashboard: every plan one agency coordinates, the actor's own by default. Auditors and
     * admins may name any agency (NOT_FOUND for none); a coordinator only its own.
     */
    async group(actor: Actor, input: { coordinatorAgencyId?: number; fresh?: boolean }): Promise<Dashboard> {
      const agencyId = input.coordinatorAgencyId ?? actor.agencyId;
      if (!mayReadAnyDashboard(actor)) throw new ForbiddenError('无权访问: the dashboards are for coordinators, auditors and admins');
      if (!mayReadDashboard(actor, agencyId)) throw new ForbiddenError(`无权访问: you may read only your own working group's dashboard (agency ${actor.agencyId})`);
      const plans = await findDashboardPlans(db, { coordinatorAgencyId: agencyId });
      const name = plans[0]?.coordinatorName ?? (await findAgencyName(db, agencyId));
      if (name === undefined) throw new NotFoundError('agency', String(agencyId));
      return cached(`group:${agencyId}`, input.fresh === true, () => build({ kind: 'group', coordinatorAgencyId: agencyId, coordinatorName: name }, plans));
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
