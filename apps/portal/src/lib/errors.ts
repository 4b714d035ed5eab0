import type { Lang } from './messages';

/** One input the server refused, by its path (`meta.title`, `measures.2.leadCodes.0`). */
export interface FieldError {
  field: string;
  message: string;
}

/** What a failed call says, read from a tRPC client error (or anything else thrown). */
export interface ApiFailure {
  /** tRPC code: UNAUTHORIZED, FORBIDDEN, BAD_REQUEST, TOO_MANY_REQUESTS …; null when the server was not reached. */
  code: string | null;
  message: string;
  fields: FieldError[];
}

interface ErrorData {
  code?: unknown;
  fields?: unknown;
}

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && typeof (value as FieldError).field === 'string' && typeof (value as FieldError).message === 'string';
}

export function apiFailure(error: unknown): ApiFailure {
  const data = (typeof error === 'object' && error !== null ? (error as { data?: ErrorData | null }).data : null) ?? null;
  const code = typeof data?.code === 'string' ? data.code : null;
  const fields = Array.isArray(data?.fields) ? data.fields.filter(isFieldError) : [];
  const message = error instanceof Error ? error.message : String(error);
  return { code, message, fields };
}

export const isUnauthorized = (error: unknown) => apiFailure(error).code === 'UNAUTHORIZED';

/** Client errors (4xx) will not succeed on retry; network and server errors may. */
export function isRetryable(error: unknown): boolean {
  const status = typeof error === 'object' && error !== null ? (error as { data?: { httpStatus?: unknown } | null }).data?.httpStatus : undefined;
  return typeof status !== 'number' || status >= 500;
}

/**
 * Server messages meant for people come as `中文 / English` (e.g. the sign-in rate limit): show the half in the
 * reader's language. Anything else is shown as sent.
 */
export function localizeMessage(message: string, lang: Lang): string {
  const match = /^(.*\p{Script=Han}.*?) \/ (\P{Script=Han}+)$/su.exec(message.trim());
  if (!match?.[1] || !match[2]) return message;
  return lang === 'en' ? match[2] : match[1];
}

/** The field errors under a path prefix, keyed by the rest of the path (`measures.` → `0.leadCodes`). */
export function fieldsUnder(fields: readonly FieldError[], prefix: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const { field, message } of fields) {
    if (field.startsWith(prefix) && !found.has(field.slice(prefix.length))) found.set(field.slice(prefix.length), message);
  }
  return found;
}
