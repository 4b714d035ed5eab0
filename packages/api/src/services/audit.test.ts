import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '@liandong/devstack';
import { batchKeyOf, chinaIso, csvCell, decodePayloads, historyEventTypeName, historyEventViews, linkToHistory } from './audit';

/** Recorded histories of the measure workflow (its replay tests' own): v1 records through a regular activity, v2 a local one. */
const recorded = (file: string) => historyEventViews(readFileSync(path.join(findRepoRoot(), 'workflows/src/measure/histories', file), 'utf8'));

/** One cell as a spreadsheet reads it back (RFC 4180). */
function readCell(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
}

describe('a CSV cell', () => {
  it('reads back as written, with a leading quote mark only where a spreadsheet would see a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const cell = csvCell(text);
        const formula = /^[=+\-@\t\r]/.test(text);
        expect(readCell(cell)).toBe(formula ? `'${text}` : text);
        expect(readCell(cell)).not.toMatch(/^[=+\-@\t\r]/);
        // Quoted exactly when it must be, so a comma, quote or line break never splits the row.
        expect(cell.startsWith('"')).toBe(/[",\r\n]/.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('neutralises the formulas people type where a name goes', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","点我")')).toBe(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csvCell('+86 20 1234')).toBe("'+86 20 1234");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('市商务局')).toBe('市商务局');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
  });
});

describe('times in the CSV', () => {
  it('are China time with the offset, to the millisecond, and name the same instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        const text = chinaIso(date);
        expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
        expect(new Date(text).getTime()).toBe(date.getTime());
      }),
    );
  });
});

describe('the raw history as the timeline shows it', () => {
  it('names event types as Temporal’s UI does', () => {
    expect(historyEventTypeName('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe('ActivityTaskScheduled');
    expect(historyEventTypeName('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe('WorkflowExecutionUpdateAccepted');
  });

  it('decodes JSON payloads, and reads a list of payloads as the list of their values', () => {
    const json = (value: unknown) => ({ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(value)).toString('base64') });
    const nothing = { metadata: { encoding: Buffer.from('binary/null').toString('base64') } };
    const binary = { metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: 'AAE=' };
    expect(decodePayloads({ input: { payloads: [json({ key: 'measure-1/started', n: 1 }), nothing] }, header: { fields: { a: json('甲') } }, other: binary })).toEqual({
      input: [{ key: 'measure-1/started', n: 1 }, null],
      header: { fields: { a: '甲' } },
      other: binary,
    });
  });

  it('shows every event of a recorded run with its id, time, type and decoded attributes', () => {
    const events = recorded('v2-assignment-accept.json');
    expect(events.map((e) => e.eventId)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ eventType: 'WorkflowExecutionStarted', eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), attributes: { input: [{ measureId: expect.any(String) }] } });
    expect(events[4]).toMatchObject({ eventType: 'MarkerRecorded', attributes: { markerName: 'core_local_activity', details: { data: [{ activity_type: 'recordMeasureEvents' }] } } });
  });
});

describe('linking audit events to the history event that recorded them', () => {
  const audit = (id: number, eventKey: string, runId: string | null, workflowId: string | null) => ({ id, eventKey, runId, workflowId });

  it('finds a regular activity by the key its input carries (the first-version workflow)', () => {
    const events = recorded('assignment-accept.json');
    const scheduled = events.filter((e) => e.eventType === 'ActivityTaskScheduled');
    const keys = scheduled.map((e) => (e.attributes as { input: { key: string }[] }).input[0]!.key);
    const workflowId = keys[0]!.replace(/\/started$/, '');
    const links = linkToHistory(
      workflowId,
      [audit(10, `${keys[0]}#0`, 'run-1', workflowId), audit(11, `${keys[1]}#0`, 'run-1', workflowId), audit(12, `${keys[1]}#1`, 'run-1', workflowId), audit(13, 'access.forbidden:x', null, null)],
      [{ runId: 'run-1', events }],
    );
    expect(links.get(10)).toEqual({ runId: 'run-1', eventId: scheduled[0]!.eventId });
    expect(links.get(11)).toEqual({ runId: 'run-1', eventId: scheduled[1]!.eventId });
    expect(links.get(12)).toEqual({ runId: 'run-1', eventId: scheduled[1]!.eventId });
    expect(links.has(13)).toBe(false);
  });

  it('matches a local activity’s markers to the run’s batches in order, a command’s never before its update was accepted', () => {
    const events = recorded('v2-assignment-accept.json');
    const markers = events.filter((e) => e.eventType === 'MarkerRecorded').map((e) => e.eventId);
    const accepted = events.find((e) => e.eventType === 'WorkflowExecutionUpdateAccepted')!;
    const updateId = (accepted.attributes as { acceptedRequest: { meta: { updateId: string } } }).acceptedRequest.meta.updateId;
    const wf = 'measure-x';
    const links = linkToHistory(wf, [audit(1, `${wf}/started#0`, 'run-1', wf), audit(2, `${wf}/${updateId}#0`, 'run-1', wf), audit(3, `${wf}/${updateId}#1`, 'run-1', wf), audit(4, `${wf}/started#0`, 'run-0', wf)], [
      { runId: 'run-1', events },
    ]);
    expect([links.get(1), links.get(2), links.get(3)]).toEqual([
      { runId: 'run-1', eventId: markers[0] },
      { runId: 'run-1', eventId: markers[1] },
      { runId: 'run-1', eventId: markers[1] },
    ]);
    expect(markers[1]).toBeGreaterThan(accepted.eventId);
    // A run the page does not hold links nothing.
    expect(links.has(4)).toBe(false);

    // A recording whose events are missing here (recorded once already, elsewhere) does not shift the command's link.
    const onlyCommand = linkToHistory(wf, [audit(2, `${wf}/${updateId}#0`, 'run-1', wf)], [{ runId: 'run-1', events }]);
    expect(onlyCommand.get(2)).toEqual({ runId: 'run-1', eventId: markers[1] });
  });

  it('takes the batch key from an event key', () => {
    expect(batchKeyOf('measure-1/abc#0')).toBe('measure-1/abc');
    expect(batchKeyOf('measure-1/t3@1700000000000#12')).toBe('measure-1/t3@1700000000000');
    expect(batchKeyOf('audit.exported:uuid')).toBe('audit.exported:uuid');
  });
});
