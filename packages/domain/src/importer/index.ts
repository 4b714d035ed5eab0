export type { ParsedKpi, ParsedMeasure, ParsedPlan } from './types';
export { PlanInputError } from './errors';
export type { PlanInputErrorCode } from './errors';
export { MAX_PLAN_BYTES, decodePlanText } from './decode';
export { parsePlan } from './parse';
export { docxToText, isZip } from './docx';
