import { describe, expect, it } from 'vitest';
import { AGENCY_DIRECTORY } from './directory';
import { canonicalAgencyName } from './resolve';

describe('AGENCY_DIRECTORY', () => {
  it('gives every agency a unique slug code', () => {
    const codes = AGENCY_DIRECTORY.map((agency) => agency.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('gives every agency a unique official name', () => {
    const names = AGENCY_DIRECTORY.map((agency) => agency.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('never lets a name or alias, once normalized, point at two agencies', () => {
    const owners = new Map<string, Set<string>>();
    for (const agency of AGENCY_DIRECTORY) {
      for (const form of [agency.name, ...agency.shortNames]) {
        const key = canonicalAgencyName(form);
        owners.set(key, (owners.get(key) ?? new Set()).add(agency.code));
      }
    }
    const shared = [...owners].filter(([, codes]) => codes.size > 1).map(([key]) => key);
    expect(shared).toEqual([]);
  });

  it('points every parent code at an agency in the directory', () => {
    const codes = new Set(AGENCY_DIRECTORY.map((agency) => agency.code));
    const dangling = AGENCY_DIRECTORY.filter((agency) => agency.parentCode !== null && !codes.has(agency.parentCode));
    expect(dangling.map((agency) => agency.code)).toEqual([]);
  });

  it('has no cycles: every chain of parents ends at a root', () => {
    const byCode = new Map(AGENCY_DIRECTORY.map((agency) => [agency.code, agency]));
    for (const agency of AGENCY_DIRECTORY) {
      const seen = new Set<string>();
      let current: string | null = agency.code;
      while (current !== null) {
        expect(seen.has(current), `cycle through ${current}`).toBe(false);
        seen.add(current);
        current = byCode.get(current)?.parentCode ?? null;
      }
    }
  });

  it('lists the 11 district governments of Guangzhou under 广州市人民政府', () => {
    const districts = AGENCY_DIRECTORY.filter((agency) => agency.kind === 'district_government');
    expect(districts.map((agency) => agency.name).sort()).toEqual(
      ['越秀区政府', '海珠区政府', '荔湾区政府', '天河区政府', '白云区政府', '黄埔区政府', '番禺区政府', '花都区政府', '南沙区政府', '从化区政府', '增城区政府'].sort(),
    );
    for (const district of districts) {
      expect(district).toMatchObject({ level: 'district', parentCode: 'gz-gov' });
      expect(district.code).toMatch(/^gz-district-[a-z]+$/);
      const area = district.name.replace(/政府$/u, '');
      expect(district.shortNames).toEqual(expect.arrayContaining([`广州市${area}人民政府`, `${area}人民政府`]));
    }
  });

  it('lists the full 广州市… form for every Guangzhou department written 市…', () => {
    const cityAgencies = AGENCY_DIRECTORY.filter((agency) => agency.name.startsWith('市'));
    expect(cityAgencies.length).toBeGreaterThanOrEqual(25);
    for (const agency of cityAgencies) {
      expect(agency.shortNames).toContain(`广州${agency.name}`);
    }
  });

  it('lists the full 广东省… form for every provincial body written 省…, except the court', () => {
    const provincial = AGENCY_DIRECTORY.filter((agency) => agency.name.startsWith('省') && agency.kind !== 'court');
    expect(provincial.length).toBeGreaterThan(20);
    for (const agency of provincial) {
      expect(agency.shortNames).toContain(`广东${agency.name}`);
    }
    expect(AGENCY_DIRECTORY.find((agency) => agency.name === '省法院')?.shortNames).toContain('广东省高级人民法院');
  });

  it('keeps the three free-trade-zone committees the Guangdong plan assigns work to', () => {
    const committees = AGENCY_DIRECTORY.filter((agency) => agency.code.startsWith('gd-ftz-') && agency.kind === 'ftz_committee');
    expect(committees.map((agency) => agency.name)).toEqual([
      '广东自贸试验区广州南沙新区片区管委会',
      '广东自贸试验区深圳前海蛇口片区管委会',
      '横琴粤澳深度合作区执委会',
    ]);
  });
});
