import type { AgencyListItem, PlanConfirmInput, PlanPreview } from '../../lib/api';
import type { MessageKey } from '../../lib/messages';

type PreviewMeasure = PlanPreview['measures'][number];
type WrittenAgency = PreviewMeasure['leads'][number];

/** Which list of a measure a name sits in: 牵头单位 or 配合单位. */
export type AgencyList = 'leads' | 'partners';

export interface AgencyChoice {
  code: string;
  name: string;
}

/** One lead or partner under review: an agency of the directory, or a name the directory does not know (yet). */
export interface DraftAgency {
  id: string;
  /** As the document writes it; null for an agency the reviewer added. */
  written: string | null;
  /** Null while unresolved: the plan cannot be confirmed until the reviewer picks one or removes the name. */
  agency: AgencyChoice | null;
  /** What the directory offers for an unknown or ambiguous name. */
  suggestions: AgencyChoice[];
}

/** 完成时限 under review: the phrase as written, and the due date or 长期 the reviewer leaves. */
export interface DraftDeadline {
  /** As the document writes it (`2025年底前`); empty when it states none. */
  text: string;
  /** yyyy-mm-dd, or empty: no due date (none stated, or ongoing). */
  due: string;
  /** 长期: no end date; the measure is never overdue. */
  ongoing: boolean;
}

export interface DraftMeasure {
  id: string;
  number: string;
  section: string | null;
  title: string;
  body: string;
  leads: DraftAgency[];
  partners: DraftAgency[];
  /** 各区政府: every district government of the jurisdiction takes part. */
  allDistricts: boolean;
  kpis: PreviewMeasure['kpis'];
  /** The clause(s) as written: what the reviewer checks the reading against (依据). */
  responsibilityText: string[];
  /** Plan-level conventions the importer applied to this row, as written (约定). */
  conventions: string[];
  /** Why the reading is uncertain (待核); empty when it is not. */
  review: string[];
  /** Collective names among leads and partners (集合单位), as written. */
  groups: string[];
  deadline: DraftDeadline;
}

export interface DraftMeta {
  title: string;
  issuer: string;
  documentNumber: string;
  /** yyyy-mm-dd, or empty. */
  issuedOn: string;
}

/** The import preview as the reviewer edits it, before `plan.confirm`. */
export interface Draft {
  sourceText: string;
  meta: DraftMeta;
  jurisdictionCode: string | null;
  coordinatorCode: string | null;
  measures: DraftMeasure[];
}

/** Names one lead or partner of one measure. */
export interface NameRef {
  measureId: string;
  list: AgencyList;
  agencyId: string;
}

let nextId = 0;
const newId = (prefix: string) => `${prefix}-${(nextId += 1)}`;

function draftAgency(written: WrittenAgency): DraftAgency {
  const { resolution } = written;
  if (resolution.status === 'resolved') {
    return { id: newId('a'), written: written.written, agency: { code: resolution.code, name: resolution.name }, suggestions: [] };
  }
  return { id: newId('a'), written: written.written, agency: null, suggestions: resolution.suggestions.map((s) => ({ code: s.code, name: s.name })) };
}

export function draftFromPreview(preview: PlanPreview, options: { coordinatorCode?: string | null } = {}): Draft {
  return {
    sourceText: preview.sourceText,
    meta: {
      title: preview.meta.title ?? '',
      issuer: preview.meta.issuer ?? '',
      documentNumber: preview.meta.documentNumber ?? '',
      issuedOn: preview.meta.issuedOn ?? '',
    },
    jurisdictionCode: preview.jurisdiction?.code ?? null,
    coordinatorCode: options.coordinatorCode !== undefined ? options.coordinatorCode : (preview.coordinator?.code ?? null),
    measures: preview.measures.map((measure) => ({
      id: newId('m'),
      number: measure.number,
      section: measure.section,
      title: measure.title,
      body: measure.body,
      leads: measure.leads.map(draftAgency),
      partners: measure.partners.map(draftAgency),
      allDistricts: measure.allDistricts,
      kpis: measure.kpis,
      responsibilityText: measure.responsibilityText,
      conventions: measure.conventions,
      review: measure.review,
      groups: measure.groups,
      deadline: { text: measure.deadline?.text ?? '', due: measure.deadline?.due ?? '', ongoing: measure.deadline?.ongoing ?? false },
    })),
  };
}

/** Names still to confirm, over the whole plan or one measure. */
export function unresolvedCount(draft: Draft | DraftMeasure): number {
  const measures = 'measures' in draft ? draft.measures : [draft];
  return measures.reduce((sum, m) => sum + [...m.leads, ...m.partners].filter((a) => a.agency === null).length, 0);
}

export function findName(draft: Draft, ref: NameRef): DraftAgency | undefined {
  return draft.measures.find((m) => m.id === ref.measureId)?.[ref.list].find((a) => a.id === ref.agencyId);
}

/** Other unresolved places where the document writes the same name as `ref`. */
export function sameNameElsewhere(draft: Draft, ref: NameRef): NameRef[] {
  const target = findName(draft, ref);
  if (!target?.written || target.agency !== null) return [];
  const found: NameRef[] = [];
  for (const measure of draft.measures) {
    for (const list of ['leads', 'partners'] as const) {
      for (const agency of measure[list]) {
        if (agency.id !== ref.agencyId && agency.agency === null && agency.written === target.written) found.push({ measureId: measure.id, list, agencyId: agency.id });
      }
    }
  }
  return found;
}

function mapMeasure(draft: Draft, measureId: string, change: (measure: DraftMeasure) => DraftMeasure): Draft {
  return { ...draft, measures: draft.measures.map((m) => (m.id === measureId ? change(m) : m)) };
}

/** The reviewer decides which agency a name means; with `everywhere`, also where the same unknown name repeats. */
export function chooseAgency(draft: Draft, ref: NameRef, choice: AgencyChoice, options: { everywhere?: boolean } = {}): Draft {
  const refs = [ref, ...(options.everywhere ? sameNameElsewhere(draft, ref) : [])];
  return refs.reduce(
    (current, r) =>
      mapMeasure(current, r.measureId, (m) => ({ ...m, [r.list]: m[r.list].map((a) => (a.id === r.agencyId ? { ...a, agency: choice } : a)) })),
    draft,
  );
}

export function removeName(draft: Draft, ref: NameRef): Draft {
  return mapMeasure(draft, ref.measureId, (m) => ({ ...m, [ref.list]: m[ref.list].filter((a) => a.id !== ref.agencyId) }));
}

/** Adds an agency the document did not name; one already in the list is not added twice. */
export function addAgency(draft: Draft, measureId: string, list: AgencyList, choice: AgencyChoice): Draft {
  return mapMeasure(draft, measureId, (m) =>
    m[list].some((a) => a.agency?.code === choice.code) ? m : { ...m, [list]: [...m[list], { id: newId('a'), written: null, agency: choice, suggestions: [] }] },
  );
}

export function updateMeasure(draft: Draft, measureId: string, patch: Partial<Pick<DraftMeasure, 'title' | 'allDistricts'>>): Draft {
  return mapMeasure(draft, measureId, (m) => ({ ...m, ...patch }));
}

/** The reviewer sets a due date or ticks 长期 (which clears the date: an ongoing measure has none). */
export function updateDeadline(draft: Draft, measureId: string, patch: Partial<Pick<DraftDeadline, 'due' | 'ongoing'>>): Draft {
  return mapMeasure(draft, measureId, (m) => {
    const deadline = { ...m.deadline, ...patch };
    return { ...m, deadline: deadline.ongoing ? { ...deadline, due: '' } : deadline };
  });
}

/**
 * What 各区政府 means under a jurisdiction, for display: a city's district governments, or a province's city
 * governments. The server expands it again on confirm; this only shows the reviewer who takes part.
 */
export function districtsOf(jurisdictionCode: string | null, agencies: readonly AgencyListItem[]): AgencyChoice[] {
  if (!jurisdictionCode) return [];
  const districts = agencies.filter((a) => a.kind === 'district_government' && a.parentCode === jurisdictionCode);
  const units = districts.length > 0 ? districts : agencies.filter((a) => a.kind === 'government' && a.parentCode === jurisdictionCode);
  return units.map((a) => ({ code: a.code, name: a.name }));
}

/** A problem the reviewer must fix before confirming; `field` is the path the server would name. */
export interface Problem {
  field: string;
  key: MessageKey;
  vars?: Record<string, string | number>;
}

const measureKey = (number: string) =>
  number
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[.、．:：]+$/u, '');

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Due dates the server takes: a typing slip (`2205-12-31`) is not a deadline. */
const EARLIEST_DUE = '2000-01-01';
const LATEST_DUE = '2100-12-31';

/** A due date the server would take: empty (none), or a real date yyyy-mm-dd within 2000–2100. */
export function isDueDate(value: string): boolean {
  const due = value.trim();
  return due === '' || (isIsoDate(due) && due >= EARLIEST_DUE && due <= LATEST_DUE);
}

/**
 * Everything the server would refuse, checked before sending, with messages in the reader's language.
 * `ownAgencyCode`: a coordinator (not an admin) may only name their own agency as the plan's coordinator.
 */
export function validateDraft(draft: Draft, options: { ownAgencyCode?: string | null } = {}): Problem[] {
  const problems: Problem[] = [];
  if (!draft.meta.title.trim()) problems.push({ field: 'meta.title', key: 'validate.title' });
  if (draft.meta.issuedOn.trim() && !isIsoDate(draft.meta.issuedOn.trim())) problems.push({ field: 'meta.issuedOn', key: 'validate.issuedOn' });
  if (!draft.coordinatorCode) problems.push({ field: 'meta.coordinatorAgencyCode', key: 'validate.coordinator' });
  else if (options.ownAgencyCode && draft.coordinatorCode !== options.ownAgencyCode) {
    problems.push({ field: 'meta.coordinatorAgencyCode', key: 'validate.coordinatorOwn' });
  }
  const seen = new Set<string>();
  draft.measures.forEach((measure, i) => {
    const number = measure.number;
    const key = measureKey(number);
    if (seen.has(key)) problems.push({ field: `measures.${i}.number`, key: 'validate.numberRepeats', vars: { number } });
    seen.add(key);
    if (!measure.title.trim()) problems.push({ field: `measures.${i}.title`, key: 'validate.measureTitle', vars: { number } });
    const unresolved = unresolvedCount(measure);
    if (unresolved > 0) problems.push({ field: `measures.${i}.unresolved`, key: 'validate.measureUnresolved', vars: { number, n: unresolved } });
    else if (measure.leads.length === 0) problems.push({ field: `measures.${i}.leadCodes`, key: 'validate.measureLead', vars: { number } });
    if (measure.allDistricts && !draft.jurisdictionCode) problems.push({ field: `measures.${i}.allDistricts`, key: 'validate.allDistricts', vars: { number } });
    if (!measure.deadline.ongoing && !isDueDate(measure.deadline.due)) problems.push({ field: `measures.${i}.deadline.due`, key: 'validate.deadlineDue', vars: { number } });
  });
  return problems;
}

/** 完成时限 as `plan.confirm` takes it: 长期, a due date, or null when the row has neither. */
function deadlineOf({ text, due, ongoing }: DraftDeadline): PlanConfirmInput['measures'][number]['deadline'] {
  if (ongoing) return { text: text.trim(), due: null, ongoing: true };
  return due.trim() === '' ? null : { text: text.trim(), due: due.trim(), ongoing: false };
}

const codesOf = (agencies: DraftAgency[]) => [...new Set(agencies.flatMap((a) => (a.agency ? [a.agency.code] : [])))];

/** What `plan.confirm` takes: the reviewed rows with agencies by code. Call after `validateDraft` found nothing. */
export function toConfirmInput(draft: Draft): PlanConfirmInput {
  if (!draft.coordinatorCode) throw new Error('the coordinator is not chosen');
  if (unresolvedCount(draft) > 0) throw new Error('agency names are still unresolved');
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    sourceText: draft.sourceText,
    meta: {
      title: draft.meta.title.trim(),
      issuer: optional(draft.meta.issuer),
      documentNumber: optional(draft.meta.documentNumber),
      issuedOn: optional(draft.meta.issuedOn),
      coordinatorAgencyCode: draft.coordinatorCode,
      jurisdictionCode: draft.jurisdictionCode,
    },
    measures: draft.measures.map((m) => ({
      number: m.number,
      section: m.section,
      title: m.title.trim(),
      body: m.body,
      leadCodes: codesOf(m.leads),
      partnerCodes: codesOf(m.partners),
      allDistricts: m.allDistricts,
      kpis: m.kpis,
      deadline: deadlineOf(m.deadline),
    })),
  };
}
