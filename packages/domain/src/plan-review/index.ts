export type { AgencyRef, CoordinatorSuggestion, PlanReview, ReviewOptions, ReviewedMeasure, WrittenAgency } from './review';
export { expandAllDistricts, guessJurisdiction, kpiFacts, reviewFacts, reviewPlan, suggestCoordinator } from './review';
export type { FieldChange, KpiFacts, MeasureChange, MeasureFacts, MeasureField, PlanDiff, PlanFacts, PlanField } from './diff';
export { MEASURE_FIELDS, PLAN_FIELDS, deadlineFact, diffPlans, measureKey, withoutImpliedDistricts } from './diff';
export { normalizePlanSource, planSourceHash } from './source';
