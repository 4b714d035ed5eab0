export function CircularPrintPage() {
  return null;
}
