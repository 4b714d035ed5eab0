// Input checks shared by every command: texts are bounded and NUL-free, instants parse and are
// plausible, agency ids are positive integers. A failure names the field.
import type { Refusal } from './types';

/** Thrown inside the core and turned into a refusal at its edge; never escapes `decide`. */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export const LIMITS = {
  /** Titles, names, reasons shown in lists. */
  shortText: 500,
  /** Report sections, evidence, descriptions. */
  longText: 20_000,
  agencyIds: 100,
  kpis: 100,
  openSubtasks: 300,
  openIssues: 100,
  openEscalations: 100,
  /** Closed cycles still in play per agency (a report awaiting review, or still owed). */
  carriedCyclesPerAgency: 3,
  rememberedUpdateIds: 500,
  withdrawnAssignmentsKept: 30,
} as const;

export const forbid = (message: string): never => {
  throw new Refused({ kind: 'Forbidden', message });
};
export const illegal = (message: string): never => {
  throw new Refused({ kind: 'InvalidTransition', message });
};
export const invalid = (field: string, message: string): never => {
  throw new Refused({ kind: 'InvalidInput', field, message: `${field}: ${message}` });
};

// Lone surrogates cannot be stored as UTF-8; NUL cannot be stored in PostgreSQL text.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function text(field: string, value: unknown, options: { required?: boolean; max?: number } = {}): string {
  if (typeof value !== 'string') return invalid(field, 'must be text');
  const max = options.max ?? LIMITS.shortText;
  if (UNSTORABLE.test(value)) return invalid(field, 'contains a character that cannot be stored (NUL or a broken surrogate)');
  if (value.length > max) return invalid(field, `is ${value.length} characters long; at most ${max} are allowed`);
  if (options.required && !value.trim()) return invalid(field, 'must not be empty');
  return value;
}

const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const LATEST = Date.parse('2200-01-01T00:00:00Z');

/** An ISO 8601 instant between 2000 and 2200; returns it in milliseconds. */
export function instant(field: string, value: unknown): number {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return invalid(field, 'must be an ISO 8601 date-time such as 2026-12-31T16:00:00Z');
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return invalid(field, 'is not a valid date-time');
  if (ms < EARLIEST || ms >= LATEST) return invalid(field, 'must lie between the years 2000 and 2199');
  return ms;
}

export function agencyId(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 2_147_483_647) return invalid(field, 'must be an agency id (a positive whole number)');
  return value;
}

export function agencyIds(field: string, value: unknown, options: { min: number }): number[] {
  if (!Array.isArray(value)) return invalid(field, 'must be a list of agency ids');
  if (value.length < options.min) return invalid(field, `name at least ${options.min} agency`);
  if (value.length > LIMITS.agencyIds) return invalid(field, `at most ${LIMITS.agencyIds} agencies`);
  const ids = value.map((v, i) => agencyId(`${field}[${i}]`, v));
  if (new Set(ids).size !== ids.length) return invalid(field, 'names an agency twice');
  return ids;
}

export function kpiValues(field: string, value: unknown): { metric: string; value: number }[] {
  if (!Array.isArray(value)) return invalid(field, 'must be a list of { metric, value }');
  if (value.length > LIMITS.kpis) return invalid(field, `at most ${LIMITS.kpis} values`);
  return value.map((kpi: unknown, i) => {
    if (typeof kpi !== 'object' || kpi === null) return invalid(`${field}[${i}]`, 'must be { metric, value }');
    const { metric, value: v } = kpi as { metric?: unknown; value?: unknown };
    const name = text(`${field}[${i}].metric`, metric, { required: true });
    if (typeof v !== 'number' || !Number.isFinite(v)) return invalid(`${field}[${i}].value`, 'must be a finite number');
    return { metric: name, value: v };
  });
}

export function oneOf<T extends string | boolean>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) return invalid(field, `must be one of ${allowed.map(String).join(', ')}`);
  return value as T;
}

export function id(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) return invalid(field, 'must be an id');
  return value;
}
