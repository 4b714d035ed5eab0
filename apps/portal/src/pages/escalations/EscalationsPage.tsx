export function EscalationsPage() {
  return null;
}
