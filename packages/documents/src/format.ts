// Pure formatting shared by the PDF and the portal's printable pages (no Node imports: safe in a browser).

/** 2026-12-01 → 2026年12月1日, the way a document's date is printed (成文日期). */
export function formatDocumentDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`date must be a calendar date written YYYY-MM-DD, got "${date}"`);
  }
  return `${year}年${month}月${day}日`;
}
