export type { AgencyKind, AgencyLevel, AgencySeed } from './types';
export { AGENCY_DIRECTORY } from './directory';
export type { AgencyResolution, AgencySuggestion, ResolutionContext } from './resolve';
export {
  SUGGESTION_THRESHOLD,
  canonicalAgencyName,
  districtGovernmentsOf,
  findAgency,
  isAllDistrictGovernments,
  nameSimilarity,
  resolveAgencyName,
} from './resolve';
export type { FixtureResponsibility } from './fixture-names';
export { FIXTURE_AGENCY_NAMES, PLAN_002_RESPONSIBILITIES, PLAN_003_RESPONSIBILITIES } from './fixture-names';
