import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { CalendarDay } from '@liandong/domain';

/** One year's official holiday schedule as an admin entered it; it replaces the chinese-days package's data for that year. */
export interface CalendarYearsTable {
  year: number;
  /** Days off, validated by `calendarYearSchema`; written as JSON text. */
  holidays: ColumnType<CalendarDay[], string, string>;
  /** Weekend days worked in lieu (调休上班). */
  workdays: ColumnType<CalendarDay[], string, string>;
  /** Who entered it: a username, or `shell:<os user>` from the CLI. */
  enteredBy: string;
  enteredAt: ColumnType<Date, Date | undefined, Date>;
}

export type CalendarYearRow = Selectable<CalendarYearsTable>;
export type NewCalendarYearRow = Insertable<CalendarYearsTable>;
export type CalendarYearRowUpdate = Updateable<CalendarYearsTable>;
