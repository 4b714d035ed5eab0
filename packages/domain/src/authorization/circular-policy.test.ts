import { describe, expect, it } from 'vitest';
import { mayReadCircular, mayWriteCircular } from './policy';
import type { Actor, Role } from './roles';

const OFFICE = 10;
const UNIT = 20;
const STRANGER = 30;
const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: `u-${agencyId}-${roles.join('-')}`, username: 'u', displayName: 'u', agencyId, roles });
const draft = { coordinatorAgencyId: OFFICE, status: 'draft' as const, recipientAgencyIds: [] };
const issued = { coordinatorAgencyId: OFFICE, status: 'issued' as const, recipientAgencyIds: [UNIT] };

describe('circulars (通报): who writes and who reads', () => {
  it('lets only the office’s own coordinator write, never an auditor or an admin', () => {
    expect(mayWriteCircular(person(OFFICE, 'coordinator'), OFFICE)).toBe(true);
    expect(mayWriteCircular(person(OFFICE, 'coordinator', 'auditor'), OFFICE)).toBe(false);
    expect(mayWriteCircular(person(STRANGER, 'coordinator'), OFFICE)).toBe(false);
    expect(mayWriteCircular(person(OFFICE, 'officer'), OFFICE)).toBe(false);
    expect(mayWriteCircular(person(OFFICE, 'admin'), OFFICE)).toBe(false);
  });

  it('shows a draft to the office, auditors and admins only', () => {
    expect(mayReadCircular(person(OFFICE, 'coordinator'), draft)).toBe(true);
    expect(mayReadCircular(person(STRANGER, 'auditor'), draft)).toBe(true);
    expect(mayReadCircular(person(STRANGER, 'admin'), draft)).toBe(true);
    expect(mayReadCircular(person(UNIT, 'officer'), { ...draft, recipientAgencyIds: [UNIT] })).toBe(false);
    expect(mayReadCircular(person(STRANGER, 'coordinator'), draft)).toBe(false);
  });

  it('shows an issued circular to the agencies it was delivered to, and to nobody else', () => {
    expect(mayReadCircular(person(UNIT, 'officer'), issued)).toBe(true);
    expect(mayReadCircular(person(UNIT, 'coordinator'), issued)).toBe(true);
    expect(mayReadCircular(person(STRANGER, 'officer'), issued)).toBe(false);
    expect(mayReadCircular(person(STRANGER, 'coordinator'), issued)).toBe(false);
    expect(mayReadCircular(person(OFFICE, 'officer'), issued)).toBe(false);
  });
});
