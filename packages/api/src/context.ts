import type { Client } from '@temporalio/client';
import type { Actor } from '@liandong/domain';
import type { Db } from '@liandong/db';
import type { CalendarSource } from './services/calendar';
import type { MeasureService } from './services/measures';

/** Cookie and request details the HTTP host lends to procedures that sign people in and out. */
export interface HttpBridge {
  /** Client address, for rate limiting sign-in attempts. */
  ip: string | null;
  userAgent: string | null;
  getCookie(name: string): string | undefined;
  setCookie(name: string, value: string, options: { maxAgeSeconds: number }): void;
  deleteCookie(name: string): void;
}

/** What every procedure can reach; built once per request by the host. */
export interface ApiContext {
  db: Db;
  temporal: Client;
  /** The signed-in person, or null. */
  actor: Actor | null;
  /** Id of the current session (hashed token), when signed in through a cookie. */
  sessionId?: string | null;
  http?: HttpBridge;
  /**
   * Called after `plan.confirm` commits (a new plan, a revision, or no change), e.g. to start one workflow per
   * measure. Must be idempotent: confirming the same document again calls it again.
   */
  onPlanConfirmed?: (planId: string, actor: Actor) => Promise<void>;
  /**
   * The process's cached working-day calendar (the one its worker reads): refreshed after a holiday
   * schedule is entered, before open deadlines are recomputed with it. Absent, `calendar.setYear` stores the
   * entry and leaves the recompute to the worker process's own re-read (within a minute in `start`).
   */
  calendar?: CalendarSource;
  /** Services built once by the host (`createApp`); a procedure builds its own from `db` and `temporal` when absent. */
  services?: { measures?: MeasureService };
}
