import { z } from 'zod';
import { calendarYearInput } from '../services/calendar';
import { adminProcedure, authedProcedure, roleProcedure, router } from '../trpc';

/** The working-day calendar: holiday schedules (节假日安排, 调休) beyond the chinese-days package. */
export const calendarRouter = router({
  /** Enters (or replaces) a year's official holiday schedule, then recomputes open deadlines. Admins only. */
  setYear: adminProcedure
    .input(calendarYearInput)
    .mutation(({ ctx, input }) => ctx.services.calendar.enterYear(ctx.actor, input)),

  /** Covered years, the entered schedules, and the years open deadlines fall in without a schedule. */
  list: roleProcedure('admin', 'coordinator', 'auditor').query(({ ctx }) => ctx.services.calendar.overview(ctx.actor)),

  /** On a measure one may read: the years its open deadlines fall in that have no holiday schedule (`calendarUncovered`). */
  measure: authedProcedure
    .input(z.object({ measureId: z.uuid({ message: 'measureId must be a measure id (uuid)' }) }))
    .query(({ ctx, input }) => ctx.services.calendar.forMeasure(ctx.actor, input.measureId)),
});
