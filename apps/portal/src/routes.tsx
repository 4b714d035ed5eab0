import { lazy, type ComponentType, type ReactNode } from 'react';
import { IMPORT_ROLES, type PageRoles } from './lib/access';
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
const AgenciesPage = lazyPage(() => import('./pages/agencies/AgenciesPage'), 'AgenciesPage');

/** A page of the signed-in portal: one entry here gives it its route, its role check and (with `menu`) its menu item. */
export interface PortalPage {
  path: string;
  element: ReactNode;
  /** Roles that may open it; everyone signed in when absent. The menu hides what a role may not open. */
  roles?: PageRoles;
  /** The menu label; pages without one (details) highlight the menu item of their first path segment. */
  menu?: MessageKey;
}

export const PAGES: readonly PortalPage[] = [
  { path: '/inbox', element: <InboxPage />, menu: 'nav.inbox' },
  { path: '/measures', element: <MeasuresPage />, menu: 'nav.measures' },
  { path: '/measures/:id', element: <MeasurePage /> },
  { path: '/plans', element: <PlansPage />, menu: 'nav.plans' },
  { path: '/plans/:id', element: <PlanDetailPage /> },
  { path: '/import', element: <ImportPage />, roles: IMPORT_ROLES, menu: 'nav.import' },
  { path: '/agencies', element: <AgenciesPage />, menu: 'nav.agencies' },
];
