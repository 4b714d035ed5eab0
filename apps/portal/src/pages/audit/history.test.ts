import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditEventAnchor,
  auditEventsByHistory,
  historyAnchor,
  historyLink,
  parseHistoryAnchor,
  parseTimelineAnchor,
  prettyJson,
  runNumbers,
  type HistoryRun,
} from './history';

const RUN_1 = '0195c2a4-1111-7000-8000-000000000001';
const RUN_2 = '0195c2a4-2222-7000-8000-000000000002';
const event = (eventId: number, eventType = 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED') => ({ eventId, eventTime: '2026-01-01T00:00:00Z', eventType, attributes: {} });
const run = (runId: string, ids: number[]): HistoryRun => ({ runId, status: 'COMPLETED', startTime: '2026-01-01T00:00:00Z', closeTime: null, events: ids.map((id) => event(id)) });
const runs = [run(RUN_1, [1, 2, 3, 5]), run(RUN_2, [1, 2, 7])];

describe('links between a measure’s audit events and its workflow history', () => {
  it('names each history event by run and event id, and finds it again from the URL fragment', () => {
    const anchor = historyAnchor({ runId: RUN_2, eventId: 7 });
    expect(anchor).toBe(`history-${RUN_2}-7`);
    expect(parseHistoryAnchor(`#${anchor}`, runs)).toEqual({ runId: RUN_2, eventId: 7 });
    expect(parseTimelineAnchor(`#${anchor}`, { events: [], runs })).toBe(anchor);
  });

  it('finds the same event again for any run id (even one no URL could hold) and event id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (runId, eventId) => {
        const ref = { runId, eventId };
        expect(parseHistoryAnchor(historyAnchor(ref), [run(`${runId}-other`, [eventId]), run(runId, [eventId])])).toEqual(ref);
      }),
    );
  });

  it('names nothing for a fragment the page does not hold or cannot read', () => {
    expect(parseHistoryAnchor(`history-${RUN_2}-4`, runs)).toBeNull();
    expect(parseHistoryAnchor('history-unknown-run-1', runs)).toBeNull();
    expect(parseHistoryAnchor('history-%E0%A4%A-1', runs)).toBeNull();
    expect(parseHistoryAnchor(`history-${RUN_1}-0`, runs)).toBeNull();
    expect(parseHistoryAnchor(`history-${RUN_1}-1e0`, runs)).toBeNull();
    expect(parseHistoryAnchor('#', runs)).toBeNull();
    expect(parseTimelineAnchor('#audit-event-9', { events: [{ id: 8 }, { id: 9 }] as never, runs })).toBe(auditEventAnchor(9));
    expect(parseTimelineAnchor('#audit-event-10', { events: [{ id: 9 }] as never, runs })).toBeNull();
    expect(parseTimelineAnchor('#audit-event-09', { events: [{ id: 9 }] as never, runs })).toBeNull();
    expect(parseTimelineAnchor('#top', { events: [], runs })).toBeNull();
  });

  it('numbers the runs in the order they started and says when a linked event is not in the history', () => {
    const numbers = runNumbers(runs);
    expect(historyLink({ history: { runId: RUN_2, eventId: 7 } }, runs, numbers)).toEqual({ runId: RUN_2, eventId: 7, anchor: `history-${RUN_2}-7`, runNumber: 2, present: true });
    expect(historyLink({ history: { runId: RUN_1, eventId: 4 } }, runs, numbers)).toMatchObject({ runNumber: 1, present: false });
    expect(historyLink({ history: { runId: 'gone', eventId: 4 } }, runs, numbers)).toMatchObject({ runNumber: null, present: false });
    expect(historyLink({ history: null }, runs, numbers)).toBeNull();
  });

  it('leads back from a history event to every audit event it recorded, oldest first', () => {
    const byHistory = auditEventsByHistory([
      { id: 10, history: { runId: RUN_1, eventId: 5 } },
      { id: 11, history: { runId: RUN_1, eventId: 5 } },
      { id: 12, history: null },
      { id: 13, history: { runId: RUN_2, eventId: 5 } },
    ]);
    expect(Object.fromEntries(byHistory)).toEqual({ [`history-${RUN_1}-5`]: [10, 11], [`history-${RUN_2}-5`]: [13] });
  });
});

describe('raw history as a person reads it', () => {
  it('prints attributes as indented JSON, absent ones as null', () => {
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson(undefined)).toBe('null');
  });
});
