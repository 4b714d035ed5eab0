/** What a signed-in person may do is decided by their roles and their agency. */
export const ROLES = ['officer', 'coordinator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in person as every authorization rule sees them. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  agencyId: number;
  roles: readonly Role[];
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.includes(r));
