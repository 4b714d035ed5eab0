import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate, type Actor, type Role } from '@liandong/domain';
import type { DocumentBlock } from '@liandong/documents';
import { findAgencyByCode } from '@liandong/db/queries';
import { callerFor, startMeasureStack, type MeasureStack } from '../test-support';
import { planInput } from '../procedures.test-support';

let stack: MeasureStack;
const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: `用户${agencyId}`, agencyId, roles });
const as = (actor: Actor) => callerFor(stack.deps, actor);

/** What a rejection says: its tRPC code, its message and the fields it names. */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; message: string; cause?: { issues?: { path: PropertyKey[] }[] } };
    return { code: e.code, message: e.message, fields: (e.cause?.issues ?? []).map((i) => i.path.join('.')) };
  }
  throw new Error('expected a rejection');
}

/** Seconds instead of working days: a 5 s cycle, due 1 s after it ends, blue/yellow/red 1/2/3 s overdue. */
const FAST = { cadence: 'PT5S', unit: 'PT1S', dueOffsetWorkingDays: 1, reminderLeadWorkingDays: 0, escalation: { blue: 1, yellow: 2, red: 3 } };

const ids = {} as Record<'office' | 'otherOffice' | 'lead' | 'partner' | 'partner2' | 'slowLead' | 'slowPartner' | 'stranger' | 'otherLead', number>;
const names = {} as Record<keyof typeof ids, string>;
let coordinator: Actor;
let otherCoordinator: Actor;
let fastPlan: string;
let slowPlan: string;
let otherPlan: string;
let fastMeasures: { id: string; number: string; title: string }[];
let slowMeasure: { id: string; number: string; title: string };
/** This month in China time: the period every draft here covers. */
let period: { from: string; to: string };

const sectionAfter = (body: DocumentBlock[], heading: string): DocumentBlock | undefined => body[body.findIndex((b) => b.type === 'heading' && b.text === heading) + 1];
const tableRows = (block: DocumentBlock | undefined) => (block?.type === 'table' ? block.rows : []);

beforeAll(async () => {
  stack = await startMeasureStack('api-circular-router');
  const codes = {
    office: 'gz-commerce',
    otherOffice: 'gd-commerce',
    lead: 'gz-science-technology',
    partner: 'gz-data',
    partner2: 'gz-finance',
    slowLead: 'gz-health',
    slowPartner: 'gz-justice',
    stranger: 'gz-education',
    otherLead: 'gd-data',
  } as const;
  for (const [part, code] of Object.entries(codes) as [keyof typeof ids, string][]) {
    const agency = (await findAgencyByCode(stack.t.db, code))!;
    ids[part] = agency.id;
    names[part] = agency.name;
  }
  coordinator = person(ids.office, 'coordinator');
  otherCoordinator = person(ids.otherOffice, 'coordinator');
  const today = chinaDate(new Date());
  period = { from: `${today.slice(0, 7)}-01`, to: today };

  // A plan whose reports fall due every few seconds: by the time the draft is taken, reports are overdue and escalated.
  const fast = planInput('通报测试快速方案', codes.office, [
    { number: '1', title: '推进数据跨境流动', lead: codes.lead, partners: [codes.partner] },
    { number: '2', title: '优化财政支持政策', lead: codes.lead, partners: [codes.partner2] },
  ]);
  fastPlan = (await as(coordinator).plan.confirm({ ...fast, meta: { ...fast.meta, reportingPolicy: FAST } })).planId;
  fastMeasures = await stack.t.db.selectFrom('measures').select(['id', 'number', 'title']).where('planId', '=', fastPlan).orderBy('number').execute();
  // The partner of measure 1 reports cycle 0 at once, before it falls due: on time.
  const partner = person(ids.partner, 'officer');
  const state = await stack.service.state(fastMeasures[0]!.id);
  await stack.service.submitReport(partner, fastMeasures[0]!.id, {
    agencyId: ids.partner,
    cycleIndex: state.cycle.index,
    content: { progressStatus: 'on_track', percentDone: 20, kpiValues: [], summary: '按计划推进', problems: '', supportRequested: '' },
  });

  // A monthly plan: nothing is overdue; the coordinator escalates the whole measure (yellow, the lead named), the lead its partner (made red).
  slowPlan = (await as(coordinator).plan.confirm(planInput('通报测试常规方案', codes.office, [{ number: '(一)', title: '建设国际贸易单一窗口', lead: codes.slowLead, partners: [codes.slowPartner] }])))
    .planId;
  slowMeasure = (await stack.t.db.selectFrom('measures').select(['id', 'number', 'title']).where('planId', '=', slowPlan).executeTakeFirstOrThrow())!;
  await as(coordinator).measure.escalate({ measureId: slowMeasure.id, agencyId: null, reason: '整体推进缓慢' });
  await as(person(ids.slowLead, 'officer')).measure.escalate({ measureId: slowMeasure.id, agencyId: ids.slowPartner, reason: '多次催办无果' });
  // Climbing to red takes working days on the workflow's timers; the projection records a climb as this level change.
  await stack.t.db.updateTable('escalations').set({ level: 'red' }).where('measureId', '=', slowMeasure.id).where('agencyId', '=', ids.slowPartner).execute();

  otherPlan = (await as(otherCoordinator).plan.confirm(planInput('通报测试省级方案', 'gd-commerce', [{ number: '1', title: '省级措施', lead: codes.otherLead, partners: [] }]))).planId;

  // Wait for the fast plan's second cycle to be missed and its escalations to climb to red (real clock, real timers).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const red = await stack.t.db.selectFrom('escalations').select('agencyId').where('measureId', 'in', fastMeasures.map((m) => m.id)).where('level', '=', 'red').where('status', '!=', 'resolved').execute();
    const missed = await stack.t.db.selectFrom('auditEvents').select('payload').where('measureId', 'in', fastMeasures.map((m) => m.id)).where('action', '=', 'cycle.missed').execute();
    const redFor = (agencyId: number) => red.some((e) => e.agencyId === agencyId);
    const missedBy = (agencyId: number) => missed.some((e) => (e.payload as { agencyId?: number }).agencyId === agencyId);
    if (redFor(ids.partner) && redFor(ids.partner2) && missedBy(ids.partner) && missedBy(ids.partner2)) break;
    if (Date.now() > deadline) throw new Error('the fast plan never escalated to red');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 180_000);
afterAll(() => stack?.stop());

describe('circular.draft (起草通报)', () => {
  it('writes the title, totals, red and yellow items, overdue units and on-time rates of one plan from the data', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: fastPlan, ...period });
    const c = await as(coordinator).circular.get({ circularId });
    const month = `${Number(period.from.slice(0, 4))}年${Number(period.from.slice(5, 7))}月`;
    expect(c.title).toContain('《通报测试快速方案》');
    expect(c.title).toMatch(/^关于.+工作推进情况的通报$/);
    if (period.to === (await lastDayOfMonth(period.from))) expect(c.title).toContain(month);
    expect(c).toMatchObject({ status: 'draft', number: null, planId: fastPlan, periodFrom: period.from, periodTo: period.to, editable: true });

    const opening = c.body[0]!;
    expect(opening.type).toBe('paragraph');
    expect(opening.type === 'paragraph' && opening.text).toMatch(/共有措施2项/);
    expect(opening.type === 'paragraph' && opening.text).toMatch(/红色预警[1-9]\d*项/);

    const warnings = tableRows(sectionAfter(c.body, '一、红色、黄色预警事项'));
    expect(warnings.map((r) => r[2])).toEqual(expect.arrayContaining([names.partner, names.partner2]));
    expect(warnings.find((r) => r[2] === names.partner)).toEqual([expect.any(Number), `1 ${fastMeasures[0]!.title}`, names.partner, '红色预警', expect.stringMatching(/^\d{4}-\d\d-\d\d$/)]);
    // Only this plan: the monthly plan's escalations are not in it.
    expect(warnings.some((r) => String(r[1]).includes('国际贸易单一窗口'))).toBe(false);

    const overdue = tableRows(sectionAfter(c.body, '二、逾期未报送单位'));
    expect(overdue.map((r) => r[1])).toEqual(expect.arrayContaining([names.partner, names.partner2, names.lead]));
    expect(overdue.find((r) => r[1] === names.partner2)).toEqual([expect.any(Number), names.partner2, 1, expect.stringMatching(/^(不足1天|\d+天)$/)]);

    const rates = sectionAfter(c.body, '三、各单位按时报送率');
    expect(rates).toMatchObject({ type: 'table', columns: ['单位', '应报送（份）', '按时（份）', '逾期（份）', '未报送（份）', '按时报送率'] });
    const partnerRate = tableRows(rates).find((r) => r[0] === names.partner)!;
    const [, due, onTime, late, missing, rate] = partnerRate as [string, number, number, number, number, string];
    expect(onTime).toBe(1);
    expect(missing).toBeGreaterThanOrEqual(1);
    expect(onTime + late + missing).toBe(due);
    expect(rate).toBe(`${((Math.round((onTime / due) * 1000) / 10).toFixed(1))}%`);
    const partner2Rate = tableRows(rates).find((r) => r[0] === names.partner2)!;
    expect(partner2Rate[2]).toBe(0);
    expect(partner2Rate[5]).toBe('0.0%');

    const closing = c.body.at(-1)!;
    expect(closing.type === 'paragraph' && closing.text).toMatch(/^请.*相关单位/);
    expect(closing.type === 'paragraph' && closing.text).toContain(names.partner2);

    expect(c.document).toMatchObject({ issuer: names.office, title: c.title, watermark: '草稿', number: '（草稿，签发时编号）', signature: names.office, body: c.body });
  });

  it('names the lead for a whole-measure yellow escalation, and covers every plan of the office when no plan is named', async () => {
    const { circularId } = await as(coordinator).circular.draft({ ...period });
    const c = await as(coordinator).circular.get({ circularId });
    expect(c.planId).toBeNull();
    expect(c.title).toContain(`${names.office}牵头协调各项工作`);
    const warnings = tableRows(sectionAfter(c.body, '一、红色、黄色预警事项'));
    const slow = warnings.filter((r) => String(r[1]) === `${slowMeasure.number} ${slowMeasure.title}`);
    expect(slow.map((r) => [r[2], r[3]])).toEqual([
      [names.slowPartner, '红色预警'],
      [names.slowLead, '黄色预警'],
    ]);
    // Red before yellow throughout.
    const levels = warnings.map((r) => r[3]);
    expect(levels).toEqual([...levels].sort((a, b) => (a === b ? 0 : a === '红色预警' ? -1 : 1)));
    expect(warnings.some((r) => r[2] === names.partner)).toBe(true);
    // Nothing of another office's plan.
    expect(JSON.stringify(c.body)).not.toContain('省级措施');
  });

  it('says so when nothing is escalated or overdue', async () => {
    const { circularId } = await as(otherCoordinator).circular.draft({ planId: otherPlan, ...period });
    const c = await as(otherCoordinator).circular.get({ circularId });
    expect(sectionAfter(c.body, '一、红色、黄色预警事项')).toEqual({ type: 'paragraph', text: '截至目前，无红色、黄色预警事项。' });
    expect(sectionAfter(c.body, '二、逾期未报送单位')).toEqual({ type: 'paragraph', text: '截至目前，无逾期未报送进展报告的单位。' });
    expect(sectionAfter(c.body, '三、各单位按时报送率')).toEqual({ type: 'paragraph', text: '本期无应报送的进展报告。' });
  });

  it('makes one draft of a repeated requestId, audited once', async () => {
    const requestId = randomUUID();
    const first = await as(coordinator).circular.draft({ planId: slowPlan, ...period, requestId });
    const again = await as(coordinator).circular.draft({ planId: slowPlan, ...period, requestId });
    expect(again).toEqual(first);
    const events = await stack.t.db.selectFrom('auditEvents').select(['action', 'actor']).where('subjectType', '=', 'circular').where('subjectId', '=', first.circularId).execute();
    expect(events).toEqual([{ action: 'circular.drafted', actor: coordinator.username }]);
  });

  it('refuses a period that ends before it starts, a bad date and a plan id that is no uuid, naming the field', async () => {
    expect(await rejection(as(coordinator).circular.draft({ from: '2026-11-30', to: '2026-11-01' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['to'] });
    expect(await rejection(as(coordinator).circular.draft({ from: '2026-13-01', to: '2026-11-01' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['from'] });
    expect(await rejection(as(coordinator).circular.draft({ planId: 'plan-a', ...period }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['planId'] });
    expect(await rejection(as(coordinator).circular.draft({ planId: randomUUID(), ...period }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a year no calendar arithmetic holds for (0000, 9999) naming the field, rather than failing inside', async () => {
    const before = await stack.t.db.selectFrom('circulars').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    for (const [from, to, field] of [
      ['0000-01-01', '0000-12-31', 'from'],
      ['9999-12-01', '9999-12-31', 'from'],
      ['2099-12-01', '2100-01-31', 'to'],
    ] as const) {
      const refused = await rejection(as(coordinator).circular.draft({ planId: fastPlan, from, to, requestId: randomUUID() }));
      expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`${field} must be a date from 2000-01-01 to 2099-12-31`) });
      expect(refused.fields).toContain(field);
    }
    const after = await stack.t.db.selectFrom('circulars').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('is for the office’s coordinator only: not another office’s, an officer, an admin or an auditor', async () => {
    expect(await rejection(as(otherCoordinator).circular.draft({ planId: fastPlan, ...period }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(ids.lead, 'officer')).circular.draft({ ...period }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(ids.office, 'admin')).circular.draft({ ...period }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(ids.office, 'coordinator', 'auditor')).circular.draft({ ...period }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('审计员只读') });
  });
});

describe('circular.update (编辑)', () => {
  it('replaces the title and body of a draft, audited', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    const before = await as(coordinator).circular.get({ circularId });
    const body = [...before.body];
    body[0] = { type: 'paragraph', text: '经研究，现将本月工作推进情况通报如下。' };
    body.splice(2, 0, { type: 'paragraph', text: '新增的一段说明。' });
    await as(coordinator).circular.update({ circularId, title: '关于本月工作的通报', body });
    const after = await as(coordinator).circular.get({ circularId });
    expect(after.title).toBe('关于本月工作的通报');
    expect(after.body).toEqual(body);
    expect(after.document.body).toEqual(body);
    const events = await stack.t.db.selectFrom('auditEvents').select('action').where('subjectId', '=', circularId).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['circular.drafted', 'circular.updated']);
  });

  it('refuses bad blocks with the field named: an empty paragraph, an unknown type, a table row of the wrong width', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    const { title, body } = await as(coordinator).circular.get({ circularId });
    const emptied = body.map((b, i) => (i === 3 ? { type: 'paragraph' as const, text: '' } : b));
    const refused = await rejection(as(coordinator).circular.update({ circularId, title, body: emptied }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', fields: ['body.3.text'] });
    expect(refused.message).toContain('must not be empty');
    expect(await rejection(as(coordinator).circular.update({ circularId, title, body: [{ type: 'image', src: 'x' } as unknown as DocumentBlock] }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['body.0.type'],
    });
    const table: DocumentBlock = { type: 'table', columns: ['单位', '份数'], rows: [['市商务局', 1], ['市财政局']] };
    expect(await rejection(as(coordinator).circular.update({ circularId, title, body: [table] }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['body.0.rows.1'] });
    expect(await rejection(as(coordinator).circular.update({ circularId, title: ' ', body }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['title'] });
    expect(await rejection(as(coordinator).circular.update({ circularId, title, body: [] }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['body'] });
    expect(await rejection(as(coordinator).circular.update({ circularId, title, body: [{ type: 'paragraph', text: 'a\u0000b' }] }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['body.0.text'] });
    // Each block within its own limits, yet 12 000 cells of 100 characters: megabytes no PDF should be rendered from.
    const wide: DocumentBlock = { type: 'table', columns: Array.from({ length: 12 }, (_, i) => `列${i}`), rows: Array.from({ length: 1_000 }, () => Array.from({ length: 12 }, () => '字'.repeat(100))) };
    const tooMuch = await rejection(as(coordinator).circular.update({ circularId, title, body: [wide] }));
    expect(tooMuch).toMatchObject({ code: 'BAD_REQUEST', fields: ['body'] });
    expect(tooMuch.message).toContain('at most 100000 characters in all');
    // Nothing changed.
    expect((await as(coordinator).circular.get({ circularId })).body).toEqual(body);
  });

  it('lets only the office’s coordinator edit: others learn nothing, an auditor is refused', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    const edit = { circularId, title: '改', body: [{ type: 'paragraph' as const, text: '改' }] };
    expect(await rejection(as(otherCoordinator).circular.update(edit))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(as(person(ids.office, 'coordinator', 'auditor')).circular.update(edit))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(ids.office, 'officer')).circular.update(edit))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('circular.issue (签发)', () => {
  it('numbers the office’s circulars 1, 2, 3 … per year with no gap or repeat, however many are issued at once', async () => {
    const drafts = await Promise.all(Array.from({ length: 8 }, () => as(otherCoordinator).circular.draft({ planId: otherPlan, ...period })));
    const issued = await Promise.all(drafts.map((d) => as(otherCoordinator).circular.issue({ circularId: d.circularId })));
    const year = Number(chinaDate(new Date()).slice(0, 4));
    const numbers = issued.map((i) => i.number);
    expect([...numbers].sort((a, b) => Number(/第(\d+)号/.exec(a)![1]) - Number(/第(\d+)号/.exec(b)![1]))).toEqual(Array.from({ length: 8 }, (_, i) => `通报〔${year}〕第${i + 1}号`));
    // Another office counts on its own.
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    const mine = await as(coordinator).circular.issue({ circularId });
    expect(mine.number).toMatch(new RegExp(`^通报〔${year}〕第\\d+号$`));
    const rows = await stack.t.db.selectFrom('circulars').select(['number']).where('coordinatorAgencyId', '=', ids.otherOffice).where('status', '=', 'issued').execute();
    expect(rows.map((r) => r.number).sort()).toEqual([...numbers].sort());
  });

  it('issues a draft once: the same requestId again is the same issue; another attempt, or an edit, is a conflict', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    const requestId = randomUUID();
    const first = await as(coordinator).circular.issue({ circularId, requestId });
    expect(await as(coordinator).circular.issue({ circularId, requestId })).toEqual(first);
    const again = await rejection(as(coordinator).circular.issue({ circularId }));
    expect(again).toMatchObject({ code: 'CONFLICT' });
    expect(again.message).toContain(first.number);
    expect(await rejection(as(coordinator).circular.update({ circularId, title: '改', body: [{ type: 'paragraph', text: '改' }] }))).toMatchObject({ code: 'CONFLICT' });

    const c = await as(coordinator).circular.get({ circularId });
    expect(c).toMatchObject({ status: 'issued', number: first.number, issuedBy: coordinator.username, issuedByName: coordinator.displayName, editable: false });
    expect(c.document).toMatchObject({ number: first.number, date: chinaDate(new Date(first.issuedAt)) });
    expect(c.document.watermark).toBeUndefined();
    const events = await stack.t.db.selectFrom('auditEvents').select(['action', 'payload']).where('subjectId', '=', circularId).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['circular.drafted', 'circular.issued']);
    expect(events[1]!.payload).toMatchObject({ number: first.number });
  });

  it('delivers the issued circular to every unit of its plan and every unit it names, who may then read it, and not before', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: fastPlan, ...period });
    const partner = person(ids.partner, 'officer');
    const stranger = person(ids.stranger, 'officer');
    expect(await rejection(as(partner).circular.get({ circularId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(partner).circular.list({ limit: 100 })).rows.map((r) => r.id)).not.toContain(circularId);

    const { number } = await as(coordinator).circular.issue({ circularId });
    const notified = await stack.t.db.selectFrom('notifications').select(['recipientAgencyId', 'message']).where('notificationKey', 'like', `circular.issued:${circularId}:%`).execute();
    expect(notified.map((n) => n.recipientAgencyId).sort((a, b) => a - b)).toEqual([ids.lead, ids.partner, ids.partner2].sort((a, b) => a - b));
    expect(notified[0]!.message).toContain(number);

    expect(await as(partner).circular.get({ circularId })).toMatchObject({ number, editable: false });
    expect((await as(partner).circular.list({ limit: 100 })).rows.map((r) => r.id)).toContain(circularId);
    expect(await rejection(as(stranger).circular.get({ circularId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(stranger).circular.list({ limit: 100 })).rows.map((r) => r.id)).not.toContain(circularId);
    expect(await rejection(as(otherCoordinator).circular.get({ circularId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await as(person(ids.stranger, 'auditor')).circular.get({ circularId })).toMatchObject({ number });
  });

  it('is refused to an auditor, an admin and another office', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    expect(await rejection(as(person(ids.office, 'coordinator', 'auditor')).circular.issue({ circularId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(person(ids.office, 'admin')).circular.issue({ circularId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(otherCoordinator).circular.issue({ circularId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(as(coordinator).circular.issue({ circularId: 'x' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['circularId'] });
    expect((await as(coordinator).circular.get({ circularId })).status).toBe('draft');
  });
});

describe('circular.list and circular.pdf', () => {
  it('lists the office’s drafts and issued circulars, newest first, filtered by plan and status', async () => {
    const all = await as(coordinator).circular.list({ limit: 100 });
    expect(all.total).toBe(all.rows.length);
    expect(all.rows.every((r) => r.coordinatorAgencyId === ids.office)).toBe(true);
    const times = all.rows.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const issued = await as(coordinator).circular.list({ status: 'issued', planId: slowPlan, limit: 100 });
    expect(issued.rows.length).toBeGreaterThan(0);
    expect(issued.rows.every((r) => r.status === 'issued' && r.planId === slowPlan && r.number !== null)).toBe(true);
    const everyone = await as(person(ids.stranger, 'admin')).circular.list({ limit: 100 });
    expect(everyone.rows.some((r) => r.coordinatorAgencyId === ids.otherOffice)).toBe(true);
  });

  it('renders the document as a PDF named by its number', async () => {
    const { circularId } = await as(coordinator).circular.draft({ planId: slowPlan, ...period });
    const draft = await as(coordinator).circular.pdf({ circularId });
    expect(draft).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/^草稿-.+\.pdf$/) });
    expect(Buffer.from(draft.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const { number } = await as(coordinator).circular.issue({ circularId });
    const issued = await as(coordinator).circular.pdf({ circularId });
    expect(issued.filename.startsWith(number)).toBe(true);
    expect(await rejection(as(person(ids.stranger, 'officer')).circular.pdf({ circularId }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

async function lastDayOfMonth(first: string): Promise<string> {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
