import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { AssessmentRules } from '@liandong/domain';

/** A plan's scoring rules for the agency assessment (考核); absent, the default rules apply. */
export interface AssessmentRulesTable {
  planId: string;
  /** Validated by `assessmentRulesSchema`; written as JSON text. */
  rules: ColumnType<AssessmentRules, string, string>;
  updatedBy: string;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type AssessmentRulesRow = Selectable<AssessmentRulesTable>;
export type NewAssessmentRulesRow = Insertable<AssessmentRulesTable>;
