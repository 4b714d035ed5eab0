import { lazy, type ComponentType, type ReactNode } from 'react';
import { ADMIN_ROLES, AUDIT_ROLES, COORDINATION_ROLES, IMPORT_ROLES, type PageRoles } from './lib/access';
import type { MessageKey } from './lib/messages';

/**
 * A page component loaded on first visit, in a chunk of its own, so the first screen does not wait
 * for every page's code. Rendered under AppShell's Suspense (or App's, for the sign-in page).
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const LoginPage = lazyPage(() => import('./pages/login/LoginPage'), 'LoginPage');
const PlansPage = lazyPage(() => import('./pages/plans/PlansPage'), 'PlansPage');
const PlanDetailPage = lazyPage(() => import('./pages/plans/PlanDetailPage'), 'PlanDetailPage');
const ImportPage = lazyPage(() => import('./pages/import/ImportPage'), 'ImportPage');
const InboxPage = lazyPage(() => import('./pages/inbox/InboxPage'), 'InboxPage');
const MeasuresPage = lazyPage(() => import('./pages/inbox/MeasuresPage'), 'MeasuresPage');
const MeasurePage = lazyPage(() => import('./pages/measure/MeasurePage'), 'MeasurePage');
const EscalationsPage = lazyPage(() => import('./pages/escalations/EscalationsPage'), 'EscalationsPage');
const DecisionsPage = lazyPage(() => import('./pages/decisions/DecisionsPage'), 'DecisionsPage');
const IssuesPage = lazyPage(() => import('./pages/issues/IssuesPage'), 'IssuesPage');
const SupervisionPage = lazyPage(() => import('./pages/supervision/SupervisionPage'), 'SupervisionPage');
const NoticePrintPage = lazyPage(() => import('./pages/supervision/NoticePrintPage'), 'NoticePrintPage');
const CircularPrintPage = lazyPage(() => import('./pages/supervision/CircularPrintPage'), 'CircularPrintPage');
const DashboardPage = lazyPage(() => import('./pages/dashboard/DashboardPage'), 'DashboardPage');
const AssessmentPage = lazyPage(() => import('./pages/assessment/AssessmentPage'), 'AssessmentPage');
const AuditLogPage = lazyPage(() => import('./pages/audit/AuditLogPage'), 'AuditLogPage');
const MeasureAuditPage = lazyPage(() => import('./pages/audit/MeasureAuditPage'), 'MeasureAuditPage');
const AgenciesPage = lazyPage(() => import('./pages/agencies/AgenciesPage'), 'AgenciesPage');
const IntegrationsPage = lazyPage(() => import('./pages/integrations/IntegrationsPage'), 'IntegrationsPage');

/** A page of the signed-in portal: one entry here gives it its route, its role check and (with `menu`) its menu item. */
export interface PortalPage {
  path: string;
  element: ReactNode;
  /** Roles that may open it; everyone signed in when absent. The menu hides what a role may not open. */
  roles?: PageRoles;
  /** The menu label; pages without one (details) highlight the menu item of their first path segment. */
  menu?: MessageKey;
  /** The submenu the item sits in (督办协调: the coordinator's desk), so the top menu fits at 1280 px. */
  group?: 'desk';
}

export const PAGES: readonly PortalPage[] = [
  { path: '/inbox', element: <InboxPage />, menu: 'nav.inbox' },
  { path: '/measures', element: <MeasuresPage />, menu: 'nav.measures' },
  { path: '/measures/:id', element: <MeasurePage /> },
  // The coordinator's desk (督办, 待决事项, 联动事项, 督办单/通报, 统计, 考核): coordinators, auditors, admins.
  { path: '/escalations', element: <EscalationsPage />, roles: COORDINATION_ROLES, menu: 'nav.escalations', group: 'desk' },
  { path: '/decisions', element: <DecisionsPage />, roles: COORDINATION_ROLES, menu: 'nav.decisions', group: 'desk' },
  { path: '/issues', element: <IssuesPage />, menu: 'nav.issues', group: 'desk' },
  { path: '/supervision', element: <SupervisionPage />, menu: 'nav.supervision', group: 'desk' },
  { path: '/supervision/notices/:id', element: <NoticePrintPage /> },
  { path: '/supervision/circulars/:id', element: <CircularPrintPage /> },
  { path: '/dashboard', element: <DashboardPage />, roles: COORDINATION_ROLES, menu: 'nav.dashboard', group: 'desk' },
  { path: '/assessment', element: <AssessmentPage />, roles: COORDINATION_ROLES, menu: 'nav.assessment', group: 'desk' },
  { path: '/plans', element: <PlansPage />, menu: 'nav.plans' },
  { path: '/plans/:id', element: <PlanDetailPage /> },
  { path: '/import', element: <ImportPage />, roles: IMPORT_ROLES, menu: 'nav.import' },
  { path: '/agencies', element: <AgenciesPage />, menu: 'nav.agencies' },
  // 审计: auditors and admins, read-only.
  { path: '/audit', element: <AuditLogPage />, roles: AUDIT_ROLES, menu: 'nav.audit' },
  { path: '/audit/measures/:id', element: <MeasureAuditPage />, roles: AUDIT_ROLES },
  // 接口与推送: API tokens and webhook endpoints of other systems; admins (an auditor who is also one reads only).
  { path: '/integrations', element: <IntegrationsPage />, roles: ADMIN_ROLES, menu: 'nav.integrations' },
];
