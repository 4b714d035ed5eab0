import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@liandong/api';

/** What the API returns and takes, by procedure: types only, nothing of the server ships to the browser. */
export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

export type Me = NonNullable<Outputs['auth']['me']>;
export type Role = Me['roles'][number];
export type AgencyListItem = Outputs['agency']['list'][number];
export type PlanListItem = Outputs['plan']['list'][number];
export type PlanView = Outputs['plan']['get'];
export type PlanPreview = Outputs['plan']['preview'];
export type PlanConfirmInput = Inputs['plan']['confirm'];
export type PlanConfirmResult = Outputs['plan']['confirm'];
export type Kpi = PlanView['measures'][number]['kpis'][number];
