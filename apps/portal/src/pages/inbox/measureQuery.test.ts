import { describe, expect, it } from 'vitest';
import { isFiltered, lastPage, measureListInput, parseMeasureQuery, withFilters, writeMeasureQuery, type MeasureQuery } from './measureQuery';

const PLAN = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
const parse = (search: string) => parseMeasureQuery(new URLSearchParams(search));
const DEFAULT: MeasureQuery = { sort: 'due', page: 1, pageSize: 20 };

describe('my measures URL', () => {
  it('is the default list without parameters', () => {
    expect(parse('')).toEqual(DEFAULT);
  });

  it('reads every filter, the sort and the page', () => {
    expect(parse(`plan=${PLAN}&role=lead&status=closure_requested&light=red&overdue=yes&sort=escalation&page=3&size=50&agency=12`)).toEqual({
      planId: PLAN,
      role: 'lead',
      status: 'closure_requested',
      light: 'red',
      overdue: true,
      agencyId: 12,
      sort: 'escalation',
      page: 3,
      pageSize: 50,
    });
    expect(parse('overdue=no&light=none&role=coordinator')).toEqual({ ...DEFAULT, overdue: false, light: 'none', role: 'coordinator' });
  });

  it('falls back to the default for each value it does not take, without an error', () => {
    expect(parse('plan=42&role=boss&status=open&light=green&overdue=maybe&sort=title&page=0&size=7&agency=-1')).toEqual(DEFAULT);
    expect(parse('page=abc&agency=1.5')).toEqual(DEFAULT);
    expect(parse('page=-2&size=1000')).toEqual(DEFAULT);
    expect(parse('role=toString&sort=constructor')).toEqual(DEFAULT);
  });

  it('takes a page only as far as the API pages (offset up to 100,000)', () => {
    expect(parse('page=5001').page).toBe(5001);
    expect(parse('page=5002').page).toBe(1);
    expect(parse('page=99999999999').page).toBe(1);
  });

  it('writes only what differs from the default and keeps other parameters', () => {
    const written = writeMeasureQuery(new URLSearchParams('lang=en&page=4'), { ...DEFAULT, role: 'partner', overdue: false, page: 2 });
    expect(written.toString()).toBe('lang=en&role=partner&overdue=no&page=2');
    expect(writeMeasureQuery(new URLSearchParams('role=lead&sort=number'), DEFAULT).toString()).toBe('');
  });

  it('reads back what it wrote', () => {
    const query: MeasureQuery = { planId: PLAN, role: 'lead', status: 'active', light: 'blue', overdue: true, sort: 'number', page: 7, pageSize: 10 };
    expect(parseMeasureQuery(writeMeasureQuery(new URLSearchParams(), query))).toEqual(query);
  });
});

describe('changing the filters', () => {
  it('goes back to the first page and clears a filter set to undefined', () => {
    const query: MeasureQuery = { ...DEFAULT, role: 'lead', page: 4 };
    expect(withFilters(query, { light: 'red' })).toEqual({ ...DEFAULT, role: 'lead', light: 'red' });
    expect(withFilters(query, { role: undefined })).toEqual(DEFAULT);
  });

  it('counts the sort as no filter', () => {
    expect(isFiltered({ ...DEFAULT, sort: 'updated' })).toBe(false);
    expect(isFiltered({ ...DEFAULT, overdue: false })).toBe(true);
  });
});

describe('the list request', () => {
  it('pages with an offset and names the traffic light as the escalation level', () => {
    expect(measureListInput({ ...DEFAULT, light: 'yellow', overdue: false, page: 3, pageSize: 50 })).toEqual({
      sort: 'due',
      limit: 50,
      offset: 100,
      escalationLevel: 'yellow',
      overdue: false,
    });
  });

  it('lands a page past the end on the last page', () => {
    expect(lastPage(0, 20)).toBe(1);
    expect(lastPage(20, 20)).toBe(1);
    expect(lastPage(21, 20)).toBe(2);
  });
});
