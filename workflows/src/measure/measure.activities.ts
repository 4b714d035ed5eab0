import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '@liandong/db';
import { appendAuditEvents, applyOnce, claimEventSeq, insertNotifications } from '@liandong/db/queries';
import { computeCycle, firstCycleDueAfter, scheduleFromDue, WorkingCalendar, type CycleSchedule, type DueSchedule, type ReportingPolicy } from '@liandong/domain';
import { answerCalendarNeeds, type CalendarAnswers, type CalendarNeeds } from '@liandong/domain/measure';
import { writeWebhookOutbox } from '../webhooks/webhook.outbox';
import type { MeasureEvent, RecordEventsInput } from './measure.events';
import { auditSubject, notificationText, project } from './measure.projection';

export interface MeasureActivityDeps {
  db: Db;
  /** The working-day calendar in force; a correction swaps it, and recomputed deadlines follow. */
  calendar?: () => WorkingCalendar;
  /** Wakes the delivery workflows of endpoints given new webhook deliveries (after the commit; they also poll). */
  wakeWebhooks?: (endpointIds: string[]) => Promise<void>;
}

export function createMeasureActivities({ db, calendar = defaultCalendar, wakeWebhooks }: MeasureActivityDeps) {
  return {
    /**
     * Projects a decision's events into the read model, appends them to the audit chain and
     * notifies the agencies that must act: one transaction, applied once per key. Returns the key, which
     * the local activity's marker in the workflow history then carries: an auditor's timeline links each
     * audit event to the marker that recorded it (the workflow ignores the result, so replay is unaffected).
     */
    async recordMeasureEvents(input: RecordEventsInput): Promise<{ key: string }> {
      const at = new Date(input.occurredAt);
      // The stored result names the endpoints to wake, so a retry after the commit wakes them too.
      const recorded = await applyOnce<{ webhookEndpointIds: string[] } | null>(db, { workflowId: input.workflowId, updateId: input.key }, async (trx) => {
        const order = input.seq === undefined ? 'apply' : await claimEventSeq(trx, input.measureId, input.seq);
        if (order === 'missing') throw ApplicationFailure.nonRetryable(`measure ${input.measureId} is not in the database`, 'RecordingRefused');
        // An earlier batch is still committing: retry shortly (the workflow records in order, so this is rare).
        if (order === 'gap') throw ApplicationFailure.retryable(`an earlier batch of measure ${input.measureId} is not recorded yet`, 'OutOfOrder');
        // A stale batch still belongs in the audit log and the inboxes, but must not move the read model back.
        if (order === 'apply') for (const event of input.events) await project(trx, input.measureId, event, at, input.actor.name);
        const eventKey = (i: number) => `${input.key}#${i}`;
        const notifications = input.events.flatMap((event, i) =>
          [...new Set(event.notify ?? [])].map((agencyId) => ({ notificationKey: `${eventKey(i)}@${agencyId}`, recipientAgencyId: agencyId, measureId: input.measureId, kind: event.type, message: notificationText(event), createdAt: at })),
        );
        await insertNotifications(trx, notifications);
        const webhookEndpointIds = await writeWebhookOutbox(trx, { measureId: input.measureId, occurredAt: at, events: input.events, eventKey });
        // Last: the audit chain's lock is held from here to the commit, so it is held as briefly as possible.
        await appendAuditEvents(
          trx,
          input.events.map(({ notify: _notify, ...payload }, i) => ({
            eventKey: eventKey(i),
            occurredAt: at,
            actor: input.actor.name,
            actorAgencyId: input.actor.agencyId,
            action: payload.type,
            ...auditSubject(payload as MeasureEvent, input.measureId),
            measureId: input.measureId,
            payload,
            workflowId: input.workflowId,
            runId: input.runId,
          })),
        );
        return webhookEndpointIds.length > 0 ? { webhookEndpointIds } : null;
      }).catch((error: unknown) => {
        throw refusedOrRetryable(error);
      });
      if (recorded?.webhookEndpointIds.length && wakeWebhooks) {
        // Not awaited: the command's answer does not wait on Temporal. The deliveries are committed; if the wake
        // is lost, the endpoint's workflow finds them on its next poll.
        void wakeWebhooks(recorded.webhookEndpointIds).catch((error: unknown) => {
          console.warn(`webhooks: could not wake ${recorded.webhookEndpointIds.join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      return { key: input.key };
    },

    /** The calendar look-ups a decision needs, answered under the calendar in force (a local activity). */
    async answerCalendar(input: { policy: ReportingPolicy; startedAt: string; needs: CalendarNeeds }): Promise<CalendarAnswers> {
      return answerCalendarNeeds(input.policy, input.startedAt, calendar(), input.needs);
    },

    /** Cycle `index` under the calendar in force: computed here, kept in workflow state, so replay never re-reads the calendar. */
    async computeCycle(input: { policy: ReportingPolicy; startedAt: string; index: number }): Promise<{ cycle: CycleSchedule; calendarVersion: string }> {
      const cal = calendar();
      return { cycle: computeCycle(input.policy, cal, new Date(input.startedAt), input.index), calendarVersion: cal.version };
    },

    async firstCycleDueAfter(input: { policy: ReportingPolicy; startedAt: string; after: string; fromIndex: number }): Promise<{ cycle: CycleSchedule; calendarVersion: string }> {
      const cal = calendar();
      return { cycle: firstCycleDueAfter(input.policy, cal, new Date(input.startedAt), new Date(input.after), input.fromIndex), calendarVersion: cal.version };
    },

    async scheduleFromDue(input: { policy: ReportingPolicy; dueAt: string }): Promise<{ schedule: DueSchedule; calendarVersion: string }> {
      const cal = calendar();
      return { schedule: scheduleFromDue(input.policy, cal, new Date(input.dueAt)), calendarVersion: cal.version };
    },
  };
}

/**
 * A write PostgreSQL refuses for its content (a reference to a missing row, text it cannot store,
 * a check) will never succeed: fail at once with the reason, so the command is refused and the
 * measure carries on. Anything else (a lost connection) is worth retrying.
 */
function refusedOrRetryable(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  const { code, detail, message } = (error ?? {}) as { code?: unknown; detail?: unknown; message?: unknown };
  if (typeof code === 'string' && /^(22|23)/.test(code)) {
    const what = code === '23503' ? 'it names something that does not exist' : code.startsWith('22') ? 'it holds a value the database cannot store' : 'it conflicts with what is recorded';
    return ApplicationFailure.nonRetryable(`the change was not recorded: ${what} (${String(detail ?? message ?? code)})`, 'RecordingRefused');
  }
  return error;
}

let shared: WorkingCalendar | undefined;
function defaultCalendar(): WorkingCalendar {
  shared ??= new WorkingCalendar();
  return shared;
}

export type MeasureActivities = ReturnType<typeof createMeasureActivities>;
