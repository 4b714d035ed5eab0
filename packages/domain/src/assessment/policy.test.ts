import { describe, expect, it } from 'vitest';
import { mayExplainAssessment, mayReadAssessment, maySetAssessmentRules } from '../authorization/policy';
import type { Actor, Role } from '../authorization/roles';

const COORDINATOR = 10;
const UNIT = 20;
const person = (agencyId: number, ...roles: Role[]): Actor => ({ userId: 'u', username: 'u', displayName: 'u', agencyId, roles });

describe('who reads and sets the assessment (考核)', () => {
  it.each([
    ["the plan's coordinator", person(COORDINATOR, 'coordinator'), { read: true, explainUnit: true, set: true }],
    ["another plan's coordinator", person(99, 'coordinator'), { read: false, explainUnit: false, set: false }],
    ['an officer of the unit', person(UNIT, 'officer'), { read: false, explainUnit: true, set: false }],
    ['an officer of another unit', person(99, 'officer'), { read: false, explainUnit: false, set: false }],
    ["an officer of the coordinator's agency", person(COORDINATOR, 'officer'), { read: false, explainUnit: false, set: false }],
    ['an auditor', person(99, 'auditor'), { read: true, explainUnit: true, set: false }],
    ['an auditor who is also the coordinator', person(COORDINATOR, 'coordinator', 'auditor'), { read: true, explainUnit: true, set: false }],
    ['an admin', person(99, 'admin'), { read: true, explainUnit: true, set: true }],
  ])('%s', (_who, actor, expected) => {
    expect({
      read: mayReadAssessment(actor, COORDINATOR),
      explainUnit: mayExplainAssessment(actor, COORDINATOR, UNIT),
      set: maySetAssessmentRules(actor, COORDINATOR),
    }).toEqual(expected);
  });
});
