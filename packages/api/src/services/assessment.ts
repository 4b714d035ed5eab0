import type { Db } from '@liandong/db';

export interface AssessmentServiceDeps {
  db: Db;
  clock?: () => Date;
}

export function createAssessmentService(_deps: AssessmentServiceDeps) {
  return {};
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
