import { DEMO_PASSWORD, DEMO_USERS } from '@liandong/api';
import type { Role } from '@liandong/domain';
import type { StartEnv } from './env';

/**
 * Whether `start` loads the demo users and plans. They carry a published password, so a database
 * of one's own (DATABASE_URL) gets them only when asked for with LIANDONG_DEMO=true; the embedded
 * one gets them unless LIANDONG_DEMO=false.
 */
export function demoDataEnabled(env: Pick<StartEnv, 'DATABASE_URL' | 'LIANDONG_DEMO'>): boolean {
  return env.LIANDONG_DEMO ?? env.DATABASE_URL === undefined;
}

/** Why demo data is on or off, for the start-up log. */
export function demoDataReason(env: Pick<StartEnv, 'DATABASE_URL' | 'LIANDONG_DEMO'>): string {
  if (env.LIANDONG_DEMO !== undefined) return `LIANDONG_DEMO=${env.LIANDONG_DEMO}`;
  return env.DATABASE_URL === undefined ? 'embedded PostgreSQL; LIANDONG_DEMO=false turns it off' : 'DATABASE_URL is set; LIANDONG_DEMO=true loads it';
}

/** The banner's sign-in lines: the demo accounts when they exist, else how to make the first admin. */
export function signInLines(env: Pick<StartEnv, 'DATABASE_URL' | 'LIANDONG_DEMO'>): string[] {
  if (!demoDataEnabled(env)) {
    const database = env.DATABASE_URL === undefined ? '' : ' (with the same DATABASE_URL)';
    return [
      `  sign in as   an existing account; create the first admin with`,
      `               pnpm liandong user create --username <name> --agency <code or name> --role admin${database}`,
    ];
  }
  const demoNames = (role: Role) => DEMO_USERS.filter((u) => u.roles.includes(role)).map((u) => u.username).join(', ');
  return [
    `  sign in as   ${demoNames('admin')} · ${demoNames('coordinator')} · ${demoNames('auditor')}`,
    `               officers: ${demoNames('officer')}`,
    `               password ${DEMO_PASSWORD} (demo accounts only; add real ones with \`pnpm liandong user create\`)`,
  ];
}
