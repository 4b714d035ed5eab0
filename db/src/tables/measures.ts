import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** `withdrawn`: a revision of the plan dropped the measure; kept, never deleted, because its workflow has a history. */
export type MeasureStatus = 'active' | 'closure_requested' | 'closed' | 'withdrawn';

/** Read model of one measure of a plan; the measure workflow (`measure-<id>`) owns the process. */
export interface MeasuresTable {
  id: Generated<string>;
  planId: string | null;
  /** Position in the plan (0-based), null for a measure created outside a plan. */
  seq: number | null;
  /** Nearest heading of the document (`一、稳步扩大制度型开放`). */
  section: string | null;
  number: string;
  title: string;
  body: string;
  /** The clause names 各区政府: every district government of the plan's jurisdiction has an assignment. */
  allDistricts: ColumnType<boolean, boolean | undefined, boolean>;
  leadAgencyId: number;
  /** 完成时限: the date the plan says the measure is due (China), null when ongoing or not stated; read with to_char. */
  dueOn: ColumnType<Date | null, string | null | undefined, string | null>;
  /** 长期: the plan gives the measure no end date; it is never overdue. Never with `dueOn`. */
  ongoing: ColumnType<boolean, boolean | undefined, boolean>;
  /** The deadline phrase as the plan writes it (`2025年底前`, `长期坚持`), at most 100 characters. */
  deadlineText: string | null;
  status: Generated<MeasureStatus>;
  workflowId: string | null;
  coordinatorAgencyId: number | null;
  cycleIndex: number | null;
  cycleDueAt: Date | null;
  closedAt: Date | null;
  /** The last batch of the workflow's decisions applied here (see RecordEventsInput.seq). */
  eventSeq: Generated<number>;
  /** The earliest `unreportedDueAt` of its assignments: overdue for a coordinator is `unreportedDueAt < now`. Kept by the database. */
  unreportedDueAt: ColumnType<Date | null, never, never>;
  /** The highest escalation level on its live assignments. Kept by the database. */
  highestEscalationLevel: ColumnType<'blue' | 'yellow' | 'red' | null, never, never>;
  createdAt: ColumnType<Date, never, never>;
  updatedAt: Generated<Date>;
}

export type Measure = Selectable<MeasuresTable>;
export type NewMeasure = Insertable<MeasuresTable>;
export type MeasureUpdate = Updateable<MeasuresTable>;
