import type { AgencySeed } from './types';

/** How a name written in a plan maps onto the agency directory. */
export type AgencyResolution =
  | { status: 'resolved'; code: string; name: string; via: 'name' | 'alias' | 'normalized' }
  | { status: 'unknown'; name: string; suggestions: AgencySuggestion[] };

export interface AgencySuggestion {
  code: string;
  name: string;
  /** Similarity 0..1 between the written name and the agency's closest name or alias. */
  score: number;
}

export interface ResolutionContext {
  /**
   * The government whose plan is being read (`gz-gov` for 002, `gd-gov` for 003), or any agency under it.
   * Lets `商务局` / `广州市商务局` find `市商务局`, and `广东省商务厅` / `商务厅` find `省商务厅`.
   */
  jurisdictionCode?: string;
}

/** Suggestions below this similarity are noise (two short names sharing 市…局). */
export const SUGGESTION_THRESHOLD = 0.5;
const MAX_SUGGESTIONS = 3;

/** The agency with this code, if the directory has it. */
export function findAgency(code: string, directory: readonly AgencySeed[]): AgencySeed | undefined {
  return directory.find((agency) => agency.code === code);
}

/** Every district government (区政府) directly under a city government: what `各区政府` expands to. */
export function districtGovernmentsOf(jurisdictionCode: string, directory: readonly AgencySeed[]): AgencySeed[] {
  return directory.filter((agency) => agency.kind === 'district_government' && agency.parentCode === jurisdictionCode);
}

/** True for the collective `各区政府` (all district governments), which names no single agency. */
export function isAllDistrictGovernments(writtenName: string): boolean {
  return canonicalAgencyName(writtenName) === '各区政府';
}

/**
 * The comparison form of an agency name: full-width folded, no whitespace or brackets, `人民政府` → `政府`,
 * `中国人民银行` → `人民银行`, and trailing `等` / `等部门` / `等相关单位` dropped. A leadership group's
 * `成员单位` is the group itself: its office receives the assignment and involves the members.
 */
export function canonicalAgencyName(writtenName: string): string {
  let name = writtenName
    .normalize('NFKC')
    .replace(/[\s()[\]{}<>〈〉《》【】〔〕“”"'‘’]/gu, '')
    .replace(/人民政府/gu, '政府')
    .replace(/^中国人民银行/u, '人民银行')
    .replace(/等(?:相关|有关|其他)?(?:单位|部门)?$/u, '');
  if (name.endsWith('领导小组成员单位')) name = name.slice(0, -'成员单位'.length);
  return name;
}

/**
 * Resolves a written agency name against the directory: exact official name, exact alias, the canonical
 * form, then (with a jurisdiction) the name with its city/province prefix added or removed. Nothing is guessed:
 * a name that matches nothing, or more than one agency, comes back `unknown` with up to three close suggestions.
 */
export function resolveAgencyName(
  writtenName: string,
  directory: readonly AgencySeed[],
  context: ResolutionContext = {},
): AgencyResolution {
  const name = writtenName.trim();
  const index = indexOf(directory);

  const byName = index.byName.get(name);
  if (byName) return resolved(byName, 'name');
  const byAlias = index.byAlias.get(name);
  if (byAlias && byAlias.length === 1 && byAlias[0]) return resolved(byAlias[0], 'alias');

  const canonical = canonicalAgencyName(name);
  const byCanonical = index.byCanonical.get(canonical) ?? [];
  if (byCanonical.length === 1 && byCanonical[0]) return resolved(byCanonical[0], 'normalized');
  if (byCanonical.length > 1) return unknown(name, byCanonical.map((agency) => ({ agency, score: 1 })));

  for (const prefix of jurisdictionPrefixes(context.jurisdictionCode, index)) {
    const matches = uniqueAgencies(
      prefixVariants(canonical, prefix).flatMap((variant) => index.byCanonical.get(variant) ?? []),
    );
    if (matches.length === 1 && matches[0]) return resolved(matches[0], 'normalized');
    if (matches.length > 1) return unknown(name, matches.map((agency) => ({ agency, score: 1 })));
  }

  return unknown(name, closestAgencies(canonical, index));
}

interface DirectoryIndex {
  directory: readonly AgencySeed[];
  byCode: Map<string, AgencySeed>;
  byName: Map<string, AgencySeed>;
  byAlias: Map<string, AgencySeed[]>;
  byCanonical: Map<string, AgencySeed[]>;
  /** Every canonical form (name and aliases) of each agency, for suggestions. */
  forms: { agency: AgencySeed; canonical: string }[];
}

/** A jurisdiction's name prefix in full (广州市) and as plans abbreviate it inside their own jurisdiction (市). */
interface JurisdictionPrefix {
  full: string;
  short: string;
}

const indexCache = new WeakMap<readonly AgencySeed[], DirectoryIndex>();

function indexOf(directory: readonly AgencySeed[]): DirectoryIndex {
  const cached = indexCache.get(directory);
  if (cached) return cached;
  const index: DirectoryIndex = {
    directory,
    byCode: new Map(),
    byName: new Map(),
    byAlias: new Map(),
    byCanonical: new Map(),
    forms: [],
  };
  for (const agency of directory) {
    index.byCode.set(agency.code, agency);
    index.byName.set(agency.name, agency);
    for (const alias of agency.shortNames) push(index.byAlias, alias, agency);
    for (const form of new Set([agency.name, ...agency.shortNames].map(canonicalAgencyName))) {
      push(index.byCanonical, form, agency);
      index.forms.push({ agency, canonical: form });
    }
  }
  indexCache.set(directory, index);
  return index;
}

function push(map: Map<string, AgencySeed[]>, key: string, agency: AgencySeed): void {
  const list = map.get(key);
  if (!list) map.set(key, [agency]);
  else if (!list.includes(agency)) list.push(agency);
}

function uniqueAgencies(agencies: AgencySeed[]): AgencySeed[] {
  return [...new Set(agencies)];
}

/** Prefixes of the jurisdiction's government and each government above it, nearest first. */
function jurisdictionPrefixes(jurisdictionCode: string | undefined, index: DirectoryIndex): JurisdictionPrefix[] {
  const prefixes: JurisdictionPrefix[] = [];
  const seen = new Set<string>();
  let agency = jurisdictionCode === undefined ? undefined : index.byCode.get(jurisdictionCode);
  while (agency && !seen.has(agency.code)) {
    seen.add(agency.code);
    if (agency.kind === 'government' || agency.kind === 'district_government') {
      const full = canonicalAgencyName(agency.name).replace(/政府$/u, '');
      const short = full.slice(-1);
      if (full.length > 1 && '省市区县'.includes(short)) prefixes.push({ full, short });
    }
    agency = agency.parentCode === null ? undefined : index.byCode.get(agency.parentCode);
  }
  return prefixes;
}

/** `广州市商务局` → `市商务局`; `市商务局` → `广州市商务局`; `商务局` → `市商务局`, `广州市商务局`. */
function prefixVariants(canonical: string, prefix: JurisdictionPrefix): string[] {
  if (canonical.startsWith(prefix.full)) return [prefix.short + canonical.slice(prefix.full.length)];
  const variants = [prefix.short + canonical, prefix.full + canonical];
  if (canonical.startsWith(prefix.short)) variants.push(prefix.full + canonical.slice(prefix.short.length));
  return variants;
}

function closestAgencies(canonical: string, index: DirectoryIndex): { agency: AgencySeed; score: number }[] {
  if (canonical.length === 0) return [];
  const best = new Map<AgencySeed, number>();
  for (const form of index.forms) {
    const score = similarity(canonical, form.canonical);
    if (score > (best.get(form.agency) ?? 0)) best.set(form.agency, score);
  }
  return [...best]
    .map(([agency, score]) => ({ agency, score }))
    .filter((candidate) => candidate.score >= SUGGESTION_THRESHOLD);
}

/**
 * Similarity 0..1 of two names: the larger of the character-bigram Dice coefficient and the in-order
 * character overlap (2·LCS / total length). The second catches Chinese abbreviation, which drops characters
 * (市发改委 ⊂ 市发展改革委) and leaves too few shared bigrams for Dice alone.
 */
export function nameSimilarity(a: string, b: string): number {
  return similarity(canonicalAgencyName(a), canonicalAgencyName(b));
}

function similarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  return Math.max(bigramDice(a, b), (2 * longestCommonSubsequence(a, b)) / (a.length + b.length));
}

function bigrams(text: string): string[] {
  const chars = [...text];
  return chars.slice(1).map((char, i) => `${chars[i]}${char}`);
}

function bigramDice(a: string, b: string): number {
  const left = bigrams(a);
  const right = bigrams(b);
  if (left.length === 0 || right.length === 0) return 0;
  const remaining = new Map<string, number>();
  for (const gram of right) remaining.set(gram, (remaining.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of left) {
    const count = remaining.get(gram) ?? 0;
    if (count > 0) {
      shared += 1;
      remaining.set(gram, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

function longestCommonSubsequence(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let previous = new Array<number>(right.length + 1).fill(0);
  for (const char of left) {
    const current = new Array<number>(right.length + 1).fill(0);
    right.forEach((other, j) => {
      current[j + 1] = char === other ? (previous[j] ?? 0) + 1 : Math.max(previous[j + 1] ?? 0, current[j] ?? 0);
    });
    previous = current;
  }
  return previous[right.length] ?? 0;
}

function resolved(agency: AgencySeed, via: 'name' | 'alias' | 'normalized'): AgencyResolution {
  return { status: 'resolved', code: agency.code, name: agency.name, via };
}

function unknown(name: string, candidates: { agency: AgencySeed; score: number }[]): AgencyResolution {
  const suggestions = candidates
    .map(({ agency, score }) => ({ code: agency.code, name: agency.name, score: Math.round(score * 1000) / 1000 }))
    .sort((x, y) => y.score - x.score)
    .slice(0, MAX_SUGGESTIONS);
  return { status: 'unknown', name, suggestions };
}
