const chinaSeconds = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as China time to the second, `2026-12-01 10:05:09`: an audit record is read by the second. */
export function formatChinaSeconds(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const parts = Object.fromEntries(chinaSeconds.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The actors that are not people: `system` (timers, Liandong itself) and `anonymous` (a sign-in that failed). */
export function specialActor(actor: string): 'audit.actor.system' | 'audit.actor.anonymous' | null {
  if (actor === 'system') return 'audit.actor.system';
  if (actor === 'anonymous') return 'audit.actor.anonymous';
  return null;
}
