import { sql } from 'kysely';
import { publicProcedure, router } from '../trpc';

export const systemRouter = router({
  /** Whether PostgreSQL and Temporal answer: what /readyz reports, for the portal's status badge. */
  status: publicProcedure.query(async ({ ctx }) => {
    const database = await sql`select 1`.execute(ctx.db).then(() => true, () => false);
    const temporal = await ctx.temporal.workflowService.getSystemInfo({}).then(() => true, () => false);
    return { database, temporal };
  }),
});
