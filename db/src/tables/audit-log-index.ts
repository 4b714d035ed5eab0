import type { Selectable } from 'kysely';

/**
 * What the audit log page reads beside `audit_events`, kept by the database: a trigger fills these from each
 * INSERT's rows (migration 20261201T016000Z-index-audit-log). The app role may only read them.
 */

/** Which plan an event is on: its measure's plan, or the plan it is about (`subject_type = 'plan'`). */
export interface AuditEventPlansTable {
  planId: string;
  eventId: number;
  /** The event's action, so that a plan and an action are one index range. */
  action: string;
}

/** The first event recorded for each day (UTC) of `occurred_at`. */
export interface AuditEventDaysTable {
  day: string;
  firstEventId: number;
}

/** An event recorded after an event of a later day: the one kind of event a time range's id range must add. */
export interface AuditEventStragglersTable {
  eventId: number;
  occurredAt: Date;
}

export type AuditEventPlan = Selectable<AuditEventPlansTable>;
export type AuditEventDay = Selectable<AuditEventDaysTable>;
export type AuditEventStraggler = Selectable<AuditEventStragglersTable>;
