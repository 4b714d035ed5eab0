import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import type { Actor, Role } from '@liandong/domain';
import { findRepoRoot } from '@liandong/devstack';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { AppError } from '../errors';
import { createPlanService, type PlanConfirmInput, type PlanPreview } from '../services/plans';
import { callerFor } from '../test-support/context';

const seeds = path.resolve(findRepoRoot(), '..', 'shared', 'seeds');
const GUANGZHOU = '002_551b2c05a62b80d5.txt';
const GUANGDONG = '003_5a1bbc60fce88403.txt';
const fixture = (file: string) => readFileSync(path.join(seeds, file), 'utf8');

let connection: Connection;
let temporal: Client;
let t: TestDatabase;
let agencyId: Record<string, number>;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
});
// Each test its own database: plans are found by document, so tests must not see each other's imports.
beforeEach(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  agencyId = Object.fromEntries((await t.db.selectFrom('agencies').select(['code', 'id']).execute()).map((a) => [a.code, a.id]));
});
afterEach(async () => {
  await t?.drop();
});

const actor = (roles: Role[], agency = 'gd-commerce'): Actor => ({
  userId: '00000000-0000-4000-8000-00000000000a',
  username: `${roles.join('-')}-${agency}`,
  displayName: 'someone',
  agencyId: agencyId[agency] ?? -1,
  roles,
});
/**
 * No worker serves these tests: the plan service's measures only note which plans had their workflows started
 * (a real start is in measure.int.test.ts).
 */
const as = (who: Actor | null, started: string[] = []) => {
  const measures = {
    startWorkflows: async (planId?: string) => {
      started.push(planId ?? 'all');
      return { measures: 0, withdrawn: 0 };
    },
  };
  return callerFor({ db: t.db, temporal }, who, { services: { plans: createPlanService({ db: t.db, measures }) } });
};
const admin = () => as(actor(['admin']));

/** What a rejection names, as the error formatter reports it over HTTP. */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; fields: string[]; message: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const fields =
      cause instanceof ZodError ? cause.issues.map((i) => i.path.join('.')) : cause instanceof AppError && cause.field ? [cause.field] : [];
    return { code: (error as { code: string }).code, fields, message: (error as Error).message };
  }
  throw new Error('expected a rejection');
}

/** What the portal sends after a person reviewed the preview and left every row as read. */
function confirmInputOf(preview: PlanPreview, coordinatorAgencyCode: string): PlanConfirmInput {
  const code = (agency: PlanPreview['measures'][number]['leads'][number]) => {
    if (agency.resolution.status !== 'resolved') throw new Error(`unresolved ${agency.written}`);
    return agency.resolution.code;
  };
  return {
    sourceText: preview.sourceText,
    meta: { ...preview.meta, title: preview.meta.title ?? '', coordinatorAgencyCode, jurisdictionCode: preview.jurisdiction?.code ?? null },
    measures: preview.measures.map((m) => ({
      number: m.number,
      section: m.section,
      title: m.title,
      body: m.body,
      leadCodes: m.leads.map(code),
      partnerCodes: m.partners.map(code),
      allDistricts: m.allDistricts,
      kpis: m.kpis,
      deadline: m.deadline,
    })),
  };
}

async function importFixture(file: string, coordinator: string) {
  const preview = await admin().plan.preview({ text: fixture(file) });
  return admin().plan.confirm(confirmInputOf(preview, coordinator));
}

const SMALL_PLAN = ['广州市关于测试的若干措施', '(一)深化开放。内容一。(市商务局、市财政局)', '(二)扩大出口。内容二。(市科技局、市交通运输局)'].join('\n');

describe('plan.preview of the fixture documents', () => {
  it('reads Guangdong’s 20 tasks with every name resolved, 粤府函〔2024〕9号, and 省商务厅 as coordinator', async () => {
    const preview = await admin().plan.preview({ text: fixture(GUANGDONG) });
    expect(preview.measures).toHaveLength(20);
    expect(preview.unresolvedCount).toBe(0);
    expect(preview.meta).toEqual({ title: '中国(广东)自由贸易试验区提升战略行动方案', issuer: '广东省人民政府', documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12' });
    expect(preview.jurisdiction).toEqual({ code: 'gd-gov', name: '广东省人民政府', guessed: true });
    expect(preview.coordinator).toEqual({ code: 'gd-commerce', name: '省商务厅', reason: 'named_in_text' });
    expect(preview.measures[3]?.kpis.map((k) => k.metric)).toEqual(['集装箱吞吐量', '港口货物吞吐量']);
    expect(preview.planKpis.length).toBeGreaterThan(0);
    expect(preview.sourceHash).toMatch(/^[0-9a-f]{64}$/u);
    expect(preview.existing).toBeNull();
  });

  it('reads Guangzhou’s 22 measures with 各区政府 expanded to 11 districts and 市商务局 as coordinator', async () => {
    const preview = await admin().plan.preview({ text: fixture(GUANGZHOU) });
    expect(preview.measures).toHaveLength(22);
    expect(preview.unresolvedCount).toBe(0);
    expect(preview.jurisdiction?.code).toBe('gz-gov');
    expect(preview.coordinator).toEqual({ code: 'gz-commerce', name: '市商务局', reason: 'most_leads' });
    expect(preview.measures[1]).toMatchObject({ number: '(二)', allDistricts: true });
    expect(preview.measures[1]?.districts).toHaveLength(11);
  });

  it('reads an uploaded .txt the same as pasted text, and an uploaded .docx', async () => {
    const text = fixture(GUANGDONG);
    const fromFile = await admin().plan.preview({ file: { name: '方案.TXT', base64: Buffer.from(text).toString('base64') } });
    expect(fromFile.measures).toHaveLength(20);
    expect(fromFile.sourceText).toBe(text.replace(/\r\n?/gu, '\n'));
    const docx = storedZip('word/document.xml', documentXml(SMALL_PLAN.split('\n')));
    const fromDocx = await admin().plan.preview({ file: { name: 'plan.docx', base64: `data:application/octet-stream;base64,${docx.toString('base64')}` } });
    expect(fromDocx.measures.map((m) => m.title)).toEqual(['深化开放', '扩大出口']);
  });
});

describe('plan.preview', () => {
  it('flags an unknown agency name with suggestions, never guessing', async () => {
    const preview = await admin().plan.preview({ text: SMALL_PLAN.replace('市财政局', '市财政委') });
    expect(preview.unresolvedCount).toBe(1);
    expect(preview.measures[0]?.unresolvedCount).toBe(1);
    const partner = preview.measures[0]?.partners[0];
    expect(partner?.written).toBe('市财政委');
    expect(partner?.resolution).toMatchObject({ status: 'unknown', suggestions: [expect.objectContaining({ code: 'gz-finance', name: '市财政局' }), expect.anything(), expect.anything()] });
    expect(preview.measures[1]?.unresolvedCount).toBe(0);
  });

  it('takes a jurisdiction override, and rejects an unknown one naming the field', async () => {
    const preview = await admin().plan.preview({ text: SMALL_PLAN, jurisdictionCode: 'gd-gov' });
    expect(preview.jurisdiction).toEqual({ code: 'gd-gov', name: '广东省人民政府', guessed: false });
    expect(await rejection(admin().plan.preview({ text: SMALL_PLAN, jurisdictionCode: 'mars-gov' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['jurisdictionCode'] });
  });

  it('rejects empty text, text without measures, and neither text nor file, naming the field', async () => {
    expect(await rejection(admin().plan.preview({ text: '' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['text'], message: 'the plan text is empty' });
    expect(await rejection(admin().plan.preview({ text: '没有任何措施的一段话。' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['text'], message: expect.stringContaining('no measures found') });
    expect(await rejection(admin().plan.preview({}))).toMatchObject({ code: 'BAD_REQUEST', fields: ['text'] });
    expect(await rejection(admin().plan.preview({ text: SMALL_PLAN, file: { name: 'a.txt', base64: '' } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file'] });
  });

  it('rejects a binary file, a GBK file, a truncated .pdf, an image and broken base64, naming the field', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('base64');
    expect(await rejection(admin().plan.preview({ file: { name: 'plan.txt', base64: binary } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file'], message: expect.stringContaining('binary') });
    const gbk = Buffer.from([0xb9, 0xe3, 0xd6, 0xdd, 0xca, 0xd0, 0x0a, 0xb9, 0xe3, 0xd6, 0xdd]).toString('base64'); // 广州市 in GBK
    expect(await rejection(admin().plan.preview({ file: { name: 'plan.txt', base64: gbk } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file'], message: expect.stringContaining('UTF-8') });
    expect(await rejection(admin().plan.preview({ file: { name: 'plan.pdf', base64: 'JVBERi0=' } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file'], message: expect.stringContaining('PDF') });
    expect(await rejection(admin().plan.preview({ file: { name: 'plan.png', base64: 'iVBORw0KGgo=' } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file.name'], message: expect.stringContaining('plan.png') });
    // A Word 97–2003 file or a spreadsheet is named for what it is, with what to do about it.
    expect(await rejection(admin().plan.preview({ file: { name: '分工方案.doc', base64: '0M8R4KGxGuE=' } }))).toMatchObject({
      fields: ['file.name'],
      message: expect.stringContaining('a Word 97–2003 or WPS file: save it as .docx'),
    });
    expect(await rejection(admin().plan.preview({ file: { name: '任务清单.xlsx', base64: 'UEsDBA==' } }))).toMatchObject({
      fields: ['file.name'],
      message: expect.stringContaining('a spreadsheet'),
    });
    expect(await rejection(admin().plan.preview({ file: { name: 'plan.txt', base64: '***' } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file.base64'] });
    expect(await rejection(admin().plan.preview({ file: { name: 'plan.docx', base64: Buffer.from(SMALL_PLAN).toString('base64') } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['file'], message: expect.stringContaining('.docx') });
  });

  it('is for admins and coordinators only', async () => {
    for (const roles of [['officer'], ['auditor']] as Role[][]) {
      expect(await rejection(as(actor(roles)).plan.preview({ text: SMALL_PLAN }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await rejection(as(null).plan.preview({ text: SMALL_PLAN }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await as(actor(['coordinator'])).plan.preview({ text: SMALL_PLAN })).measures).toHaveLength(2);
  });
});

describe('plan.confirm of the fixture documents', () => {
  it('stores Guangzhou’s plan: measure (二) assigned to its lead, six named partners and all 11 district governments', async () => {
    const confirmed: string[] = [];
    const preview = await admin().plan.preview({ text: fixture(GUANGZHOU) });
    const result = await as(actor(['admin']), confirmed).plan.confirm(confirmInputOf(preview, 'gz-commerce'));
    expect(result).toMatchObject({ created: true, measureCount: 22 });
    expect(confirmed).toEqual([result.planId]);

    const plan = await admin().plan.get({ id: result.planId });
    expect(plan).toMatchObject({ title: preview.meta.title, coordinator: { code: 'gz-commerce', name: '市商务局' }, jurisdiction: { code: 'gz-gov' }, measureCount: 22 });
    const second = plan.measures[1];
    expect(second?.leads).toEqual([{ code: 'gz-development-reform', name: '市发展改革委' }]);
    expect(second?.partners.map((a) => a.name)).toEqual(expect.arrayContaining(['市商务局', '市投发委办', '市住房城乡建设局', '市文化广电旅游局', '市市场监管局', '市港务局']));
    expect(second?.partners).toHaveLength(6);
    expect(second?.districts).toHaveLength(11);
    const assignments = await t.db.selectFrom('assignments').select('agencyId').where('measureId', '=', second?.id ?? '').execute();
    expect(assignments).toHaveLength(1 + 6 + 11);
    // (七) names only 南沙区政府: a partner, not 各区政府.
    expect(plan.measures[6]).toMatchObject({ allDistricts: false, districts: [] });
    expect(plan.measures[6]?.partners.map((a) => a.code)).toContain('gz-district-nansha');
  });

  it('stores Guangdong’s plan with task 4’s two targets and co-led task 8', async () => {
    const result = await importFixture(GUANGDONG, 'gd-commerce');
    const plan = await admin().plan.get({ id: result.planId });
    expect(plan).toMatchObject({ documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12', issuer: '广东省人民政府' });
    expect(plan.measures[3]?.kpis).toEqual([
      { metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '=', deadline: 2025, text: expect.stringContaining('3700万标箱') },
      { metric: '港口货物吞吐量', target: 5.5, unit: '亿吨', comparator: '>=', deadline: 2025, text: expect.stringContaining('5.5亿吨') },
    ]);
    expect(plan.measures[7]?.leads.map((a) => a.code)).toEqual(['gd-pboc', 'sz-pboc']);
  });

  it('stores a document once: confirming it again changes nothing and says so', async () => {
    const preview = await admin().plan.preview({ text: fixture(GUANGDONG) });
    const first = await admin().plan.confirm(confirmInputOf(preview, 'gd-commerce'));
    const again = await admin().plan.preview({ text: fixture(GUANGDONG) });
    expect(again.existing).toMatchObject({ planId: first.planId, diff: { changeCount: 0, unchangedCount: 20 } });
    expect(await admin().plan.confirm(confirmInputOf(again, 'gd-commerce'))).toEqual({ planId: first.planId, created: false, changes: 0 });
    expect(await admin().plan.list()).toHaveLength(1);
  });

  it('shows a re-import with a changed title as a diff, and confirming applies it to the same measure', async () => {
    const first = await importFixture(GUANGDONG, 'gd-commerce');
    const before = await admin().plan.get({ id: first.planId });
    const revised = fixture(GUANGDONG).replace('4. 提升粤港澳大湾区物流一体化功能。', '4. 提升粤港澳大湾区物流一体化水平。');
    const preview = await admin().plan.preview({ text: revised });
    expect(preview.existing?.planId).toBe(first.planId);
    expect(preview.existing?.diff).toMatchObject({
      added: [],
      removed: [],
      changed: [{ number: '4', changes: [{ field: 'title', before: '提升粤港澳大湾区物流一体化功能', after: '提升粤港澳大湾区物流一体化水平' }] }],
      changeCount: 1,
    });
    expect(await admin().plan.confirm(confirmInputOf(preview, 'gd-commerce'))).toEqual({ planId: first.planId, created: false, changes: 1 });
    const after = await admin().plan.get({ id: first.planId });
    expect(after.measures[3]).toMatchObject({ id: before.measures[3]?.id, title: '提升粤港澳大湾区物流一体化水平' });
    expect(await admin().plan.list()).toHaveLength(1);
  });
});

describe('plan.confirm', () => {
  async function smallInput(): Promise<PlanConfirmInput> {
    return confirmInputOf(await admin().plan.preview({ text: SMALL_PLAN }), 'gz-commerce');
  }

  it('rejects an unknown agency code naming its path, and stores nothing', async () => {
    const input = await smallInput();
    input.measures[1]!.leadCodes = ['gz-nowhere'];
    expect(await rejection(admin().plan.confirm(input))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures.1.leadCodes.0'], message: 'unknown agency code "gz-nowhere"' });
    input.measures[1]!.leadCodes = ['gz-transport'];
    input.measures[0]!.partnerCodes = ['gz-finance', 'zz'];
    expect(await rejection(admin().plan.confirm(input))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures.0.partnerCodes.1'] });
    expect(await admin().plan.list()).toEqual([]);
    expect(await t.db.selectFrom('measures').select('id').execute()).toEqual([]);
  });

  it('rejects a plan without measures, a measure without a lead, repeated numbers and a bad date', async () => {
    const input = await smallInput();
    expect(await rejection(admin().plan.confirm({ ...input, measures: [] }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures'] });
    const noLead = { ...input, measures: [{ ...input.measures[0]!, leadCodes: [] }] };
    expect(await rejection(admin().plan.confirm(noLead))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures.0.leadCodes'] });
    const repeated = { ...input, measures: [input.measures[0]!, { ...input.measures[1]!, number: '（一）' }] };
    expect(await rejection(admin().plan.confirm(repeated))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures.1.number'] });
    expect(await rejection(admin().plan.confirm({ ...input, meta: { ...input.meta, issuedOn: '2024-13-40' } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['meta.issuedOn'] });
    expect(await rejection(admin().plan.confirm({ ...input, meta: { ...input.meta, coordinatorAgencyCode: 'nobody' } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['meta.coordinatorAgencyCode'] });
    const noJurisdiction = { ...input, meta: { ...input.meta, jurisdictionCode: null }, measures: [{ ...input.measures[0]!, allDistricts: true }] };
    expect(await rejection(admin().plan.confirm(noJurisdiction))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures.0.allDistricts'] });
    expect(await admin().plan.list()).toEqual([]);
  });

  it('refuses text it cannot store as given (NUL, a broken surrogate) naming the field, and stores nothing', async () => {
    const input = await smallInput();
    const odd = (text: string) => [`${text}\u0000`, `${text}\uD800`, `\uDC00${text}`];
    for (const bad of odd(input.sourceText)) {
      // The text is stored with U+FFFD for a lone surrogate but hashed as sent: a re-import would never match it.
      expect(await rejection(admin().plan.confirm({ ...input, sourceText: bad }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['sourceText'] });
    }
    for (const bad of odd(input.meta.title)) {
      expect(await rejection(admin().plan.confirm({ ...input, meta: { ...input.meta, title: bad } }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['meta.title'] });
    }
    for (const field of ['number', 'title', 'body', 'section'] as const) {
      for (const bad of odd('x')) {
        const measures = [{ ...input.measures[0]!, [field]: bad }, input.measures[1]!];
        expect(await rejection(admin().plan.confirm({ ...input, measures }))).toMatchObject({ code: 'BAD_REQUEST', fields: [`measures.0.${field}`] });
      }
    }
    expect(await rejection(admin().plan.preview({ text: `${SMALL_PLAN}\u0000` }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['text'] });
    expect(await admin().plan.list()).toEqual([]);
  });

  it('refuses an auditor who is also an admin or the coordinator: read-only everywhere; a preview, which stores nothing, they may read', async () => {
    const input = await smallInput();
    for (const roles of [['auditor', 'admin'], ['auditor', 'coordinator']] as Role[][]) {
      const caller = as(actor(roles, 'gz-commerce'));
      expect(await rejection(caller.plan.confirm(input))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await caller.plan.preview({ text: SMALL_PLAN })).toMatchObject({ measures: [{ number: '(一)' }, { number: '(二)' }] });
    }
    expect(await admin().plan.list()).toEqual([]);
  });

  it('stores the person’s edits: a fixed name, a lead also listed as partner kept once as lead, the default reporting policy', async () => {
    const input = await smallInput();
    input.measures[0]!.partnerCodes = ['gz-finance', 'gz-commerce'];
    const { planId } = await admin().plan.confirm(input);
    const plan = await admin().plan.get({ id: planId });
    expect(plan.measures[0]).toMatchObject({ leads: [{ code: 'gz-commerce' }], partners: [{ code: 'gz-finance' }] });
    expect(plan.reportingPolicy).toMatchObject({ cadence: 'monthly', dueOffsetWorkingDays: 5 });
  });

  it('withdraws a measure a re-import drops, and brings it back when it returns', async () => {
    const input = await smallInput();
    const { planId } = await admin().plan.confirm(input);
    const dropped = { ...input, sourceText: `${input.sourceText}\n`, measures: [input.measures[0]!] };
    expect(await admin().plan.confirm(dropped)).toEqual({ planId, created: false, changes: 1 });
    expect((await admin().plan.get({ id: planId })).measures.map((m) => [m.number, m.status])).toEqual([
      ['(一)', 'active'],
      ['(二)', 'withdrawn'],
    ]);
    expect(await admin().plan.confirm(input)).toEqual({ planId, created: false, changes: 1 });
    expect((await admin().plan.get({ id: planId })).measureCount).toBe(2);
  });

  it('is for admins and coordinators; a coordinator confirms only plans their own agency coordinates', async () => {
    const input = await smallInput();
    expect(await rejection(as(actor(['officer'], 'gz-commerce')).plan.confirm(input))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(['auditor'], 'gz-commerce')).plan.confirm(input))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(as(actor(['coordinator'], 'gd-commerce')).plan.confirm(input))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await admin().plan.list()).toEqual([]);
    const own = await as(actor(['coordinator'], 'gz-commerce')).plan.confirm(input);
    expect(own).toMatchObject({ created: true, measureCount: 2 });
    // Naming themselves coordinator of a plan another agency coordinates does not let them revise it.
    const takeover = { ...input, measures: [{ ...input.measures[0]!, title: '改' }] };
    expect(await rejection(as(actor(['coordinator'], 'gd-commerce')).plan.confirm({ ...takeover, meta: { ...takeover.meta, coordinatorAgencyCode: 'gd-commerce' } }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('plan.list and plan.get', () => {
  let planId: string;
  beforeEach(async () => {
    const preview = await admin().plan.preview({ text: SMALL_PLAN });
    ({ planId } = await admin().plan.confirm(confirmInputOf(preview, 'gz-commerce')));
  });

  it.each([
    { who: 'an admin', roles: ['admin'], agency: 'gd-commerce', sees: true },
    { who: 'an auditor', roles: ['auditor'], agency: 'gd-commerce', sees: true },
    { who: 'the plan’s coordinator', roles: ['coordinator'], agency: 'gz-commerce', sees: true },
    { who: 'another agency’s coordinator', roles: ['coordinator'], agency: 'gd-commerce', sees: false },
    { who: 'an officer of a lead agency', roles: ['officer'], agency: 'gz-science-technology', sees: true },
    { who: 'an officer of a partner agency', roles: ['officer'], agency: 'gz-finance', sees: true },
    { who: 'an officer of an uninvolved agency', roles: ['officer'], agency: 'gz-sport', sees: false },
  ] as { who: string; roles: Role[]; agency: string; sees: boolean }[])('$who sees the plan: $sees', async ({ roles, agency, sees }) => {
    const caller = as(actor(roles, agency));
    const listed = await caller.plan.list();
    expect(listed.map((p) => p.id)).toEqual(sees ? [planId] : []);
    if (sees) {
      expect(listed[0]).toMatchObject({ title: '广州市关于测试的若干措施', coordinator: { code: 'gz-commerce', name: '市商务局' }, measureCount: 2, documentNumber: null });
      const plan = await caller.plan.get({ id: planId });
      expect(plan.measures.map((m) => [m.number, m.title, m.leads.map((a) => a.code), m.partners.map((a) => a.code)])).toEqual([
        ['(一)', '深化开放', ['gz-commerce'], ['gz-finance']],
        ['(二)', '扩大出口', ['gz-science-technology'], ['gz-transport']],
      ]);
    } else {
      expect(await rejection(caller.plan.get({ id: planId }))).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('answers NOT_FOUND for an unknown id, BAD_REQUEST for a malformed one, UNAUTHORIZED when signed out', async () => {
    expect(await rejection(admin().plan.get({ id: '4f0c5e8e-8d51-4b43-9c43-3a3b7b1f0e11' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(admin().plan.get({ id: 'plan-1' }))).toMatchObject({ code: 'BAD_REQUEST', fields: ['id'] });
    expect(await rejection(as(null).plan.list())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await rejection(as(null).plan.get({ id: planId }))).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('deadlines (完成时限)', () => {
  /** (一) was due long ago, (二) is ongoing (长期), (三) states no deadline; a note before the measures says how clauses read. */
  const DEADLINE_PLAN = [
    '广州市关于期限测试的若干措施',
    '各项措施列第一位者为牵头单位,下同。',
    '(一)深化开放。完成对接。(市商务局、市财政局,2020年底前)',
    '(二)扩大出口。内容二。(市科技局、市交通运输局,长期坚持)',
    '(三)优化环境。内容三。(市发展改革委)',
  ].join('\n');
  const confirmed = async (text: string) => admin().plan.confirm(confirmInputOf(await admin().plan.preview({ text }), 'gz-commerce'));

  it('previews each measure’s deadline with its clause and the conventions applied, and marks an uncertain reading for review', async () => {
    const text = `${DEADLINE_PLAN}\n(四)加强保障。内容四。(区直各部门)\n(五)完善机制。内容五。`;
    const preview = await admin().plan.preview({ text });
    const note = '各项措施列第一位者为牵头单位,下同';
    expect(preview.conventions).toEqual([{ kind: 'first_listed_leads', text: note, from: null }]);
    expect(preview.measures.map((m) => [m.number, m.deadline])).toEqual([
      ['(一)', { text: '2020年底前', due: '2020-12-31', ongoing: false }],
      ['(二)', { text: '长期坚持', due: null, ongoing: true }],
      ['(三)', null],
      ['(四)', null],
      ['(五)', null],
    ]);
    expect(preview.measures[0]).toMatchObject({ responsibilityText: ['(市商务局、市财政局,2020年底前)'], conventions: [note], review: [] });
    expect(preview.measures[3]).toMatchObject({ groups: ['区直各部门'], unresolvedCount: 1 });
    expect(preview.measures[4]?.review).toEqual([expect.stringContaining('no responsibility clause')]);
  });

  it('stores each deadline on confirm; plan.get returns it, overdue (逾期未办结) only when the due date has passed', async () => {
    const { planId } = await confirmed(DEADLINE_PLAN);
    const plan = await admin().plan.get({ id: planId });
    expect(plan.measures.map((m) => [m.number, m.deadline, m.overdue])).toEqual([
      ['(一)', { text: '2020年底前', due: '2020-12-31', ongoing: false }, true],
      ['(二)', { text: '长期坚持', due: null, ongoing: true }, false],
      ['(三)', null, false],
    ]);
    // Once closed (销号) in the read model, a measure past its date is no longer overdue (measure.int.test.ts closes one for real).
    await t.db.updateTable('measures').set({ status: 'closed' }).where('id', '=', plan.measures[0]!.id).execute();
    expect((await admin().plan.get({ id: planId })).measures[0]).toMatchObject({ deadline: { due: '2020-12-31' }, overdue: false });
  });

  it('shows a changed deadline on re-import as a change, and confirming stores it on the same measure', async () => {
    const first = await confirmed(DEADLINE_PLAN);
    const before = await admin().plan.get({ id: first.planId });
    const preview = await admin().plan.preview({ text: DEADLINE_PLAN.replace('2020年底前', '2099年6月底前') });
    expect(preview.existing?.diff).toMatchObject({
      changed: [{ number: '(一)', changes: [{ field: 'deadline', before: '2020-12-31', after: '2099-06-30' }] }],
      changeCount: 1,
    });
    const input = confirmInputOf(preview, 'gz-commerce');
    // The reviewer also gives (三) a date the document does not state.
    input.measures[2]!.deadline = { text: '', due: '2099-01-31', ongoing: false };
    expect(await admin().plan.confirm(input)).toEqual({ planId: first.planId, created: false, changes: 2 });
    const after = await admin().plan.get({ id: first.planId });
    expect(after.measures.map((m) => [m.id, m.deadline, m.overdue])).toEqual([
      [before.measures[0]!.id, { text: '2099年6月底前', due: '2099-06-30', ongoing: false }, false],
      [before.measures[1]!.id, { text: '长期坚持', due: null, ongoing: true }, false],
      [before.measures[2]!.id, { text: '', due: '2099-01-31', ongoing: false }, false],
    ]);
  });

  it('refuses a bad deadline with BAD_REQUEST naming measures.N.deadline.due (or .text), and changes nothing', async () => {
    const input = confirmInputOf(await admin().plan.preview({ text: DEADLINE_PLAN }), 'gz-commerce');
    const withDeadline = (deadline: unknown): PlanConfirmInput => ({ ...input, measures: [input.measures[0]!, { ...input.measures[1]!, deadline: deadline as never }, input.measures[2]!] });
    const bad: [unknown, string][] = [
      [{ text: '2025年2月底前', due: '2025-02-30', ongoing: false }, 'measures.1.deadline.due'],
      [{ text: '2025年底前', due: '31/12/2025', ongoing: false }, 'measures.1.deadline.due'],
      [{ text: '1999年底前', due: '1999-12-31', ongoing: false }, 'measures.1.deadline.due'],
      [{ text: '2101年底前', due: '2101-01-01', ongoing: false }, 'measures.1.deadline.due'],
      [{ text: '长期坚持', due: '2025-12-31', ongoing: true }, 'measures.1.deadline.due'],
      [{ text: '2025年底前', due: null, ongoing: false }, 'measures.1.deadline.due'],
      [{ text: '年'.repeat(101), due: '2025-12-31', ongoing: false }, 'measures.1.deadline.text'],
      [{ text: '年底\u0000', due: '2025-12-31', ongoing: false }, 'measures.1.deadline.text'],
      [{ text: '长期', due: null, ongoing: 'yes' }, 'measures.1.deadline.ongoing'],
    ];
    for (const [deadline, field] of bad) {
      expect(await rejection(admin().plan.confirm(withDeadline(deadline)))).toMatchObject({ code: 'BAD_REQUEST', fields: [field] });
    }
    expect(await admin().plan.list()).toEqual([]);

    // Nor does a revision with a bad deadline change the stored plan.
    const { planId } = await admin().plan.confirm(input);
    const stored = await admin().plan.get({ id: planId });
    expect(await rejection(admin().plan.confirm(withDeadline({ text: '', due: '2025-13-01', ongoing: false })))).toMatchObject({ code: 'BAD_REQUEST', fields: ['measures.1.deadline.due'] });
    expect(await admin().plan.get({ id: planId })).toEqual(stored);
  });
});

// ---- a minimal .docx: one stored (uncompressed) zip entry ------------------

function documentXml(paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p.replace(/&/gu, '&amp;').replace(/</gu, '&lt;')}</w:t></w:r></w:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

function storedZip(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
