import { z } from 'zod';
import type { Actor } from '@liandong/domain';
import { LIMITS, type CommandInput } from '@liandong/domain/measure';
import type { CommandResult } from '@liandong/workflows';
import { text } from '../inputs';
import type { MeasureService } from '../services/measures';
import { authedProcedure, router } from '../trpc';

// The same bounds the decision core checks, so a bad field is named here before anything is sent.
/** A reason, title or decision the person must write. */
const required = (max: number = LIMITS.shortText) => text(max).refine((v) => v.trim().length > 0, { message: 'must not be empty' });
/** A comment or note that may stay empty. */
const optional = (max: number = LIMITS.shortText) => text(max).default('');
const agencyId = z
  .number({ message: 'must be an agency id (a positive whole number)' })
  .int({ message: 'must be an agency id (a positive whole number)' })
  .positive({ message: 'must be an agency id (a positive whole number)' })
  .max(2_147_483_647, { message: 'must be an agency id (a positive whole number)' });
const agencyIds = z
  .array(agencyId, { message: 'must be a list of agency ids' })
  .min(1, { message: 'name at least 1 agency' })
  .max(LIMITS.agencyIds, { message: `at most ${LIMITS.agencyIds} agencies` });
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-12-31T16:00:00Z' });
/** Ids the measure gave out (subtasks, escalations, issues, extension requests). */
const id = text(100, { min: 1, notText: 'must be an id', tooShort: 'must be an id', tooLong: 'must be an id' });
const kpiValues = z
  .array(z.object({ metric: required(), value: z.number({ message: 'must be a finite number' }).finite({ message: 'must be a finite number' }) }), { message: 'must be a list of { metric, value }' })
  .max(LIMITS.kpis, { message: `at most ${LIMITS.kpis} values` })
  .default([]);
const measureId = z.uuid({ message: 'must be a measure id (uuid)' });
/** The same requestId twice (a double click, a retry) is one command. */
const requestId = text(100, { min: 1 }).optional();

type Authorized = MeasureService['authorized'];
type Fields<T extends keyof Authorized> = Omit<CommandInput<T>, 'actor'>;

/** One command: its fields plus `measureId` and `requestId`, then the service's policy check and the workflow. */
function command<T extends keyof Authorized, S extends z.ZodRawShape>(type: T, fields: z.ZodObject<S> & z.ZodType<Fields<T>, unknown>) {
  return authedProcedure.input(fields.extend({ measureId, requestId })).mutation(({ ctx, input }) => {
    const { measureId: id, requestId: rid, ...fieldsOnly } = input as { measureId: string; requestId?: string };
    // The input's type is checked against the command's fields by the signature above; TypeScript cannot follow `T` through the lookup.
    const send = ctx.services.measures.authorized[type] as unknown as (actor: Actor, measureId: string, input: object, requestId?: string) => Promise<CommandResult>;
    return send(ctx.actor, id, fieldsOnly, rid);
  });
}

/** A measure (措施): its page, and every command a person sends on it. Each command goes to the measure's workflow. */
export const measureRouter = router({
  /** The measure page for someone who may read it; FORBIDDEN (无权访问) for anyone else, NOT_FOUND for an unknown id. */
  get: authedProcedure.input(z.object({ measureId })).query(({ ctx, input }) => ctx.services.measures.get(ctx.actor, input.measureId)),

  /** 接收 */
  acceptAssignment: command('acceptAssignment', z.object({ agencyId })),
  /** 退回, with a reason; the coordinator arbitrates. */
  declineAssignment: command('declineAssignment', z.object({ agencyId, reason: required() })),
  arbitrateDecline: command(
    'arbitrateDecline',
    z.object({
      agencyId,
      decision: z.enum(['reassign', 'insist'], { message: 'must be reassign or insist' }),
      reassignToAgencyId: agencyId.optional(),
      comment: optional(),
    }),
  ),
  /** 转办 */
  requestTransfer: command('requestTransfer', z.object({ agencyId, toAgencyId: agencyId, reason: required() })),
  decideTransfer: command('decideTransfer', z.object({ agencyId, approve: z.boolean({ message: 'must be true or false' }), comment: optional() })),
  /** 分解/交办: a lead gives a partner unit a subtask with its own due date. */
  createSubtask: command('createSubtask', z.object({ assigneeAgencyId: agencyId, title: required(), dueAt: instant })),
  completeSubtask: command('completeSubtask', z.object({ subtaskId: id, note: optional(LIMITS.longText) })),
  submitReport: command(
    'submitReport',
    z.object({
      agencyId,
      cycleIndex: z.number({ message: 'must be a cycle number (0 or more)' }).int({ message: 'must be a cycle number (0 or more)' }).min(0, { message: 'must be a cycle number (0 or more)' }),
      content: z.object(
        {
          progressStatus: z.enum(['on_track', 'at_risk', 'blocked', 'done'], { message: 'must be one of on_track, at_risk, blocked, done' }),
          percentDone: z.number({ message: 'must be a whole number from 0 to 100' }).int({ message: 'must be a whole number from 0 to 100' }).min(0, { message: 'must be a whole number from 0 to 100' }).max(100, { message: 'must be a whole number from 0 to 100' }),
          kpiValues,
          summary: optional(LIMITS.longText),
          problems: optional(LIMITS.longText),
          supportRequested: optional(LIMITS.longText),
        },
        { message: 'the report content is missing' },
      ),
    }),
  ),
  reviewReport: command(
    'reviewReport',
    z.object({
      agencyId,
      cycleIndex: z.number({ message: 'must be a cycle number (0 or more)' }).int({ message: 'must be a cycle number (0 or more)' }).min(0, { message: 'must be a cycle number (0 or more)' }),
      decision: z.enum(['accept', 'return'], { message: 'must be accept or return' }),
      comment: optional(LIMITS.longText),
    }),
  ),
  escalate: command('escalate', z.object({ agencyId: agencyId.nullable().default(null), reason: required(LIMITS.longText) })),
  acknowledgeEscalation: command('acknowledgeEscalation', z.object({ escalationId: id })),
  resolveEscalation: command('resolveEscalation', z.object({ escalationId: id, decision: required(LIMITS.longText) })),
  /** 需协调事项, naming the agencies needed. */
  raiseIssue: command('raiseIssue', z.object({ title: required(), description: optional(LIMITS.longText), neededAgencyIds: agencyIds })),
  triageIssue: command('triageIssue', z.object({ issueId: id, responderAgencyIds: agencyIds, dueAt: instant })),
  resolveIssue: command('resolveIssue', z.object({ issueId: id, resolution: required(LIMITS.longText) })),
  /** A named responder agency answers a triaged issue; answering again adds a revision. */
  respondIssue: command('respondIssue', z.object({ issueId: id, response: required(LIMITS.longText) })),
  /** 延期 */
  requestExtension: command('requestExtension', z.object({ agencyId, requestedDueAt: instant, reason: required() })),
  decideExtension: command('decideExtension', z.object({ extensionId: id, approve: z.boolean({ message: 'must be true or false' }), comment: optional(LIMITS.longText) })),
  /** 申请办结 */
  applyClosure: command('applyClosure', z.object({ evidence: required(LIMITS.longText), finalKpis: kpiValues })),
  /** 销号, or returned with a reason. */
  decideClosure: command('decideClosure', z.object({ approve: z.boolean({ message: 'must be true or false' }), comment: optional(LIMITS.longText) })),
  withdrawMeasure: command('withdrawMeasure', z.object({ reason: required() })),
  reinstateMeasure: command('reinstateMeasure', z.object({ comment: optional(LIMITS.longText) })),
});
