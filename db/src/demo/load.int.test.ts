import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPlan, listPlans, ALL_PLANS } from '../queries/plans';
import { createTestDatabase, type TestDatabase } from '../testing';
import { loadDemoPlans } from './load';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t.drop());

describe('loadDemoPlans', () => {
  it('loads both demo plans once, and nothing on a second start', async () => {
    const first = await loadDemoPlans(t.db);
    expect(first.loaded).toBe(2);
    expect(await loadDemoPlans(t.db)).toEqual({ loaded: 0, planIds: [] });
    const plans = await listPlans(t.db, ALL_PLANS);
    expect(plans.map((p) => [p.title, p.coordinatorName, p.measureCount]).sort()).toEqual([
      ['中国(广东)自由贸易试验区提升战略行动方案', '省商务厅', 20],
      ['广州市关于以高水平开放推动服务贸易和数字贸易高质量发展的若干措施', '市商务局', 22],
    ]);
  });

  it('gives Guangzhou measure (二) its lead, six named partners and the 11 district governments', async () => {
    const [plan] = await listPlans(t.db, ALL_PLANS).then((all) => all.filter((p) => p.coordinatorCode === 'gz-commerce'));
    const detail = await getPlan(t.db, plan?.id ?? '');
    const measure = detail?.measures.find((m) => m.number === '(二)');
    expect(measure?.leads.map((a) => a.code)).toEqual(['gz-development-reform']);
    expect(measure?.partners).toHaveLength(6);
    expect(measure?.districts).toHaveLength(11);
    const assignments = await t.db.selectFrom('assignments').select(['role']).where('measureId', '=', measure?.id ?? '').execute();
    expect(assignments).toHaveLength(18);
  });

  it('stores Guangdong task 4 with its two targets, 3700万标箱 and 5.5亿吨 by 2025', async () => {
    const [plan] = await listPlans(t.db, ALL_PLANS).then((all) => all.filter((p) => p.documentNumber === '粤府函〔2024〕9号'));
    const detail = await getPlan(t.db, plan?.id ?? '');
    expect(detail).toMatchObject({ issuedOn: '2024-01-12', jurisdictionCode: 'gd-gov', reportingPolicy: { cadence: 'monthly' } });
    const task = detail?.measures.find((m) => m.number === '4');
    expect(task?.kpis.map((k) => [k.metric, k.target, k.unit, k.deadline])).toEqual([
      ['集装箱吞吐量', 3700, '万标箱', 2025],
      ['港口货物吞吐量', 5.5, '亿吨', 2025],
    ]);
    expect(task?.leads.map((a) => a.name)).toEqual(['省交通运输厅']);
  });
});
