// One policy for a measure: who may read it, and who may send which command. The API asks it before
// anything reaches the workflow; the decision core asks the same predicates (`hasAuthority`) and
// stays the final judge of what the measure's state allows.
import type { MeasureCommandType, MeasureState } from '../measure/types';
import { isAdmin, isCoordinatorOf, isLeadOfficer, isReadOnly, type MeasureParties } from './measure-rules';
import { hasRole, type Actor } from './roles';

/** Everyone standing on one measure now: its leads, its partners, its plan's coordinator. */
export interface MeasureParticipants extends MeasureParties {
  /** Partner units (配合单位) whose assignment is not withdrawn (a decline awaiting arbitration still counts). */
  partnerAgencyIds: readonly number[];
  planId: string | null;
}

/** The participants as the measure's live state names them. */
export function participantsOf(state: Pick<MeasureState, 'parties' | 'assignments' | 'planId'>): MeasureParticipants {
  const current = state.assignments.filter((a) => a.status !== 'withdrawn');
  return {
    leadAgencyIds: state.parties.leadAgencyIds,
    partnerAgencyIds: current.filter((a) => a.role === 'partner').map((a) => a.agencyId),
    coordinatorAgencyId: state.parties.coordinatorAgencyId,
    planId: state.planId,
  };
}

/**
 * Whose word a command needs:
 * - `party`: an officer of a lead or partner agency, acting for its own assignment (承办人);
 * - `lead`: an officer of a lead agency (牵头单位);
 * - `leadOrCoordinator`: a lead officer, or the plan's coordinator (协调办);
 * - `coordinator`: the plan's coordinator;
 * - `adminOrCoordinator`: an admin, or the plan's coordinator (plan revisions, calendar corrections).
 */
export type Authority = 'party' | 'lead' | 'leadOrCoordinator' | 'coordinator' | 'adminOrCoordinator';

export const COMMAND_AUTHORITY = {
  acceptAssignment: 'party',
  declineAssignment: 'party',
  requestTransfer: 'party',
  submitReport: 'party',
  completeSubtask: 'party',
  raiseIssue: 'party',
  requestExtension: 'party',
  createSubtask: 'lead',
  applyClosure: 'lead',
  // Partner reports are reviewed by a lead, the combined report by the coordinator.
  reviewReport: 'leadOrCoordinator',
  escalate: 'leadOrCoordinator',
  decideExtension: 'leadOrCoordinator',
  arbitrateDecline: 'coordinator',
  decideTransfer: 'coordinator',
  acknowledgeEscalation: 'coordinator',
  resolveEscalation: 'coordinator',
  triageIssue: 'coordinator',
  resolveIssue: 'coordinator',
  decideClosure: 'coordinator',
  syncAssignments: 'adminOrCoordinator',
  withdrawMeasure: 'adminOrCoordinator',
  reinstateMeasure: 'adminOrCoordinator',
  recomputeDeadlines: 'adminOrCoordinator',
} as const satisfies Record<MeasureCommandType, Authority>;

const isPartyOfficer = (actor: Actor, parties: MeasureParties & { partnerAgencyIds?: readonly number[] }): boolean =>
  isLeadOfficer(actor, parties) || (hasRole(actor, 'officer') && !isReadOnly(actor) && (parties.partnerAgencyIds ?? []).includes(actor.agencyId));

/** Does the actor's role and agency give it this authority on the measure? Never true for an auditor. */
export function hasAuthority(actor: Actor, authority: Authority, parties: MeasureParties & { partnerAgencyIds?: readonly number[] }): boolean {
  switch (authority) {
    case 'party':
      return isPartyOfficer(actor, parties);
    case 'lead':
      return isLeadOfficer(actor, parties);
    case 'leadOrCoordinator':
      return isLeadOfficer(actor, parties) || isCoordinatorOf(actor, parties);
    case 'coordinator':
      return isCoordinatorOf(actor, parties);
    case 'adminOrCoordinator':
      return isAdmin(actor) || isCoordinatorOf(actor, parties);
  }
}

/**
 * May this person see the measure at all: an officer of a current lead or partner agency, the plan's
 * coordinator, any auditor, any admin. Everyone else learns nothing of it.
 */
export function canReadMeasure(actor: Actor, parties: MeasureParticipants): boolean {
  if (hasRole(actor, 'auditor', 'admin')) return true;
  if (hasRole(actor, 'coordinator') && actor.agencyId === parties.coordinatorAgencyId) return true;
  return hasRole(actor, 'officer') && (parties.leadAgencyIds.includes(actor.agencyId) || parties.partnerAgencyIds.includes(actor.agencyId));
}

/**
 * The API's cheap pre-check before a command reaches the workflow: refuses outsiders, auditors and
 * roles that can never send it. Passing it is no permission: the decision core judges the state.
 */
export function mayAttempt(actor: Actor, command: MeasureCommandType, parties: MeasureParticipants): boolean {
  if (!Object.prototype.hasOwnProperty.call(COMMAND_AUTHORITY, command)) return false;
  return hasAuthority(actor, COMMAND_AUTHORITY[command], parties);
}

/**
 * May this person import a plan that names this agency its coordinator (协调办), or revise the stored plan
 * that agency coordinates: an admin, or that agency's coordinator; never an auditor, whatever other role the
 * same person holds.
 */
export function mayImportPlan(actor: Actor, coordinatorAgencyId: number): boolean {
  return isAdmin(actor) || isCoordinatorOf(actor, { leadAgencyIds: [], coordinatorAgencyId });
}

/** The agency directory, users and holiday schedules: an admin acting as one, never an auditor. */
export const mayAdminister = (actor: Actor): boolean => isAdmin(actor);

/** Whose open escalations (督办) a queue read covers: every plan's, or those of the plans one agency coordinates. */
export type EscalationQueueScope = { all: true } | { all: false; coordinatorAgencyId: number };

/**
 * Who may read the escalation queue, and how much of it: an auditor or an admin every plan's, a coordinator
 * the plans its agency coordinates; anyone else (officers) none (null).
 */
export function escalationQueueScope(actor: Actor): EscalationQueueScope | null {
  if (hasRole(actor, 'auditor', 'admin')) return { all: true };
  if (hasRole(actor, 'coordinator')) return { all: false, coordinatorAgencyId: actor.agencyId };
  return null;
}
