import type { Generated, Insertable, Selectable } from 'kysely';

/** Where a 督办单 stands: issued (待签收), signed for (已签收, 待答复), answered (已答复). */
export type SupervisionNoticeStatus = 'issued' | 'signed' | 'answered';

/** The last 督办单 number given out per plan and year (China time); bumped in the issuing transaction. */
export interface SupervisionNoticeCountersTable {
  planId: string;
  year: number;
  lastSeq: number;
}

/** 督办单: a supervision notice the plan's coordinator issues to one unit of a measure. */
export interface SupervisionNoticesTable {
  id: Generated<string>;
  planId: string;
  /** The year of issue in China time: numbers restart each year. */
  year: number;
  /** N of 督办〔year〕第N号, 1, 2, 3 … per plan and year. */
  seq: number;
  /** 督办〔2026〕第3号 */
  number: string;
  measureId: string;
  /** The unit (责任单位) the notice is addressed to. */
  agencyId: number;
  /** The escalation it was issued from, if any. */
  escalationId: string | null;
  /** The issuing office: the plan's coordinator (协调办). */
  coordinatorAgencyId: number;
  /** What is required of the unit (督办要求). */
  requirement: string;
  /** What is overdue, in words, as the read model had it when issued (逾期事项); null when nothing was. */
  overdueItem: string | null;
  overdueSince: Date | null;
  /** By when the unit must answer (答复时限). */
  answerDueAt: Date;
  status: Generated<SupervisionNoticeStatus>;
  issuedBy: string;
  issuedByName: string;
  issuedAt: Date;
  signedBy: string | null;
  signedAt: Date | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
}

export type SupervisionNotice = Selectable<SupervisionNoticesTable>;
export type NewSupervisionNotice = Insertable<SupervisionNoticesTable>;
export type SupervisionNoticeCounter = Selectable<SupervisionNoticeCountersTable>;
