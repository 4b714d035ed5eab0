import type { Role } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { existingUsernames, findAgencyByCode, insertUserIfAbsent } from '@liandong/db/queries';
import { hashPassword } from './password';

/**
 * The one password of every demo account. Demo only: these accounts exist so that `pnpm start`
 * can be tried at once; an installation serving real people must not create them.
 */
export const DEMO_PASSWORD = 'liandong-demo';

export interface DemoUser {
  username: string;
  displayName: string;
  agencyCode: string;
  roles: Role[];
}

/** One person per role, and officers in agencies that lead or partner on the demo plans. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', agencyCode: 'gd-commerce', roles: ['admin'] },
  { username: 'gd-coordinator', displayName: '省商务厅协调员', agencyCode: 'gd-commerce', roles: ['coordinator'] },
  { username: 'gz-coordinator', displayName: '市商务局协调员', agencyCode: 'gz-commerce', roles: ['coordinator'] },
  { username: 'auditor', displayName: '审计员', agencyCode: 'gd-commerce', roles: ['auditor'] },
  { username: 'gz-commerce-officer', displayName: '市商务局承办人', agencyCode: 'gz-commerce', roles: ['officer'] },
  { username: 'gz-ndrc-officer', displayName: '市发展改革委承办人', agencyCode: 'gz-development-reform', roles: ['officer'] },
  { username: 'gd-transport-officer', displayName: '省交通运输厅承办人', agencyCode: 'gd-transport', roles: ['officer'] },
  { username: 'gd-customs-officer', displayName: '海关总署广东分署承办人', agencyCode: 'gd-customs', roles: ['officer'] },
  { username: 'nansha-officer', displayName: '南沙区政府承办人', agencyCode: 'gz-district-nansha', roles: ['officer'] },
  { username: 'gd-pbc-officer', displayName: '人民银行广东省分行承办人', agencyCode: 'gd-pboc', roles: ['officer'] },
];

/**
 * Creates the demo accounts that are missing. Idempotent: an existing account, including a
 * changed password, is never touched. Needs the agency directory seeded first.
 */
export async function ensureDemoUsers(db: Db): Promise<{ created: string[] }> {
  const existing = await existingUsernames(db, DEMO_USERS.map((u) => u.username));
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  if (missing.length === 0) return { created: [] };
  const created: string[] = [];
  for (const user of missing) {
    const agency = await findAgencyByCode(db, user.agencyCode);
    if (!agency) throw new Error(`demo user ${user.username}: agency ${user.agencyCode} is not in the directory (seed it first)`);
    const row = await insertUserIfAbsent(db, {
      username: user.username,
      displayName: user.displayName,
      agencyId: agency.id,
      roles: user.roles,
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
    if (row) created.push(user.username);
  }
  return { created };
}
