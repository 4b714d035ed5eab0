import { describe, expect, it } from 'vitest';
import { actsForAgency, isCoordinatorOf, isLeadOfficer, isLeadOrCoordinator } from './measure-rules';
import type { Actor, Role } from './roles';

const actor = (agencyId: number, ...roles: Role[]): Actor => ({ userId: 'u', username: 'u', displayName: 'u', agencyId, roles });
const parties = { leadAgencyIds: [1], coordinatorAgencyId: 9 };

describe('who may act on a measure', () => {
  it('lets an officer act only for their own agency', () => {
    expect(actsForAgency(actor(2, 'officer'), 2)).toBe(true);
    expect(actsForAgency(actor(2, 'officer'), 3)).toBe(false);
    expect(actsForAgency(actor(2, 'auditor'), 2)).toBe(false);
  });

  it('makes an officer of a lead agency the lead officer', () => {
    expect(isLeadOfficer(actor(1, 'officer'), parties)).toBe(true);
    expect(isLeadOfficer(actor(2, 'officer'), parties)).toBe(false);
    expect(isLeadOfficer(actor(1, 'auditor'), parties)).toBe(false);
  });

  it('recognises only the coordinator of this plan', () => {
    expect(isCoordinatorOf(actor(9, 'coordinator'), parties)).toBe(true);
    expect(isCoordinatorOf(actor(8, 'coordinator'), parties)).toBe(false);
    expect(isCoordinatorOf(actor(9, 'officer'), parties)).toBe(false);
    expect(isLeadOrCoordinator(actor(9, 'coordinator'), parties)).toBe(true);
    expect(isLeadOrCoordinator(actor(5, 'admin'), parties)).toBe(false);
  });
});

describe('an auditor', () => {
  it('is read-only even when the same person holds another role', () => {
    expect(actsForAgency(actor(2, 'officer', 'auditor'), 2)).toBe(false);
    expect(isLeadOfficer(actor(1, 'auditor', 'officer'), parties)).toBe(false);
    expect(isCoordinatorOf(actor(9, 'coordinator', 'auditor'), parties)).toBe(false);
  });
});
