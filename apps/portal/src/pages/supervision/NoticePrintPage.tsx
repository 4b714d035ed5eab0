export function NoticePrintPage() {
  return null;
}
