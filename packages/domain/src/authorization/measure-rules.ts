import { hasRole, type Actor } from './roles';

/** Who stands where on one measure: its lead agencies and its plan's coordinator agency. */
export interface MeasureParties {
  leadAgencyIds: readonly number[];
  coordinatorAgencyId: number;
}

/** An auditor reads everything and changes nothing, whatever other roles the same person holds. */
export const isReadOnly = (actor: Actor): boolean => hasRole(actor, 'auditor');

/** May this person change anything at all in the role given? */
const actsAs = (actor: Actor, role: 'officer' | 'coordinator' | 'admin'): boolean => hasRole(actor, role) && !isReadOnly(actor);

/** An officer of the agency itself (承办人) acting on its own assignment. */
export const actsForAgency = (actor: Actor, agencyId: number): boolean => actsAs(actor, 'officer') && actor.agencyId === agencyId;

/** A lead officer (牵头单位): an officer whose agency leads the measure. */
export const isLeadOfficer = (actor: Actor, parties: MeasureParties): boolean => actsAs(actor, 'officer') && parties.leadAgencyIds.includes(actor.agencyId);

/** The coordinator (协调办) of the measure's plan. */
export const isCoordinatorOf = (actor: Actor, parties: MeasureParties): boolean => actsAs(actor, 'coordinator') && actor.agencyId === parties.coordinatorAgencyId;

/** Leads and the coordinator may escalate, approve extensions and see everything on the measure. */
export const isLeadOrCoordinator = (actor: Actor, parties: MeasureParties): boolean => isLeadOfficer(actor, parties) || isCoordinatorOf(actor, parties);

/** An admin acting as one (plan revisions, calendar corrections); never an auditor. */
export const isAdmin = (actor: Actor): boolean => actsAs(actor, 'admin');
