export { formatChinaSeconds } from '../../lib/relativeTime';

/** The actors that are not people: `system` (timers, Liandong itself) and `anonymous` (a sign-in that failed). */
export function specialActor(actor: string): 'audit.actor.system' | 'audit.actor.anonymous' | null {
  if (actor === 'system') return 'audit.actor.system';
  if (actor === 'anonymous') return 'audit.actor.anonymous';
  return null;
}
