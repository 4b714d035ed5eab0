import { describe, expect, it } from 'vitest';
import { itemLink, parseKindFilter, shouldLoadMoreOfKind, visibleKinds } from './kinds';

describe('inbox kind filter', () => {
  it('reads a known kind from the URL', () => {
    expect(parseKindFilter(new URLSearchParams('kind=report.due'))).toBe('report.due');
    expect(parseKindFilter(new URLSearchParams('kind=decline.pending'))).toBe('decline.pending');
  });

  it('shows every kind for a missing or unknown one', () => {
    expect(parseKindFilter(new URLSearchParams(''))).toBe('all');
    expect(parseKindFilter(new URLSearchParams('kind=report'))).toBe('all');
    expect(parseKindFilter(new URLSearchParams('kind=toString'))).toBe('all');
    expect(parseKindFilter(new URLSearchParams('kind=__proto__'))).toBe('all');
  });

  it('shows tabs for kinds with something waiting, in the fixed order, and keeps the chosen one', () => {
    const byKind = { 'report.review': 2, 'assignment.pending': 1, 'report.due': 0 };
    expect(visibleKinds(byKind, 'all')).toEqual(['assignment.pending', 'report.review']);
    expect(visibleKinds(byKind, 'subtask.open')).toEqual(['assignment.pending', 'report.review', 'subtask.open']);
    expect(visibleKinds(undefined, 'all')).toEqual([]);
  });
});

describe('inbox item link', () => {
  it('opens the plain measure page and carries the item in the state', () => {
    expect(itemLink({ measureId: '0b6e1c2a-5f51-4bd5-9b0e-5d3c1f1d2a10', kind: 'report.review', refId: 'r1' })).toEqual({
      to: '/measures/0b6e1c2a-5f51-4bd5-9b0e-5d3c1f1d2a10',
      state: { inbox: { kind: 'report.review', refId: 'r1' } },
    });
  });

  it('opens a supervision notice (督办单) on its own page, to sign for and answer it', () => {
    const refId = '5f0c1c2a-5f51-4bd5-9b0e-5d3c1f1d2a11';
    expect(itemLink({ measureId: '0b6e1c2a-5f51-4bd5-9b0e-5d3c1f1d2a10', kind: 'notice.unsigned', refId }).to).toBe(`/supervision/notices/${refId}`);
    expect(itemLink({ measureId: '0b6e1c2a-5f51-4bd5-9b0e-5d3c1f1d2a10', kind: 'notice.unanswered', refId }).to).toBe(`/supervision/notices/${refId}`);
  });
});

describe('loading more of one kind', () => {
  const base = { loadedOfKind: 3, totalOfKind: 10, hasNextPage: true, isFetching: false };

  it('fetches the next page while the chosen kind has more waiting than loaded', () => {
    expect(shouldLoadMoreOfKind(base)).toBe(true);
  });

  it('stops at the end, while fetching, once all are loaded, or once a screen is full', () => {
    expect(shouldLoadMoreOfKind({ ...base, hasNextPage: false })).toBe(false);
    expect(shouldLoadMoreOfKind({ ...base, isFetching: true })).toBe(false);
    expect(shouldLoadMoreOfKind({ ...base, loadedOfKind: 10 })).toBe(false);
    expect(shouldLoadMoreOfKind({ ...base, loadedOfKind: 20, totalOfKind: 50 })).toBe(false);
  });
});
