import { sql } from 'kysely';
import { buildWorkingCalendar, type CalendarYear, type WorkingCalendar } from '@liandong/domain';
import type { Executor } from './executor';

export interface EnteredCalendarYear extends CalendarYear {
  enteredBy: string;
  enteredAt: Date;
}

/** Stores a year's holiday schedule, replacing an earlier entry for that year. `replaced` says whether there was one. */
export async function upsertCalendarYear(db: Executor, entry: EnteredCalendarYear): Promise<{ replaced: boolean }> {
  const values = {
    year: entry.year,
    holidays: JSON.stringify(entry.holidays),
    workdays: JSON.stringify(entry.workdays),
    enteredBy: entry.enteredBy,
    enteredAt: entry.enteredAt,
  };
  const row = await db
    .insertInto('calendarYears')
    .values(values)
    .onConflict((oc) => oc.column('year').doUpdateSet({ holidays: values.holidays, workdays: values.workdays, enteredBy: values.enteredBy, enteredAt: values.enteredAt }))
    // xmax is set on the row version an ON CONFLICT update wrote, zero on a fresh insert.
    .returning(sql<boolean>`xmax <> 0`.as('replaced'))
    .executeTakeFirstOrThrow();
  return { replaced: row.replaced };
}

/** Every entered year, ascending. */
export async function listCalendarYears(db: Executor): Promise<EnteredCalendarYear[]> {
  return db.selectFrom('calendarYears').select(['year', 'holidays', 'workdays', 'enteredBy', 'enteredAt']).orderBy('year').execute();
}

/** The calendar in force: the chinese-days package's data with the entered years on top. */
export async function loadWorkingCalendar(db: Executor): Promise<WorkingCalendar> {
  return buildWorkingCalendar(await listCalendarYears(db));
}

/**
 * The open deadlines of the read model: each open measure's current cycle due date and the due
 * dates of its live assignments (an extension moves one agency's). Optionally for some measures only,
 * or only for plans one agency coordinates.
 */
export async function listOpenDeadlines(db: Executor, filter: { measureIds?: string[]; coordinatorAgencyId?: number } = {}): Promise<{ measureId: string; dueAt: Date }[]> {
  if (filter.measureIds?.length === 0) return [];
  let query = db
    .selectFrom('measures as m')
    .leftJoin('assignments as s', (join) => join.onRef('s.measureId', '=', 'm.id').on('s.status', 'not in', ['withdrawn', 'declined']))
    .select(['m.id as measureId', 'm.cycleDueAt', 's.dueAt'])
    .where('m.status', 'in', ['active', 'closure_requested']);
  if (filter.measureIds) query = query.where('m.id', 'in', filter.measureIds);
  if (filter.coordinatorAgencyId !== undefined) {
    const coordinatorAgencyId = filter.coordinatorAgencyId;
    query = query.where((eb) => eb.exists(eb.selectFrom('plans as p').select('p.id').whereRef('p.id', '=', 'm.planId').where('p.coordinatorAgencyId', '=', coordinatorAgencyId)));
  }
  const rows = await query.execute();
  const seen = new Set<string>();
  const deadlines: { measureId: string; dueAt: Date }[] = [];
  for (const row of rows) {
    for (const dueAt of [row.cycleDueAt, row.dueAt]) {
      if (!dueAt || seen.has(`${row.measureId}@${dueAt.getTime()}`)) continue;
      seen.add(`${row.measureId}@${dueAt.getTime()}`);
      deadlines.push({ measureId: row.measureId, dueAt });
    }
  }
  return deadlines;
}
