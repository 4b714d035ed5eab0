import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENCY_DIRECTORY } from '../agencies/directory';
import { parsePlan } from '../importer/parse';
import type { ParsedMeasure, ParsedPlan } from '../importer/types';
import { expandAllDistricts, guessJurisdiction, reviewFacts, reviewPlan, suggestCoordinator } from './review';
import { normalizePlanSource, planSourceHash } from './source';

function measure(overrides: Partial<ParsedMeasure> = {}): ParsedMeasure {
  return {
    number: '(一)',
    section: '一、稳步扩大制度型开放',
    part: '一、稳步扩大制度型开放',
    title: '深化服务业对外开放',
    body: '争创国家服务贸易创新发展示范区。',
    leads: ['市商务局'],
    partners: [],
    allDistricts: false,
    kpis: [],
    responsibilityText: ['(市商务局)'],
    groups: [],
    deadline: null,
    conventions: [],
    review: [],
    ...overrides,
  };
}

function plan(measures: ParsedMeasure[], overrides: Partial<ParsedPlan> = {}): ParsedPlan {
  return { title: '广州市关于测试的若干措施', documentNumber: null, issuer: '广州市人民政府办公厅', issuedOn: null, measures, planKpis: [], conventions: [], warnings: [], ...overrides };
}

const GZ = { jurisdictionCode: 'gz-gov' };

describe('reviewPlan', () => {
  it('resolves every lead and partner, keeping the name as written beside its resolution', () => {
    const review = reviewPlan(plan([measure({ leads: ['广州市商务局'], partners: ['市财政局'] })]), AGENCY_DIRECTORY, GZ);
    const [row] = review.measures;
    expect(row?.leads).toEqual([{ written: '广州市商务局', resolution: { status: 'resolved', code: 'gz-commerce', name: '市商务局', via: 'alias' } }]);
    expect(row?.partners[0]).toMatchObject({ written: '市财政局', resolution: { status: 'resolved', code: 'gz-finance' } });
    expect(review.unresolvedCount).toBe(0);
  });

  it('flags an unknown name with suggestions instead of guessing, and counts it', () => {
    const review = reviewPlan(plan([measure({ partners: ['市财政厅', '市商务局跨境电商处'] })]), AGENCY_DIRECTORY, GZ);
    const [row] = review.measures;
    expect(row?.partners.map((p) => p.resolution.status)).toEqual(['unknown', 'unknown']);
    const first = row?.partners[0]?.resolution;
    expect(first?.status === 'unknown' && first.suggestions.map((s) => s.code)).toContain('gz-finance');
    expect(row?.unresolvedCount).toBe(2);
    expect(review.unresolvedCount).toBe(2);
  });

  it('expands 各区政府 into the 11 Guangzhou district governments', () => {
    const review = reviewPlan(plan([measure({ allDistricts: true }), measure({ number: '(二)' })]), AGENCY_DIRECTORY, GZ);
    expect(review.measures[0]?.districts).toHaveLength(11);
    expect(review.measures[0]?.districts.map((d) => d.code)).toContain('gz-district-nansha');
    expect(review.measures[1]?.districts).toEqual([]);
  });

  it('warns when 各区政府 has nothing to expand to', () => {
    const review = reviewPlan(plan([measure({ allDistricts: true })]), AGENCY_DIRECTORY, { jurisdictionCode: null });
    expect(review.measures[0]?.districts).toEqual([]);
    expect(review.warnings).toEqual(['measure (一): 各区政府 needs a jurisdiction to expand to']);
  });

  it('warns when two measures share a number', () => {
    const review = reviewPlan(plan([measure(), measure({ number: '（一）' })]), AGENCY_DIRECTORY, GZ);
    expect(review.warnings).toEqual([expect.stringContaining('measure numbers repeat ((一))')]);
  });

  it('keeps the importer’s metadata, plan targets and warnings', () => {
    const kpi = { metric: '进出口总额', target: 8000, unit: '亿元', comparator: '>=' as const, deadline: 2025, text: '进出口总额突破8000亿元' };
    const review = reviewPlan(plan([measure()], { documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12', planKpis: [kpi], warnings: ['w'] }), AGENCY_DIRECTORY, GZ);
    expect(review).toMatchObject({ documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12', planKpis: [kpi], warnings: ['w'], jurisdictionCode: 'gz-gov' });
  });
});

describe('expandAllDistricts', () => {
  it('gives a province’s city governments, since a province has no districts of its own', () => {
    expect(expandAllDistricts('gd-gov', AGENCY_DIRECTORY).map((a) => a.code).sort()).toEqual(['gz-gov', 'sz-gov', 'zh-gov']);
  });
  it('gives nothing without a jurisdiction', () => {
    expect(expandAllDistricts(null, AGENCY_DIRECTORY)).toEqual([]);
  });
});

describe('reviewFacts', () => {
  it('uses codes for resolved names, the written name for unknown ones, and leaves implied districts out', () => {
    const review = reviewPlan(
      plan([measure({ leads: ['市商务局'], partners: ['南沙区政府', '神秘局'], allDistricts: true })]),
      AGENCY_DIRECTORY,
      GZ,
    );
    expect(reviewFacts(review).measures[0]).toMatchObject({ leads: ['gz-commerce'], partners: ['神秘局'], allDistricts: true });
  });
});

describe('guessJurisdiction', () => {
  it('reads Guangzhou from the issuer 广州市人民政府办公厅', () => {
    expect(guessJurisdiction({ title: null, issuer: '广州市人民政府办公厅' }, AGENCY_DIRECTORY)).toBe('gz-gov');
  });
  it('reads Guangdong province from the issuer 广东省人民政府', () => {
    expect(guessJurisdiction({ title: '中国(广东)自由贸易试验区提升战略行动方案', issuer: '广东省人民政府' }, AGENCY_DIRECTORY)).toBe('gd-gov');
  });
  it('prefers the city when the title names a city in the province', () => {
    expect(guessJurisdiction({ title: '广东省广州市关于测试的措施', issuer: null }, AGENCY_DIRECTORY)).toBe('gz-gov');
  });
  it('returns null when no government is named', () => {
    expect(guessJurisdiction({ title: '关于测试的措施', issuer: null }, AGENCY_DIRECTORY)).toBeNull();
  });
});

describe('suggestCoordinator', () => {
  it('offers the unit leading the most measures', () => {
    const review = reviewPlan(
      plan([measure({ leads: ['市科技局'] }), measure({ number: '(二)', leads: ['市商务局'] }), measure({ number: '(三)', leads: ['市商务局'] })]),
      AGENCY_DIRECTORY,
      GZ,
    );
    expect(suggestCoordinator(review, '', AGENCY_DIRECTORY)).toEqual({ code: 'gz-commerce', name: '市商务局', reason: 'most_leads' });
  });

  it('prefers a unit the text charges with organisation and coordination', () => {
    const review = reviewPlan(plan([measure({ leads: ['省交通运输厅'] })]), AGENCY_DIRECTORY, { jurisdictionCode: 'gd-gov' });
    const text = '实施过程中遇到的问题,请径向省商务厅反映。';
    expect(suggestCoordinator(review, text, AGENCY_DIRECTORY)).toEqual({ code: 'gd-commerce', name: '省商务厅', reason: 'named_in_text' });
    expect(suggestCoordinator(review, '省商务厅要加强对行动方案的组织实施、协调指导和动态跟踪。', AGENCY_DIRECTORY)).toMatchObject({ code: 'gd-commerce' });
  });

  it('offers nothing when no lead resolves', () => {
    const review = reviewPlan(plan([measure({ leads: ['神秘局'] })]), AGENCY_DIRECTORY, GZ);
    expect(suggestCoordinator(review, '', AGENCY_DIRECTORY)).toBeNull();
  });
});

describe('planSourceHash', () => {
  it('is the same for a copy with full-width brackets, CRLF and extra blank lines', async () => {
    const a = '(一)深化服务业对外开放。\n(市商务局)';
    const b = '\uFEFF（一）深化服务业对外开放。\r\n\r\n  （市商务局）  ';
    expect(normalizePlanSource(b)).toBe(normalizePlanSource(a));
    expect(await planSourceHash(b)).toBe(await planSourceHash(a));
    expect(await planSourceHash(a)).toMatch(/^[0-9a-f]{64}$/u);
  });
  it('differs when a word changes', async () => {
    expect(await planSourceHash('(一)深化服务业对外开放。')).not.toBe(await planSourceHash('(一)扩大服务业对外开放。'));
  });
});

describe('with the importer', () => {
  it('reviews a pasted two-measure plan end to end', () => {
    const text = ['广州市关于测试的若干措施', '(一)深化开放。内容。(市商务局、市财政局,各区政府)', '(二)扩大出口。内容。(市神秘局)'].join('\n');
    const review = reviewPlan(parsePlan(text), AGENCY_DIRECTORY, GZ);
    expect(review.measures.map((m) => m.number)).toEqual(['(一)', '(二)']);
    expect(review.measures[0]?.districts).toHaveLength(11);
    expect(review.unresolvedCount).toBe(1);
    expect(review.measures[1]?.leads[0]).toMatchObject({ written: '市神秘局', resolution: { status: 'unknown' } });
  });

  const seeds = fileURLToPath(new URL('../../../../../shared/seeds/', import.meta.url));
  describe('the fixture documents (../shared/seeds)', () => {
    it.each([
      { file: '002_551b2c05a62b80d5.txt', jurisdiction: 'gz-gov', measures: 22, coordinator: 'gz-commerce' },
      { file: '003_5a1bbc60fce88403.txt', jurisdiction: 'gd-gov', measures: 20, coordinator: 'gd-commerce' },
    ])('$file: $measures rows, every name resolved, $coordinator suggested', ({ file, jurisdiction, measures, coordinator }) => {
      const text = readFileSync(`${seeds}${file}`, 'utf8');
      const parsed = parsePlan(text);
      expect(guessJurisdiction(parsed, AGENCY_DIRECTORY)).toBe(jurisdiction);
      const review = reviewPlan(parsed, AGENCY_DIRECTORY, { jurisdictionCode: jurisdiction });
      expect(review.measures).toHaveLength(measures);
      expect(review.unresolvedCount).toBe(0);
      expect(suggestCoordinator(review, text, AGENCY_DIRECTORY)?.code).toBe(coordinator);
    });
  });
});
