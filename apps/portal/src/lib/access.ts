import type { Role } from './api';

/** Who may open a page; `undefined` means everyone signed in. Mirrors the API's role checks. */
export type PageRoles = readonly Role[] | undefined;

export function mayOpen(roles: readonly Role[], allowed: PageRoles): boolean {
  return allowed === undefined || allowed.some((role) => roles.includes(role));
}

/** Admins and coordinators import plans (`plan.preview` / `plan.confirm`). */
export const IMPORT_ROLES = ['admin', 'coordinator'] as const satisfies readonly Role[];

/** The coordinator's desk: coordinators, auditors (read-only) and admins; officers meet its items in their inbox. */
export const COORDINATION_ROLES = ['coordinator', 'auditor', 'admin'] as const satisfies readonly Role[];

/** 审计: the audit log, chain verification and a measure's timeline beside its workflow history. */
export const AUDIT_ROLES = ['auditor', 'admin'] as const satisfies readonly Role[];

/** 系统管理: API tokens and webhook endpoints (接口与推送); the API lets an admin who is also an auditor read only. */
export const ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];

export const DEFAULT_PAGE = '/inbox';

/**
 * Where to go after signing in: the page the person was sent away from, if it is a path of this site.
 * Anything else (another origin, `//host`, the sign-in page itself) falls back to the plans.
 */
export function returnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return DEFAULT_PAGE;
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return DEFAULT_PAGE;
  return next;
}

/** The sign-in page, remembering the page to come back to. */
export function signInPath(from: { pathname: string; search: string; hash: string }): string {
  const next = `${from.pathname}${from.search}${from.hash}`;
  return next === '/' || returnPath(next) === DEFAULT_PAGE ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
