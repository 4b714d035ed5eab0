// Text as every procedure takes it. PostgreSQL cannot hold NUL in text or jsonb, and a lone surrogate is
// no Unicode at all: the driver stores U+FFFD in its place, so what is kept (or hashed) differs from what
// was sent. Every free-text field is built here, so none can carry either.
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = 'contains a character that cannot be stored (NUL or a broken surrogate)';

/** Whether PostgreSQL can store the text as it is: no NUL, no lone surrogate. */
export const isStorable = (value: string): boolean => !UNSTORABLE.test(value);

export interface TextRules {
  /** Strips surrounding whitespace before the length checks (names, titles, codes); never for documents. */
  trim?: boolean;
  /** Fewest characters, after trimming. */
  min?: number;
  /** Messages naming the field the way its form does; the defaults are relative to the field's path. */
  notText?: string;
  tooShort?: string;
  tooLong?: string;
}

/**
 * A free-text field of at most `max` characters (UTF-16 units, as JavaScript counts) that PostgreSQL can
 * store. Chain on it as on any `z.string()` (`.optional()`, `.regex(…)`, `.default('')`).
 */
export function text(max: number, rules: TextRules = {}) {
  let schema = z.string({ message: rules.notText ?? 'must be text' });
  if (rules.trim) schema = schema.trim();
  if (rules.min !== undefined && rules.min > 0) {
    schema = schema.min(rules.min, { message: rules.tooShort ?? (rules.min === 1 ? 'must not be empty' : `at least ${rules.min} characters are needed`) });
  }
  return schema.max(max, { message: rules.tooLong ?? `at most ${max} characters are allowed` }).refine(isStorable, { message: UNSTORABLE_MESSAGE });
}

/**
 * For a schema owned elsewhere (the domain's holiday schedule): refuses NUL or a lone surrogate in any
 * string the parsed value holds, naming its path, as `text()` does for the fields built with it.
 */
export function storableStrings<T extends z.ZodType>(schema: T) {
  return schema.superRefine((value, ctx) => {
    for (const path of unstorablePaths(value)) ctx.addIssue({ code: 'custom', path, message: UNSTORABLE_MESSAGE });
  });
}

function unstorablePaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return isStorable(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorablePaths(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => unstorablePaths(item, [...path, key]));
  return [];
}

const NOT_A_PAGE_TOKEN = 'cursor must be a page token this list returned';
/** What a paged list handed out as `next` (base64url); the service checks the position it decodes to. */
export const pageToken = z
  .string({ message: NOT_A_PAGE_TOKEN })
  .max(512, { message: NOT_A_PAGE_TOKEN })
  .regex(/^[A-Za-z0-9_-]*$/, { message: NOT_A_PAGE_TOKEN });
