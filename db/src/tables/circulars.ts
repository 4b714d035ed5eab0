import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A calendar date (YYYY-MM-DD): pg returns `date` as a local-midnight Date, so queries read it with to_char. */
type CalendarDate = ColumnType<Date, string, string>;

/** 通报: a working-group office's circular about one plan or all it coordinates, over a period; a draft until issued. */
export interface CircularsTable {
  id: Generated<string>;
  /** The office (工作组办公室) that drafts and issues it; its numbers run per office and year. */
  coordinatorAgencyId: number;
  /** Null: about every plan the office coordinates. */
  planId: string | null;
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  status: Generated<'draft' | 'issued'>;
  title: string;
  /** The body blocks in reading order (`DocumentBlock[]` of @liandong/documents, which this package does not depend on); written as JSON text. */
  body: ColumnType<unknown[], string, string>;
  /** The units the text names (escalated, overdue, rated): they are notified when it is issued. */
  namedAgencyIds: ColumnType<number[], number[] | undefined, number[]>;
  /** Every agency it was delivered to when issued (named ones and all units of its plans): their officers may read it. */
  recipientAgencyIds: ColumnType<number[], number[] | undefined, number[]>;
  createdBy: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
  year: number | null;
  seq: number | null;
  /** 发文字号, e.g. 通报〔2026〕第1号. */
  number: string | null;
  issuedAt: Date | null;
  issuedBy: string | null;
  issuedByName: string | null;
}

export interface CircularCountersTable {
  coordinatorAgencyId: number;
  year: number;
  lastSeq: number;
}

export type CircularRow = Selectable<CircularsTable>;
export type NewCircular = Insertable<CircularsTable>;
export type CircularUpdate = Updateable<CircularsTable>;
