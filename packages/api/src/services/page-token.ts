import { z } from 'zod';
import { AppError } from '../errors';

// An opaque page token: base64url JSON of a keyset position. The client may send anything back, so a token is
// checked in full before its position reaches SQL: every value must be one PostgreSQL takes as its type.

export function encodePageToken(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a token holds, or null without one; anything else is a BAD_INPUT naming `cursor`. */
export function decodePageToken<T>(token: string | undefined, schema: z.ZodType<T>): T | null {
  if (token === undefined) return null;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const parsed = schema.safeParse(position);
  if (!parsed.success) throw new AppError('BAD_INPUT', 'not a page token this list returned', 'cursor');
  return parsed.data;
}

/**
 * A keyset timestamp as the queries write it (`utcText`: UTC, microseconds) that is a real instant: no
 * month 13, no 30 February, no 24:00, no year 0 (which PostgreSQL does not have).
 */
export const keysetTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((text) => {
    if (text.startsWith('0000')) return false;
    const ms = Date.parse(`${text.slice(0, 23)}Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 23) === text.slice(0, 23);
  });
