import { createMeasureActivities, type MeasureActivityDeps } from './measure/measure.activities';

/** Every activity, built with its real dependencies. */
export function createActivities(deps: MeasureActivityDeps) {
  return { ...createMeasureActivities(deps) };
}
