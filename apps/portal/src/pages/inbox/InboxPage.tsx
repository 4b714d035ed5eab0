/** 工作台 (inbox): what waits on the signed-in person's agency. */
export function InboxPage() {
  return null;
}
