import { publicProcedure, roleProcedure, router } from '../trpc';

export const systemRouter = router({
  /** Whether PostgreSQL and Temporal answer: what /readyz reports, for the portal's status badge. */
  status: publicProcedure.query(({ ctx }) => ctx.services.system.status()),
  /** Measures whose workflow cannot record what it decided (the log says why, at error): for the admin to look into. */
  stuckMeasures: roleProcedure('admin').query(({ ctx }) => ctx.services.system.stuckMeasures()),
});
