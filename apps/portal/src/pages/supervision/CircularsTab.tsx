export function CircularsTab() {
  return null;
}
