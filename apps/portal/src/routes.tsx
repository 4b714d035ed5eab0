import type { ReactNode } from 'react';
import { IMPORT_ROLES, type PageRoles } from './lib/access';
import type { MessageKey } from './lib/messages';
import { AgenciesPage } from './pages/agencies/AgenciesPage';
import { ImportPage } from './pages/import/ImportPage';
import { PlanDetailPage } from './pages/plans/PlanDetailPage';
import { PlansPage } from './pages/plans/PlansPage';

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
  { path: '/plans', element: <PlansPage />, menu: 'nav.plans' },
  { path: '/plans/:id', element: <PlanDetailPage /> },
  { path: '/import', element: <ImportPage />, roles: IMPORT_ROLES, menu: 'nav.import' },
  { path: '/agencies', element: <AgenciesPage />, menu: 'nav.agencies' },
];
