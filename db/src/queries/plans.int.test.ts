import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_REPORTING_POLICY, deadlineFact, diffPlans, type MeasureFacts, type PlanFacts } from '@liandong/domain';
import { createTestDatabase, type TestDatabase } from '../testing';
import {
  ALL_PLANS,
  applyPlanRevision,
  createPlanWithMeasures,
  findPlanByDocument,
  findPlanBySourceHash,
  getPlan,
  listPlans,
  type NewPlanInput,
  type PlanDetail,
  type PlanMeasureInput,
} from './plans';

let t: TestDatabase;
const id: Record<string, number> = {};
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  for (const row of await t.db.selectFrom('agencies').select(['id', 'code']).execute()) id[row.code] = row.id;
});
afterAll(() => t.drop());

const ids = (...codes: string[]) => codes.map((code) => id[code] ?? -1);

function measure(number: string, overrides: Partial<PlanMeasureInput> = {}): PlanMeasureInput {
  return {
    number,
    section: '一、测试',
    title: `措施${number}`,
    body: '内容。',
    leadAgencyIds: ids('gz-commerce'),
    partnerAgencyIds: ids('gz-finance'),
    allDistricts: false,
    kpis: [],
    deadline: null,
    ...overrides,
  };
}

function plan(overrides: Partial<NewPlanInput> = {}): NewPlanInput {
  return {
    title: `测试方案 ${randomUUID()}`,
    issuer: '广州市人民政府办公厅',
    documentNumber: null,
    issuedOn: '2025-03-01',
    jurisdictionAgencyId: id['gz-gov'] ?? null,
    coordinatorAgencyId: id['gz-commerce'] ?? -1,
    reportingPolicy: DEFAULT_REPORTING_POLICY,
    sourceText: '测试',
    sourceHash: randomUUID(),
    createdBy: null,
    measures: [measure('(一)'), measure('(二)')],
    ...overrides,
  };
}

/** A stored plan as the diff sees it: agencies by code, districts implied. */
function factsOf(detail: PlanDetail): PlanFacts {
  return {
    title: detail.title,
    issuer: detail.issuer,
    documentNumber: detail.documentNumber,
    issuedOn: detail.issuedOn,
    measures: detail.measures.map(
      (m): MeasureFacts => ({
        number: m.number,
        title: m.title,
        body: m.body,
        leads: m.leads.map((a) => a.code),
        partners: m.partners.map((a) => a.code),
        allDistricts: m.allDistricts,
        kpis: m.kpis.map(({ text: _text, ...kpi }) => kpi),
        deadline: deadlineFact(m.deadline),
        withdrawn: m.status === 'withdrawn',
      }),
    ),
  };
}

function inputFacts(input: NewPlanInput): PlanFacts {
  const code = (agencyId: number) => Object.entries(id).find(([, v]) => v === agencyId)?.[0] ?? '?';
  return {
    title: input.title,
    issuer: input.issuer,
    documentNumber: input.documentNumber,
    issuedOn: input.issuedOn,
    measures: input.measures.map((m) => ({
      number: m.number,
      title: m.title,
      body: m.body,
      leads: m.leadAgencyIds.map(code),
      partners: m.partnerAgencyIds.map(code).filter((c) => !(m.allDistricts && c.startsWith('gz-district-'))),
      allDistricts: m.allDistricts,
      kpis: m.kpis.map(({ text: _text, ...kpi }) => kpi),
      deadline: deadlineFact(m.deadline),
    })),
  };
}

async function assignmentsOf(measureId: string) {
  return t.db
    .selectFrom('assignments as s')
    .innerJoin('agencies as a', 'a.id', 's.agencyId')
    .select(['a.code', 's.role', 's.status'])
    .where('s.measureId', '=', measureId)
    .orderBy('a.code')
    .execute();
}

describe('createPlanWithMeasures', () => {
  it('stores measures in order with one assignment per agency, a lead also named as partner staying lead', async () => {
    const input = plan({
      measures: [
        measure('(一)', { leadAgencyIds: ids('gz-commerce', 'gz-science-technology'), partnerAgencyIds: ids('gz-finance', 'gz-commerce', 'gz-finance') }),
        measure('(二)', { kpis: [{ metric: '办理时间', target: 5, unit: '个工作日', comparator: '<=', deadline: null, text: '压缩至5个工作日内' }] }),
      ],
    });
    const { planId } = await createPlanWithMeasures(t.db, input);
    const detail = await getPlan(t.db, planId);
    expect(detail?.measures.map((m) => [m.seq, m.number])).toEqual([
      [0, '(一)'],
      [1, '(二)'],
    ]);
    expect(await assignmentsOf(detail?.measures[0]?.id ?? '')).toEqual([
      { code: 'gz-commerce', role: 'lead', status: 'pending' },
      { code: 'gz-finance', role: 'partner', status: 'pending' },
      { code: 'gz-science-technology', role: 'lead', status: 'pending' },
    ]);
    expect(detail?.measures[1]?.kpis).toEqual([{ metric: '办理时间', target: 5, unit: '个工作日', comparator: '<=', deadline: null, text: '压缩至5个工作日内' }]);
    const row = await t.db.selectFrom('measures').select(['leadAgencyId', 'coordinatorAgencyId']).where('id', '=', detail?.measures[0]?.id ?? '').executeTakeFirst();
    expect(row).toEqual({ leadAgencyId: id['gz-commerce'], coordinatorAgencyId: id['gz-commerce'] });
  });

  it('expands 各区政府 into the district governments of the jurisdiction, a named district counted once', async () => {
    const { planId } = await createPlanWithMeasures(t.db, plan({ measures: [measure('(一)', { allDistricts: true, partnerAgencyIds: ids('gz-finance', 'gz-district-nansha') })] }));
    const detail = await getPlan(t.db, planId);
    const [first] = detail?.measures ?? [];
    expect(first?.partners.map((a) => a.code)).toEqual(['gz-finance']);
    expect(first?.districts).toHaveLength(11);
    expect(await assignmentsOf(first?.id ?? '')).toHaveLength(13);
  });

  it('stores each measure’s deadline (完成时限): a due date with its phrase, 长期 without a date, or none', async () => {
    const { planId, measureIds } = await createPlanWithMeasures(
      t.db,
      plan({
        measures: [
          measure('(一)', { deadline: { text: ' 2025年底前 ', due: '2025-12-31', ongoing: false } }),
          measure('(二)', { deadline: { text: '长期坚持', due: null, ongoing: true } }),
          measure('(三)'),
        ],
      }),
    );
    const detail = await getPlan(t.db, planId);
    expect(detail?.measures.map((m) => m.deadline)).toEqual([
      { text: '2025年底前', due: '2025-12-31', ongoing: false },
      { text: '长期坚持', due: null, ongoing: true },
      null,
    ]);
    const rows = await t.db.selectFrom('measures').select(['id', 'ongoing', 'deadlineText']).where('id', 'in', measureIds).orderBy('seq').execute();
    expect(rows.map((r) => [r.ongoing, r.deadlineText])).toEqual([
      [false, '2025年底前'],
      [true, '长期坚持'],
      [false, null],
    ]);
  });

  it('keeps a due date off an ongoing (长期) measure; the table refuses one written directly, and a phrase over 100 characters', async () => {
    const both = plan({ measures: [measure('(一)', { deadline: { text: '长期坚持', due: '2025-12-31', ongoing: true } })] });
    const { planId, measureIds } = await createPlanWithMeasures(t.db, both);
    expect((await getPlan(t.db, planId))?.measures[0]?.deadline).toEqual({ text: '长期坚持', due: null, ongoing: true });
    await expect(t.db.updateTable('measures').set({ dueOn: '2025-12-31' }).where('id', '=', measureIds[0]!).execute()).rejects.toThrow(/measures_deadline_check/);
    await expect(t.db.updateTable('measures').set({ deadlineText: '年'.repeat(101) }).where('id', '=', measureIds[0]!).execute()).rejects.toThrow(/deadline_text/);
  });

  it('stores nothing when a measure fails', async () => {
    const input = plan({ measures: [measure('(一)'), measure('(一)')] });
    await expect(createPlanWithMeasures(t.db, input)).rejects.toThrow(/measures_plan_id_number_key/);
    expect(await findPlanBySourceHash(t.db, input.sourceHash)).toBeUndefined();
  });
});

describe('finding a stored document', () => {
  it('finds a plan by its source hash, by its document number, or by its title when it has no number', async () => {
    const numbered = plan({ documentNumber: `穗府函〔2025〕${Math.floor(Math.random() * 1e6)}号` });
    const { planId } = await createPlanWithMeasures(t.db, numbered);
    const untitled = plan();
    const second = await createPlanWithMeasures(t.db, untitled);
    expect((await findPlanBySourceHash(t.db, numbered.sourceHash))?.id).toBe(planId);
    expect((await findPlanByDocument(t.db, { documentNumber: numbered.documentNumber, title: '另一个标题' }))?.id).toBe(planId);
    expect((await findPlanByDocument(t.db, { documentNumber: null, title: untitled.title }))?.id).toBe(second.planId);
    expect(await findPlanByDocument(t.db, { documentNumber: '穗府函〔1999〕1号', title: untitled.title })).toBeUndefined();
    expect(await findPlanByDocument(t.db, { documentNumber: null, title: null })).toBeUndefined();
  });
});

describe('listPlans and getPlan scoping', () => {
  it('shows a plan to all, to its coordinator, and to agencies with an assignment, and hides it from others', async () => {
    const input = plan({ coordinatorAgencyId: id['gz-commerce'] ?? -1, measures: [measure('(一)', { leadAgencyIds: ids('gz-transport'), partnerAgencyIds: ids('gz-port') })] });
    const { planId } = await createPlanWithMeasures(t.db, input);
    const visible = async (scope: Parameters<typeof listPlans>[1]) => ({
      listed: (await listPlans(t.db, scope)).some((p) => p.id === planId),
      got: (await getPlan(t.db, planId, scope)) !== undefined,
    });
    expect(await visible(ALL_PLANS)).toEqual({ listed: true, got: true });
    expect(await visible({ all: false, coordinatedBy: id['gz-commerce'] ?? -1, involving: null })).toEqual({ listed: true, got: true });
    expect(await visible({ all: false, coordinatedBy: null, involving: id['gz-port'] ?? -1 })).toEqual({ listed: true, got: true });
    expect(await visible({ all: false, coordinatedBy: null, involving: id['gz-sport'] ?? -1 })).toEqual({ listed: false, got: false });
    expect(await visible({ all: false, coordinatedBy: id['gd-commerce'] ?? -1, involving: null })).toEqual({ listed: false, got: false });
    expect(await visible({ all: false, coordinatedBy: null, involving: null })).toEqual({ listed: false, got: false });
  });
});

describe('applyPlanRevision', () => {
  it('sees a moved deadline as a change and stores it on the same row; a reworded phrase for the same date is no change', async () => {
    const original = plan({ measures: [measure('(一)', { deadline: { text: '2025年底前', due: '2025-12-31', ongoing: false } }), measure('(二)')] });
    const { planId, measureIds } = await createPlanWithMeasures(t.db, original);
    const reworded: NewPlanInput = { ...original, measures: [measure('(一)', { deadline: { text: '2025年12月31日前', due: '2025-12-31', ongoing: false } }), measure('(二)')] };
    expect(diffPlans(factsOf((await getPlan(t.db, planId))!), inputFacts(reworded)).changeCount).toBe(0);

    const revised: NewPlanInput = {
      ...original,
      sourceHash: randomUUID(),
      measures: [measure('(一)', { deadline: { text: '2026年6月底前', due: '2026-06-30', ongoing: false } }), measure('(二)', { deadline: { text: '长期坚持', due: null, ongoing: true } })],
    };
    const diff = diffPlans(factsOf((await getPlan(t.db, planId))!), inputFacts(revised));
    expect(diff.changed.map((c) => [c.number, c.changes])).toEqual([
      ['(一)', [{ field: 'deadline', before: '2025-12-31', after: '2026-06-30' }]],
      ['(二)', [{ field: 'deadline', before: null, after: 'ongoing' }]],
    ]);
    await applyPlanRevision(t.db, planId, { meta: revised, measures: revised.measures, diff });
    const after = await getPlan(t.db, planId);
    expect(after?.measures.map((m) => [m.id, m.deadline])).toEqual([
      [measureIds[0], { text: '2026年6月底前', due: '2026-06-30', ongoing: false }],
      [measureIds[1], { text: '长期坚持', due: null, ongoing: true }],
    ]);
  });

  it('updates changed measures in place, adds new ones, withdraws removed ones and their dropped assignments', async () => {
    const original = plan({
      measures: [
        measure('(一)'),
        measure('(二)', { partnerAgencyIds: ids('gz-finance', 'gz-port') }),
        measure('(三)'),
      ],
    });
    const { planId, measureIds } = await createPlanWithMeasures(t.db, original);
    const revised: NewPlanInput = {
      ...original,
      sourceHash: randomUUID(),
      measures: [
        measure('(一)', { title: '新的标题' }),
        measure('(二)', { partnerAgencyIds: ids('gz-finance', 'gz-sport'), kpis: [{ metric: '项目', target: 3, unit: '个', comparator: '>=', deadline: 2026, text: '不少于3个' }] }),
        measure('(四)'),
      ],
    };
    const stored = await getPlan(t.db, planId);
    const diff = diffPlans(factsOf(stored!), inputFacts(revised));
    expect(diff.changeCount).toBe(4);

    expect(await applyPlanRevision(t.db, planId, { meta: revised, measures: revised.measures, diff })).toEqual({ changes: 4 });
    const after = await getPlan(t.db, planId);
    expect(after?.measures.map((m) => [m.number, m.title, m.status])).toEqual([
      ['(一)', '新的标题', 'active'],
      ['(二)', '措施(二)', 'active'],
      ['(四)', '措施(四)', 'active'],
      ['(三)', '措施(三)', 'withdrawn'],
    ]);
    // Same rows: the measure workflows keep their ids.
    expect(after?.measures.find((m) => m.number === '(一)')?.id).toBe(measureIds[0]);
    expect(await assignmentsOf(measureIds[1] ?? '')).toEqual([
      { code: 'gz-commerce', role: 'lead', status: 'pending' },
      { code: 'gz-finance', role: 'partner', status: 'pending' },
      { code: 'gz-port', role: 'partner', status: 'withdrawn' },
      { code: 'gz-sport', role: 'partner', status: 'pending' },
    ]);
    expect(after?.measures[1]?.kpis.map((k) => k.metric)).toEqual(['项目']);
    expect(after?.sourceHash).toBe(revised.sourceHash);
    expect(after?.measureCount).toBe(3);

    // Importing the original again brings (三) back on its old row and withdraws (四).
    const again = diffPlans(factsOf(after!), inputFacts(original));
    expect(again.added.map((m) => m.number)).toEqual(['(三)']);
    await applyPlanRevision(t.db, planId, { meta: original, measures: original.measures, diff: again });
    const restored = await getPlan(t.db, planId);
    expect(restored?.measures.map((m) => [m.number, m.status])).toEqual([
      ['(一)', 'active'],
      ['(二)', 'active'],
      ['(三)', 'active'],
      ['(四)', 'withdrawn'],
    ]);
    expect(restored?.measures[2]?.id).toBe(measureIds[2]);
    expect(restored?.measures.map((m) => m.deadline)).toEqual([null, null, null, null]);
    expect(await assignmentsOf(measureIds[1] ?? '')).toContainEqual({ code: 'gz-port', role: 'partner', status: 'pending' });
  });
});
