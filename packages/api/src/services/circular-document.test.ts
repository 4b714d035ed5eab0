import { describe, expect, it } from 'vitest';
import { circularDocument, circularNumber, draftCircular, periodLabel, waitedFor, type CircularFigures } from './circular-document';

const now = new Date('2026-12-01T04:00:00Z');
const figures = (over: Partial<CircularFigures> = {}): CircularFigures => ({
  officeName: '广州市商务局',
  planTitle: '广州市若干措施',
  period: { from: '2026-11-01', to: '2026-11-30' },
  now,
  totals: { measures: 22, closed: 2, overdue: 3, onTrack: 16 },
  escalations: [
    { level: 'red', measureNumber: '(二)', measureTitle: '推进数据跨境', planTitle: '广州市若干措施', agencyId: 7, agencyName: '市政务和数据局', raisedAt: new Date('2026-11-20T02:00:00Z') },
    { level: 'yellow', measureNumber: '(五)', measureTitle: '优化通关', planTitle: '广州市若干措施', agencyId: 8, agencyName: '黄埔海关', raisedAt: new Date('2026-11-25T02:00:00Z') },
  ],
  overdueUnits: [{ agencyId: 7, agencyName: '市政务和数据局', measures: 2, since: new Date('2026-11-10T16:00:00Z') }],
  rates: [
    { agencyId: 7, agencyName: '市政务和数据局', due: 4, onTime: 1, late: 1, missing: 2, rate: 0.25 },
    { agencyId: 9, agencyName: '市财政局', due: 2, onTime: 2, late: 0, missing: 0, rate: 1 },
  ],
  ...over,
});

describe('the circular draft (通报)', () => {
  it('names the period as a title does', () => {
    expect(periodLabel({ from: '2026-11-01', to: '2026-11-30' })).toBe('2026年11月');
    expect(periodLabel({ from: '2026-02-01', to: '2026-02-28' })).toBe('2026年2月');
    expect(periodLabel({ from: '2026-10-01', to: '2026-12-31' })).toBe('2026年第四季度');
    expect(periodLabel({ from: '2026-01-01', to: '2026-12-31' })).toBe('2026年');
    expect(periodLabel({ from: '2026-11-01', to: '2026-11-15' })).toBe('2026年11月1日至11月15日');
    expect(periodLabel({ from: '2026-12-20', to: '2027-01-10' })).toBe('2026年12月20日至2027年1月10日');
    expect(periodLabel({ from: '2026-12-01', to: '2026-12-01' })).toBe('2026年12月1日');
  });

  it('opens with the totals, lists red before yellow, the overdue units and the rates, and closes with the requirement', () => {
    const draft = draftCircular(figures());
    expect(draft.title).toBe('关于2026年11月《广州市若干措施》工作推进情况的通报');
    expect(draft.body[0]).toEqual({
      type: 'paragraph',
      text:
        '2026年11月，《广州市若干措施》共有措施22项，其中已办结2项，正常推进16项，存在逾期未报送情况3项；现有红色预警1项、黄色预警1项。' +
        '本期应报送进展报告6份，按时报送3份，逾期报送1份，未报送2份，按时报送率50.0%。现将有关情况通报如下：',
    });
    expect(draft.body.filter((b) => b.type === 'heading').map((b) => b.type === 'heading' && b.text)).toEqual([
      '一、红色、黄色预警事项',
      '二、逾期未报送单位',
      '三、各单位按时报送率',
      '四、工作要求',
    ]);
    expect(draft.body[2]).toMatchObject({ type: 'table', rows: [[1, '(二) 推进数据跨境', '市政务和数据局', '红色预警', '2026-11-20'], [2, '(五) 优化通关', '黄埔海关', '黄色预警', '2026-11-25']] });
    expect(draft.body[4]).toMatchObject({ type: 'table', rows: [[1, '市政务和数据局', 2, '20天']] });
    expect(draft.body[6]).toMatchObject({ type: 'table', rows: [['市政务和数据局', 4, 1, 1, 2, '25.0%'], ['市财政局', 2, 2, 0, 0, '100.0%']] });
    expect(draft.body.at(-1)).toMatchObject({ type: 'paragraph', text: expect.stringMatching(/^请市政务和数据局、黄埔海关等相关单位高度重视/) });
    expect(draft.namedAgencyIds).toEqual([7, 8, 9]);
  });

  it('covers every plan of the office when none is named, and says when a section is empty', () => {
    const draft = draftCircular(figures({ planTitle: null, escalations: [], overdueUnits: [], rates: [] }));
    expect(draft.title).toBe('关于2026年11月广州市商务局牵头协调各项工作推进情况的通报');
    expect(draft.body.filter((b) => b.type === 'table')).toEqual([]);
    expect(draft.body).toContainEqual({ type: 'paragraph', text: '截至目前，无红色、黄色预警事项。' });
    expect(draft.body.at(-1)).toMatchObject({ text: expect.stringMatching(/^请各相关单位/) });
    expect(draft.namedAgencyIds).toEqual([]);
  });

  it('counts a wait in whole days', () => {
    expect(waitedFor(new Date(now.getTime() - 3_600_000), now)).toBe('不足1天');
    expect(waitedFor(new Date(now.getTime() - 3 * 86_400_000 - 1), now)).toBe('3天');
  });

  it('watermarks a draft 草稿 and dates it by its last edit; an issued one carries its number and issue date', () => {
    const base = { officeName: '广州市商务局', title: 't', body: [], updatedAt: new Date('2026-11-30T17:00:00Z'), issuedAt: null, number: null };
    expect(circularDocument({ ...base, status: 'draft' })).toMatchObject({ watermark: '草稿', number: '（草稿，签发时编号）', date: '2026-12-01', issuer: '广州市商务局' });
    const issued = circularDocument({ ...base, status: 'issued', number: circularNumber(2026, 3), issuedAt: new Date('2026-12-02T01:00:00Z') });
    expect(issued).toMatchObject({ number: '通报〔2026〕第3号', date: '2026-12-02' });
    expect(issued).not.toHaveProperty('watermark');
  });
});
