export function SupervisionPage() {
  return null;
}
