import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_PAGE_SIZE,
  auditEventHref,
  auditEventsInput,
  auditExportHref,
  historyDownloadHref,
  isChinaMinute,
  MAX_TRAIL,
  measureLogHref,
  minuteFromPicker,
  newestPage,
  nextPage,
  pageNumber,
  parseAuditQuery,
  previousPage,
  withAuditFilters,
  writeAuditQuery,
  type AuditQuery,
} from './query';

const PLAN = '0b6e1c2a-5f51-4bd5-9b0e-5d3c1f1d2a10';
const MEASURE = '7d1f3c2a-0e51-4bd5-8b0e-5d3c1f1d2a99';
const parse = (search: string) => parseAuditQuery(new URLSearchParams(search));

describe('the audit log’s filters in the URL', () => {
  it('reads every filter and the page', () => {
    expect(parse(`from=2026-01-01T00:00&to=2026-01-31T23:59&agency=12&actor=wang&action=report.returned&plan=${PLAN}&measure=${MEASURE}&before=5301&trail=0,5351`)).toEqual({
      from: '2026-01-01T00:00',
      to: '2026-01-31T23:59',
      agencyId: 12,
      actor: 'wang',
      action: 'report.returned',
      planId: PLAN,
      measureId: MEASURE,
      before: 5301,
      trail: [0, 5351],
    });
  });

  it('drops hostile or impossible values instead of failing, and ignores unknown keys', () => {
    expect(
      parse(
        'from=2026-02-30T10:00&to=2026-13-01T00:00&agency=1e3&actor=%20%20&action=&plan=x&measure=1&before=-4&trail=0,1&foo=bar&lang=en',
      ),
    ).toEqual({ trail: [] });
    expect(parse('from=2026-01-01T24:00&to=2026-01-01T10:60')).toEqual({ trail: [] });
    expect(parse('from=2026-01-01&to=2026-01-01T10:00:00Z')).toEqual({ trail: [] });
    expect(parse('from=1969-12-31T23:00')).toEqual({ trail: [] });
    expect(parse('agency=99999999999')).toEqual({ trail: [] });
    expect(parse('agency=2147483648')).toEqual({ trail: [] });
    expect(parse('agency=007')).toEqual({ trail: [] });
    expect(parse('agency=-1')).toEqual({ trail: [] });
    expect(parse('before=0')).toEqual({ trail: [] });
    expect(parse('before=99999999999999999')).toEqual({ trail: [] });
    expect(parse(`actor=${'a'.repeat(201)}`)).toEqual({ trail: [] });
    expect(parse(`action=${'a'.repeat(101)}`)).toEqual({ trail: [] });
    // PostgreSQL cannot hold NUL: the API would refuse it.
    expect(parse('actor=wa%00ng&action=report.%00')).toEqual({ trail: [] });
  });

  it('keeps the time range the right way round', () => {
    expect(parse('from=2026-03-01T00:00&to=2026-02-01T00:00')).toEqual({ from: '2026-02-01T00:00', to: '2026-03-01T00:00', trail: [] });
    expect(isChinaMinute('2028-02-29T12:00')).toBe(true);
    expect(isChinaMinute('2026-02-29T12:00')).toBe(false);
  });

  it('trims the actor, and reads ids in any case as lower case', () => {
    expect(parse(`actor=%20wang%20&plan=${PLAN.toUpperCase()}`)).toEqual({ actor: 'wang', planId: PLAN, trail: [] });
  });

  it('keeps only a trail of cursors the log could have handed out', () => {
    expect(parse('before=300&trail=0,500,400')).toEqual({ before: 300, trail: [0, 500, 400] });
    // Entered mid-way (a link to an event): no way back but to the newest page.
    expect(parse('before=300&trail=500')).toEqual({ before: 300, trail: [500] });
    expect(parse('before=300&trail=0,400,500')).toEqual({ before: 300, trail: [] });
    expect(parse('before=300&trail=0,200')).toEqual({ before: 300, trail: [] });
    expect(parse('before=300&trail=400,0')).toEqual({ before: 300, trail: [] });
    expect(parse('before=300&trail=0,,400')).toEqual({ before: 300, trail: [] });
    expect(parse('before=300&trail=0,4e2')).toEqual({ before: 300, trail: [] });
    expect(parse('trail=0')).toEqual({ trail: [] });
    expect(parse(`before=1&trail=0,${Array.from({ length: MAX_TRAIL }, (_, i) => 1000 - i).join(',')}`).trail).toEqual([]);
  });

  it('writes back what it reads, keeping other parameters', () => {
    const minute = fc
      .record({ y: fc.integer({ min: 1970, max: 2099 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }) })
      .map(({ y, mo, d, h, mi }) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`);
    // Any well-formed text a person may type (URLs carry Unicode, spaces, & and =), trimmed, without NUL.
    const text = (max: number) =>
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: max })
        .map((s) => s.trim())
        .filter((s) => s !== '' && s.length <= max && !s.includes('\u0000'));
    const filters = fc.record(
      {
        agencyId: fc.integer({ min: 1, max: 2_147_483_647 }),
        actor: text(200),
        action: text(100),
        planId: fc.uuid().map((u) => u.toLowerCase()),
        measureId: fc.uuid().map((u) => u.toLowerCase()),
      },
      { requiredKeys: [] },
    );
    const range = fc.tuple(fc.option(minute, { nil: undefined }), fc.option(minute, { nil: undefined })).map(([a, b]) => (a && b && a > b ? [b, a] : [a, b]));
    const page = fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 0, maxLength: 20 }).map((ids) => ids.sort((a, b) => b - a));
    fc.assert(
      fc.property(filters, range, page, fc.boolean(), (f, [from, to], cursors, fromNewest) => {
        const query: AuditQuery = { ...f, trail: [] };
        if (from) query.from = from;
        if (to) query.to = to;
        if (cursors.length > 0) {
          query.before = cursors.at(-1)!;
          query.trail = [...(fromNewest ? [0] : []), ...cursors.slice(0, -1)];
        }
        const written = writeAuditQuery(new URLSearchParams('lang=en'), query);
        expect(written.get('lang')).toBe('en');
        expect(parseAuditQuery(written)).toEqual(query);
      }),
    );
  });
});

describe('paging the audit log by id', () => {
  it('walks to older pages and back, and knows the page number while the trail reaches the newest page', () => {
    const first: AuditQuery = { action: 'report.returned', trail: [] };
    const second = nextPage(first, 951);
    const third = nextPage(second, 901);
    expect(second).toEqual({ action: 'report.returned', before: 951, trail: [0] });
    expect(third).toEqual({ action: 'report.returned', before: 901, trail: [0, 951] });
    expect([first, second, third].map(pageNumber)).toEqual([1, 2, 3]);
    expect(previousPage(third)).toEqual(second);
    expect(previousPage(second)).toEqual(first);
    expect(newestPage(third)).toEqual(first);
  });

  it('goes from an event’s page straight to the newest, having no trail', () => {
    const atEvent = parse('before=42');
    expect(pageNumber(atEvent)).toBeNull();
    expect(previousPage(atEvent)).toEqual({ trail: [] });
  });

  it('remembers at most MAX_TRAIL pages back', () => {
    let query: AuditQuery = { trail: [] };
    for (let before = 10_000; before > 10_000 - (MAX_TRAIL + 20); before -= 1) query = nextPage(query, before);
    expect(query.trail).toHaveLength(MAX_TRAIL);
    expect(parseAuditQuery(writeAuditQuery(new URLSearchParams(), query))).toEqual(query);
  });

  it('goes back to the newest page when a filter changes, and clears a filter set to nothing', () => {
    const deep: AuditQuery = { actor: 'wang', agencyId: 3, before: 77, trail: [0, 120] };
    expect(withAuditFilters(deep, { actor: undefined, planId: PLAN })).toEqual({ agencyId: 3, planId: PLAN, trail: [] });
    expect(withAuditFilters(deep, { actor: '' })).toEqual({ agencyId: 3, trail: [] });
  });
});

describe('what the audit log asks the API for', () => {
  it('sends the picked China minutes as instants from their first to their last millisecond', () => {
    expect(auditEventsInput({ from: '2026-01-01T00:00', to: '2026-01-31T23:59', agencyId: 4, before: 99, trail: [0] })).toEqual({
      from: '2026-01-01T00:00:00+08:00',
      to: '2026-01-31T23:59:59.999+08:00',
      agencyId: 4,
      before: 99,
      limit: AUDIT_PAGE_SIZE,
    });
    expect(Date.parse('2026-01-01T00:00:00+08:00')).toBe(Date.parse('2025-12-31T16:00:00Z'));
    expect(auditEventsInput({ trail: [] })).toEqual({ limit: 50 });
  });

  it('reads the range picker’s text, and nothing else, as a minute', () => {
    expect(minuteFromPicker('2026-01-01 08:30')).toBe('2026-01-01T08:30');
    expect(minuteFromPicker('')).toBeUndefined();
    expect(minuteFromPicker(null)).toBeUndefined();
    expect(minuteFromPicker('2026-02-30 08:30')).toBeUndefined();
  });

  it('exports with the filters as the download route names them, without the page', () => {
    const href = auditExportHref({ from: '2026-01-01T00:00', to: '2026-01-02T00:00', agencyId: 12, actor: 'wang li&x=1', action: 'report.returned', planId: PLAN, measureId: MEASURE, before: 5, trail: [0] }, 'jsonl');
    const url = new URL(href, 'http://portal.test');
    expect(url.pathname).toBe('/api/audit/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'jsonl',
      from: '2026-01-01T00:00:00+08:00',
      to: '2026-01-02T00:00:59.999+08:00',
      agencyId: '12',
      actor: 'wang li&x=1',
      action: 'report.returned',
      planId: PLAN,
      measureId: MEASURE,
    });
    expect(auditExportHref({ trail: [] }, 'csv')).toBe('/api/audit/export?format=csv');
  });

  it('links to a measure’s raw history, to the log at an event, and to a measure’s log', () => {
    expect(historyDownloadHref(MEASURE)).toBe(`/api/audit/measures/${MEASURE}/history.json`);
    expect(historyDownloadHref('../x?y')).toBe('/api/audit/measures/..%2Fx%3Fy/history.json');
    expect(auditEventHref(41)).toBe('/audit?before=42');
    expect(parse(auditEventHref(41).split('?')[1]!)).toEqual({ before: 42, trail: [] });
    expect(measureLogHref(MEASURE)).toBe(`/audit?measure=${MEASURE}`);
  });
});
