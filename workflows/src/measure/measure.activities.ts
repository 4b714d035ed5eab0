import type { Db } from '@liandong/db';
import { appendAuditEvent, applyOnce } from '@liandong/db/queries';
import { computeCycle, firstCycleDueAfter, scheduleFromDue, WorkingCalendar, type CycleSchedule, type DueSchedule, type ReportingPolicy } from '@liandong/domain';
import type { RecordEventsInput } from './measure.events';
import { auditSubject, notificationText, project } from './measure.projection';

export interface MeasureActivityDeps {
  db: Db;
  /** The working-day calendar in force; a correction swaps it, and recomputed deadlines follow. */
  calendar?: () => WorkingCalendar;
}

export function createMeasureActivities({ db, calendar = defaultCalendar }: MeasureActivityDeps) {
  return {
    /**
     * Projects a decision's events into the read model, appends them to the audit chain and
     * notifies the agencies that must act: one transaction, applied once per key.
     */
    async recordMeasureEvents(input: RecordEventsInput): Promise<void> {
      const at = new Date(input.occurredAt);
      await applyOnce(db, { workflowId: input.workflowId, updateId: input.key }, async (trx) => {
        for (const [i, event] of input.events.entries()) {
          await project(trx, input.measureId, event, at, input.actor.name);
          const { notify, ...payload } = event;
          const eventKey = `${input.key}#${i}`;
          await appendAuditEvent(trx, {
            eventKey,
            occurredAt: at,
            actor: input.actor.name,
            actorAgencyId: input.actor.agencyId,
            action: event.type,
            ...auditSubject(event, input.measureId),
            measureId: input.measureId,
            payload,
            workflowId: input.workflowId,
            runId: input.runId,
          });
          const recipients = [...new Set(notify ?? [])];
          if (recipients.length > 0) {
            await trx
              .insertInto('notifications')
              .values(recipients.map((agencyId) => ({ notificationKey: `${eventKey}@${agencyId}`, recipientAgencyId: agencyId, measureId: input.measureId, kind: event.type, message: notificationText(event), createdAt: at })))
              .onConflict((oc) => oc.column('notificationKey').doNothing())
              .execute();
          }
        }
      });
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

let shared: WorkingCalendar | undefined;
function defaultCalendar(): WorkingCalendar {
  shared ??= new WorkingCalendar();
  return shared;
}

export type MeasureActivities = ReturnType<typeof createMeasureActivities>;
