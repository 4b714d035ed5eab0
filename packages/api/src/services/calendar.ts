import { randomUUID } from 'node:crypto';
import {
  buildWorkingCalendar,
  calendarYearSchema,
  canReadMeasure,
  hasRole,
  isReadOnly,
  mayAdminister,
  PACKAGE_CALENDAR_DATA,
  uncoveredYears,
  WorkingCalendar,
  type Actor,
  type CalendarYear,
  type MeasureParticipants,
} from '@liandong/domain';
import type { Db } from '@liandong/db';
import { appendAuditEvent, findMeasureParticipants, listCalendarYears, listOpenDeadlines, loadWorkingCalendar, upsertCalendarYear } from '@liandong/db/queries';
import { AppError, ForbiddenError, NotFoundError, READ_ONLY_MESSAGE } from '../errors';
import { storableStrings } from '../inputs';
import { FORBIDDEN_READ, type MeasureService } from './measures';

/** A year's holiday schedule as `calendar.setYear` and the CLI take it: the domain's rules, and names PostgreSQL can store. */
export const calendarYearInput = storableStrings(calendarYearSchema);

/** The process's cached calendar (the worker's activities read it); `refresh` re-reads the entered years now. */
export interface CalendarSource {
  refresh(): Promise<WorkingCalendar>;
}

/** The cached calendar as `liandong start` holds it (`createCalendarProvider`): read at once, refreshed on demand. */
export interface ProcessCalendar extends CalendarSource {
  current(): WorkingCalendar;
}

export interface CalendarYearEntered {
  year: number;
  /** An earlier entry for the year was replaced. */
  replaced: boolean;
  /** The calendar's version before and after: equal when the entry changed no date. */
  previousVersion: string;
  version: string;
  /**
   * Open measures whose deadlines were recomputed with the new calendar; null when this process does not
   * run them (the CLI): the running Liandong recomputes when its calendar re-read sees the entry.
   */
  recomputed: number | null;
  /** Set when the entry was stored but the recompute failed (e.g. Temporal unreachable); the next start retries it. */
  recomputeFailed: string | null;
}

export interface CalendarOverview {
  /** The calendar in force (what open deadlines must have been computed with). */
  version: string;
  /** Years with holiday data, ascending: the package's and the entered ones. */
  coveredYears: number[];
  /** The years the chinese-days package has data for. */
  packageYears: { from: number; to: number };
  entered: {
    year: number;
    holidays: CalendarYear['holidays'];
    workdays: CalendarYear['workdays'];
    enteredBy: string;
    enteredAt: string;
    /** The package has data for this year too: the entry replaces it. */
    replacesPackage: boolean;
  }[];
  /** Years open deadlines fall in that have no holiday schedule: they count only weekends as days off. */
  uncovered: { year: number; measureCount: number }[];
}

let packageYears: number[] | undefined;
const packageCoveredYears = () => (packageYears ??= [...new WorkingCalendar(PACKAGE_CALENDAR_DATA).coveredYears]);

/** Who sees which measures' gaps: admins and auditors all, a coordinator the plans their agency coordinates. */
function deadlineScope(actor: Actor): { coordinatorAgencyId?: number } | null {
  if (hasRole(actor, 'admin', 'auditor')) return {};
  if (hasRole(actor, 'coordinator')) return { coordinatorAgencyId: actor.agencyId };
  return null;
}

/**
 * The working-day calendar beyond the chinese-days package: an admin enters a year's official holiday
 * schedule (国务院办公厅 notice); open deadlines are then recomputed, and deadlines in years without a
 * schedule are reported.
 */
export function createCalendarService({
  db,
  measures,
  parties,
  calendar,
  clock = () => new Date(),
}: {
  db: Db;
  /** Absent (the CLI), open deadlines are left to the running system's calendar re-read. */
  measures?: Pick<MeasureService, 'recomputeStaleDeadlines'>;
  /**
   * Who stands on a measure, as the measure page's policy check sees them (a measure outside any plan asks its
   * workflow). Absent (the CLI), the read model alone answers.
   */
  parties?: Pick<MeasureService, 'participants'>;
  /** The process's cached calendar; without one, the calendar is read from the database. */
  calendar?: CalendarSource;
  clock?: () => Date;
}) {
  /** Years of open deadlines with no schedule, each with the measures whose deadlines fall in it. */
  async function gaps(scope: { coordinatorAgencyId?: number }, current?: WorkingCalendar): Promise<{ year: number; measureIds: string[] }[]> {
    const cal = current ?? (await loadWorkingCalendar(db));
    const byYear = new Map<number, Set<string>>();
    for (const { measureId, dueAt } of await listOpenDeadlines(db, scope)) {
      for (const year of uncoveredYears(cal, [dueAt])) {
        if (!byYear.has(year)) byYear.set(year, new Set());
        byYear.get(year)!.add(measureId);
      }
    }
    return [...byYear].sort(([a], [b]) => a - b).map(([year, ids]) => ({ year, measureIds: [...ids].sort() }));
  }

  return {
    /** Admins only. Validates, stores and audits the schedule in one transaction, then recomputes open deadlines. */
    async enterYear(actor: Actor, input: unknown): Promise<CalendarYearEntered> {
      if (!mayAdminister(actor)) throw new ForbiddenError(isReadOnly(actor) ? READ_ONLY_MESSAGE : 'only an admin may enter a holiday schedule');
      const parsed = calendarYearInput.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new AppError('BAD_INPUT', issue.message, issue.path.map(String).join('.') || '(input)');
      }
      const schedule = parsed.data;
      const enteredAt = clock();
      const { replaced, previousVersion, version } = await db.transaction().execute(async (trx) => {
        const before = await listCalendarYears(trx);
        const { replaced } = await upsertCalendarYear(trx, { ...schedule, enteredBy: actor.username, enteredAt });
        await appendAuditEvent(trx, {
          eventKey: `calendar.year_entered:${schedule.year}:${randomUUID()}`,
          occurredAt: enteredAt,
          actor: actor.username,
          actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
          action: 'calendar.year_entered',
          subjectType: 'calendar',
          subjectId: String(schedule.year),
          measureId: null,
          payload: { ...schedule, replaced },
          workflowId: null,
          runId: null,
        });
        const after = [...before.filter((y) => y.year !== schedule.year), schedule];
        return { replaced, previousVersion: buildWorkingCalendar(before).version, version: buildWorkingCalendar(after).version };
      });
      // The worker's activities read the cached calendar: refresh it before deadlines are recomputed with it.
      const entered = { year: schedule.year, replaced, previousVersion, version };
      if (!measures) return { ...entered, recomputed: null, recomputeFailed: null };
      const current = calendar ? await calendar.refresh() : await loadWorkingCalendar(db);
      try {
        const { recomputed } = await measures.recomputeStaleDeadlines(actor, current);
        return { ...entered, recomputed: recomputed.length, recomputeFailed: null };
      } catch (error) {
        return { ...entered, recomputed: 0, recomputeFailed: error instanceof Error ? error.message : String(error) };
      }
    },

    /** The calendar's coverage and the entered years; admins, coordinators and auditors. */
    async overview(actor: Actor): Promise<CalendarOverview> {
      const scope = deadlineScope(actor);
      if (!scope) throw new ForbiddenError('the calendar overview is for admins, coordinators and auditors');
      const rows = await listCalendarYears(db);
      const current = buildWorkingCalendar(rows);
      const fromPackage = packageCoveredYears();
      return {
        version: current.version,
        coveredYears: [...current.coveredYears],
        packageYears: { from: fromPackage[0] ?? 0, to: fromPackage.at(-1) ?? 0 },
        entered: rows.map((row) => ({
          year: row.year,
          holidays: row.holidays,
          workdays: row.workdays,
          enteredBy: row.enteredBy,
          enteredAt: row.enteredAt.toISOString(),
          replacesPackage: fromPackage.includes(row.year),
        })),
        uncovered: (await gaps(scope, current)).map(({ year, measureIds }) => ({ year, measureCount: measureIds.length })),
      };
    },

    /** Years with open deadlines but no holiday schedule, with the measures concerned (what `start` warns about). */
    async uncovered(actor: Actor): Promise<{ year: number; measureIds: string[] }[]> {
      const scope = deadlineScope(actor);
      if (!scope) throw new ForbiddenError('the calendar overview is for admins, coordinators and auditors');
      return gaps(scope);
    },

    /**
     * On the measure: the years its open deadlines fall in that have no holiday schedule (`[2027]`), or `[]`.
     * For whoever may read the measure (as `measures.get`): FORBIDDEN for anyone else, NOT_FOUND for an unknown id.
     */
    async forMeasure(actor: Actor, measureId: string): Promise<{ measureId: string; calendarUncovered: number[] }> {
      const participants: MeasureParticipants | null = parties ? await parties.participants(measureId) : await findMeasureParticipants(db, measureId);
      if (!participants) throw new NotFoundError('measure', measureId);
      if (!canReadMeasure(actor, participants)) throw new ForbiddenError(FORBIDDEN_READ);
      const calendarNow = await loadWorkingCalendar(db);
      const deadlines = await listOpenDeadlines(db, { measureIds: [measureId] });
      return { measureId, calendarUncovered: uncoveredYears(calendarNow, deadlines.map((d) => d.dueAt)) };
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
