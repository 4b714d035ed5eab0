import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AGENCY_DIRECTORY } from '@liandong/domain';
import { createTestDatabase, type TestDatabase } from '../testing';
import { listAgencies, upsertAgencies } from './agencies';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t.drop());

describe('agency directory', () => {
  it('holds every seeded agency with its parent', async () => {
    const all = await listAgencies(t.db);
    expect(all).toHaveLength(AGENCY_DIRECTORY.length);
    const commerce = all.find((a) => a.code === 'gz-commerce');
    expect(commerce).toMatchObject({ name: '市商务局', level: 'city', parentCode: 'gz-gov', parentName: '广州市人民政府' });
    expect(commerce?.shortNames).toContain('广州市商务局');
  });

  it('finds an agency by one of its short names', async () => {
    const found = await listAgencies(t.db, { search: '广东省商务' });
    expect(found.map((a) => a.code)).toEqual(['gd-commerce']);
  });

  it('filters by level and by parent', async () => {
    const provincial = await listAgencies(t.db, { level: 'province' });
    expect(provincial.length).toBeGreaterThan(0);
    expect(provincial.every((a) => a.level === 'province')).toBe(true);
    const underGuangzhou = await listAgencies(t.db, { parentCode: 'gz-gov' });
    expect(underGuangzhou.map((a) => a.code)).toContain('gz-commerce');
    expect(underGuangzhou.every((a) => a.parentCode === 'gz-gov')).toBe(true);
  });

  it('treats % and _ in a search as plain characters', async () => {
    expect(await listAgencies(t.db, { search: '%' })).toEqual([]);
  });

  it('re-seeding inserts nothing new and keeps ids stable', async () => {
    const before = await listAgencies(t.db);
    const inserted = await t.db.transaction().execute((trx) => upsertAgencies(trx, AGENCY_DIRECTORY));
    const after = await listAgencies(t.db);
    expect(inserted).toBe(0);
    expect(after.map((a) => [a.code, a.id])).toEqual(before.map((a) => [a.code, a.id]));
  });
});
