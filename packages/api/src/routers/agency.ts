import { z } from 'zod';
import { text } from '../inputs';
import { publicProcedure, router } from '../trpc';

const LEVELS = ['national', 'province', 'city', 'district', 'zone', 'other'] as const;

export const agencyListInput = z
  .object({
    search: text(100, { trim: true, tooLong: 'search is at most 100 characters' }).optional(),
    level: z.enum(LEVELS, { message: `level must be one of ${LEVELS.join(', ')}` }).optional(),
    parentCode: text(64, { trim: true, tooLong: 'parentCode is at most 64 characters' }).optional(),
  })
  .default({});

export const agencyRouter = router({
  /** The agency directory, filtered by name, level or parent. */
  list: publicProcedure.input(agencyListInput).query(({ ctx, input }) => ctx.services.agencies.list(input)),
});
