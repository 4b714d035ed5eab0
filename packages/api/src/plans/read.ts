import { hasRole, type Actor, type ReportingPolicy } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { ALL_PLANS, getPlan, listPlans, type PlanKpi, type PlanScope } from '@liandong/db/queries';
import { NotFoundError } from '../errors';

/**
 * Which plans a person sees: admins and auditors all; a coordinator the plans their agency coordinates;
 * an officer the plans with a measure assigned to their agency (both, for someone with both roles).
 */
export function planScopeOf(actor: Actor): PlanScope {
  if (hasRole(actor, 'admin', 'auditor')) return ALL_PLANS;
  return {
    all: false,
    coordinatedBy: hasRole(actor, 'coordinator') ? actor.agencyId : null,
    involving: hasRole(actor, 'officer') ? actor.agencyId : null,
  };
}

export interface AgencyRef {
  code: string;
  name: string;
}

export interface PlanListItem {
  id: string;
  title: string;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  status: string;
  coordinator: AgencyRef;
  measureCount: number;
  createdAt: string;
}

export interface PlanView extends PlanListItem {
  jurisdiction: AgencyRef | null;
  reportingPolicy: ReportingPolicy;
  updatedAt: string;
  measures: {
    id: string;
    number: string;
    section: string | null;
    title: string;
    body: string;
    /** `withdrawn` when a later import dropped it. */
    status: string;
    allDistricts: boolean;
    leads: AgencyRef[];
    partners: AgencyRef[];
    /** The district governments 各区政府 brought in. */
    districts: AgencyRef[];
    kpis: PlanKpi[];
  }[];
}

const ref = (agency: { code: string; name: string }): AgencyRef => ({ code: agency.code, name: agency.name });

export async function listVisiblePlans(db: Db, actor: Actor): Promise<PlanListItem[]> {
  const plans = await listPlans(db, planScopeOf(actor));
  return plans.map((p) => ({
    id: p.id,
    title: p.title,
    documentNumber: p.documentNumber,
    issuer: p.issuer,
    issuedOn: p.issuedOn,
    status: p.status,
    coordinator: { code: p.coordinatorCode, name: p.coordinatorName },
    measureCount: p.measureCount,
    createdAt: p.createdAt.toISOString(),
  }));
}

/** A plan with its measures; NOT_FOUND alike for a plan that does not exist and one the person may not see. */
export async function getVisiblePlan(db: Db, actor: Actor, id: string): Promise<PlanView> {
  const plan = await getPlan(db, id, planScopeOf(actor));
  if (!plan) throw new NotFoundError('plan', id);
  return {
    id: plan.id,
    title: plan.title,
    documentNumber: plan.documentNumber,
    issuer: plan.issuer,
    issuedOn: plan.issuedOn,
    status: plan.status,
    coordinator: { code: plan.coordinatorCode, name: plan.coordinatorName },
    jurisdiction: plan.jurisdictionCode && plan.jurisdictionName ? { code: plan.jurisdictionCode, name: plan.jurisdictionName } : null,
    reportingPolicy: plan.reportingPolicy,
    measureCount: plan.measureCount,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
    measures: plan.measures.map((m) => ({
      id: m.id,
      number: m.number,
      section: m.section,
      title: m.title,
      body: m.body,
      status: m.status,
      allDistricts: m.allDistricts,
      leads: m.leads.map(ref),
      partners: m.partners.map(ref),
      districts: m.districts.map(ref),
      kpis: m.kpis,
    })),
  };
}
