import path from 'node:path';
import { z } from 'zod';
import { apiRateLimitSetting } from '@liandong/domain/integrations';
import { findRepoRoot } from '@liandong/devstack';

const port = (fallback: number) => z.coerce.number().int().min(1, 'must be a port number').max(65535, 'must be a port number').default(fallback);

const schema = z.object({
  /** With DATABASE_URL: the owner, who runs migrations. */
  DATABASE_URL: z.string().url({ message: 'must be a postgres:// URL' }).optional(),
  /** With DATABASE_URL: the app role (liandong_app or a member of it) everything else runs as. */
  LIANDONG_APP_DATABASE_URL: z.string().url({ message: 'must be a postgres:// URL' }).optional(),
  /** Signs audit checkpoints; unset, a random key is created once in the data directory. */
  LIANDONG_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  LIANDONG_DATA_DIR: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: port(3000),
  LIANDONG_PG_PORT: port(54329),
  LIANDONG_TEMPORAL_PORT: port(7244),
  LIANDONG_TEMPORAL_UI_PORT: port(8244),
  /** Each API token's allowance: requests per seconds (`120/60`). */
  LIANDONG_API_RATE_LIMIT: apiRateLimitSetting,
  /** Demo users and plans: unset means on for the embedded PostgreSQL, off for DATABASE_URL (see demo.ts). */
  LIANDONG_DEMO: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional(),
});

export type StartEnv = z.infer<typeof schema> & { dataDir: string };

/** Reads and validates the environment once; a bad value names the variable. */
export function readStartEnv(source: NodeJS.ProcessEnv = process.env): StartEnv {
  const parsed = schema
    .refine((e) => !e.LIANDONG_APP_DATABASE_URL || e.DATABASE_URL, { path: ['LIANDONG_APP_DATABASE_URL'], message: 'needs DATABASE_URL (the embedded PostgreSQL sets up its own app role)' })
    .safeParse(source);
  if (!parsed.success) {
    throw new Error(`bad environment: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  const dataDir = path.resolve(parsed.data.LIANDONG_DATA_DIR ?? path.join(findRepoRoot(), '.data'));
  return { ...parsed.data, dataDir };
}

const userSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'must be a postgres:// URL' }).optional(),
  LIANDONG_PG_PORT: port(54329),
  /** The new password for `liandong user create / reset-password`, where no terminal can prompt. */
  LIANDONG_PASSWORD: z.string().optional(),
});

export type UserCommandEnv = z.infer<typeof userSchema>;

/** The environment of `liandong user …`: which database, and optionally the password. */
export function readUserCommandEnv(source: NodeJS.ProcessEnv = process.env): UserCommandEnv {
  const parsed = userSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`bad environment: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const integrationSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'must be a postgres:// URL' }).optional(),
  LIANDONG_PG_PORT: port(54329),
  /** Where `liandong webhook …` wakes an endpoint's delivery workflow: else the Temporal of a running `pnpm start`. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  LIANDONG_TEMPORAL_PORT: port(7244),
});

export type IntegrationCommandEnv = z.infer<typeof integrationSchema>;

/** The environment of `liandong token|webhook …`: which database, and which Temporal. */
export function readIntegrationCommandEnv(source: NodeJS.ProcessEnv = process.env): IntegrationCommandEnv {
  const parsed = integrationSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`bad environment: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const auditSchema = z.object({
  /** The audit key, to check an export's checkpoint signature (the one `pnpm start` signs with). */
  LIANDONG_AUDIT_KEY: z.string().optional(),
});

export type AuditCommandEnv = z.infer<typeof auditSchema>;

/** The environment of `liandong audit …`: only the audit key, which `--key-file` overrides. */
export function readAuditCommandEnv(source: NodeJS.ProcessEnv = process.env): AuditCommandEnv {
  return auditSchema.parse(source);
}
