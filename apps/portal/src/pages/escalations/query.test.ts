import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEscalationQuery, queueInput, withFilters, writeEscalationQuery, type EscalationQuery } from './query';

const PLAN = '0b6e1c2a-5f51-4bd5-9b0e-5d3c1f1d2a10';

describe('the escalation queue in the URL', () => {
  it('reads the filters and the page', () => {
    expect(parseEscalationQuery(new URLSearchParams(`plan=${PLAN}&agency=12&level=red&page=3&size=50`))).toEqual({ planId: PLAN, agencyId: 12, level: 'red', page: 3, pageSize: 50 });
  });

  it('drops what the queue cannot take instead of failing', () => {
    expect(parseEscalationQuery(new URLSearchParams('plan=x&agency=-1&level=green&page=0&size=7&measure=1'))).toEqual({ page: 1, pageSize: 20 });
    expect(parseEscalationQuery(new URLSearchParams('agency=99999999999'))).toEqual({ page: 1, pageSize: 20 });
  });

  it('writes back what it reads, keeping other parameters', () => {
    const arbitrary = fc.record(
      {
        planId: fc.uuid().map((u) => u.toLowerCase()),
        agencyId: fc.integer({ min: 1, max: 2_147_483_647 }),
        measureId: fc.uuid().map((u) => u.toLowerCase()),
        level: fc.constantFrom('red' as const, 'yellow' as const, 'blue' as const),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 1000 }), fc.constantFrom(10, 20, 50, 100), (filters, page, pageSize) => {
        const query: EscalationQuery = { ...filters, page, pageSize };
        const written = writeEscalationQuery(new URLSearchParams('lang=en'), query);
        expect(written.get('lang')).toBe('en');
        expect(parseEscalationQuery(written)).toEqual(query);
      }),
    );
  });

  it('goes back to the first page when a filter changes, and pages the API by offset', () => {
    const query = withFilters({ level: 'red', page: 4, pageSize: 20 }, { level: undefined, planId: PLAN });
    expect(query).toEqual({ planId: PLAN, page: 1, pageSize: 20 });
    expect(queueInput({ agencyId: 3, page: 3, pageSize: 50 })).toEqual({ agencyId: 3, limit: 50, offset: 100 });
  });
});
