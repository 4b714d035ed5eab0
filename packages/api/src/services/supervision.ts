import { canReadNotice, isReadOnly, mayAnswerNotice, mayIssueNotice, noticeScope, reportingPolicySchema, type Actor } from '@liandong/domain';
import { fileDownload, PDF_CONTENT_TYPE, renderPdf, type FileDownload, type OfficialDocument } from '@liandong/documents';
import type { Db } from '@liandong/db';
import {
  appendAuditEvent,
  applyOnce,
  findMeasureEscalation,
  findNotice,
  findNoticeSubject,
  findOpenEscalationOf,
  insertNotice,
  insertNotifications,
  listNotices,
  loadWorkingCalendar,
  lockNotice,
  markNoticeAnswered,
  markNoticeSigned,
  nextNoticeSeq,
  type NoticeRow,
  type SupervisionNoticeStatus,
} from '@liandong/db/queries';
import { AppError, ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, READ_ONLY_MESSAGE } from '../errors';
import { chinaYear, chineseDeadline, describeOverdue, noticeDocument, noticeNumber } from './supervision-document';

export interface SupervisionServiceDeps {
  db: Db;
  clock?: () => Date;
}

export interface IssueNoticeInput {
  measureId: string;
  /** The unit (责任单位) the notice is addressed to. */
  agencyId: number;
  /** The escalation it is issued from (督办), if any; the same measure's, about the same unit or the whole measure. */
  escalationId?: string;
  /** What is required (督办要求). */
  requirement: string;
  /** By when the unit must answer; in the future. */
  answerDueAt: Date;
  requestId: string;
}

export interface NoticeListInput {
  planId?: string;
  agencyId?: number;
  status?: SupervisionNoticeStatus;
  limit: number;
  offset: number;
}

/** A 督办单 as a reader sees it. */
export interface NoticeView {
  id: string;
  number: string;
  planId: string;
  planTitle: string;
  measure: { id: string; number: string; title: string };
  agency: { id: number; name: string };
  /** The issuing office: the plan's coordinator (协调办). */
  issuer: { id: number; name: string };
  issuedBy: string;
  issuedAt: string;
  escalationId: string | null;
  requirement: string;
  /** 逾期事项, as the read model had it when the notice was issued; null when nothing was overdue. */
  overdueItem: string | null;
  overdueSince: string | null;
  answerDueAt: string;
  status: SupervisionNoticeStatus;
  signedBy: string | null;
  signedAt: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  /** Not answered and past its answer deadline, or answered after it. */
  answerOverdue: boolean;
  /** The escalation it was issued for has been resolved (已办结), with the coordinator's decision. */
  concluded: boolean;
  decision: string | null;
  /** May the reader sign for and answer it (an officer of the unit). */
  mayAnswer: boolean;
}

const ISSUE_SCOPE = 'supervision';
/** The furthest an answer deadline may lie ahead (督办 is about what is late now). */
const MAX_ANSWER_DAYS = 366;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const FORBIDDEN_NOTICE = '无权访问: this supervision notice (督办单) is not addressed to or issued by your agency';

/**
 * 督办单: supervision notices. The plan's coordinator issues one to a unit of a measure (numbered per plan and
 * year, 督办〔2026〕第N号); the unit's officers sign for it (签收) and answer it (答复). Every command is audited in
 * its own transaction and applied once per request id.
 */
export function createSupervisionService({ db, clock = () => new Date() }: SupervisionServiceDeps) {
  function view(actor: Actor, row: NoticeRow, now: Date): NoticeView {
    const answered = row.answeredAt?.getTime();
    return {
      id: row.id,
      number: row.number,
      planId: row.planId,
      planTitle: row.planTitle,
      measure: { id: row.measureId, number: row.measureNumber, title: row.measureTitle },
      agency: { id: row.agencyId, name: row.agencyName },
      issuer: { id: row.coordinatorAgencyId, name: row.coordinatorName },
      issuedBy: row.issuedByName,
      issuedAt: row.issuedAt.toISOString(),
      escalationId: row.escalationId,
      requirement: row.requirement,
      overdueItem: row.overdueItem,
      overdueSince: iso(row.overdueSince),
      answerDueAt: row.answerDueAt.toISOString(),
      status: row.status,
      signedBy: row.signedBy,
      signedAt: iso(row.signedAt),
      answer: row.answer,
      answeredBy: row.answeredBy,
      answeredAt: iso(row.answeredAt),
      answerOverdue: (answered ?? now.getTime()) > row.answerDueAt.getTime(),
      concluded: row.escalationResolved,
      decision: row.escalationResolved ? row.escalationDecision : null,
      mayAnswer: row.status !== 'answered' && mayAnswerNotice(actor, row),
    };
  }

  /** The notice for a reader: NOT_FOUND for an unknown id, FORBIDDEN for anyone who may not read it. */
  async function readable(actor: Actor, id: string): Promise<NoticeRow> {
    const row = await findNotice(db, id);
    if (!row) throw new NotFoundError('supervision notice', id);
    if (!canReadNotice(actor, row)) throw new ForbiddenError(FORBIDDEN_NOTICE);
    return row;
  }

  /** The notice for the unit's officer about to sign or answer it. */
  async function answerable(actor: Actor, id: string): Promise<NoticeRow> {
    if (isReadOnly(actor)) throw new ForbiddenError(READ_ONLY_MESSAGE);
    const row = await readable(actor, id);
    if (!mayAnswerNotice(actor, row)) throw new ForbiddenError(`只有${row.agencyName}的承办人可以签收和答复本督办单 / only an officer of the unit may sign for and answer it`);
    return row;
  }

  const auditBase = (actor: Actor, at: Date) => ({
    occurredAt: at,
    actor: actor.username,
    actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
    subjectType: 'supervision_notice',
    workflowId: null,
    runId: null,
  });

  async function document(actor: Actor, id: string): Promise<{ notice: NoticeView; document: OfficialDocument }> {
    const row = await readable(actor, id);
    const notice = view(actor, row, clock());
    return {
      notice,
      document: noticeDocument({
        number: row.number,
        coordinatorName: row.coordinatorName,
        planTitle: row.planTitle,
        measureNumber: row.measureNumber,
        measureTitle: row.measureTitle,
        agencyName: row.agencyName,
        overdueItem: row.overdueItem,
        requirement: row.requirement,
        answerDueAt: row.answerDueAt,
        issuedAt: row.issuedAt,
        status: row.status,
        signedAt: row.signedAt,
        answer: row.answer,
        answeredAt: row.answeredAt,
        concluded: row.escalationResolved,
      }),
    };
  }

  return {
    /**
     * 下发督办单: only the plan's coordinator. Numbers it in the plan's sequence for the year (China time), records
     * what is overdue and since when from the read model, audits it and notifies the unit, in one transaction.
     * The same request id again returns the same notice.
     */
    async issueNotice(actor: Actor, input: IssueNoticeInput): Promise<NoticeView> {
      if (isReadOnly(actor)) throw new ForbiddenError(READ_ONLY_MESSAGE);
      const subject = await findNoticeSubject(db, input.measureId, input.agencyId);
      if (!subject) throw new NotFoundError('measure', input.measureId);
      if (!mayIssueNotice(actor, subject.coordinatorAgencyId)) throw new ForbiddenError("无权下发: only the plan's coordinator (协调办) issues supervision notices (督办单) on it");
      const { noticeId } = await applyOnce(db, { workflowId: ISSUE_SCOPE, updateId: `${actor.userId}:issueNotice:${input.requestId}` }, async (trx) => {
        // Checked once the request is claimed: a retry of one already applied gets its notice back, whatever changed since.
        const now = clock();
        if (input.answerDueAt.getTime() <= now.getTime()) throw new AppError('BAD_INPUT', 'the answer deadline must be in the future', 'answerDueAt');
        // A notice presses for an answer: a deadline years away (a typo such as 2062 for 2026) would never fall due.
        if (input.answerDueAt.getTime() > now.getTime() + MAX_ANSWER_DAYS * 86_400_000) {
          throw new AppError('BAD_INPUT', `the answer deadline must be within ${MAX_ANSWER_DAYS} days`, 'answerDueAt');
        }
        if (subject.agencyName === null) throw new AppError('BAD_INPUT', `agency ${input.agencyId} is not in the agency directory`, 'agencyId');
        if (!subject.assignment) throw new AppError('BAD_INPUT', `${subject.agencyName} is not a unit (承办单位) of this measure`, 'agencyId');
        if (subject.measureStatus === 'closed' || subject.measureStatus === 'withdrawn') {
          throw new InvalidTransitionError(`the measure is ${subject.measureStatus === 'closed' ? 'closed (已销号)' : 'withdrawn (已撤销)'}: no supervision notice can be issued on it`);
        }
        let escalation = input.escalationId === undefined ? undefined : await findMeasureEscalation(trx, input.measureId, input.escalationId);
        if (input.escalationId !== undefined) {
          if (!escalation) throw new AppError('BAD_INPUT', 'not an escalation of this measure', 'escalationId');
          if (escalation.agencyId !== null && escalation.agencyId !== input.agencyId) throw new AppError('BAD_INPUT', 'this escalation is about another unit', 'escalationId');
          if (escalation.status === 'resolved') throw new InvalidTransitionError('the escalation is already resolved (已办结)');
        } else {
          escalation = await findOpenEscalationOf(trx, input.measureId, input.agencyId);
        }
        const overdue = describeOverdue({
          policy: reportingPolicySchema.parse(subject.reportingPolicy),
          calendar: await loadWorkingCalendar(trx),
          now,
          cycleIndex: subject.cycleIndex,
          unreportedDueAt: subject.assignment.unreportedDueAt,
          escalation: escalation ?? null,
        });

        const year = chinaYear(now);
        const seq = await nextNoticeSeq(trx, subject.planId, year);
        const number = noticeNumber(year, seq);
        const notice = await insertNotice(trx, {
          planId: subject.planId,
          year,
          seq,
          number,
          measureId: subject.measureId,
          agencyId: input.agencyId,
          escalationId: input.escalationId ?? null,
          coordinatorAgencyId: subject.coordinatorAgencyId,
          requirement: input.requirement,
          overdueItem: overdue?.item ?? null,
          overdueSince: overdue?.since ?? null,
          answerDueAt: input.answerDueAt,
          issuedBy: actor.username,
          issuedByName: actor.displayName,
          issuedAt: now,
        });
        await appendAuditEvent(trx, {
          ...auditBase(actor, now),
          eventKey: `supervision.notice_issued:${notice.id}`,
          action: 'supervision.notice_issued',
          subjectId: notice.id,
          measureId: subject.measureId,
          payload: {
            number,
            planId: subject.planId,
            agencyId: input.agencyId,
            escalationId: input.escalationId ?? null,
            requirement: input.requirement,
            overdueItem: notice.overdueItem,
            answerDueAt: input.answerDueAt.toISOString(),
            requestId: input.requestId,
          },
        });
        await insertNotifications(trx, [
          {
            notificationKey: `notice.issued:${notice.id}`,
            recipientAgencyId: input.agencyId,
            measureId: subject.measureId,
            kind: 'notice.issued',
            message: `${subject.coordinatorName}下发${number}：请于${chineseDeadline(input.answerDueAt)}前签收并答复`,
          },
        ]);
        return { noticeId: notice.id };
      });
      return view(actor, (await findNotice(db, noticeId))!, clock());
    },

    /** 签收: an officer of the unit; signing a notice already signed (or answered) changes nothing. */
    async signNotice(actor: Actor, input: { noticeId: string; requestId: string }): Promise<NoticeView> {
      const row = await answerable(actor, input.noticeId);
      await applyOnce(db, { workflowId: `supervision-notice:${row.id}`, updateId: `${actor.userId}:signNotice:${input.requestId}` }, async (trx) => {
        const locked = (await lockNotice(trx, row.id))!;
        if (locked.status !== 'issued') return { signed: false };
        const at = clock();
        await markNoticeSigned(trx, row.id, actor.displayName, at);
        await appendAuditEvent(trx, {
          ...auditBase(actor, at),
          eventKey: `supervision.notice_signed:${row.id}`,
          action: 'supervision.notice_signed',
          subjectId: row.id,
          measureId: row.measureId,
          payload: { number: row.number, agencyId: row.agencyId, requestId: input.requestId },
        });
        await insertNotifications(trx, [
          { notificationKey: `notice.signed:${row.id}`, recipientAgencyId: row.coordinatorAgencyId, measureId: row.measureId, kind: 'notice.signed', message: `${row.agencyName}已签收${row.number}` },
        ]);
        return { signed: true };
      });
      return view(actor, (await findNotice(db, row.id))!, clock());
    },

    /** 答复: an officer of the unit, once (signing it too if not yet); a second answer is a CONFLICT. */
    async answerNotice(actor: Actor, input: { noticeId: string; answer: string; requestId: string }): Promise<NoticeView> {
      const row = await answerable(actor, input.noticeId);
      await applyOnce(db, { workflowId: `supervision-notice:${row.id}`, updateId: `${actor.userId}:answerNotice:${input.requestId}` }, async (trx) => {
        const locked = (await lockNotice(trx, row.id))!;
        if (locked.status === 'answered') throw new ConflictError(`${row.number}已答复，不能重复答复 / this supervision notice was already answered`);
        const at = clock();
        await markNoticeAnswered(trx, row.id, actor.displayName, at, input.answer);
        await appendAuditEvent(trx, {
          ...auditBase(actor, at),
          eventKey: `supervision.notice_answered:${row.id}`,
          action: 'supervision.notice_answered',
          subjectId: row.id,
          measureId: row.measureId,
          payload: { number: row.number, agencyId: row.agencyId, answer: input.answer, signedNow: locked.status === 'issued', requestId: input.requestId },
        });
        await insertNotifications(trx, [
          { notificationKey: `notice.answered:${row.id}`, recipientAgencyId: row.coordinatorAgencyId, measureId: row.measureId, kind: 'notice.answered', message: `${row.agencyName}已答复${row.number}` },
        ]);
        return { answered: true };
      });
      return view(actor, (await findNotice(db, row.id))!, clock());
    },

    /** Notices one may read, newest first: coordinators their plans' (and their agency's own), officers their agency's, auditors and admins all. */
    async notices(actor: Actor, input: NoticeListInput): Promise<{ rows: NoticeView[]; total: number }> {
      const scope = noticeScope(actor);
      if (!scope) throw new ForbiddenError('无权访问: supervision notices are for officers, coordinators, auditors and admins');
      const list = await listNotices(db, { ...input, scope: scope.all ? null : { agencyId: scope.agencyId, asCoordinator: scope.asCoordinator } });
      const now = clock();
      return { total: list.total, rows: list.rows.map((row) => view(actor, row, now)) };
    },

    /** One notice with its document (the printable page renders it); NOT_FOUND or FORBIDDEN as `readable` says. */
    notice: document,

    /** The notice as a PDF (GB/T 9704 layout), for whoever may read it. */
    async noticePdf(actor: Actor, id: string): Promise<FileDownload> {
      const { notice, document: doc } = await document(actor, id);
      return fileDownload(`${notice.number}.pdf`, PDF_CONTENT_TYPE, await renderPdf(doc));
    },
  };
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;
