// One policy for a measure: who may read it, and who may send which command. The API asks it before
// anything reaches the workflow; the decision core asks the same predicates (`hasAuthority`) and
// stays the final judge of what the measure's state allows.
import type { MeasureCommandType, MeasureState } from '../measure/types';
import { actsForAgency, isAdmin, isCoordinatorOf, isLeadOfficer, isReadOnly, type MeasureParties } from './measure-rules';
import { hasRole, type Actor } from './roles';

/** Everyone standing on one measure now: its leads, its partners, its plan's coordinator. */
export interface MeasureParticipants extends MeasureParties {
  /** Partner units (配合单位) whose assignment is not withdrawn (a decline awaiting arbitration still counts). */
  partnerAgencyIds: readonly number[];
  planId: string | null;
  /** For `respondIssue` only: the agencies the coordinator named to answer that issue (they may hold no assignment). */
  responderAgencyIds?: readonly number[];
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
 * - `adminOrCoordinator`: an admin, or the plan's coordinator (plan revisions, calendar corrections);
 * - `responder`: an officer of an agency the coordinator named to answer a coordination issue (跨部门联动事项),
 *   whether or not it holds an assignment on the measure (`responderAgencyIds` of that issue).
 */
export type Authority = 'party' | 'lead' | 'leadOrCoordinator' | 'coordinator' | 'adminOrCoordinator' | 'responder';

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
  respondIssue: 'responder',
  decideClosure: 'coordinator',
  syncAssignments: 'adminOrCoordinator',
  withdrawMeasure: 'adminOrCoordinator',
  reinstateMeasure: 'adminOrCoordinator',
  recomputeDeadlines: 'adminOrCoordinator',
} as const satisfies Record<MeasureCommandType, Authority>;

const isPartyOfficer = (actor: Actor, parties: MeasureParties & { partnerAgencyIds?: readonly number[] }): boolean =>
  isLeadOfficer(actor, parties) || (hasRole(actor, 'officer') && !isReadOnly(actor) && (parties.partnerAgencyIds ?? []).includes(actor.agencyId));

/** An officer (never an auditor) of one of the agencies named to answer a coordination issue. */
export const isIssueResponder = (actor: Actor, responderAgencyIds: readonly number[]): boolean =>
  hasRole(actor, 'officer') && !isReadOnly(actor) && responderAgencyIds.includes(actor.agencyId);

/** Does the actor's role and agency give it this authority on the measure? Never true for an auditor. */
export function hasAuthority(
  actor: Actor,
  authority: Authority,
  parties: MeasureParties & { partnerAgencyIds?: readonly number[]; responderAgencyIds?: readonly number[] },
): boolean {
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
    case 'responder':
      return isIssueResponder(actor, parties.responderAgencyIds ?? []);
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

/**
 * Whose coordination issues (跨部门联动事项) the issue board shows: an auditor or an admin every plan's, a
 * coordinator those of the plans its agency coordinates, an officer only those its agency raised or was named
 * to answer; anyone else none (null).
 */
export type IssueBoardScope = EscalationQueueScope | { all: false; officerAgencyId: number };
export function issueBoardScope(actor: Actor): IssueBoardScope | null {
  const queue = escalationQueueScope(actor);
  if (queue) return queue;
  if (hasRole(actor, 'officer')) return { all: false, officerAgencyId: actor.agencyId };
  return null;
}

/**
 * Who may read the dashboards (统计) of the plans one agency coordinates: that agency's coordinators, auditors and
 * admins. Officers never (their own work is in 我的措施), nor another working group's coordinators.
 */
export function mayReadDashboard(actor: Actor, coordinatorAgencyId: number): boolean {
  if (hasRole(actor, 'auditor', 'admin')) return true;
  return hasRole(actor, 'coordinator') && actor.agencyId === coordinatorAgencyId;
}

/** 督办单 (supervision notice): whom it is from (the plan's coordinator agency) and to (the unit). */
export interface NoticeParties {
  coordinatorAgencyId: number;
  agencyId: number;
}

/** Issue a 督办单 on a plan: only that plan's coordinator; never an auditor, whatever other role the same person holds. */
export const mayIssueNotice = (actor: Actor, coordinatorAgencyId: number): boolean => isCoordinatorOf(actor, { leadAgencyIds: [], coordinatorAgencyId });

/** Sign for (签收) and answer a 督办单: an officer of the unit it is addressed to; never an auditor. */
export const mayAnswerNotice = (actor: Actor, notice: NoticeParties): boolean => actsForAgency(actor, notice.agencyId);

/**
 * Read a 督办单: auditors and admins any; the issuing agency's coordinators; the unit's officers and coordinators
 * (a unit's notice is its agency's business). Anyone else learns nothing of it.
 */
export function canReadNotice(actor: Actor, notice: NoticeParties): boolean {
  if (hasRole(actor, 'auditor', 'admin')) return true;
  if (hasRole(actor, 'coordinator') && actor.agencyId === notice.coordinatorAgencyId) return true;
  return hasRole(actor, 'officer', 'coordinator') && actor.agencyId === notice.agencyId;
}

/** Which notices a list covers: every one, or those one agency issued (as coordinator) or received. */
export type NoticeScope = { all: true } | { all: false; agencyId: number; asCoordinator: boolean };

/** The notices a person may list: as `canReadNotice` decides for each, so a list and a read agree. */
export function noticeScope(actor: Actor): NoticeScope | null {
  if (hasRole(actor, 'auditor', 'admin')) return { all: true };
  if (hasRole(actor, 'officer', 'coordinator')) return { all: false, agencyId: actor.agencyId, asCoordinator: hasRole(actor, 'coordinator') };
  return null;
}

/** 通报: may this person draft, edit and issue the circulars of this working-group office: its coordinator, never an auditor. */
export const mayWriteCircular = (actor: Actor, officeAgencyId: number): boolean => isCoordinatorOf(actor, { leadAgencyIds: [], coordinatorAgencyId: officeAgencyId });

/**
 * May this person read this circular: the office's coordinators, any auditor or admin; once it is issued, anyone of
 * an agency it was delivered to (the units it names, the units of its plans). Nobody else learns it exists.
 */
export function mayReadCircular(actor: Actor, circular: { coordinatorAgencyId: number; status: 'draft' | 'issued'; recipientAgencyIds: readonly number[] }): boolean {
  if (hasRole(actor, 'auditor', 'admin')) return true;
  if (hasRole(actor, 'coordinator') && actor.agencyId === circular.coordinatorAgencyId) return true;
  return circular.status === 'issued' && hasRole(actor, 'officer', 'coordinator') && circular.recipientAgencyIds.includes(actor.agencyId);
}

/**
 * 考核 and 台账: a plan's assessment ranking, every unit's explanation and the ledger are read (and exported) by the
 * plan's coordinator, any auditor and any admin. Officers never see other units' scores.
 */
export function mayReadAssessment(actor: Actor, coordinatorAgencyId: number): boolean {
  return hasRole(actor, 'auditor', 'admin') || (hasRole(actor, 'coordinator') && actor.agencyId === coordinatorAgencyId);
}

/** One unit's score explained: whoever reads the assessment, and an officer of that unit (its own score only). */
export function mayExplainAssessment(actor: Actor, coordinatorAgencyId: number, agencyId: number): boolean {
  return mayReadAssessment(actor, coordinatorAgencyId) || (hasRole(actor, 'officer') && actor.agencyId === agencyId);
}

/** A plan's scoring rules are set by an admin or the plan's coordinator; never by an auditor, whatever else they are. */
export const maySetAssessmentRules = (actor: Actor, coordinatorAgencyId: number): boolean => isAdmin(actor) || isCoordinatorOf(actor, { leadAgencyIds: [], coordinatorAgencyId });
