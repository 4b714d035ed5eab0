import { z } from 'zod';
import { calendarYearSchema } from '@liandong/domain';
import { createCalendarService } from '../services/calendar';
import { createMeasureService } from '../services/measures';
import type { ApiContext } from '../context';
import { authedProcedure, roleProcedure, router } from '../trpc';

/**
 * Deadlines are recomputed here only when the host lends its cached calendar (the one its worker reads):
 * recomputed against a stale cache they would keep the old dates. Without it, the process's own re-read
 * (within a minute, see `createCalendarProvider`'s onChange in `start`) recomputes them.
 */
const calendarService = (ctx: ApiContext) =>
  createCalendarService({ db: ctx.db, measures: ctx.calendar ? createMeasureService({ db: ctx.db, temporal: ctx.temporal }) : undefined, calendar: ctx.calendar });

/** The working-day calendar: holiday schedules (节假日安排, 调休) beyond the chinese-days package. */
export const calendarRouter = router({
  /** Enters (or replaces) a year's official holiday schedule, then recomputes open deadlines. Admins only. */
  setYear: roleProcedure('admin')
    .input(calendarYearSchema)
    .mutation(({ ctx, input }) => calendarService(ctx).enterYear(ctx.actor, input)),

  /** Covered years, the entered schedules, and the years open deadlines fall in without a schedule. */
  list: roleProcedure('admin', 'coordinator', 'auditor').query(({ ctx }) => calendarService(ctx).overview(ctx.actor)),

  /** On a measure: the years its open deadlines fall in that have no holiday schedule (`calendarUncovered`). */
  measure: authedProcedure
    .input(z.object({ measureId: z.uuid({ message: 'measureId must be a measure id (uuid)' }) }))
    .query(({ ctx, input }) => calendarService(ctx).forMeasure(input.measureId)),
});
