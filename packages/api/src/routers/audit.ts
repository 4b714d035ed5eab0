import { z } from 'zod';
import { text } from '../inputs';
import { authedProcedure, router } from '../trpc';

const whole = (field: string, min: number, max: number) => {
  const message = `${field} must be a whole number from ${min} to ${max}`;
  return z.number({ message }).int({ message }).min(min, { message }).max(max, { message });
};
const instant = (field: string) => z.iso.datetime({ offset: true, message: `${field} must be an ISO 8601 date-time such as 2026-12-31T16:00:00Z` });

/** The filter's fields: what the audit log page filters by. */
const filterFields = {
  from: instant('from').optional(),
  to: instant('to').optional(),
  agencyId: whole('agencyId', 1, 2_147_483_647).optional(),
  /** The username as the log records it (`anonymous` for failed sign-ins, `system` for timers). */
  actor: text(200, { trim: true, min: 1, notText: 'actor must be a username', tooShort: 'actor must not be empty', tooLong: 'actor must be at most 200 characters' }).optional(),
  action: text(100, { trim: true, min: 1, notText: 'action must be an action name', tooShort: 'action must not be empty', tooLong: 'action must be at most 100 characters' }).optional(),
  planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
  measureId: z.uuid({ message: 'measureId must be a measure id (uuid)' }).optional(),
};
const inOrder = (f: { from?: string; to?: string }) => !f.from || !f.to || new Date(f.from) <= new Date(f.to);
const fromAfterTo = { message: 'from must not be after to', path: ['from'] };

/** What the audit log page filters by; the same filter scopes an export. */
export const auditFilterInput = z.object(filterFields).refine(inOrder, fromAfterTo);

export const auditEventsInput = z
  .object({
    ...filterFields,
    /** Keyset paging, newest first: the page before this event id (the previous page's `nextBefore`). */
    before: whole('before', 1, Number.MAX_SAFE_INTEGER).optional(),
    limit: whole('limit', 1, 200).default(50),
  })
  .refine(inOrder, fromAfterTo);

export const auditVerifyInput = z.object({
  /** `checkpoint` (default): from the latest signed checkpoint on; `start`: the whole chain and every checkpoint. */
  from: z.enum(['checkpoint', 'start'], { message: 'from must be checkpoint or start' }).default('checkpoint'),
});

export const auditMeasureInput = z.object({ measureId: z.uuid({ message: 'measureId must be a measure id (uuid)' }) });

/**
 * 审计: the audit log, chain verification and a measure's timeline beside its raw workflow history.
 * Auditors and admins; everyone else FORBIDDEN. Exports (JSON Lines, CSV) and the raw history download are
 * GET routes under /api/audit (files, streamed), with the same rules.
 */
export const auditRouter = router({
  /** Events newest first, filtered, a page at a time. */
  events: authedProcedure.input(auditEventsInput).query(({ ctx, input }) => ctx.services.audit.events(ctx.actor, input)),
  /** The action names the log holds, for the filter's choices. */
  actions: authedProcedure.query(({ ctx }) => ctx.services.audit.actions(ctx.actor)),
  /** The chain's state: event count, head, the latest checkpoint, the last verification. */
  status: authedProcedure.query(({ ctx }) => ctx.services.audit.status(ctx.actor)),
  /**
   * Verifies the chain and records the verification as an audit event (`audit.verified`). A mutation a
   * read-only person may send: it changes nothing but the log it appends to.
   */
  verify: authedProcedure
    .meta({ auditorAction: true })
    .input(auditVerifyInput.default({ from: 'checkpoint' }))
    .mutation(({ ctx, input }) => ctx.services.audit.verify(ctx.actor, input)),
  /** A measure's audit events beside every run of its workflow history, each event linked to the history event that recorded it. */
  timeline: authedProcedure.input(auditMeasureInput).query(({ ctx, input }) => ctx.services.audit.timeline(ctx.actor, input.measureId)),
});
