// Two facts about an assignment and a duty that the rules, the timers and the portal's buttons all ask.
// Kept apart from state.ts (which reaches the working-day calendar) so a browser bundle can use them alone.
import type { AssignmentState, CycleDuty } from './types';

/** An agency holds its assignment while it is pending, accepted or asking to transfer it. */
export const holds = (a: Pick<AssignmentState, 'status'>): boolean => a.status === 'pending' || a.status === 'accepted' || a.status === 'transfer_requested';
/** A duty still owed: no report yet, or one returned for revision. */
export const outstanding = (d: { report: Pick<NonNullable<CycleDuty['report']>, 'status'> | null }): boolean => d.report === null || d.report.status === 'returned';
