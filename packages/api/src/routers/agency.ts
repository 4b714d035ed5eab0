import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

const LEVELS = ['national', 'province', 'city', 'district', 'zone', 'other'] as const;

export const agencyListInput = z
  .object({
    search: z.string().trim().max(100, 'search is at most 100 characters').optional(),
    level: z.enum(LEVELS, { message: `level must be one of ${LEVELS.join(', ')}` }).optional(),
    parentCode: z.string().trim().max(64).optional(),
  })
  .default({});

export const agencyRouter = router({
  /** The agency directory, filtered by name, level or parent. */
  list: publicProcedure.input(agencyListInput).query(({ ctx, input }) => ctx.services.agencies.list(input)),
});
