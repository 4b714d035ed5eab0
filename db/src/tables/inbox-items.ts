import type { ColumnType, Selectable } from 'kysely';

/** Written by the database only: a trigger keeps it (see migration denormalize-daily-work). */
type Derived<T> = ColumnType<T, never, never>;

/**
 * One item waiting on an agency (工作台): the inbox query's rows, kept by the database for every agency, in the
 * same transaction as each write to the rows they derive from (measures, assignments, reports, subtasks,
 * extension requests).
 */
export interface InboxItemsTable {
  /** Whose inbox the item is in. */
  agencyId: Derived<number>;
  /** One of `INBOX_KINDS` (queries/inbox). */
  kind: Derived<string>;
  /** The assignment, report, subtask or extension request the item is about. */
  refId: Derived<string>;
  measureId: Derived<string>;
  /** The other unit involved (the partner whose report awaits review, the requester), or the agency itself. */
  otherAgencyId: Derived<number>;
  dueAt: Derived<Date | null>;
  /** `dueAt`, or a date after every deadline when there is none: the inbox order's first key. */
  dueSort: Derived<Date>;
  since: Derived<Date>;
  /** Shown only to those who decide as the plan's coordinator (协调办), not to every officer of the agency. */
  coordinatorOnly: Derived<boolean>;
  measureNumber: Derived<string>;
  measureTitle: Derived<string>;
}

export type InboxItemRow = Selectable<InboxItemsTable>;
