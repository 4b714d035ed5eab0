import { describe, expect, it } from 'vitest';
import type { AgencyListItem, PlanPreview } from '../../lib/api';
import {
  addAgency,
  chooseAgency,
  districtsOf,
  draftFromPreview,
  removeName,
  sameNameElsewhere,
  toConfirmInput,
  unresolvedCount,
  updateDeadline,
  updateMeasure,
  validateDraft,
  type Draft,
  type NameRef,
} from './draft';

const resolved = (written: string, code: string, name = written) => ({ written, resolution: { status: 'resolved' as const, code, name, via: 'name' as const } });
const unknown = (written: string, suggestions: { code: string; name: string }[] = []) => ({
  written,
  resolution: { status: 'unknown' as const, name: written, suggestions: suggestions.map((s) => ({ ...s, score: 0.5 })) },
});
const measure = (number: string, title: string, leads: PlanPreview['measures'][number]['leads'], partners: PlanPreview['measures'][number]['partners']) => ({
  number,
  section: '一、重点任务',
  title,
  body: `${title}的内容。`,
  leads,
  partners,
  allDistricts: false,
  districts: [],
  kpis: [],
  responsibilityText: [],
  groups: [],
  deadline: null,
  conventions: [],
  review: [],
  unresolvedCount: [...leads, ...partners].filter((a) => a.resolution.status === 'unknown').length,
});

function preview(): PlanPreview {
  return {
    meta: { title: '联动测试行动方案', issuer: '广东省人民政府办公厅', documentNumber: '粤办函〔2099〕7号', issuedOn: '2099-03-01' },
    sourceText: '原文',
    sourceHash: 'f'.repeat(64),
    jurisdiction: { code: 'gd-gov', name: '广东省人民政府', guessed: true },
    coordinator: { code: 'gd-commerce', name: '省商务厅', reason: 'most_leads' },
    measures: [
      measure('1', '扩大服务贸易开放', [resolved('省商务厅', 'gd-commerce')], [resolved('财政厅', 'gd-finance', '省财政厅'), unknown('省数据资源局', [{ code: 'gd-data', name: '省政务服务数据管理局' }])]),
      measure('2', '提升通关便利化水平', [resolved('省交通运输厅', 'gd-transport')], [unknown('省数据资源局', [{ code: 'gd-data', name: '省政务服务数据管理局' }])]),
      measure('3', '优化营商环境', [unknown('省不存在局')], []),
    ],
    planKpis: [],
    conventions: [],
    warnings: [],
    unresolvedCount: 3,
    existing: null,
  };
}

const ref = (draft: Draft, measure: number, list: 'leads' | 'partners', index: number): NameRef => ({
  measureId: draft.measures[measure]!.id,
  list,
  agencyId: draft.measures[measure]![list][index]!.id,
});

describe('reviewing an import preview', () => {
  it('starts from what the importer read, unknown names left unresolved with their suggestions', () => {
    const draft = draftFromPreview(preview());
    expect(unresolvedCount(draft)).toBe(3);
    expect(draft.coordinatorCode).toBe('gd-commerce');
    expect(draft.measures[0]!.partners.map((a) => [a.written, a.agency?.name ?? null])).toEqual([
      ['财政厅', '省财政厅'],
      ['省数据资源局', null],
    ]);
    expect(draft.measures[0]!.partners[1]!.suggestions).toEqual([{ code: 'gd-data', name: '省政务服务数据管理局' }]);
  });

  it('fixes an unknown name by a suggestion, and the same name elsewhere when asked', () => {
    const draft = draftFromPreview(preview());
    const target = ref(draft, 0, 'partners', 1);
    expect(sameNameElsewhere(draft, target)).toHaveLength(1);
    const once = chooseAgency(draft, target, { code: 'gd-data', name: '省政务服务数据管理局' });
    expect(unresolvedCount(once)).toBe(2);
    const everywhere = chooseAgency(draft, target, { code: 'gd-data', name: '省政务服务数据管理局' }, { everywhere: true });
    expect(unresolvedCount(everywhere)).toBe(1);
    expect(everywhere.measures[1]!.partners[0]!.agency).toEqual({ code: 'gd-data', name: '省政务服务数据管理局' });
    expect(unresolvedCount(draft)).toBe(3);
  });

  it('refuses to confirm while a name is unresolved or a measure has no lead, naming the measure', () => {
    let draft = draftFromPreview(preview());
    draft = chooseAgency(draft, ref(draft, 0, 'partners', 1), { code: 'gd-data', name: '省政务服务数据管理局' }, { everywhere: true });
    expect(validateDraft(draft)).toEqual([{ field: 'measures.2.unresolved', key: 'validate.measureUnresolved', vars: { number: '3', n: 1 } }]);
    expect(() => toConfirmInput(draft)).toThrow(/unresolved/);
    draft = removeName(draft, ref(draft, 2, 'leads', 0));
    expect(unresolvedCount(draft)).toBe(0);
    expect(validateDraft(draft)).toEqual([{ field: 'measures.2.leadCodes', key: 'validate.measureLead', vars: { number: '3' } }]);
    draft = addAgency(draft, draft.measures[2]!.id, 'leads', { code: 'gd-market-regulation', name: '省市场监管局' });
    draft = addAgency(draft, draft.measures[2]!.id, 'leads', { code: 'gd-market-regulation', name: '省市场监管局' });
    expect(draft.measures[2]!.leads).toHaveLength(1);
    expect(validateDraft(draft)).toEqual([]);
  });

  it('sends the reviewed rows with agencies by code and the edited meta', () => {
    let draft = draftFromPreview(preview());
    draft = chooseAgency(draft, ref(draft, 0, 'partners', 1), { code: 'gd-data', name: '省政务服务数据管理局' }, { everywhere: true });
    draft = chooseAgency(draft, ref(draft, 2, 'leads', 0), { code: 'gd-market-regulation', name: '省市场监管局' });
    draft = updateMeasure(draft, draft.measures[0]!.id, { title: ' 扩大服务业开放 ' });
    draft = { ...draft, meta: { ...draft.meta, documentNumber: ' ', issuedOn: '2099-03-02' } };
    const input = toConfirmInput(draft);
    expect(input.meta).toEqual({
      title: '联动测试行动方案',
      issuer: '广东省人民政府办公厅',
      documentNumber: null,
      issuedOn: '2099-03-02',
      coordinatorAgencyCode: 'gd-commerce',
      jurisdictionCode: 'gd-gov',
    });
    expect(input.measures.map((m) => [m.number, m.title, m.leadCodes, m.partnerCodes])).toEqual([
      ['1', '扩大服务业开放', ['gd-commerce'], ['gd-finance', 'gd-data']],
      ['2', '提升通关便利化水平', ['gd-transport'], ['gd-data']],
      ['3', '优化营商环境', ['gd-market-regulation'], []],
    ]);
  });

  it('checks the meta a person typed: title, date, coordinator, repeated numbers, 各区政府 without a jurisdiction', () => {
    const base = draftFromPreview(preview(), { coordinatorCode: null });
    const draft: Draft = {
      ...base,
      jurisdictionCode: null,
      meta: { ...base.meta, title: ' ', issuedOn: '2099-02-30' },
      measures: base.measures.map((m, i) => ({ ...m, number: i === 2 ? '1.' : m.number, allDistricts: i === 1, leads: m.leads, partners: [] })),
    };
    expect(validateDraft(draft).map((p) => p.field)).toEqual([
      'meta.title',
      'meta.issuedOn',
      'meta.coordinatorAgencyCode',
      'measures.1.allDistricts',
      'measures.2.number',
      'measures.2.unresolved',
    ]);
    const coordinator = draftFromPreview(preview());
    expect(validateDraft(coordinator, { ownAgencyCode: 'gz-commerce' }).map((p) => p.key)).toContain('validate.coordinatorOwn');
  });

  it('carries each row’s deadline (完成时限), clause, conventions, review reasons and collective names from the preview', () => {
    const source = preview();
    source.measures[0] = {
      ...source.measures[0]!,
      deadline: { text: '2025年底前', due: '2025-12-31', ongoing: false },
      responsibilityText: ['(省商务厅牵头,省财政厅、省数据资源局按职责分工负责)'],
      conventions: ['列第一位者为牵头单位,下同'],
      review: ['未读出牵头单位 (no lead unit could be read)'],
      groups: ['省直各部门'],
    };
    source.measures[1] = { ...source.measures[1]!, deadline: { text: '长期坚持', due: null, ongoing: true } };
    const [first, second, third] = draftFromPreview(source).measures;
    expect(first).toMatchObject({
      deadline: { text: '2025年底前', due: '2025-12-31', ongoing: false },
      responsibilityText: ['(省商务厅牵头,省财政厅、省数据资源局按职责分工负责)'],
      conventions: ['列第一位者为牵头单位,下同'],
      review: ['未读出牵头单位 (no lead unit could be read)'],
      groups: ['省直各部门'],
    });
    expect(second!.deadline).toEqual({ text: '长期坚持', due: '', ongoing: true });
    expect(third!.deadline).toEqual({ text: '', due: '', ongoing: false });
  });

  it('sends the deadline as the reviewer left it: a date, 长期 without a date, or none', () => {
    let draft = draftFromPreview(preview());
    draft = chooseAgency(draft, ref(draft, 0, 'partners', 1), { code: 'gd-data', name: '省政务服务数据管理局' }, { everywhere: true });
    draft = chooseAgency(draft, ref(draft, 2, 'leads', 0), { code: 'gd-market-regulation', name: '省市场监管局' });
    draft = { ...draft, measures: draft.measures.map((m, i) => (i === 0 ? { ...m, deadline: { ...m.deadline, text: '2025年底前' } } : m)) };
    draft = updateDeadline(draft, draft.measures[0]!.id, { due: ' 2026-06-30 ' });
    draft = updateDeadline(draft, draft.measures[1]!.id, { due: '2026-06-30' });
    // Ticking 长期 clears the date: an ongoing measure has none.
    draft = updateDeadline(draft, draft.measures[1]!.id, { ongoing: true });
    expect(draft.measures[1]!.deadline).toEqual({ text: '', due: '', ongoing: true });
    expect(toConfirmInput(draft).measures.map((m) => m.deadline)).toEqual([
      { text: '2025年底前', due: '2026-06-30', ongoing: false },
      { text: '', due: null, ongoing: true },
      null,
    ]);
  });

  it('refuses a due date that is no date, or outside 2000–2100, naming measures.N.deadline.due as the server does', () => {
    let draft = draftFromPreview(preview());
    draft = chooseAgency(draft, ref(draft, 0, 'partners', 1), { code: 'gd-data', name: '省政务服务数据管理局' }, { everywhere: true });
    draft = chooseAgency(draft, ref(draft, 2, 'leads', 0), { code: 'gd-market-regulation', name: '省市场监管局' });
    for (const due of ['2025-02-30', '2025/12/31', '1999-12-31', '2101-01-01', '明年']) {
      const bad = updateDeadline(draft, draft.measures[1]!.id, { due });
      expect(validateDraft(bad)).toEqual([{ field: 'measures.1.deadline.due', key: 'validate.deadlineDue', vars: { number: '2' } }]);
    }
    expect(validateDraft(updateDeadline(draft, draft.measures[1]!.id, { due: '2100-12-31' }))).toEqual([]);
    expect(validateDraft(updateDeadline(draft, draft.measures[1]!.id, { due: '' }))).toEqual([]);
  });

  it('expands 各区政府 to a city’s districts, or a province’s cities', () => {
    const agency = (code: string, kind: AgencyListItem['kind'], parentCode: string | null): AgencyListItem => ({
      id: code.length,
      code,
      name: code,
      shortNames: [],
      level: 'city',
      kind,
      parentCode,
      parentName: null,
    });
    const agencies = [agency('gz-gov', 'government', 'gd-gov'), agency('sz-gov', 'government', 'gd-gov'), agency('gz-district-nansha', 'district_government', 'gz-gov')];
    expect(districtsOf('gz-gov', agencies).map((a) => a.code)).toEqual(['gz-district-nansha']);
    expect(districtsOf('gd-gov', agencies).map((a) => a.code)).toEqual(['gz-gov', 'sz-gov']);
    expect(districtsOf(null, agencies)).toEqual([]);
  });
});
