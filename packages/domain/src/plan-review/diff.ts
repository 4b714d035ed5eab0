/** A quantitative target as compared between two imports (the clause it was read from is not compared). */
export interface KpiFacts {
  metric: string;
  target: number;
  unit: string;
  comparator: '>=' | '<=' | '=';
  deadline: number | null;
}

/** One measure as two imports are compared: agencies by code (or, while unresolved, by the name as written). */
export interface MeasureFacts {
  number: string;
  title: string;
  body: string;
  leads: string[];
  /** Named partners; when `allDistricts`, the district governments it expands to are implied, not listed. */
  partners: string[];
  allDistricts: boolean;
  kpis: KpiFacts[];
  /** 完成时限 as compared: the due date (yyyy-mm-dd), `ongoing` (长期), or null; the phrase as written is not compared. */
  deadline: string | null;
  /** A stored measure a revision removed: kept, never deleted, because its workflow has a history. */
  withdrawn?: boolean;
}

/** A plan as two imports are compared. Fields left undefined are not compared (e.g. a coordinator not yet chosen). */
export interface PlanFacts {
  title: string | null;
  issuer: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
  coordinatorCode?: string;
  jurisdictionCode?: string | null;
  reportingPolicy?: unknown;
  measures: MeasureFacts[];
}

export const MEASURE_FIELDS = ['title', 'body', 'leads', 'partners', 'allDistricts', 'kpis', 'deadline'] as const;
export type MeasureField = (typeof MEASURE_FIELDS)[number];

export const PLAN_FIELDS = ['title', 'issuer', 'documentNumber', 'issuedOn', 'coordinatorCode', 'jurisdictionCode', 'reportingPolicy'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export interface FieldChange<F extends string> {
  field: F;
  before: unknown;
  after: unknown;
}

export interface MeasureChange {
  number: string;
  /** The incoming title, so a reader knows which measure this is. */
  title: string;
  changes: FieldChange<MeasureField>[];
}

/** What a re-import would change: measures matched by number. */
export interface PlanDiff {
  plan: FieldChange<PlanField>[];
  /** In the incoming document only (or withdrawn before and back now). */
  added: MeasureFacts[];
  /** Stored and active, missing from the incoming document: they will be withdrawn. */
  removed: MeasureFacts[];
  changed: MeasureChange[];
  unchangedCount: number;
  /** Plan fields changed + measures added, removed and changed; 0 means the re-import changes nothing. */
  changeCount: number;
}

/**
 * A measure's deadline (完成时限) as two imports compare it: its due date, `ongoing` for 长期, null for none. Two
 * phrases for the same date (`2025年底前`, `2025年12月31日前`) are the same deadline.
 */
export function deadlineFact(deadline: { due: string | null; ongoing: boolean } | null): string | null {
  if (deadline === null) return null;
  return deadline.ongoing ? 'ongoing' : deadline.due;
}

/** The form of a measure number two imports are matched on: `（二）` = `(二)`, `1.` = `1`. */
export function measureKey(number: string): string {
  return number.normalize('NFKC').replace(/\s+/gu, '').replace(/[.、．:：]+$/u, '');
}

/** Compares a stored plan with an incoming import of the same document. Pure. */
export function diffPlans(stored: PlanFacts, incoming: PlanFacts): PlanDiff {
  const plan: FieldChange<PlanField>[] = [];
  for (const field of PLAN_FIELDS) {
    const before = stored[field];
    const after = incoming[field];
    if (before === undefined || after === undefined) continue;
    if (canonicalJson(before) !== canonicalJson(after)) plan.push({ field, before, after });
  }

  const storedByKey = new Map(stored.measures.map((measure) => [measureKey(measure.number), measure]));
  const incomingKeys = new Set<string>();
  const added: MeasureFacts[] = [];
  const changed: MeasureChange[] = [];
  let unchangedCount = 0;
  for (const measure of incoming.measures) {
    const key = measureKey(measure.number);
    if (incomingKeys.has(key)) continue;
    incomingKeys.add(key);
    const before = storedByKey.get(key);
    if (!before || before.withdrawn) {
      added.push(measure);
      continue;
    }
    const changes = MEASURE_FIELDS.filter((field) => !sameField(field, before, measure)).map((field) => ({
      field,
      before: before[field],
      after: measure[field],
    }));
    if (changes.length > 0) changed.push({ number: measure.number, title: measure.title, changes });
    else unchangedCount += 1;
  }
  const removed = stored.measures.filter((measure) => !measure.withdrawn && !incomingKeys.has(measureKey(measure.number)));

  return { plan, added, removed, changed, unchangedCount, changeCount: plan.length + added.length + removed.length + changed.length };
}

function sameField(field: MeasureField, a: MeasureFacts, b: MeasureFacts): boolean {
  switch (field) {
    case 'title':
    case 'body':
      return a[field].trim() === b[field].trim();
    case 'allDistricts':
      return a.allDistricts === b.allDistricts;
    case 'deadline':
      return a.deadline === b.deadline;
    case 'leads':
    case 'partners':
      // Order of units within a clause carries no meaning once leads and partners are split.
      return canonicalJson([...new Set(a[field])].sort()) === canonicalJson([...new Set(b[field])].sort());
    case 'kpis':
      return canonicalJson(a.kpis.map(kpiKey).sort()) === canonicalJson(b.kpis.map(kpiKey).sort());
  }
}

function kpiKey(kpi: KpiFacts): string {
  return canonicalJson([kpi.metric, kpi.target, kpi.unit, kpi.comparator, kpi.deadline]);
}

/** JSON with object keys sorted, so equal values compare equal whatever order their keys were built in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}

/** Named partners without the district governments `各区政府` already implies: what a diff compares. */
export function withoutImpliedDistricts(partners: readonly string[], allDistricts: boolean, districtCodes: readonly string[]): string[] {
  return allDistricts ? partners.filter((code) => !districtCodes.includes(code)) : [...partners];
}
