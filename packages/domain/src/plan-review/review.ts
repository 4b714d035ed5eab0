import { canonicalAgencyName, districtGovernmentsOf, findAgency, resolveAgencyName } from '../agencies/resolve';
import type { AgencyResolution } from '../agencies/resolve';
import type { AgencySeed } from '../agencies/types';
import type { MeasureDeadline, ParsedKpi, ParsedPlan, PlanConvention } from '../importer/types';
import { deadlineFact, measureKey, withoutImpliedDistricts } from './diff';
import type { KpiFacts, PlanFacts } from './diff';

/** An agency as the portal shows it. */
export interface AgencyRef {
  code: string;
  name: string;
}

/** One name as the document writes it, and what the directory makes of it. */
export interface WrittenAgency {
  written: string;
  resolution: AgencyResolution;
}

/** One row of the import preview: a parsed measure with every lead and partner resolved or flagged. */
export interface ReviewedMeasure {
  number: string;
  section: string | null;
  title: string;
  body: string;
  /** 牵头单位 */
  leads: WrittenAgency[];
  /** 配合单位 */
  partners: WrittenAgency[];
  /** The clause names 各区政府: every district government of the jurisdiction takes part. */
  allDistricts: boolean;
  /** What 各区政府 expands to under the plan's jurisdiction; empty unless `allDistricts`. */
  districts: AgencyRef[];
  kpis: ParsedKpi[];
  /** The responsibility clause(s) as written, for the reviewer. */
  responsibilityText: string[];
  /** Collective names among leads/partners (`区直各部门`): the coordinator resolves them into agencies. */
  groups: string[];
  /** The completion deadline the document states (`2025年底前` → 2025-12-31, `长期坚持` → ongoing), null when none. */
  deadline: MeasureDeadline | null;
  /** Plan-level conventions the importer applied to this row, as written. */
  conventions: string[];
  /** Why this row's reading is uncertain (marked for review instead of guessed); empty when it is not. */
  review: string[];
  /** Names of this row the directory does not know (or knows more than once). */
  unresolvedCount: number;
}

/** The import preview of a whole plan: what a person checks, edits and confirms. */
export interface PlanReview {
  title: string | null;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  /** The government whose districts `各区政府` expands to (`gz-gov`, `gd-gov`), null when not set. */
  jurisdictionCode: string | null;
  measures: ReviewedMeasure[];
  planKpis: ParsedKpi[];
  /** Notes of the document that say how its clauses read, and the measures they were applied to. */
  conventions: PlanConvention[];
  /** The importer's warnings and the review's own (repeated numbers, 各区政府 with nothing to expand to). */
  warnings: string[];
  /** Unknown names over all rows: the plan cannot be confirmed until each is fixed by hand. */
  unresolvedCount: number;
}

export interface ReviewOptions {
  jurisdictionCode: string | null;
}

/**
 * `各区政府` under a jurisdiction: the district governments of a city; for a province, which has no districts of
 * its own, the city governments under it (the 地级以上市 a provincial plan means by its collective units).
 */
export function expandAllDistricts(jurisdictionCode: string | null, directory: readonly AgencySeed[]): AgencyRef[] {
  if (jurisdictionCode === null) return [];
  const districts = districtGovernmentsOf(jurisdictionCode, directory);
  const units = districts.length > 0 ? districts : directory.filter((a) => a.kind === 'government' && a.parentCode === jurisdictionCode);
  return units.map((agency) => ({ code: agency.code, name: agency.name }));
}

/**
 * Resolves every lead and partner of a parsed plan against the directory and expands `各区政府`.
 * Pure; nothing is guessed: an unknown name stays unknown, with the directory's closest suggestions.
 */
export function reviewPlan(parsed: ParsedPlan, directory: readonly AgencySeed[], options: ReviewOptions): PlanReview {
  const { jurisdictionCode } = options;
  const context = jurisdictionCode === null ? {} : { jurisdictionCode };
  const resolve = (written: string): WrittenAgency => ({ written, resolution: resolveAgencyName(written, directory, context) });
  const districts = expandAllDistricts(jurisdictionCode, directory);
  const warnings = [...parsed.warnings];

  const measures = parsed.measures.map((measure): ReviewedMeasure => {
    const leads = measure.leads.map(resolve);
    const partners = measure.partners.map(resolve);
    if (measure.allDistricts && districts.length === 0) {
      warnings.push(
        jurisdictionCode === null
          ? `measure ${measure.number}: 各区政府 needs a jurisdiction to expand to`
          : `measure ${measure.number}: 各区政府 expands to nothing: ${jurisdictionCode} has no district governments in the directory`,
      );
    }
    return {
      number: measure.number,
      section: measure.section,
      title: measure.title,
      body: measure.body,
      leads,
      partners,
      allDistricts: measure.allDistricts,
      districts: measure.allDistricts ? districts : [],
      kpis: measure.kpis,
      responsibilityText: measure.responsibilityText,
      groups: measure.groups,
      deadline: measure.deadline,
      conventions: measure.conventions,
      review: measure.review,
      unresolvedCount: [...leads, ...partners].filter((agency) => agency.resolution.status === 'unknown').length,
    };
  });

  const seen = new Map<string, number>();
  for (const measure of measures) seen.set(measureKey(measure.number), (seen.get(measureKey(measure.number)) ?? 0) + 1);
  const repeated = [...seen].filter(([, count]) => count > 1).map(([key]) => key);
  if (repeated.length > 0) warnings.push(`measure numbers repeat (${repeated.join(', ')}): make each number unique before confirming`);

  return {
    title: parsed.title,
    documentNumber: parsed.documentNumber,
    issuer: parsed.issuer,
    issuedOn: parsed.issuedOn,
    jurisdictionCode,
    measures,
    planKpis: parsed.planKpis,
    conventions: parsed.conventions,
    warnings,
    unresolvedCount: measures.reduce((sum, measure) => sum + measure.unresolvedCount, 0),
  };
}

/**
 * The government a plan belongs to, read from where the document names it: the issuer (广州市人民政府办公厅 →
 * gz-gov; 广东省人民政府 → gd-gov), then the title (广州市关于… → gz-gov; 中国(广东)… → gd-gov). Where several
 * places appear, the most specific (a city within a province) wins. Null when the text names no government.
 */
export function guessJurisdiction(
  meta: { title: string | null; issuer: string | null },
  directory: readonly AgencySeed[],
): string | null {
  const governments = directory
    .filter((agency) => agency.kind === 'government')
    .map((agency) => {
      const full = canonicalAgencyName(agency.name).replace(/政府$/u, ''); // 广州市, 广东省
      const bare = /[省市]$/u.test(full) && full.length > 2 ? full.slice(0, -1) : full; // 广州, 广东
      return { agency, full, bare, depth: depthOf(agency, directory) };
    });
  const sources = [meta.issuer, meta.title].map((text) => (text ?? '').normalize('NFKC'));
  for (const source of sources) {
    const named = governments.filter((g) => source.includes(g.full) || source.includes(g.bare));
    const deepest = named.sort((a, b) => b.depth - a.depth)[0];
    if (deepest) return deepest.agency.code;
  }
  return null;
}

function depthOf(agency: AgencySeed, directory: readonly AgencySeed[]): number {
  let depth = 0;
  const seen = new Set<string>();
  for (let at: AgencySeed | undefined = agency; at?.parentCode && !seen.has(at.code); depth += 1) {
    seen.add(at.code);
    at = findAgency(at.parentCode, directory);
  }
  return depth;
}

/** The coordinator (协调办) a person is offered for a plan, and why. */
export interface CoordinatorSuggestion extends AgencyRef {
  /** `named_in_text`: the document gives it the organising role; `most_leads`: it leads the most measures. */
  reason: 'named_in_text' | 'most_leads';
}

/** Phrases that hand a unit the plan's organisation and coordination: 003's `请径向省商务厅反映`, `省商务厅要加强对…组织实施`. */
const COORDINATOR_PHRASES = [
  /径向([\u4E00-\u9FFF()（）]{2,40}?)反映/gu,
  /([\u4E00-\u9FFF()（）]{2,40}?)(?:要|负责)(?:加强)?(?:对[^。;；]{0,30}?的)?(?:组织实施|统筹协调|协调指导|牵头协调)/gu,
];

/**
 * Suggests the plan's coordinator: the unit the text names for organisation and coordination, when it resolves;
 * otherwise the unit that leads the most measures (市商务局 for 002). Null when no lead resolves.
 */
export function suggestCoordinator(
  review: PlanReview,
  text: string,
  directory: readonly AgencySeed[],
): CoordinatorSuggestion | null {
  const context = review.jurisdictionCode === null ? {} : { jurisdictionCode: review.jurisdictionCode };
  const normalized = text.normalize('NFKC');
  for (const phrase of COORDINATOR_PHRASES) {
    for (const match of normalized.matchAll(phrase)) {
      const written = match[1];
      if (!written) continue;
      const resolution = resolveAgencyName(written, directory, context);
      if (resolution.status === 'resolved') return { code: resolution.code, name: resolution.name, reason: 'named_in_text' };
    }
  }
  const counts = new Map<string, { agency: AgencyRef; count: number; first: number }>();
  review.measures.forEach((measure, index) => {
    for (const lead of measure.leads) {
      if (lead.resolution.status !== 'resolved') continue;
      const entry = counts.get(lead.resolution.code) ?? { agency: { code: lead.resolution.code, name: lead.resolution.name }, count: 0, first: index };
      entry.count += 1;
      counts.set(lead.resolution.code, entry);
    }
  });
  const best = [...counts.values()].sort((a, b) => b.count - a.count || a.first - b.first)[0];
  return best ? { ...best.agency, reason: 'most_leads' } : null;
}

/**
 * The facts of a preview, for comparing with a stored plan: each agency by its code when resolved, by the name
 * as written when not (so an unresolved name always shows as a change), districts implied by 各区政府 left out.
 */
export function reviewFacts(review: PlanReview): PlanFacts {
  const key = (agency: WrittenAgency) => (agency.resolution.status === 'resolved' ? agency.resolution.code : agency.written);
  return {
    title: review.title,
    issuer: review.issuer,
    documentNumber: review.documentNumber,
    issuedOn: review.issuedOn,
    measures: review.measures.map((measure) => ({
      number: measure.number,
      title: measure.title,
      body: measure.body,
      leads: measure.leads.map(key),
      partners: withoutImpliedDistricts(measure.partners.map(key), measure.allDistricts, measure.districts.map((d) => d.code)),
      allDistricts: measure.allDistricts,
      kpis: measure.kpis.map(kpiFacts),
      deadline: deadlineFact(measure.deadline),
    })),
  };
}

/** A parsed target as compared and stored: without the clause it was read from. */
export function kpiFacts(kpi: ParsedKpi): KpiFacts {
  return { metric: kpi.metric, target: kpi.target, unit: kpi.unit, comparator: kpi.comparator, deadline: kpi.deadline };
}
