import { z } from 'zod';
import { apiRateLimitSetting } from '@liandong/api';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  TEMPORAL_ADDRESS: z.string().min(1, 'TEMPORAL_ADDRESS must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Each API token's allowance: requests per seconds (`120/60`). */
  LIANDONG_API_RATE_LIMIT: apiRateLimitSetting,
});

export type ServerEnv = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
