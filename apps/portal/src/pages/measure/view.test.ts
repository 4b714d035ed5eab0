import { describe, expect, it } from 'vitest';
import { findAction, measureActions, type MeasureAction, type ReportContent } from '@liandong/domain/measure';
import type { Me } from '../../lib/api';
import { actionViewOf, agencyNamesOf, meetsTarget, previousReportOf, trafficLight, type DutyReport, type MeasurePageData, type PageDuty } from './view';

const LEAD = 11;
const PARTNER = 22;
const COORDINATOR = 90;

const duty = (agencyId: number, name: string, report: Pick<DutyReport, 'status' | 'revision' | 'late'> & Partial<DutyReport> | null = null, cycleIndex = 0): PageDuty => ({
  agencyId,
  name,
  cycleIndex,
  dueAt: '2026-02-06T16:00:00.000Z',
  extended: false,
  report: report && { content: null, submittedAt: null, reviewComment: null, reviewedAt: null, ...report },
});
const content = (summary: string, percentDone = 40): ReportContent => ({ progressStatus: 'on_track', percentDone, kpiValues: [{ metric: '新增企业', value: 12 }], summary, problems: '', supportRequested: '' });

/** A measure page as `measure.get` answers it: one lead, one partner, cycle 0 of January 2026. */
function page(over: Partial<MeasurePageData> = {}): MeasurePageData {
  return {
    id: '6f1c2c8e-8d8a-4a57-9d0e-5c7a1f0d1a11',
    number: '二十二',
    section: null,
    title: '推进服务贸易创新发展',
    body: '……',
    status: 'active',
    dueOn: null,
    ongoing: false,
    deadlineText: null,
    overdue: false,
    plan: { id: '0b8f2d1e-7b55-4d2f-9a3c-1e2f3a4b5c6d', title: '广州市服务贸易措施', documentNumber: null },
    coordinator: { agencyId: COORDINATOR, name: '市商务局' },
    assignments: [
      { agencyId: LEAD, name: '市发展改革委', role: 'lead', status: 'accepted', declineReason: null, transferTo: null },
      { agencyId: PARTNER, name: '南沙区政府', role: 'partner', status: 'pending', declineReason: null, transferTo: null },
    ],
    cycle: {
      index: 0,
      periodStart: '2025-12-31T16:00:00.000Z',
      periodEnd: '2026-01-31T16:00:00.000Z',
      dueAt: '2026-02-06T16:00:00.000Z',
      closesAt: '2026-02-28T16:00:00.000Z',
      duties: [duty(LEAD, '市发展改革委'), duty(PARTNER, '南沙区政府')],
    },
    carried: [],
    subtasks: [],
    escalations: [],
    extensions: [],
    issues: [],
    closure: null,
    kpis: [],
    history: [],
    lastReport: null,
    timeline: [],
    timelineHasMore: false,
    ...over,
  };
}

const person = (agencyId: number, ...roles: Me['roles']): Me => ({ userId: `u${agencyId}`, username: `u${agencyId}`, displayName: 'x', agencyId, roles, agency: { id: agencyId, code: `a${agencyId}`, name: 'x' } });
const NOW = Date.parse('2026-01-20T02:00:00Z');
const typesFor = (p: MeasurePageData, me: Me) => measureActions(actionViewOf(p), me, NOW).map((a: MeasureAction) => a.type);

describe('the buttons the measure page shows', () => {
  it('shows a partner officer accept, decline and transfer while its assignment is pending (待接收)', () => {
    expect(typesFor(page(), person(PARTNER, 'officer'))).toEqual(expect.arrayContaining(['acceptAssignment', 'declineAssignment', 'requestTransfer', 'submitReport']));
  });

  it('shows the lead no combined report before the partner’s report is accepted, then shows it', () => {
    const lead = person(LEAD, 'officer');
    expect(typesFor(page(), lead)).not.toContain('submitReport');
    const accepted = page({ cycle: { ...page().cycle, duties: [duty(LEAD, '市发展改革委'), duty(PARTNER, '南沙区政府', { status: 'accepted', revision: 1, late: false })] } });
    expect(findAction(measureActions(actionViewOf(accepted), lead, NOW), 'submitReport')).toEqual({ type: 'submitReport', agencyId: LEAD, cycleIndex: 0, kind: 'combined' });
  });

  it('shows the lead the review of a submitted partner report, and the coordinator the review of the combined one', () => {
    const p = page({
      cycle: {
        ...page().cycle,
        duties: [duty(LEAD, '市发展改革委', { status: 'submitted', revision: 1, late: false }), duty(PARTNER, '南沙区政府', { status: 'submitted', revision: 2, late: true })],
      },
    });
    expect(findAction(measureActions(actionViewOf(p), person(LEAD, 'officer'), NOW), 'reviewReport')).toMatchObject({ agencyId: PARTNER, kind: 'partner' });
    expect(findAction(measureActions(actionViewOf(p), person(COORDINATOR, 'coordinator'), NOW), 'reviewReport')).toMatchObject({ agencyId: LEAD, kind: 'combined' });
  });

  it('shows the coordinator the arbitration of a decline and the decision on a transfer', () => {
    const p = page({
      assignments: [
        { agencyId: LEAD, name: '市发展改革委', role: 'lead', status: 'transfer_requested', declineReason: null, transferTo: { agencyId: 33, name: '市财政局' } },
        { agencyId: PARTNER, name: '南沙区政府', role: 'partner', status: 'declined', declineReason: '不属于本单位职责', transferTo: null },
      ],
    });
    const actions = measureActions(actionViewOf(p), person(COORDINATOR, 'coordinator'), NOW);
    expect(findAction(actions, 'arbitrateDecline')).toEqual({ type: 'arbitrateDecline', agencyId: PARTNER });
    expect(findAction(actions, 'decideTransfer')).toEqual({ type: 'decideTransfer', agencyId: LEAD, toAgencyId: 33, mayApprove: true });
  });

  it('shows an auditor and an officer of the coordinator’s agency nothing', () => {
    expect(typesFor(page(), person(PARTNER, 'auditor'))).toEqual([]);
    expect(typesFor(page(), person(COORDINATOR, 'officer'))).toEqual([]);
  });

  it('shows nothing on a closed measure', () => {
    expect(typesFor(page({ status: 'closed' }), person(LEAD, 'officer'))).toEqual([]);
    expect(typesFor(page({ status: 'closed' }), person(COORDINATOR, 'coordinator'))).toEqual([]);
  });

  it('offers an extension decision the lead may not approve once the requested date has passed', () => {
    const p = page({ extensions: [{ id: 'e1', agency: { agencyId: PARTNER, name: '南沙区政府' }, cycleIndex: 0, requestedDueAt: '2026-01-10T16:00:00.000Z' }] });
    expect(findAction(measureActions(actionViewOf(p), person(LEAD, 'officer'), NOW), 'decideExtension')).toEqual({ type: 'decideExtension', extensionId: 'e1', agencyId: PARTNER, mayApprove: false });
  });
});

describe('what the page says about a measure', () => {
  it('lights the highest open escalation, none when there is none', () => {
    const e = (level: 'blue' | 'yellow' | 'red') => ({ level });
    expect(trafficLight([])).toBeNull();
    expect(trafficLight([e('blue'), e('red'), e('yellow')])).toBe('red');
    expect(trafficLight([e('blue'), e('yellow')])).toBe('yellow');
  });

  it('names every agency the page mentions', () => {
    const names = agencyNamesOf(
      page({
        issues: [{ id: 'i', status: 'open', raisedBy: { agencyId: 44, name: '海关' }, title: '通关数据', description: '', neededAgencies: [{ agencyId: 55, name: '市公安局' }], responders: [], dueAt: null, raisedAt: null }],
      }),
    );
    expect(names.get(LEAD)).toBe('市发展改革委');
    expect(names.get(COORDINATOR)).toBe('市商务局');
    expect(names.get(44)).toBe('海关');
    expect(names.get(55)).toBe('市公安局');
  });

  it('prefills a report from the agency’s last one the server holds, on any device', () => {
    const lastReport = { cycleIndex: 0, kind: 'partner' as const, revision: 1, status: 'returned' as const, submittedAt: '2026-02-01T02:00:00.000Z', content: content('一月进展') };
    expect(previousReportOf(page({ lastReport }), PARTNER, PARTNER)).toEqual({ cycleIndex: 0, content: content('一月进展') });
    expect(previousReportOf(page(), PARTNER, PARTNER)).toBeNull();
    // Another agency's (the page does not name its last report): the newest duty holding content.
    const withDuties = page({
      cycle: { ...page().cycle, index: 1, duties: [duty(LEAD, '市发展改革委', { status: 'submitted', revision: 1, late: false, content: content('二月', 60) }, 1)] },
      carried: [duty(LEAD, '市发展改革委', { status: 'returned', revision: 1, late: false, content: content('一月', 30) }, 0)],
    });
    expect(previousReportOf(withDuties, LEAD, PARTNER)).toEqual({ cycleIndex: 1, content: content('二月', 60) });
  });

  it('judges a reported value against its target by the KPI’s comparator', () => {
    expect(meetsTarget({ comparator: '<=', target: 5 }, 4.5)).toBe(true);
    expect(meetsTarget({ comparator: '<=', target: 5 }, 5.5)).toBe(false);
    expect(meetsTarget({ comparator: '>=', target: 3700 }, 3700)).toBe(true);
    expect(meetsTarget({ comparator: '>=', target: 3700 }, 3000)).toBe(false);
    expect(meetsTarget({ comparator: '=', target: 100 }, 100)).toBe(true);
  });
});
