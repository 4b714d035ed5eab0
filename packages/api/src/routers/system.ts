import { sql } from 'kysely';
import { listStuckMeasures } from '../services/measures';
import { publicProcedure, roleProcedure, router } from '../trpc';

export const systemRouter = router({
  /** Whether PostgreSQL and Temporal answer: what /readyz reports, for the portal's status badge. */
  status: publicProcedure.query(async ({ ctx }) => {
    const database = await sql`select 1`.execute(ctx.db).then(() => true, () => false);
    const temporal = await ctx.temporal.workflowService.getSystemInfo({}).then(() => true, () => false);
    return { database, temporal };
  }),
  /** Measures whose workflow cannot record what it decided (the log says why, at error): for the admin to look into. */
  stuckMeasures: roleProcedure('admin').query(({ ctx }) => listStuckMeasures(ctx.temporal)),
});
