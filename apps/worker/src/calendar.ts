import type { Db } from '@liandong/db';
import { loadWorkingCalendar } from '@liandong/db/queries';
import { WorkingCalendar } from '@liandong/domain';

/**
 * The working-day calendar in force for this process: the chinese-days package plus the years an
 * admin entered (table calendar_years). Activities need it synchronously, so it is cached and
 * re-read in the background: every `maxAgeMs`, and on a read of a copy older than that.
 */
export interface CalendarProvider {
  /** The cached calendar; starts a background re-read when it is older than `maxAgeMs`. */
  current(): WorkingCalendar;
  /** Re-reads the entered years now (after an entry); resolves with the calendar in force. */
  refresh(): Promise<WorkingCalendar>;
  /** Stops the periodic re-read. */
  stop(): void;
}

export interface CalendarProviderOptions {
  db: Db;
  /** Reads the calendar in force; by default the package's data plus the entered years from `db`. */
  load?: () => Promise<WorkingCalendar>;
  maxAgeMs?: number;
  /**
   * A background re-read found a different calendar (an entry from another process, e.g. the CLI):
   * open deadlines must be recomputed with it. Not called for `refresh()`, whose caller does that.
   */
  onChange?: (calendar: WorkingCalendar, previous: WorkingCalendar) => void | Promise<void>;
  /** A failed re-read; the cached calendar stays in force. */
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** Reads the entered years once (falling back to the package's data if that fails), then keeps the copy fresh. */
export async function createCalendarProvider({
  db,
  load = () => loadWorkingCalendar(db),
  maxAgeMs = 60_000,
  onChange,
  onError = () => {},
  now = Date.now,
}: CalendarProviderOptions): Promise<CalendarProvider> {
  let calendar: WorkingCalendar;
  try {
    calendar = await load();
  } catch (error) {
    // E.g. a worker started before migrations ran: the package's data, until a re-read succeeds.
    onError(error);
    calendar = new WorkingCalendar();
  }
  let readAt = now();
  let reading: Promise<WorkingCalendar> | undefined;

  const read = (): Promise<WorkingCalendar> =>
    (reading ??= load()
      .then((fresh) => {
        readAt = now();
        // Same dates, same version: keep the object, so nothing downstream sees a change.
        if (fresh.version !== calendar.version) calendar = fresh;
        return calendar;
      })
      .finally(() => {
        reading = undefined;
      }));

  const readInBackground = () => {
    const previous = calendar;
    read().then(
      async (fresh) => {
        if (fresh !== previous && onChange) await onChange(fresh, previous);
      },
      (error: unknown) => {
        readAt = now(); // retry after another maxAgeMs, not on every call
        onError(error);
      },
    ).catch(onError);
  };

  const timer = setInterval(readInBackground, maxAgeMs);
  timer.unref();

  return {
    current() {
      if (now() - readAt >= maxAgeMs && !reading) readInBackground();
      return calendar;
    },
    refresh: read,
    stop: () => clearInterval(timer),
  };
}
