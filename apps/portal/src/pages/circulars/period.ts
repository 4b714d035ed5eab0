const pad = (n: number) => String(n).padStart(2, '0');

/** Last month in China time (UTC+8, no daylight saving): the period a new circular covers unless the coordinator picks another. */
export function lastMonth(now: Date = new Date()): { from: string; to: string } {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const firstOfThis = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), 1);
  const lastOfPrevious = new Date(firstOfThis - 86_400_000);
  const y = lastOfPrevious.getUTCFullYear();
  const m = lastOfPrevious.getUTCMonth() + 1;
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastOfPrevious.getUTCDate())}` };
}
