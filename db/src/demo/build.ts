import {
  AGENCY_DIRECTORY,
  expandAllDistricts,
  planSourceHash,
  reviewPlan,
  withoutImpliedDistricts,
  type AgencySeed,
  type WrittenAgency,
} from '@liandong/domain';
import { parsePlan, type MeasureDeadline, type ParsedKpi } from '@liandong/domain/importer';

/** Where a demo plan comes from, and the choices a person made when importing it. */
export interface DemoPlanSource {
  /** File name under `db/src/demo/plans/` (without .json). */
  key: string;
  /** The fixture document in `../shared/seeds/`. */
  fixture: string;
  jurisdictionCode: string;
  coordinatorAgencyCode: string;
}

export const DEMO_PLAN_SOURCES: readonly DemoPlanSource[] = [
  { key: 'guangzhou-services-trade', fixture: '002_551b2c05a62b80d5.txt', jurisdictionCode: 'gz-gov', coordinatorAgencyCode: 'gz-commerce' },
  { key: 'guangdong-ftz', fixture: '003_5a1bbc60fce88403.txt', jurisdictionCode: 'gd-gov', coordinatorAgencyCode: 'gd-commerce' },
];

export type DemoKpi = ParsedKpi;

export interface DemoMeasure {
  number: string;
  section: string | null;
  title: string;
  body: string;
  leadCodes: string[];
  /** Named partners; the district governments of `allDistricts` are implied, not listed. */
  partnerCodes: string[];
  allDistricts: boolean;
  kpis: DemoKpi[];
  /** 完成时限 as the document states it (`到2025年` → 2025-12-31), null when it states none. */
  deadline: MeasureDeadline | null;
  /** The responsibility clause(s) as the document writes them. */
  responsibilityText: string[];
}

/**
 * A demo plan as committed facts: what the importer and the review make of a fixture document. The reporting
 * policy is not a fact of the document: demo plans get `DEFAULT_REPORTING_POLICY` when loaded.
 */
export interface DemoPlan {
  key: string;
  fixture: string;
  /** `planSourceHash` of the fixture document: importing the fixture again finds this plan. */
  sourceHash: string;
  title: string;
  issuer: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
  jurisdictionCode: string;
  coordinatorAgencyCode: string;
  measures: DemoMeasure[];
}

/**
 * Parses and reviews a fixture document into demo-plan facts. Throws, listing them, when any name does not
 * resolve: demo data never carries a guess.
 */
export async function buildDemoPlan(source: DemoPlanSource, text: string, directory: readonly AgencySeed[] = AGENCY_DIRECTORY): Promise<DemoPlan> {
  const review = reviewPlan(parsePlan(text), directory, { jurisdictionCode: source.jurisdictionCode });
  const unresolved = review.measures.flatMap((m) =>
    [...m.leads, ...m.partners].filter((a) => a.resolution.status !== 'resolved').map((a) => `${m.number} ${a.written}`),
  );
  if (unresolved.length > 0) throw new Error(`${source.fixture}: unresolved agency names: ${unresolved.join('; ')}`);
  if (!review.title) throw new Error(`${source.fixture}: the importer found no title`);
  const districtCodes = expandAllDistricts(source.jurisdictionCode, directory).map((a) => a.code);
  const code = (agency: WrittenAgency) => (agency.resolution.status === 'resolved' ? agency.resolution.code : agency.written);

  return {
    key: source.key,
    fixture: source.fixture,
    sourceHash: await planSourceHash(text),
    title: review.title,
    issuer: review.issuer,
    documentNumber: review.documentNumber,
    issuedOn: review.issuedOn,
    jurisdictionCode: source.jurisdictionCode,
    coordinatorAgencyCode: source.coordinatorAgencyCode,
    measures: review.measures.map((m) => {
      const leadCodes = [...new Set(m.leads.map(code))];
      const partnerCodes = [...new Set(withoutImpliedDistricts(m.partners.map(code), m.allDistricts, districtCodes))].filter((c) => !leadCodes.includes(c));
      return {
        number: m.number,
        section: m.section,
        title: m.title,
        body: m.body,
        leadCodes,
        partnerCodes,
        allDistricts: m.allDistricts,
        kpis: m.kpis.map((k) => ({ metric: k.metric, target: k.target, unit: k.unit, comparator: k.comparator, deadline: k.deadline, text: k.text })),
        deadline: m.deadline,
        responsibilityText: m.responsibilityText,
      };
    }),
  };
}

/**
 * The text stored as a demo plan's `source_text`. The full document is not in the repository (it stays in
 * ../shared/seeds), so this is the document rebuilt from the committed facts: title, number, each section
 * heading, each measure with its responsibility clause — enough for a reader, and the importer reads it back.
 */
export function demoSourceText(plan: DemoPlan): string {
  const lines = [plan.title];
  if (plan.documentNumber) lines.push(plan.documentNumber);
  let section: string | null = null;
  for (const m of plan.measures) {
    if (m.section && m.section !== section) lines.push(m.section);
    section = m.section;
    const separator = /^\d+$/u.test(m.number) ? '. ' : '';
    const body = m.body.length > 0 ? m.body : '';
    lines.push(`${m.number}${separator}${m.title}。${body}${m.responsibilityText.join('')}`);
  }
  return `${lines.join('\n')}\n`;
}
