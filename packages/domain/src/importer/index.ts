export type { MeasureDeadline, ParsedKpi, ParsedMeasure, ParsedPlan, PlanConvention } from './types';
export { PlanInputError } from './errors';
export type { PlanInputErrorCode } from './errors';
export { MAX_PLAN_BYTES, decodePlanText } from './decode';
export { parsePlan } from './parse';
export { PLAN_FILE_EXTENSIONS, readPlanFile } from './files';
export type { PlanFile, PlanFileFormat } from './files';
