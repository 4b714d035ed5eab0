import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { addCalendarDays, chinaDate, hasRole, isReadOnly, mayReadCircular, mayWriteCircular, onTimeRates, startOfChinaDay, type Actor } from '@liandong/domain';
import { fileDownload, renderPdf, safeFilename, type DocumentBlock, type FileDownload, type OfficialDocument } from '@liandong/documents';
import type { Database, Db } from '@liandong/db';
import {
  appendAuditEvent,
  applyOnce,
  circularMeasureTotals,
  findCircular,
  findPlanCoordinatorAgencyId,
  insertCircular,
  insertNotifications,
  listCircularEscalations,
  listCircularOverdueUnits,
  listCircularPlans,
  listCirculars,
  listPlanUnitAgencyIds,
  listReportDuties,
  markCircularIssued,
  takeCircularSeq,
  updateCircularDraft,
  type CircularListRow,
  type CircularRecord,
  type CircularScope,
} from '@liandong/db/queries';
import { ConflictError, ForbiddenError, NotFoundError, READ_ONLY_MESSAGE } from '../errors';
import { circularDocument, circularNumber, draftCircular } from './circular-document';

export interface CircularDraftInput {
  planId?: string;
  /** The period's first and last days (YYYY-MM-DD, China time), both included. */
  from: string;
  to: string;
  requestId?: string;
}
export interface CircularUpdateInput {
  circularId: string;
  title: string;
  body: DocumentBlock[];
  requestId?: string;
}
export interface CircularListInput {
  planId?: string;
  status?: 'draft' | 'issued';
  limit: number;
  offset: number;
}

export type CircularSummary = CircularListRow;
export interface CircularView extends Omit<CircularRecord, 'body' | 'namedAgencyIds' | 'recipientAgencyIds'> {
  body: DocumentBlock[];
  /** The formal document, as the printable page and the PDF show it. */
  document: OfficialDocument;
  /** Whether the reader may edit and issue it: a draft, and the office's own coordinator. */
  editable: boolean;
}

export interface CircularsServiceDeps {
  db: Db;
  clock?: () => Date;
}

const REFUSED_WRITE = (actor: Actor) => new ForbiddenError(isReadOnly(actor) ? READ_ONLY_MESSAGE : '无权操作: circulars (通报) are drafted and issued by the coordinator of the working-group office');

/** 通报: drafted from the read model by a working-group office, edited, then issued with the office's next number. */
export function createCircularsService({ db, clock = () => new Date() }: CircularsServiceDeps) {
  /** The circular, if this person may read it; NOT_FOUND otherwise, so nobody learns what is not theirs. */
  async function readable(actor: Actor, id: string): Promise<CircularRecord> {
    const circular = await findCircular(db, id);
    if (!circular || !mayReadCircular(actor, circular)) throw new NotFoundError('circular', id);
    return circular;
  }

  /** Once per (person, requestId) when a requestId is given: a repeat returns the first result. */
  function once<T>(actor: Actor, command: string, requestId: string | undefined, apply: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    if (requestId === undefined) return db.transaction().execute(apply);
    return applyOnce(db, { workflowId: `circulars/${actor.userId}`, updateId: `${command}:${requestId}` }, apply);
  }

  /** The draft's row locked for the change, refused unless this person writes for its office and it is still a draft. */
  async function lockedDraft(trx: Transaction<Database>, actor: Actor, id: string): Promise<CircularRecord> {
    const circular = await findCircular(trx, id, { forUpdate: true });
    if (!circular || !mayReadCircular(actor, circular)) throw new NotFoundError('circular', id);
    if (!mayWriteCircular(actor, circular.coordinatorAgencyId)) throw REFUSED_WRITE(actor);
    if (circular.status !== 'draft') throw new ConflictError(`circular ${circular.number} is issued and can no longer be changed (已签发的通报不可修改)`);
    return circular;
  }

  const audit = (trx: Transaction<Database>, actor: Actor, action: string, circularId: string, eventKey: string, payload: Record<string, unknown>, at: Date) =>
    appendAuditEvent(trx, {
      eventKey,
      occurredAt: at,
      actor: actor.username,
      actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
      action,
      subjectType: 'circular',
      subjectId: circularId,
      measureId: null,
      payload,
      workflowId: null,
      runId: null,
    });

  const view = (c: CircularRecord, actor: Actor): CircularView => {
    const { namedAgencyIds: _n, recipientAgencyIds: _r, ...rest } = c;
    const body = c.body as DocumentBlock[];
    return { ...rest, body, document: circularDocument({ ...c, body }), editable: c.status === 'draft' && mayWriteCircular(actor, c.coordinatorAgencyId) };
  };

  return {
    /**
     * A new draft from the figures of this moment, about one plan the office coordinates or all of them. The office
     * is the signed-in coordinator's agency; naming a plan another office coordinates is FORBIDDEN.
     */
    async draft(actor: Actor, input: CircularDraftInput): Promise<{ circularId: string }> {
      const officeId = actor.agencyId;
      if (!mayWriteCircular(actor, officeId)) throw REFUSED_WRITE(actor);
      if (input.planId !== undefined) {
        const coordinator = await findPlanCoordinatorAgencyId(db, input.planId);
        if (coordinator === undefined) throw new NotFoundError('plan', input.planId);
        if (coordinator !== officeId) throw new ForbiddenError(`无权操作: your agency does not coordinate plan ${input.planId}`);
      }
      return once(actor, 'draft', input.requestId, async (trx) => {
        const now = clock();
        const plans = await listCircularPlans(trx, officeId, input.planId ?? null);
        const planIds = plans.map((p) => p.id);
        const period = { from: startOfChinaDay(input.from), to: startOfChinaDay(addCalendarDays(input.to, 1)) };
        const [office, totals, escalations, overdueUnits, duties] = await Promise.all([
          trx.selectFrom('agencies').select('name').where('id', '=', officeId).executeTakeFirstOrThrow(),
          circularMeasureTotals(trx, planIds, now),
          listCircularEscalations(trx, planIds),
          listCircularOverdueUnits(trx, planIds, now),
          listReportDuties(trx, planIds, period, now),
        ]);
        const draft = draftCircular({
          officeName: office.name,
          planTitle: input.planId === undefined ? null : (plans[0]?.title ?? null),
          period: { from: input.from, to: input.to },
          now,
          totals,
          escalations,
          overdueUnits,
          rates: onTimeRates(duties),
        });
        const circularId = await insertCircular(trx, {
          coordinatorAgencyId: officeId,
          planId: input.planId ?? null,
          periodFrom: input.from,
          periodTo: input.to,
          title: draft.title,
          body: JSON.stringify(draft.body),
          namedAgencyIds: draft.namedAgencyIds,
          createdBy: actor.username,
          createdAt: now,
          updatedAt: now,
        });
        await audit(trx, actor, 'circular.drafted', circularId, `circular.drafted:${circularId}`, { planId: input.planId ?? null, from: input.from, to: input.to, title: draft.title }, now);
        return { circularId };
      });
    },

    /** Replaces a draft's title and body; an issued circular is never changed (CONFLICT). */
    async update(actor: Actor, input: CircularUpdateInput): Promise<{ circularId: string }> {
      if (!hasRole(actor, 'coordinator') || isReadOnly(actor)) throw REFUSED_WRITE(actor);
      return once(actor, `update:${input.circularId}`, input.requestId, async (trx) => {
        await lockedDraft(trx, actor, input.circularId);
        const now = clock();
        await updateCircularDraft(trx, input.circularId, { title: input.title, body: input.body, at: now });
        await audit(trx, actor, 'circular.updated', input.circularId, `circular.updated:${input.circularId}:${randomUUID()}`, { title: input.title, body: input.body }, now);
        return { circularId: input.circularId };
      });
    },

    /**
     * Issues a draft: the office's next number of the year (China time) taken in this transaction, the issuer and
     * the time recorded, the circular delivered to every unit it names and every unit of its plan(s), audited.
     */
    async issue(actor: Actor, input: { circularId: string; requestId?: string }): Promise<{ circularId: string; number: string; issuedAt: string }> {
      if (!hasRole(actor, 'coordinator') || isReadOnly(actor)) throw REFUSED_WRITE(actor);
      return once(actor, `issue:${input.circularId}`, input.requestId, async (trx) => {
        const circular = await lockedDraft(trx, actor, input.circularId);
        const issuedAt = clock();
        const year = Number(chinaDate(issuedAt).slice(0, 4));
        const seq = await takeCircularSeq(trx, circular.coordinatorAgencyId, year);
        const number = circularNumber(year, seq);
        const planIds = (await listCircularPlans(trx, circular.coordinatorAgencyId, circular.planId)).map((p) => p.id);
        const units = await listPlanUnitAgencyIds(trx, planIds);
        const recipientAgencyIds = [...new Set([...circular.namedAgencyIds, ...units])].filter((id) => id !== circular.coordinatorAgencyId).sort((a, b) => a - b);
        await markCircularIssued(trx, circular.id, { year, seq, number, issuedAt, issuedBy: actor.username, issuedByName: actor.displayName, recipientAgencyIds });
        await insertNotifications(
          trx,
          recipientAgencyIds.map((agencyId) => ({
            notificationKey: `circular.issued:${circular.id}:${agencyId}`,
            recipientAgencyId: agencyId,
            measureId: null,
            kind: 'circular.issued',
            message: `${circular.officeName}印发${number}《${circular.title}》，请查阅并按要求落实整改`,
            createdAt: issuedAt,
          })),
        );
        await audit(trx, actor, 'circular.issued', circular.id, `circular.issued:${circular.id}`, { number, title: circular.title, recipientAgencyIds }, issuedAt);
        return { circularId: circular.id, number, issuedAt: issuedAt.toISOString() };
      });
    },

    /** Newest first: an office's coordinators its drafts and issued ones, officers those delivered to their agency, auditors and admins all. */
    async list(actor: Actor, input: CircularListInput): Promise<{ rows: CircularSummary[]; total: number }> {
      const scope: CircularScope = hasRole(actor, 'auditor', 'admin')
        ? { all: true }
        : {
            all: false,
            officeAgencyId: hasRole(actor, 'coordinator') ? actor.agencyId : null,
            recipientAgencyId: hasRole(actor, 'officer', 'coordinator') ? actor.agencyId : null,
          };
      return listCirculars(db, scope, input);
    },

    async get(actor: Actor, circularId: string): Promise<CircularView> {
      return view(await readable(actor, circularId), actor);
    },

    /** The formal document as a PDF, named by its number (or 草稿) and title. */
    async pdf(actor: Actor, circularId: string): Promise<FileDownload> {
      const circular = view(await readable(actor, circularId), actor);
      const bytes = await renderPdf(circular.document);
      const name = circular.status === 'issued' && circular.number ? circular.number : '草稿';
      return fileDownload(safeFilename(`${name}-${circular.title}.pdf`), 'application/pdf', bytes);
    },
  };
}

export type CircularsService = ReturnType<typeof createCircularsService>;
