/** My measures (我的措施): the measures the agency works on, filtered, sorted and paged. */
export function MeasuresPage() {
  return null;
}
