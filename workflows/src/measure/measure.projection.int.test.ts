import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AssignmentStatus } from '@liandong/db';
import { inboxCounts, inboxItems, listMeasuresForAgency, type MeasureListFilter } from '@liandong/db/queries';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { DEFAULT_REPORTING_POLICY } from '@liandong/domain';
import * as reference from './daily-work.reference';
import { createMeasureActivities } from './measure.activities';
import type { MeasureEvent } from './measure.events';

// What the database keeps for the daily reads (inbox items, owed-report deadlines, highest levels) must equal
// what the reads computed from the base tables before (daily-work.reference.ts), after any sequence of
// decisions the recording activity projects. Random sequences from a seeded generator: a failure names its
// seed and batch, and the same seed replays it.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

const DAY = 86_400_000;

/** mulberry32: small, seeded, good enough to pick events. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[int(list.length)]);
  return { next, int, pick };
}

type Role = 'lead' | 'partner';
const OPEN: AssignmentStatus[] = ['pending', 'accepted', 'transfer_requested'];
const LEVELS = ['blue', 'yellow', 'red'] as const;

/** What the generator knows of one measure, to propose events that fit it (as the workflow would decide them). */
interface MeasureModel {
  id: string;
  seq: number;
  started: boolean;
  status: 'active' | 'closure_requested' | 'closed' | 'withdrawn';
  cycle: number;
  assignments: Map<number, { role: Role; status: AssignmentStatus }>;
  reports: { id: string; agencyId: number; cycle: number; kind: 'partner' | 'combined'; status: 'submitted' | 'accepted' | 'returned' }[];
  escalations: { id: string; level: (typeof LEVELS)[number]; open: boolean }[];
  extensions: { id: string; agencyId: number; pending: boolean }[];
  subtasks: { id: string; open: boolean }[];
  closureId: string | null;
}

/** Three measures of one plan over seven units: the coordinator leads one and is a partner on another. */
async function world() {
  const tag = randomBytes(4).toString('hex');
  const names = ['coordinator', 'lead', 'p1', 'p2', 'p3', 'spare1', 'spare2'];
  const rows = await t.db
    .insertInto('agencies')
    .values(names.map((name) => ({ code: `pbt-${tag}-${name}`, name: `${name}-${tag}`, level: 'city' as const, kind: 'department' as const })))
    .returning(['id', 'code'])
    .execute();
  const id = (name: string) => rows.find((r) => r.code === `pbt-${tag}-${name}`)!.id;
  const [coordinator, lead, p1, p2, p3] = ['coordinator', 'lead', 'p1', 'p2', 'p3'].map(id) as [number, number, number, number, number];
  const plan = await t.db
    .insertInto('plans')
    .values({ title: `性质测试 ${tag}`, coordinatorAgencyId: coordinator, reportingPolicy: JSON.stringify(DEFAULT_REPORTING_POLICY), sourceText: tag, sourceHash: randomBytes(32).toString('hex') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const measures: MeasureModel[] = [];
  for (const [seq, [leadId, partners]] of ([
    [lead, [p1, p2]],
    [p2, [p1, p3, coordinator]],
    [coordinator, [p3, lead]],
  ] as const).entries()) {
    const measure = await t.db
      .insertInto('measures')
      .values({ planId: plan.id, seq, number: `(${seq + 1})`, title: `措施${seq + 1}`, body: '', leadAgencyId: leadId, coordinatorAgencyId: coordinator })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('assignments')
      .values([{ measureId: measure.id, agencyId: leadId, role: 'lead' as const }, ...partners.map((agencyId) => ({ measureId: measure.id, agencyId, role: 'partner' as const }))])
      .execute();
    measures.push({
      id: measure.id,
      seq: 0,
      started: false,
      status: 'active',
      cycle: 0,
      assignments: new Map([[leadId, { role: 'lead' as Role, status: 'pending' as AssignmentStatus }], ...partners.map((p) => [p, { role: 'partner' as Role, status: 'pending' as AssignmentStatus }] as const)]),
      reports: [],
      escalations: [],
      extensions: [],
      subtasks: [],
      closureId: null,
    });
  }
  return { agencies: names.map(id), coordinator, measures };
}

/** One event that fits the measure as the model knows it, applied to the model; undefined when none fits. */
function proposeEvent(rnd: ReturnType<typeof random>, m: MeasureModel, agencies: number[], base: number): MeasureEvent | undefined {
  const due = () => new Date(base + (rnd.int(30) - 10) * DAY + rnd.int(24) * 3_600_000).toISOString();
  if (!m.started) {
    m.started = true;
    return { type: 'measure.started', cycleIndex: 0, dueAt: due() };
  }
  const holding = (statuses: AssignmentStatus[]) => [...m.assignments].filter(([, a]) => statuses.includes(a.status)).map(([agencyId]) => agencyId);
  const lead = () => [...m.assignments].find(([, a]) => a.role === 'lead' && a.status !== 'withdrawn')?.[0];
  const candidates: (() => MeasureEvent | undefined)[] = [
    () => ({ type: 'cycle.started', cycleIndex: ++m.cycle, periodStart: new Date(base).toISOString(), periodEnd: new Date(base).toISOString(), dueAt: due() }),
    () => {
      const agencyId = rnd.pick(holding(['pending']));
      if (agencyId === undefined) return undefined;
      m.assignments.get(agencyId)!.status = 'accepted';
      return { type: 'assignment.accepted', agencyId };
    },
    () => {
      const agencyId = rnd.pick(holding(['pending']).filter((a) => m.assignments.get(a)!.role === 'partner'));
      if (agencyId === undefined) return undefined;
      m.assignments.get(agencyId)!.status = 'declined';
      return { type: 'assignment.declined', agencyId, reason: '不属于本单位职责' };
    },
    () => {
      const agencyId = rnd.pick(holding(['declined']));
      if (agencyId === undefined) return undefined;
      m.assignments.get(agencyId)!.status = 'pending';
      return { type: 'assignment.decline_overruled', agencyId, comment: '维持原分工' };
    },
    () => {
      const agencyId = rnd.pick(holding(['accepted']).filter((a) => m.assignments.get(a)!.role === 'partner'));
      if (agencyId === undefined) return undefined;
      m.assignments.get(agencyId)!.status = 'transfer_requested';
      return { type: 'assignment.transfer_requested', agencyId, toAgencyId: agencies.at(-1)!, reason: '应由他单位办理' };
    },
    () => {
      const agencyId = rnd.pick(holding(['transfer_requested']));
      if (agencyId === undefined) return undefined;
      m.assignments.get(agencyId)!.status = 'accepted';
      return { type: 'assignment.transfer_rejected', agencyId, comment: '不予转办' };
    },
    () => {
      const fromAgencyId = rnd.pick(holding(['declined', 'transfer_requested']));
      const toAgencyId = rnd.pick(agencies.filter((a) => (m.assignments.get(a)?.status ?? 'withdrawn') === 'withdrawn'));
      if (fromAgencyId === undefined || toAgencyId === undefined) return undefined;
      const from = m.assignments.get(fromAgencyId)!;
      from.status = 'withdrawn';
      m.assignments.set(toAgencyId, { role: from.role, status: 'pending' });
      return { type: 'assignment.reassigned', fromAgencyId, toAgencyId, role: from.role, comment: '改派' };
    },
    () => {
      const added = rnd.pick(agencies.filter((a) => !m.assignments.has(a)));
      const withdrawn = rnd.pick(holding(OPEN).filter((a) => m.assignments.get(a)!.role === 'partner'));
      if (added !== undefined) m.assignments.set(added, { role: 'partner', status: 'pending' });
      if (withdrawn !== undefined) m.assignments.get(withdrawn)!.status = 'withdrawn';
      return { type: 'assignments.synced', added: added === undefined ? [] : [{ agencyId: added, role: 'partner' }], withdrawn: withdrawn === undefined ? [] : [withdrawn] };
    },
    () => {
      const agencyId = rnd.pick(holding(OPEN));
      if (agencyId === undefined) return undefined;
      const kind = m.assignments.get(agencyId)!.role === 'lead' ? 'combined' : 'partner';
      const revision = m.reports.filter((r) => r.agencyId === agencyId && r.cycle === m.cycle && r.kind === kind).length + 1;
      const reportId = randomUUID();
      m.reports.push({ id: reportId, agencyId, cycle: m.cycle, kind, status: 'submitted' });
      const content = { progressStatus: 'on_track' as const, percentDone: 50, kpiValues: [], summary: '进展', problems: '', supportRequested: '' };
      return { type: 'report.submitted', reportId, agencyId, cycleIndex: m.cycle, kind, revision, late: false, content };
    },
    () => {
      const report = rnd.pick(m.reports.filter((r) => r.status === 'submitted'));
      if (!report) return undefined;
      report.status = rnd.next() < 0.5 ? 'accepted' : 'returned';
      const type = report.status === 'accepted' ? 'report.accepted' : 'report.returned';
      return { type, reportId: report.id, agencyId: report.agencyId, cycleIndex: report.cycle, comment: '审核意见' };
    },
    () => {
      const agencyId = rnd.next() < 0.2 ? null : (rnd.pick(holding(['pending', 'accepted', 'declined', 'transfer_requested'])) ?? null);
      const escalation = { id: randomUUID(), level: LEVELS[rnd.int(2)]!, open: true };
      m.escalations.push(escalation);
      return { type: 'escalation.raised', escalationId: escalation.id, kind: 'overdue', level: escalation.level, agencyId, cycleIndex: m.cycle, reason: '逾期未报' };
    },
    () => {
      const escalation = rnd.pick(m.escalations.filter((e) => e.open && e.level !== 'red'));
      if (!escalation) return undefined;
      escalation.level = escalation.level === 'blue' ? 'yellow' : 'red';
      return { type: 'escalation.climbed', escalationId: escalation.id, level: escalation.level };
    },
    () => {
      const escalation = rnd.pick(m.escalations.filter((e) => e.open));
      return escalation && { type: 'escalation.acknowledged', escalationId: escalation.id };
    },
    () => {
      const escalation = rnd.pick(m.escalations.filter((e) => e.open));
      if (!escalation) return undefined;
      escalation.open = false;
      return { type: 'escalation.resolved', escalationId: escalation.id, decision: '已督办' };
    },
    () => {
      const agencyId = rnd.pick(holding(OPEN));
      if (agencyId === undefined) return undefined;
      const extension = { id: randomUUID(), agencyId, pending: true };
      m.extensions.push(extension);
      return { type: 'extension.requested', extensionId: extension.id, agencyId, currentDueAt: due(), requestedDueAt: due(), reason: '需要时间' };
    },
    () => {
      const extension = rnd.pick(m.extensions.filter((e) => e.pending));
      if (!extension) return undefined;
      extension.pending = false;
      return rnd.next() < 0.5
        ? { type: 'extension.approved', extensionId: extension.id, agencyId: extension.agencyId, dueAt: due(), comment: '同意' }
        : { type: 'extension.rejected', extensionId: extension.id, agencyId: extension.agencyId, comment: '不同意' };
    },
    () => {
      const assigneeAgencyId = rnd.pick(holding(OPEN));
      const createdByAgencyId = lead();
      if (assigneeAgencyId === undefined || createdByAgencyId === undefined) return undefined;
      const subtask = { id: randomUUID(), open: true };
      m.subtasks.push(subtask);
      return { type: 'subtask.created', subtaskId: subtask.id, assigneeAgencyId, createdByAgencyId, title: '子任务', dueAt: due() };
    },
    () => {
      const subtask = rnd.pick(m.subtasks.filter((s) => s.open));
      if (!subtask) return undefined;
      const choice = rnd.int(3);
      if (choice === 0) return { type: 'subtask.due_moved', subtaskId: subtask.id, dueAt: due() };
      if (choice === 1) {
        const assigneeAgencyId = rnd.pick(holding(OPEN));
        return assigneeAgencyId === undefined ? undefined : { type: 'subtask.reassigned', subtaskId: subtask.id, assigneeAgencyId };
      }
      subtask.open = false;
      return { type: 'subtask.completed', subtaskId: subtask.id, note: '已完成' };
    },
    () => {
      if (m.status === 'active') {
        m.status = 'closure_requested';
        m.closureId = randomUUID();
        return { type: 'closure.requested', closureId: m.closureId, evidence: '材料', finalKpis: [] };
      }
      if (m.status !== 'closure_requested' || !m.closureId) return undefined;
      m.status = rnd.next() < 0.7 ? 'active' : 'closed';
      return m.status === 'active' ? { type: 'closure.returned', closureId: m.closureId, comment: '补充材料' } : { type: 'closure.approved', closureId: m.closureId, comment: '销号' };
    },
    () => {
      if (m.status === 'withdrawn') {
        m.status = 'active';
        return { type: 'measure.reinstated', status: 'active', cycleIndex: m.cycle, dueAt: due(), comment: '恢复' };
      }
      if (m.status === 'closed' || rnd.next() < 0.7) return undefined;
      m.status = 'withdrawn';
      return { type: 'measure.withdrawn', reason: '方案修订' };
    },
    () => {
      const changes = holding(OPEN)
        .filter(() => rnd.next() < 0.5)
        .map((agencyId) => ({ agencyId, from: due(), to: due() }));
      return { type: 'deadlines.recomputed', calendarVersion: 'v2', previousVersion: 'v1', changes, ...(rnd.next() < 0.5 ? { cycleDueAt: due() } : {}) };
    },
  ];
  for (let attempt = 0; attempt < 10; attempt++) {
    const event = rnd.pick(candidates)!();
    if (event) return event;
  }
  return undefined;
}

const LIST_FILTERS: Omit<MeasureListFilter, 'agencyId' | 'limit' | 'offset'>[] = [
  { sort: 'due' },
  { sort: 'number' },
  { sort: 'updated' },
  { sort: 'escalation' },
  { sort: 'due', overdue: true },
  { sort: 'number', overdue: false },
  { sort: 'escalation', escalationLevel: 'yellow' },
  { sort: 'due', escalationLevel: 'red' },
  { sort: 'due', escalationLevel: 'none' },
  { sort: 'number', role: 'coordinator' },
  { sort: 'number', role: 'partner', overdue: true },
  { sort: 'updated', status: 'active' },
];

/** Every read of every unit of the world, as kept and as the reference computes it, must agree. */
async function expectKeptEqualsReference(rnd: ReturnType<typeof random>, agencies: number[], base: number, context: string) {
  for (const agencyId of agencies) {
    const scope = { asCoordinator: rnd.next() < 0.5 };
    expect(await inboxCounts(t.db, agencyId, scope), `${context}: inbox counts of ${agencyId}`).toEqual(await reference.inboxCounts(t.db, agencyId, scope));
    const all = await inboxItems(t.db, agencyId, { limit: 100 }, scope);
    expect(all, `${context}: inbox items of ${agencyId}`).toEqual(await reference.inboxItems(t.db, agencyId, { limit: 100 }, scope));
    const first = await inboxItems(t.db, agencyId, { limit: 2 }, scope);
    if (first.next) {
      const page = { limit: 2, cursor: first.next };
      expect(await inboxItems(t.db, agencyId, page, scope), `${context}: second inbox page of ${agencyId}`).toEqual(await reference.inboxItems(t.db, agencyId, page, scope));
    }
    // Overdue is measured against the clock: before, around and long after the deadlines the generator draws.
    const now = new Date(base + (rnd.int(50) - 15) * DAY);
    const filter: MeasureListFilter = {
      ...rnd.pick(LIST_FILTERS)!,
      agencyId,
      ...(rnd.next() < 0.5 ? { coordinatorAgencyId: agencyId } : {}),
      limit: 2 + rnd.int(3),
      offset: rnd.int(2),
      now,
    };
    expect(await listMeasuresForAgency(t.db, filter), `${context}: measures of ${agencyId} ${JSON.stringify(filter)}`).toEqual(await reference.listMeasuresForAgency(t.db, filter));
  }
}

describe('the read model kept for the daily reads', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6];
  const BATCHES = 30;

  it.each(SEEDS)('equals the reads computed from the base tables after random decisions (seed %i)', async (seed) => {
    const rnd = random(seed);
    const { agencies, measures } = await world();
    const activities = createMeasureActivities({ db: t.db });
    const base = Date.now();
    await expectKeptEqualsReference(rnd, agencies, base, `seed ${seed}, before any decision`);
    for (let batch = 0; batch < BATCHES; batch++) {
      const measure = rnd.pick(measures.filter((m) => m.status !== 'closed'));
      if (!measure) break; // all closed: nothing more to decide
      const events = Array.from({ length: 1 + rnd.int(3) }, () => proposeEvent(rnd, measure, agencies, base)).filter((e): e is MeasureEvent => e !== undefined);
      if (events.length === 0) continue;
      measure.seq += 1;
      await activities.recordMeasureEvents({
        key: `batch-${measure.seq}`,
        measureId: measure.id,
        workflowId: `measure-${measure.id}`,
        runId: 'run',
        occurredAt: new Date(base - 20 * DAY + batch * 3_600_000).toISOString(),
        actor: { name: 'test', agencyId: null },
        events,
        seq: measure.seq,
      });
      await expectKeptEqualsReference(rnd, agencies, base, `seed ${seed}, after batch ${batch} (${events.map((e) => e.type).join(', ')})`);
    }
  });

  it('turns a measure overdue when its deadline passes, with no event in between', async () => {
    const { coordinator, measures } = await world();
    const activities = createMeasureActivities({ db: t.db });
    const measure = measures[0]!;
    const lead = [...measure.assignments].find(([, a]) => a.role === 'lead')![0];
    const dueAt = new Date(Date.now() + 2 * DAY);
    await activities.recordMeasureEvents({
      key: 'start',
      measureId: measure.id,
      workflowId: `measure-${measure.id}`,
      runId: 'run',
      occurredAt: new Date().toISOString(),
      actor: { name: 'test', agencyId: null },
      events: [{ type: 'measure.started', cycleIndex: 0, dueAt: dueAt.toISOString() }],
      seq: 1,
    });
    const overdue = async (agencyId: number, now: Date, asCoordinator = false) =>
      (await listMeasuresForAgency(t.db, { agencyId, ...(asCoordinator ? { coordinatorAgencyId: agencyId } : {}), sort: 'number', limit: 10, offset: 0, now })).rows.find((r) => r.id === measure.id)?.overdue;
    expect(await overdue(lead, new Date(dueAt.getTime() - DAY))).toBe(false);
    expect(await overdue(lead, new Date(dueAt.getTime() + DAY))).toBe(true);
    expect(await overdue(coordinator, new Date(dueAt.getTime() - DAY), true)).toBe(false);
    expect(await overdue(coordinator, new Date(dueAt.getTime() + DAY), true)).toBe(true);
  });
});
