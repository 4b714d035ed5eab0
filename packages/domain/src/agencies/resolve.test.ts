import { describe, expect, it } from 'vitest';
import { AGENCY_DIRECTORY } from './directory';
import {
  SUGGESTION_THRESHOLD,
  districtGovernmentsOf,
  findAgency,
  isAllDistrictGovernments,
  resolveAgencyName,
} from './resolve';
import type { AgencySeed } from './types';

const resolve = (name: string, jurisdictionCode?: string) =>
  resolveAgencyName(name, AGENCY_DIRECTORY, jurisdictionCode === undefined ? {} : { jurisdictionCode });

describe('resolveAgencyName', () => {
  it('resolves 市商务局 by its official name to the Guangzhou commerce bureau', () => {
    expect(resolve('市商务局')).toEqual({ status: 'resolved', code: 'gz-commerce', name: '市商务局', via: 'name' });
  });

  it('resolves 广州市商务局 through its alias', () => {
    expect(resolve('广州市商务局')).toEqual({ status: 'resolved', code: 'gz-commerce', name: '市商务局', via: 'alias' });
  });

  it('resolves 中国人民银行广东省分行 and 人民银行广东省分行 to the same branch', () => {
    expect(resolve('中国人民银行广东省分行')).toMatchObject({ status: 'resolved', code: 'gd-pboc', via: 'name' });
    expect(resolve('人民银行广东省分行')).toMatchObject({ status: 'resolved', code: 'gd-pboc', via: 'alias' });
    expect(resolve('中国人民银行 深圳市分行')).toMatchObject({ status: 'resolved', code: 'sz-pboc', via: 'normalized' });
  });

  it('resolves 南沙区人民政府 to 南沙区政府', () => {
    expect(resolve('南沙区人民政府')).toEqual({ status: 'resolved', code: 'gz-district-nansha', name: '南沙区政府', via: 'alias' });
    expect(resolve('广州市南沙区政府')).toMatchObject({ code: 'gz-district-nansha', via: 'normalized' });
  });

  it('treats 人民政府 and 政府 as the same word', () => {
    expect(resolve('深圳市政府')).toMatchObject({ code: 'sz-gov', via: 'alias' });
    expect(resolve('珠海市 人民政府')).toMatchObject({ code: 'zh-gov', via: 'normalized' });
  });

  it('accepts full-width brackets and whitespace in a written name', () => {
    expect(resolve('中国（广东）自由贸易试验区广州南沙新区片区管理委员会')).toMatchObject({
      code: 'gd-ftz-nansha',
      via: 'normalized',
    });
    expect(resolve(' 市商务局 ')).toMatchObject({ code: 'gz-commerce', via: 'name' });
  });

  it('drops a trailing 等相关单位 or 等部门', () => {
    expect(resolve('横琴粤澳深度合作区执委会等相关单位')).toMatchObject({ code: 'gd-ftz-hengqin', via: 'normalized' });
    expect(resolve('市商务局等部门')).toMatchObject({ code: 'gz-commerce', via: 'normalized' });
    expect(resolve('市商务局等')).toMatchObject({ code: 'gz-commerce', via: 'normalized' });
  });

  it('reads a leadership group’s 成员单位 as the group itself', () => {
    expect(resolve('广州市服务业扩大开放综合试点工作领导小组成员单位')).toMatchObject({
      status: 'resolved',
      code: 'gz-services-opening-group',
      via: 'normalized',
    });
  });

  it('adds the missing city prefix inside the Guangzhou jurisdiction', () => {
    expect(resolve('商务局', 'gz-gov')).toMatchObject({ status: 'resolved', code: 'gz-commerce', via: 'normalized' });
    expect(resolve('市税务局', 'gz-gov')).toMatchObject({ status: 'resolved', code: 'gz-tax', via: 'normalized' });
  });

  it('adds the missing province prefix inside the Guangdong jurisdiction', () => {
    expect(resolve('财政厅', 'gd-gov')).toMatchObject({ status: 'resolved', code: 'gd-finance', via: 'normalized' });
    expect(resolve('广东省政务服务数据管理局', 'gd-gov')).toMatchObject({ code: 'gd-data' });
  });

  it('reads 市场监管局 by jurisdiction: Guangzhou’s in a city plan, the province’s in a provincial plan', () => {
    expect(resolve('市场监管局', 'gz-gov')).toMatchObject({ status: 'resolved', code: 'gz-market-regulation' });
    expect(resolve('市场监管局', 'gd-gov')).toMatchObject({ status: 'resolved', code: 'gd-market-regulation' });
    const unscoped = resolve('市场监管局');
    expect(unscoped.status).toBe('unknown');
    if (unscoped.status === 'unknown') {
      expect(unscoped.suggestions.map((suggestion) => suggestion.code)).toEqual(
        expect.arrayContaining(['gz-market-regulation', 'gd-market-regulation']),
      );
    }
  });

  it('climbs from a city jurisdiction to the province for a 厅 written without prefix', () => {
    expect(resolve('公安厅', 'gz-gov')).toMatchObject({ status: 'resolved', code: 'gd-public-security' });
    expect(resolve('公安局', 'gz-gov')).toMatchObject({ status: 'resolved', code: 'gz-public-security' });
  });

  it('takes the jurisdiction from any agency under the government', () => {
    expect(resolve('财政局', 'gz-commerce')).toMatchObject({ status: 'resolved', code: 'gz-finance' });
  });

  it('does not resolve a prefixless name without a jurisdiction', () => {
    const result = resolve('市税务局');
    expect(result.status).toBe('unknown');
    if (result.status === 'unknown') expect(result.suggestions[0]).toMatchObject({ code: 'gz-tax', name: '广州市税务局' });
  });

  it('never maps a Shenzhen department onto its Guangzhou namesake', () => {
    const result = resolve('深圳市商务局', 'gz-gov');
    expect(result.status).toBe('unknown');
    if (result.status === 'unknown') {
      expect(result.name).toBe('深圳市商务局');
      expect(result.suggestions[0]).toMatchObject({ code: 'gz-commerce', name: '市商务局' });
    }
  });

  it('flags 市发改委 as unknown and suggests 市发展改革委 first', () => {
    const result = resolve('市发改委', 'gz-gov');
    expect(result.status).toBe('unknown');
    if (result.status === 'unknown') {
      expect(result.suggestions[0]).toMatchObject({ code: 'gz-development-reform', name: '市发展改革委' });
      expect(result.suggestions[0]?.score).toBeGreaterThan(0.7);
      expect(result.suggestions[0]?.score).toBeLessThan(1);
    }
  });

  it('returns at most three suggestions, best first, all above the threshold', () => {
    const result = resolve('市文化局');
    expect(result.status).toBe('unknown');
    if (result.status === 'unknown') {
      expect(result.suggestions.length).toBeGreaterThan(0);
      expect(result.suggestions.length).toBeLessThanOrEqual(3);
      expect(result.suggestions[0]?.code).toBe('gz-culture-tourism');
      const scores = result.suggestions.map((suggestion) => suggestion.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const score of scores) expect(score).toBeGreaterThanOrEqual(SUGGESTION_THRESHOLD);
    }
  });

  it('flags a nonsense name as unknown with no suggestions', () => {
    expect(resolve('星际航行联络处')).toEqual({ status: 'unknown', name: '星际航行联络处', suggestions: [] });
    expect(resolve('XYZ', 'gz-gov')).toEqual({ status: 'unknown', name: 'XYZ', suggestions: [] });
    expect(resolve('   ')).toEqual({ status: 'unknown', name: '', suggestions: [] });
  });

  it('refuses to choose when a name fits two agencies, and offers both', () => {
    const directory: AgencySeed[] = [
      { code: 'a-commerce', name: '甲市商务局', shortNames: ['商务局'], level: 'city', parentCode: null, kind: 'department' },
      { code: 'b-commerce', name: '乙市商务局', shortNames: ['商务局'], level: 'city', parentCode: null, kind: 'department' },
    ];
    const result = resolveAgencyName('商务局', directory);
    expect(result).toMatchObject({ status: 'unknown', name: '商务局' });
    if (result.status === 'unknown') {
      expect(result.suggestions.map((suggestion) => suggestion.code).sort()).toEqual(['a-commerce', 'b-commerce']);
    }
  });
});

describe('districtGovernmentsOf', () => {
  it('expands Guangzhou into its 11 district governments', () => {
    const districts = districtGovernmentsOf('gz-gov', AGENCY_DIRECTORY);
    expect(districts).toHaveLength(11);
    expect(districts.map((agency) => agency.code)).toContain('gz-district-nansha');
    expect(districts.every((agency) => agency.kind === 'district_government')).toBe(true);
  });

  it('finds no districts for a government the directory holds none of', () => {
    expect(districtGovernmentsOf('sz-gov', AGENCY_DIRECTORY)).toEqual([]);
    expect(districtGovernmentsOf('gd-gov', AGENCY_DIRECTORY)).toEqual([]);
  });
});

describe('isAllDistrictGovernments', () => {
  it('recognises 各区政府 and 各区人民政府 but not a single district', () => {
    expect(isAllDistrictGovernments('各区政府')).toBe(true);
    expect(isAllDistrictGovernments('各区人民政府')).toBe(true);
    expect(isAllDistrictGovernments('南沙区政府')).toBe(false);
  });
});

describe('findAgency', () => {
  it('finds an agency by code and nothing for an unknown code', () => {
    expect(findAgency('gd-commerce', AGENCY_DIRECTORY)?.name).toBe('省商务厅');
    expect(findAgency('nope', AGENCY_DIRECTORY)).toBeUndefined();
  });
});
