import { z } from 'zod';
import { apiRateLimitSetting } from '@liandong/api';

const url = z.string({ message: 'must be set to a postgres:// URL' }).url({ message: 'must be a postgres:// URL' });

const schema = z.object({
  /** The app role (liandong_app or a member of it): the API reads and appends, it never migrates. */
  DATABASE_URL: url,
  TEMPORAL_ADDRESS: z.string({ message: 'must be set to host:port' }).min(1, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1, 'must be a port number').max(65535, 'must be a port number').default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Each API token's allowance: requests per seconds (`120/60`). */
  LIANDONG_API_RATE_LIMIT: apiRateLimitSetting,
  /**
   * Signs audit checkpoints (the key `liandong start` keeps in its data directory, or one of your own). Unset,
   * no checkpoints are signed here and verification reports signatures unchecked.
   */
  LIANDONG_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  /**
   * Commands this process sends to one measure's workflow at a time; the rest queue here. Temporal takes at most
   * 10 Updates in flight per workflow, so API processes × this must stay below 10 (4 suits two processes).
   */
  LIANDONG_UPDATES_IN_FLIGHT: z.coerce.number({ message: 'must be a whole number from 1 to 9' }).int('must be a whole number from 1 to 9').min(1, 'must be a whole number from 1 to 9').max(9, 'must be a whole number from 1 to 9').default(4),
});

export type ServerEnv = z.infer<typeof schema>;

/** Reads and validates the environment once; a bad value names the variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
