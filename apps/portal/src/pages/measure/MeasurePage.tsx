/** The measure page (措施详情): what the measure is, who works on it, its cycles and its timeline, and the actions. */
export function MeasurePage() {
  return null;
}
