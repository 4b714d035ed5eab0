import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORTING_POLICY, WorkingCalendar, type ReportingPolicy } from '@liandong/domain';
import { chinaYear, chineseDeadline, describeOverdue, noticeDocument, noticeNumber, type NoticeFacts } from './supervision-document';

const calendar = new WorkingCalendar();
const seconds: ReportingPolicy = { ...DEFAULT_REPORTING_POLICY, cadence: 'PT20S', unit: 'PT1S' };

describe('a notice number', () => {
  it('reads 督办〔year〕第N号', () => {
    expect(noticeNumber(2026, 3)).toBe('督办〔2026〕第3号');
  });

  it('takes the year in China time: the evening of 31 December UTC is already next year in Beijing', () => {
    expect(chinaYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(chinaYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});

describe('a deadline in words', () => {
  it('names the day a deadline at China midnight holds through', () => {
    // 2026-11-10 ends at 2026-11-10T16:00Z.
    expect(chineseDeadline(new Date('2026-11-10T16:00:00Z'))).toBe('2026年11月10日');
  });

  it('names the minute of any other instant', () => {
    expect(chineseDeadline(new Date('2026-12-01T04:05:30Z'))).toBe('2026年12月1日12:05');
  });

  it('never names a day other than the one the deadline falls in, China time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (at) => {
        const words = chineseDeadline(at);
        const [, y, m, d] = /^(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(words)!;
        const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
        const china = at.getTime() + 8 * 3_600_000;
        // The day it names holds the instant (or ends at it, for a midnight deadline).
        expect(china).toBeGreaterThan(day.getTime());
        expect(china).toBeLessThanOrEqual(day.getTime() + 86_400_000);
      }),
    );
  });
});

describe('what is overdue', () => {
  const now = new Date('2026-11-16T02:00:00Z'); // Monday 16 November, 10:00 in Beijing

  it('names the report an overdue escalation chases, its deadline and how many working days late', () => {
    const overdue = describeOverdue({
      policy: DEFAULT_REPORTING_POLICY,
      calendar,
      now,
      cycleIndex: 3,
      unreportedDueAt: null,
      escalation: { kind: 'overdue', cycleIndex: 2, reason: 'report for cycle 2 overdue since 2026-11-10T16:00:00.000Z', raisedAt: new Date('2026-11-13T16:00:00Z') },
    });
    // Due by the end of Tuesday 10 November: Wed, Thu, Fri and Mon have passed.
    expect(overdue).toEqual({ item: '第3期进展报告，应于2026年11月10日前报送，已逾期4个工作日', since: new Date('2026-11-10T16:00:00.000Z') });
  });

  it("names the unit's current report when its deadline has passed", () => {
    const overdue = describeOverdue({ policy: seconds, calendar, now, cycleIndex: 0, unreportedDueAt: new Date(now.getTime() - 42_000), escalation: null });
    expect(overdue?.item).toBe('第1期进展报告，应于2026年11月16日09:59前报送，已逾期42秒');
  });

  it('falls back to the reason of a manual escalation, and to nothing when nothing is overdue', () => {
    const raisedAt = new Date('2026-11-12T03:00:00Z');
    expect(describeOverdue({ policy: DEFAULT_REPORTING_POLICY, calendar, now, cycleIndex: 0, unreportedDueAt: null, escalation: { kind: 'manual', cycleIndex: null, reason: '进展滞后', raisedAt } })).toEqual({
      item: '督办事项：进展滞后（2026年11月12日起）',
      since: raisedAt,
    });
    expect(describeOverdue({ policy: DEFAULT_REPORTING_POLICY, calendar, now, cycleIndex: 0, unreportedDueAt: new Date('2026-11-30T16:00:00Z'), escalation: null })).toBeNull();
  });
});

describe('the notice as a document', () => {
  const facts: NoticeFacts = {
    number: '督办〔2026〕第3号',
    coordinatorName: '市商务局',
    planTitle: '广州市关于推进服务贸易的若干措施',
    measureNumber: '(二)',
    measureTitle: '促进与港澳规则衔接机制对接',
    agencyName: '市发展改革委',
    overdueItem: '第3期进展报告，应于2026年11月10日前报送，已逾期4个工作日',
    requirement: '请于答复时限前报送进展。',
    answerDueAt: new Date('2026-12-07T16:00:00Z'),
    issuedAt: new Date('2026-12-01T02:00:00Z'),
    status: 'issued',
    signedAt: null,
    answer: null,
    answeredAt: null,
    concluded: false,
  };

  it('is addressed to the unit, numbered, signed by the coordinator, dated in China time, and says what is overdue and required', () => {
    const doc = noticeDocument(facts);
    expect(doc).toMatchObject({ issuer: '市商务局', number: '督办〔2026〕第3号', addressee: '市发展改革委', signature: '市商务局', date: '2026-12-01' });
    expect(doc.title).toBe('关于督促落实“(二)促进与港澳规则衔接机制对接”的督办单');
    const text = JSON.stringify(doc.body);
    for (const words of [facts.overdueItem!, facts.requirement, '2026年12月7日', '待签收']) expect(text).toContain(words);
  });

  it('records the answer once given, and 已办结 once the escalation is resolved', () => {
    const doc = noticeDocument({ ...facts, status: 'answered', signedAt: new Date('2026-12-02T01:00:00Z'), answeredAt: new Date('2026-12-03T01:00:00Z'), answer: '已补报', concluded: true });
    const text = JSON.stringify(doc.body);
    expect(text).toContain('已补报');
    expect(text).toContain('已办结');
  });
});
