import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ReportingPolicy } from '@liandong/domain';

/** `archived`: kept for the record, no longer worked on. */
export type PlanStatus = 'active' | 'archived';

/** An imported policy document (行动方案, 若干措施): its measures are the work Liandong supervises. */
export interface PlansTable {
  id: Generated<string>;
  title: string;
  issuer: string | null;
  /** 发文字号, e.g. 粤府函〔2024〕9号. */
  documentNumber: string | null;
  /** A calendar date; pg returns `date` as a local-midnight Date, so queries read it with to_char. */
  issuedOn: ColumnType<Date | null, string | null, string | null>;
  /** The government whose districts `各区政府` expands to. */
  jurisdictionAgencyId: number | null;
  /** The coordinator (协调办 / 工作组办公室) that owns the plan's escalations. */
  coordinatorAgencyId: number;
  /** 报送要求, validated by `reportingPolicySchema`; written as JSON text. */
  reportingPolicy: ColumnType<ReportingPolicy, string, string>;
  sourceText: string;
  /** sha256 of the normalised document text (`planSourceHash`); a re-import of the same document finds the plan by it. */
  sourceHash: string;
  status: Generated<PlanStatus>;
  createdBy: string | null;
  createdAt: ColumnType<Date, never, never>;
  updatedAt: Generated<Date>;
}

export type Plan = Selectable<PlansTable>;
export type NewPlan = Insertable<PlansTable>;
export type PlanUpdate = Updateable<PlansTable>;
