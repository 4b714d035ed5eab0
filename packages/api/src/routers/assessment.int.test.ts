import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { findAgencyByCode } from '@liandong/db/queries';
import type { TestDatabase } from '@liandong/db/testing';
import { DEFAULT_ASSESSMENT_RULES, periodKeyOf, type Actor, type Role } from '@liandong/domain';
import { AppError } from '../errors';
import { callerFor, startMeasureStack, type MeasureStack } from '../test-support';

let stack: MeasureStack;
let t: TestDatabase;

const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: 'u', agencyId, roles });
const as = (actor: Actor) => callerFor(stack.deps, actor);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a rejection says: its tRPC code, its message, and the fields it names (zod's paths, or the service's field). */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const fields = cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : cause instanceof AppError && cause.field ? [cause.field] : [];
    const message = cause instanceof ZodError ? cause.issues.map((i) => i.message).join('; ') : (error as Error).message;
    return { code: (error as { code: string }).code, message, fields };
  }
  throw new Error('expected a rejection');
}

/** Reporting in seconds: cycle 0 lasts 15 s, its report is due 1 s later; escalations 2/4/6 s overdue. */
const FAST = { cadence: 'PT15S', unit: 'PT1S', dueOffsetWorkingDays: 1, reminderLeadWorkingDays: 0, escalation: { blue: 2, yellow: 4, red: 6 } };

let planId: string;
let coordinator: Actor;
const unit: Record<'transport' | 'port' | 'finance' | 'science' | 'reform', number> = { transport: 0, port: 0, finance: 0, science: 0, reform: 0 };
let first: string;
let second: string;
let month: string;

const content = (percentDone: number, summary: string) => ({ progressStatus: 'on_track' as const, percentDone, kpiValues: [{ metric: '集装箱吞吐量', value: 40 }], summary, problems: '', supportRequested: '' });

/**
 * A plan of two measures, worked through its first cycle so that each unit earns something different:
 * (一) led by 交通运输局 with partners 港务局 (on time), 财政局 (on time, returned once) and 科技局 (a yellow
 * escalation from the coordinator, then a late report); the lead's combined report comes late, then the measure is
 * closed. (二) led by 发展改革委 is closed at once, ahead of its 2030 target.
 */
beforeAll(async () => {
  stack = await startMeasureStack('api-assessment');
  t = stack.t;
  const id = async (code: string) => (await findAgencyByCode(t.db, code))!.id;
  coordinator = person(await id('gz-commerce'), 'coordinator');
  unit.transport = await id('gz-transport');
  unit.port = await id('gz-port');
  unit.finance = await id('gz-finance');
  unit.science = await id('gz-science-technology');
  unit.reform = await id('gz-development-reform');
  const kpis = [{ metric: '集装箱吞吐量', target: 100, unit: '万标箱', comparator: '>=' as const, deadline: 2030, text: '到2030年集装箱吞吐量达100万标箱' }];
  const confirmed = await as(coordinator).plan.confirm({
    sourceText: `考核测试方案 ${randomUUID()}`,
    meta: { title: '考核测试方案', coordinatorAgencyCode: 'gz-commerce', reportingPolicy: FAST },
    measures: [
      { number: '(一)', title: '提升港口集疏运能力', leadCodes: ['gz-transport'], partnerCodes: ['gz-port', 'gz-finance', 'gz-science-technology'], kpis },
      { number: '(二)', title: '深化投资便利化改革', leadCodes: ['gz-development-reform'], kpis },
    ],
  });
  planId = confirmed.planId;
  const measures = await t.db.selectFrom('measures').select(['id', 'number', 'cycleDueAt']).where('planId', '=', planId).orderBy('seq').execute();
  [first, second] = measures.map((m) => m.id) as [string, string];
  const officer = (agencyId: number) => as(person(agencyId, 'officer'));
  const lead = officer(unit.transport);

  await officer(unit.port).measure.submitReport({ measureId: first, agencyId: unit.port, cycleIndex: 0, content: content(30, '港口作业区扩建前期工作') });
  await lead.measure.reviewReport({ measureId: first, agencyId: unit.port, cycleIndex: 0, decision: 'accept', comment: '' });
  await officer(unit.finance).measure.submitReport({ measureId: first, agencyId: unit.finance, cycleIndex: 0, content: content(10, '资金安排') });
  await lead.measure.reviewReport({ measureId: first, agencyId: unit.finance, cycleIndex: 0, decision: 'return', comment: '请补充资金到位情况' });
  await officer(unit.finance).measure.submitReport({ measureId: first, agencyId: unit.finance, cycleIndex: 0, content: content(20, '资金已到位') });
  await lead.measure.reviewReport({ measureId: first, agencyId: unit.finance, cycleIndex: 0, decision: 'accept', comment: '' });
  await as(coordinator).measure.escalate({ measureId: first, agencyId: unit.science, reason: '科技局长期未反馈' });
  await officer(unit.reform).measure.applyClosure({ measureId: second, evidence: '改革事项已全部落实', finalKpis: [{ metric: '集装箱吞吐量', value: 120 }] });
  await as(coordinator).measure.decideClosure({ measureId: second, approve: true, comment: '同意销号' });

  // After the due date: the science bureau's report and the lead's combined report are late.
  const dueAt = measures[0]!.cycleDueAt!.getTime();
  await sleep(Math.max(0, dueAt - Date.now() + 300));
  await officer(unit.science).measure.submitReport({ measureId: first, agencyId: unit.science, cycleIndex: 0, content: content(50, '逾期补报') });
  await lead.measure.reviewReport({ measureId: first, agencyId: unit.science, cycleIndex: 0, decision: 'accept', comment: '' });
  await lead.measure.submitReport({ measureId: first, agencyId: unit.transport, cycleIndex: 0, content: content(60, '第一期汇总：作业区扩建稳步推进') });
  await lead.measure.applyClosure({ measureId: first, evidence: '已完成', finalKpis: [{ metric: '集装箱吞吐量', value: 105 }] });
  await as(coordinator).measure.decideClosure({ measureId: first, approve: true, comment: '同意销号' });
  // The projection records each decision right after the workflow takes it.
  for (let i = 0; i < 100; i++) {
    const closed = await t.db.selectFrom('measures').select('id').where('planId', '=', planId).where('status', '=', 'closed').execute();
    if (closed.length === 2) break;
    await sleep(100);
  }
  month = periodKeyOf(new Date(), 'month');
}, 120_000);
afterAll(() => stack?.stop());

describe('assessment.ranking (考核)', () => {
  it('ranks the units of the plan by their scores for the month, with their counts per rule', async () => {
    const ranking = await as(coordinator).assessment.ranking({ planId, period: month });
    expect(ranking.rules).toEqual(DEFAULT_ASSESSMENT_RULES);
    const row = (agencyId: number) => ranking.rows.find((r) => r.agencyId === agencyId)!;
    expect(ranking.rows.map((r) => r.agencyId).sort()).toEqual(Object.values(unit).sort());
    // (二) closed ahead of its 2030 target: 100 + 3.
    expect(row(unit.reform)).toMatchObject({ rank: 1, score: 103, counts: { closedBeforeDeadline: 1, onTimeReport: 0, lateReport: 0 } });
    expect(row(unit.port)).toMatchObject({ score: 100.5, counts: { onTimeReport: 1, returnedReport: 0 } });
    // Returned once, resubmitted in time: the resubmission earns nothing more, the return costs 0.5.
    expect(row(unit.finance)).toMatchObject({ score: 100, counts: { onTimeReport: 1, returnedReport: 1 } });
    expect(row(unit.transport).counts).toMatchObject({ lateReport: 1, closedBeforeDeadline: 1 });
    expect(row(unit.science).counts).toMatchObject({ lateReport: 1, onTimeReport: 0 });
    expect(row(unit.science).counts.yellowEscalation).toBeGreaterThanOrEqual(1);
    expect(row(unit.science).score).toBeLessThanOrEqual(97);
    expect(ranking.rows.at(-1)!.agencyId).toBe(unit.science);
    expect(row(unit.port).rank).toBeLessThan(row(unit.finance).rank);
    // Ranks follow scores.
    for (const r of ranking.rows) expect(r.rank).toBe(1 + ranking.rows.filter((o) => o.score > r.score).length);
    expect(ranking.period).toMatchObject({ key: month, kind: 'month' });
  });

  it('gives every unit only its base in a month without events, and counts the quarter too', async () => {
    const empty = await as(coordinator).assessment.ranking({ planId, period: '2026-01' });
    expect(empty.rows.every((r) => r.score === 100 && r.rank === 1)).toBe(true);
    const quarter = await as(coordinator).assessment.ranking({ planId, period: periodKeyOf(new Date(), 'quarter') });
    const monthly = await as(coordinator).assessment.ranking({ planId, period: month });
    expect(quarter.rows.map((r) => [r.agencyId, r.score])).toEqual(monthly.rows.map((r) => [r.agencyId, r.score]));
  });
});

describe('assessment.explain', () => {
  it("explains every unit's score line by line, each event from an audit event of the plan's measures", async () => {
    const ranking = await as(coordinator).assessment.ranking({ planId, period: month });
    const expectedAction = { onTimeReport: ['report.submitted'], lateReport: ['report.submitted'], missedReport: ['cycle.missed'], returnedReport: ['report.returned'], closedBeforeDeadline: ['closure.approved'] } as Record<string, string[]>;
    for (const row of ranking.rows) {
      const explained = await as(coordinator).assessment.explain({ planId, period: month, agencyId: row.agencyId });
      expect(explained.score).toBe(row.score);
      expect(explained.counts).toEqual(row.counts);
      expect(explained.lines.reduce((sum, l) => sum + Math.round(l.points * 100), 0)).toBe(Math.round(row.score * 100));
      expect(explained.lines[0]).toMatchObject({ rule: 'base', label: '基础分', points: 100, auditEventId: null });
      for (const line of explained.lines.filter((l) => l.auditEventId !== null)) {
        const event = await t.db.selectFrom('auditEvents').select(['action', 'measureId', 'occurredAt']).where('id', '=', line.auditEventId!).executeTakeFirstOrThrow();
        expect(event.measureId).toBe(line.measureId);
        expect([first, second]).toContain(line.measureId);
        expect(event.occurredAt).toEqual(line.occurredAt);
        expect(expectedAction[line.rule] ?? ['escalation.raised', 'escalation.climbed']).toContain(event.action);
      }
    }
    const science = await as(coordinator).assessment.explain({ planId, period: month, agencyId: unit.science });
    expect(science.lines).toContainEqual(expect.objectContaining({ rule: 'yellowEscalation', label: '黄色预警（督办单）', points: -2, measureNumber: '(一)', measureTitle: '提升港口集疏运能力' }));
    expect(science.lines).toContainEqual(expect.objectContaining({ rule: 'lateReport', points: -1, detail: '第1期报告（逾期）' }));
  });

  it("lets an officer read its own unit's explanation, and nothing of other units or the ranking", async () => {
    const port = person(unit.port, 'officer');
    expect((await as(port).assessment.explain({ planId, period: month, agencyId: unit.port })).score).toBe(100.5);
    expect(await rejection(as(port).assessment.explain({ planId, period: month, agencyId: unit.finance }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(port).assessment.ranking({ planId, period: month }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(port).assessment.export({ planId, period: month }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(port).ledger.export({ planId }))).toMatchObject({ code: 'FORBIDDEN' });
    // An officer of a unit outside the plan learns nothing, not even its own (empty) score.
    const outsider = (await findAgencyByCode(t.db, 'gz-sport'))!.id;
    expect(await rejection(as(person(outsider, 'officer')).assessment.explain({ planId, period: month, agencyId: outsider }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await as(port).assessment.rules({ planId })).isDefault).toBe(true);
    expect(await rejection(as(person(outsider, 'officer')).assessment.rules({ planId }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("refuses another plan's coordinator, lets auditors and admins read, and names a bad period", async () => {
    const other = person(unit.reform, 'coordinator');
    expect(await rejection(as(other).assessment.ranking({ planId, period: month }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(other).assessment.ranking({ planId: randomUUID(), period: month }))).toMatchObject({ code: 'FORBIDDEN' });
    const auditor = person(unit.port, 'auditor');
    expect((await as(auditor).assessment.ranking({ planId, period: month })).rows).toHaveLength(5);
    expect(await rejection(as(auditor).assessment.ranking({ planId: randomUUID(), period: month }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(person(unit.port, 'admin')).assessment.explain({ planId, period: month, agencyId: unit.reform })).score).toBe(103);
    for (const period of ['2026-13', '2026-Q5', 'December', '2026-12-01']) {
      expect(await rejection(as(coordinator).assessment.ranking({ planId, period }))).toEqual({ code: 'BAD_REQUEST', fields: ['period'], message: "period must be a month 'YYYY-MM' or a quarter 'YYYY-Qn' (China time), e.g. 2026-12 or 2026-Q4" });
    }
    expect(await rejection(as(coordinator).assessment.explain({ planId, period: month, agencyId: 0 }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['agencyId'] });
    expect(await rejection(as(coordinator).assessment.explain({ planId, period: month, agencyId: 1e20 }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['agencyId'] });
  });

  it('refuses to explain an agency that is no unit of the plan instead of giving it a score', async () => {
    // 市商务局 coordinates the plan but is none of its units: the ranking does not list it, so it has no score of 100.
    const refused = await rejection(as(coordinator).assessment.explain({ planId, period: month, agencyId: coordinator.agencyId }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', fields: ['agencyId'], message: expect.stringContaining('is not a unit') });
    expect(await rejection(as(person(unit.port, 'auditor')).assessment.explain({ planId, period: month, agencyId: coordinator.agencyId }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['agencyId'] });
    const listed = (await as(coordinator).assessment.ranking({ planId, period: month })).rows.map((r) => r.agencyId);
    expect(listed).not.toContain(coordinator.agencyId);
  });
});

async function workbook(base64: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return book;
}
const valuesOf = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe('assessment.export and ledger.export (.xlsx)', () => {
  it('exports the ranking and every explanation line as two sheets', async () => {
    const file = await as(coordinator).assessment.export({ planId, period: month });
    expect(file).toMatchObject({ filename: `考核测试方案-考核-${month}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const book = await workbook(file.base64);
    const ranking = await as(coordinator).assessment.ranking({ planId, period: month });
    const sheet = book.getWorksheet('考核排名')!;
    expect(valuesOf(sheet, 2).slice(0, 4)).toEqual(['排名', '单位', '得分', '按时报送（次）']);
    expect(sheet.actualRowCount).toBe(2 + ranking.rows.length);
    const top = ranking.rows[0]!;
    expect(valuesOf(sheet, 3).slice(0, 3)).toEqual([1, top.agencyName, top.score]);
    const lines = book.getWorksheet('得分明细')!;
    expect(valuesOf(lines, 2)).toEqual(['单位', '事项', '分值', '时间', '措施编号', '措施', '说明', '审计事件号']);
    const explained = await Promise.all(ranking.rows.map((r) => as(coordinator).assessment.explain({ planId, period: month, agencyId: r.agencyId })));
    expect(lines.actualRowCount).toBe(2 + explained.reduce((n, e) => n + e.lines.length, 0));
    const auditIds = explained.flatMap((e) => e.lines.map((l) => l.auditEventId)).filter((id) => id !== null);
    const written = Array.from({ length: lines.actualRowCount - 2 }, (_, i) => lines.getRow(3 + i).getCell(8).value).filter((v) => v !== null);
    expect(written.sort()).toEqual(auditIds.sort());
  });

  it('exports the ledger (台账): one row per measure with its number, title, units, status, progress, targets and escalations', async () => {
    const file = await as(coordinator).ledger.export({ planId });
    expect(file.filename).toMatch(/^考核测试方案-台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = (await workbook(file.base64)).getWorksheet('台账')!;
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^考核测试方案 工作台账/);
    expect(valuesOf(sheet, 2)).toEqual(['序号', '编号', '措施', '牵头单位', '配合单位', '状态', '督办等级', '最新进展', '完成进度', '报送时间', '量化指标（目标 / 最新值）', '当前截止日期', '未办结督办', '未办结督办数']);
    expect(sheet.actualRowCount).toBe(2 + 2);
    const names = await t.db.selectFrom('agencies').select(['id', 'name']).execute();
    const name = (id: number) => names.find((n) => n.id === id)!.name;
    const [seq, number, title, leads, partners, status, , progress, percent, , kpis] = valuesOf(sheet, 3);
    expect([seq, number, title, leads, status]).toEqual([1, '(一)', '提升港口集疏运能力', name(unit.transport), '已销号']);
    expect(String(partners).split('、').sort()).toEqual([name(unit.port), name(unit.finance), name(unit.science)].sort());
    expect(progress).toBe('第一期汇总：作业区扩建稳步推进');
    expect(percent).toBe(0.6);
    expect(kpis).toBe('集装箱吞吐量：目标≥100万标箱（2030年）；最新40万标箱');
    expect(valuesOf(sheet, 4).slice(1, 4)).toEqual(['(二)', '深化投资便利化改革', name(unit.reform)]);
    expect(sheet.getColumn(3).width).toBe(40);
    expect((await as(person(unit.port, 'auditor')).ledger.export({ planId })).filename).toBe(file.filename);
  });
});

describe('assessment.setRules', () => {
  it("refuses auditors, officers and other plans' coordinators, and names a bad value's field", async () => {
    const rules = { ...DEFAULT_ASSESSMENT_RULES };
    for (const who of [person(coordinator.agencyId, 'coordinator', 'auditor'), person(unit.port, 'officer'), person(unit.reform, 'coordinator')]) {
      expect(await rejection(as(who).assessment.setRules({ planId, rules }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await rejection(as(coordinator).assessment.setRules({ planId, rules: { ...rules, lateReport: -2 } }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['rules.lateReport'],
      message: 'lateReport must be a number from 0 to 1000 with at most two decimals',
    });
    expect(await rejection(as(coordinator).assessment.setRules({ planId, rules: { ...rules, cap: 50, floor: 60 } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['rules.floor'], message: 'floor must not be above cap' });
    expect(await rejection(as(coordinator).assessment.setRules({ planId, rules: 'strict' as never }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['rules'] });
  });

  it('stores and audits new rules once per requestId, and scores by them: equal scores share a rank', async () => {
    const rules = { ...DEFAULT_ASSESSMENT_RULES, onTimeReport: 0, returnedReport: 0, lateReport: 10 };
    const requestId = randomUUID();
    await as(coordinator).assessment.setRules({ planId, rules, requestId });
    await as(coordinator).assessment.setRules({ planId, rules, requestId });
    const audited = await t.db.selectFrom('auditEvents').select(['action', 'actor', 'payload']).where('subjectId', '=', planId).where('action', '=', 'assessment.rules_set').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.payload).toMatchObject({ rules, previous: null });
    expect(await as(coordinator).assessment.rules({ planId })).toMatchObject({ rules, isDefault: false, updatedBy: coordinator.username });

    const ranking = await as(coordinator).assessment.ranking({ planId, period: month });
    const port = ranking.rows.find((r) => r.agencyId === unit.port)!;
    const finance = ranking.rows.find((r) => r.agencyId === unit.finance)!;
    expect([port.score, finance.score]).toEqual([100, 100]);
    expect(port.rank).toBe(finance.rank);
    const tied = ranking.rows.filter((r) => r.score === 100).map((r) => r.agencyName);
    expect(tied).toEqual([...tied].sort(new Intl.Collator('zh-Hans-CN').compare));
    expect(ranking.rows.find((r) => r.agencyId === unit.science)!.score).toBeLessThanOrEqual(88);

    await as(person(unit.port, 'admin')).assessment.setRules({ planId, rules: DEFAULT_ASSESSMENT_RULES });
    expect((await as(coordinator).assessment.rules({ planId })).rules).toEqual(DEFAULT_ASSESSMENT_RULES);
  });
});
