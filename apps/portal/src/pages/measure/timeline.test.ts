import { describe, expect, it } from 'vitest';
import { messages } from '../../lib/messages';
import { concernsOther, eventMessage, eventTone } from './timeline';
import type { TimelineEntry } from './view';

const entry = (action: string, actorAgency: number | null, about: number | null): TimelineEntry => ({
  at: '2026-02-01T02:00:00.000Z',
  action,
  actor: { name: '王配合', agency: actorAgency === null ? null : { agencyId: actorAgency, name: `#${actorAgency}` }, system: false },
  summary: { agency: about === null ? null : { agencyId: about, name: `#${about}` }, toAgency: null, cycleIndex: 0, kind: null, revision: null, progressStatus: null, percentDone: null, level: null, dueAt: null, text: null },
});

describe('the measure’s timeline in words', () => {
  it('names the workflow’s events in both languages, and leaves an unknown action as recorded', () => {
    expect(messages['zh-CN'][eventMessage('report.submitted')!]).toBe('报送了报告');
    expect(messages.en[eventMessage('report.returned')!]).toBe('Report returned for revision');
    expect(eventMessage('measure.report_submitted')).toBeNull();
    expect(eventMessage('constructor')).toBeNull();
    expect(eventMessage('toString')).toBeNull();
  });

  it('marks setbacks red and things done green', () => {
    expect(eventTone('report.returned')).toBe('red');
    expect(eventTone('cycle.missed')).toBe('red');
    expect(eventTone('report.accepted')).toBe('green');
    expect(eventTone('escalation.raised')).toBe('orange');
    expect(eventTone('report.submitted')).toBe('blue');
    expect(eventTone('something.new')).toBe('blue');
  });

  it('names the agency an event concerns only when it is not the actor’s own', () => {
    expect(concernsOther(entry('report.submitted', 7, 7))).toBe(false);
    expect(concernsOther(entry('report.returned', 3, 7))).toBe(true);
    expect(concernsOther(entry('cycle.missed', null, 7))).toBe(true);
    expect(concernsOther(entry('measure.started', null, null))).toBe(false);
  });
});
