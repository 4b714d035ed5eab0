import { describe, expect, it } from 'vitest';
import {
  expandUnitNames,
  isAgencyLike,
  isAllDistricts,
  isDistrictContinuation,
  isGenericUnit,
  splitRoleSuffix,
  splitUnitList,
  trimUnitName,
} from './names';

const expand = (...groups: string[]) => expandUnitNames(groups.map((group) => group.split('、'))).flat();

describe('expandUnitNames', () => {
  it('gives bare departments the province prefix of the name before them: 省公安厅、财政厅', () => {
    expect(expand('省公安厅、财政厅、人力资源社会保障厅、生态环境厅、农业农村厅、市场监管局')).toEqual([
      '省公安厅',
      '省财政厅',
      '省人力资源社会保障厅',
      '省生态环境厅',
      '省农业农村厅',
      '省市场监管局',
    ]);
  });

  it('reads 市场 as a word, not the level 市: 市生态环境局、市场监管局 → 市市场监管局', () => {
    expect(expand('市生态环境局、市场监管局')).toEqual(['市生态环境局', '市市场监管局']);
    expect(expand('省农业农村厅、市场监管局')).toEqual(['省农业农村厅', '省市场监管局']);
  });

  it('leaves a name that already carries its level alone: 市商务局、市财政厅 (not 市市财政厅)', () => {
    expect(expand('市商务局、市财政厅')).toEqual(['市商务局', '市财政厅']);
    expect(expand('省商务厅、省财政厅、公安厅')).toEqual(['省商务厅', '省财政厅', '省公安厅']);
  });

  it('shares a place-name ending: 广州、深圳市人民政府 and 南沙、黄埔区政府', () => {
    expect(expand('广州、深圳市人民政府')).toEqual(['广州市人民政府', '深圳市人民政府']);
    expect(expand('南沙、黄埔区政府')).toEqual(['南沙区政府', '黄埔区政府']);
    expect(expand('广州、深圳海关')).toEqual(['广州海关', '深圳海关']);
  });

  it('leaves full names alone: 人民银行广东省分行、人民银行深圳市分行', () => {
    expect(expand('人民银行广东省分行、人民银行深圳市分行')).toEqual(['人民银行广东省分行', '人民银行深圳市分行']);
  });

  it('never prefixes a body that is not a bare department: 海关总署广东分署 after 省通信管理局', () => {
    expect(expand('省通信管理局、海关总署广东分署', '广东证监局、深圳证监局')).toEqual([
      '省通信管理局',
      '海关总署广东分署',
      '广东证监局',
      '深圳证监局',
    ]);
  });

  it('carries the prefix across commas: (省商务厅牵头,省发展改革委、科技厅、商务厅)', () => {
    expect(expand('省商务厅', '省发展改革委、科技厅、商务厅')).toEqual(['省商务厅', '省发展改革委', '省科技厅', '省商务厅']);
  });

  it('keeps a party office prefix for party offices only: 省委宣传部、网信办、财政厅', () => {
    expect(expand('省委宣传部、网信办、财政厅')).toEqual(['省委宣传部', '省委网信办', '省财政厅']);
  });

  it('uses a city name as the prefix when that is what the clause wrote: 广州市商务局、财政局', () => {
    expect(expand('广州市商务局、财政局')).toEqual(['广州市商务局', '广州市财政局']);
  });
});

describe('isAllDistricts', () => {
  it('recognises every collective of district-level governments', () => {
    for (const name of ['各区政府', '各区人民政府', '各县(市、区)政府', '各县（市、区）人民政府', '各市(区)人民政府', '各地级以上市人民政府', '各地市', '各区']) {
      expect(isAllDistricts(name), name).toBe(true);
    }
  });

  it('does not take a single district, a department collective or 各市场主体 for all districts', () => {
    for (const name of ['南沙区政府', '各有关部门', '各市场主体', '各成员单位', '各地海关']) {
      expect(isAllDistricts(name), name).toBe(false);
    }
  });

  it('accepts the second half of a split collective: 各市、县(区)人民政府', () => {
    expect(isDistrictContinuation('县(区)人民政府')).toBe(true);
    expect(isDistrictContinuation('市商务局')).toBe(false);
  });
});

describe('trimUnitName and splitRoleSuffix', () => {
  it('trims 等, 等部门 and 等相关单位 from the end of a name', () => {
    expect(trimUnitName('横琴粤澳深度合作区执委会等相关单位')).toBe('横琴粤澳深度合作区执委会');
    expect(trimUnitName('市司法局等部门')).toBe('市司法局');
    expect(trimUnitName('市商务局等')).toBe('市商务局');
    expect(trimUnitName(' 由市商务局 ')).toBe('市商务局');
  });

  it('reads a role written after the name: 市商务局(牵头)', () => {
    expect(splitRoleSuffix('市商务局（牵头）')).toEqual({ name: '市商务局', role: 'lead' });
    expect(splitRoleSuffix('市财政局')).toEqual({ name: '市财政局', role: null });
  });
});

describe('isAgencyLike and isGenericUnit', () => {
  it('tells unit names from bracketed glosses', () => {
    for (const name of ['市商务局', '广州仲裁委', '广东省中医院', '广州期货交易所', '珠海边检总站', '广州市服务业扩大开放综合试点工作领导小组成员单位', '珠海市']) {
      expect(isAgencyLike(name), name).toBe(true);
    }
    for (const name of ['RCEP', '不含6亩', '含', '征求意见稿', '2024年', '广州', '环境', '试验区', '超大城市', '示范区']) {
      expect(isAgencyLike(name), name).toBe(false);
    }
  });

  it('recognises units that name nobody in particular', () => {
    expect(isGenericUnit('有关部门')).toBe(true);
    expect(isGenericUnit('各有关单位')).toBe(true);
    expect(isGenericUnit('省直各部门')).toBe(true);
    expect(isGenericUnit('市商务局')).toBe(false);
  });
});

describe('splitUnitList', () => {
  it('splits at 、 outside brackets and at blanks between two unit names', () => {
    expect(splitUnitList('市商务局、各县(市、区)政府')).toEqual(['市商务局', '各县(市、区)政府']);
    expect(splitUnitList('市商务局 市财政局')).toEqual(['市商务局', '市财政局']);
  });
});
