import { z } from 'zod';
import { text } from '../inputs';
import { authedProcedure, roleProcedure, router } from '../trpc';

const whole = (field: string, min: number, max: number) => {
  const message = `${field} must be a whole number from ${min} to ${max}`;
  return z.number({ message }).int({ message, abort: true }).min(min, { message }).max(max, { message });
};
const uuid = (field: string, what: string) => z.uuid({ message: `${field} must be ${what} (uuid)` });
/** The same requestId twice (a double click, a retry) is one command. */
const requestId = text(100, { min: 1, notText: 'requestId must be text', tooShort: 'requestId must not be empty', tooLong: 'requestId must be at most 100 characters' });
/** Free text a person must write: a requirement, an answer. */
const required = (field: string, max: number) =>
  text(max, { notText: `${field} must be text`, tooLong: `${field} must be at most ${max} characters` }).refine((v) => v.trim().length > 0, { message: `${field} must not be empty` });
const noticeId = uuid('noticeId', 'a supervision notice id');

export const issueNoticeInput = z.object({
  measureId: uuid('measureId', 'a measure id'),
  agencyId: whole('agencyId', 1, 2_147_483_647),
  escalationId: uuid('escalationId', 'an escalation id').optional(),
  requirement: required('requirement', 2000),
  answerDueAt: z.iso
    .datetime({ offset: true, message: 'answerDueAt must be an ISO 8601 date-time such as 2026-12-31T16:00:00Z' })
    .transform((value) => new Date(value)),
  requestId,
});

export const noticeListInput = z.object({
  planId: uuid('planId', 'a plan id').optional(),
  agencyId: whole('agencyId', 1, 2_147_483_647).optional(),
  status: z.enum(['issued', 'signed', 'answered'], { message: 'status must be issued, signed or answered' }).optional(),
  limit: whole('limit', 1, 100).default(20),
  offset: whole('offset', 0, 100_000).default(0),
});

/** 督办单: supervision notices, issued by a plan's coordinator, signed for and answered by the unit. */
export const supervisionRouter = router({
  /** 下发督办单: the plan's coordinator only; numbered 督办〔year〕第N号 per plan and year. */
  issueNotice: roleProcedure('coordinator')
    .input(issueNoticeInput)
    .mutation(({ ctx, input }) => ctx.services.supervision.issueNotice(ctx.actor, input)),
  /** 签收: an officer of the unit. */
  signNotice: roleProcedure('officer')
    .input(z.object({ noticeId, requestId }))
    .mutation(({ ctx, input }) => ctx.services.supervision.signNotice(ctx.actor, input)),
  /** 答复: an officer of the unit, once; signing it too if it was not yet. */
  answerNotice: roleProcedure('officer')
    .input(z.object({ noticeId, answer: required('answer', 5000), requestId }))
    .mutation(({ ctx, input }) => ctx.services.supervision.answerNotice(ctx.actor, input)),
  /** Notices one may read, newest first, offset-paged with the total. */
  notices: authedProcedure.input(noticeListInput.default({ limit: 20, offset: 0 })).query(({ ctx, input }) => ctx.services.supervision.notices(ctx.actor, input)),
  /** One notice, with the document its printable page renders. */
  notice: authedProcedure.input(z.object({ noticeId })).query(({ ctx, input }) => ctx.services.supervision.notice(ctx.actor, input.noticeId)),
  /** The notice as a PDF (FileDownload, base64). */
  noticePdf: authedProcedure.input(z.object({ noticeId })).query(({ ctx, input }) => ctx.services.supervision.noticePdf(ctx.actor, input.noticeId)),
});
