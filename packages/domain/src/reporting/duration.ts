/** Parses an ISO 8601 duration into calendar parts (years/months) and an exact part in milliseconds. */
export function parseIsoDuration(text: string): { months: number; ms: number } {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!match) throw new Error(`not an ISO 8601 duration: ${text}`);
  const [, y, mo, w, d, h, mi, s] = match.map((v) => Number(v ?? 0));
  return { months: y! * 12 + mo!, ms: (((w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60_000 + Math.round(s! * 1000) };
}
