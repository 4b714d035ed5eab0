import { escalationQueueScope, isIssueResponder, issueBoardScope, type Actor } from '@liandong/domain';
import type { Db } from '@liandong/db';
import {
  agencyNames,
  findPlanCoordinatorAgencyId,
  listIssueBoard,
  listLatestIssueResponses,
  listPendingDecisions,
  type DecisionKind,
  type IssueBoardRow,
  type IssueStatus,
  type PendingDecisions,
} from '@liandong/db/queries';
import { ForbiddenError } from '../errors';

export interface CoordinationServiceDeps {
  db: Db;
  clock?: () => Date;
}

export interface DecisionsInput {
  planId?: string;
  kind?: DecisionKind;
  limit: number;
}

export interface IssueBoardInput {
  planId?: string;
  measureId?: string;
  overdueOnly?: boolean;
  limit: number;
}

interface AgencyRef {
  agencyId: number;
  name: string;
}

/** One responder agency's answers: the latest in full, how many it gave; `answered` false while it is silent. */
export interface ResponderView extends AgencyRef {
  answered: boolean;
  /** Named at triage; false for an agency that answered and was left out of a later triage. */
  named: boolean;
  latest: { response: string; revision: number; respondedBy: string; respondedAt: Date; late: boolean } | null;
}

export interface IssueCard extends Omit<IssueBoardRow, 'raisedByAgencyId' | 'neededAgencyIds' | 'responderAgencyIds' | 'coordinatorAgencyId'> {
  raisedBy: AgencyRef;
  neededAgencies: AgencyRef[];
  responders: ResponderView[];
  /** Named responders still silent. */
  waitingFor: AgencyRef[];
  /** What the reader may do on it now (the workflow still judges each command). */
  mayTriage: boolean;
  mayRespond: boolean;
  mayResolve: boolean;
}

export interface IssueBoard {
  columns: Record<IssueStatus, IssueCard[]>;
  counts: Record<IssueStatus, number>;
  /** Triaged issues past their due date with a named responder still silent, in scope. */
  overdue: number;
}

const FORBIDDEN_DECISIONS = '无权访问: the decisions screen is for coordinators, auditors and admins';
const FORBIDDEN_BOARD = '无权访问: the coordination-issue board is for officers, coordinators, auditors and admins';
const forbiddenPlan = (planId: string) => new ForbiddenError(`无权访问: your agency does not coordinate plan ${planId}`);

const isOpenMeasure = (status: IssueBoardRow['measureStatus']) => status === 'active' || status === 'closure_requested';

/** The coordinator's desk, read side: the decisions waiting for it, and the coordination-issue board (跨部门联动事项). */
export function createCoordinationService({ db, clock = () => new Date() }: CoordinationServiceDeps) {
  return {
    /**
     * The decisions waiting for the coordinator of the plans in scope: declines to arbitrate, transfers (转办),
     * extensions (延期) no other lead may decide, closures (销号) with evidence and final KPI values beside the
     * targets; each kind oldest first, with the count of each kind. Auditors and admins read every plan's
     * (`mayDecide` false); officers are FORBIDDEN, and so is a coordinator naming a plan it does not coordinate.
     */
    async pending(actor: Actor, input: DecisionsInput): Promise<PendingDecisions & { mayDecide: boolean }> {
      const scope = escalationQueueScope(actor);
      if (scope === null) throw new ForbiddenError(FORBIDDEN_DECISIONS);
      if (!scope.all && input.planId !== undefined && (await findPlanCoordinatorAgencyId(db, input.planId)) !== scope.coordinatorAgencyId) throw forbiddenPlan(input.planId);
      const pending = await listPendingDecisions(db, { scope, planId: input.planId, kind: input.kind, limit: input.limit });
      return { ...pending, mayDecide: !scope.all };
    },

    /**
     * The coordination-issue board: raised → triaged → resolved, each column up to `limit` (open and triaged
     * oldest first, resolved newest first), with each named responder's latest answer and who is still silent.
     * A coordinator sees its plans' issues, an officer those its agency raised or must answer, auditors and
     * admins all. A plan or measure named outside the reader's scope is FORBIDDEN rather than shown empty.
     */
    async board(actor: Actor, input: IssueBoardInput): Promise<IssueBoard> {
      const scope = issueBoardScope(actor);
      if (scope === null) throw new ForbiddenError(FORBIDDEN_BOARD);
      if ('coordinatorAgencyId' in scope && input.planId !== undefined && (await findPlanCoordinatorAgencyId(db, input.planId)) !== scope.coordinatorAgencyId) throw forbiddenPlan(input.planId);
      const now = clock();
      const board = await listIssueBoard(db, { scope, planId: input.planId, measureId: input.measureId, overdueOnly: input.overdueOnly, now, limit: input.limit });
      const rows = [...board.columns.open, ...board.columns.triaged, ...board.columns.resolved];
      const latest = await listLatestIssueResponses(
        db,
        rows.map((r) => r.id),
      );
      const names = await agencyNames(db, [...rows.flatMap((r) => [r.raisedByAgencyId, ...r.neededAgencyIds, ...r.responderAgencyIds]), ...latest.map((l) => l.agencyId)]);
      const ref = (agencyId: number): AgencyRef => ({ agencyId, name: names.get(agencyId) ?? `#${agencyId}` });
      const card = (row: IssueBoardRow): IssueCard => {
        const { raisedByAgencyId, neededAgencyIds, responderAgencyIds, coordinatorAgencyId, ...rest } = row;
        const answers = latest.filter((l) => l.issueId === row.id);
        const agencies = [...new Set([...responderAgencyIds, ...answers.map((a) => a.agencyId)])];
        const responders = agencies.map((agencyId): ResponderView => {
          const answer = answers.find((a) => a.agencyId === agencyId);
          return {
            ...ref(agencyId),
            named: responderAgencyIds.includes(agencyId),
            answered: answer !== undefined,
            latest: answer
              ? { response: answer.response, revision: answer.revision, respondedBy: answer.respondedBy, respondedAt: answer.respondedAt, late: row.dueAt !== null && answer.respondedAt > row.dueAt }
              : null,
          };
        });
        const coordinates = !actor.roles.includes('auditor') && actor.roles.includes('coordinator') && actor.agencyId === coordinatorAgencyId;
        const open = isOpenMeasure(row.measureStatus);
        return {
          ...rest,
          raisedBy: ref(raisedByAgencyId),
          neededAgencies: neededAgencyIds.map(ref),
          responders,
          waitingFor: responders.filter((r) => r.named && !r.answered).map(({ agencyId, name }) => ({ agencyId, name })),
          mayTriage: open && coordinates && row.status !== 'resolved',
          mayResolve: open && coordinates && row.status === 'triaged',
          mayRespond: open && row.status === 'triaged' && isIssueResponder(actor, responderAgencyIds),
        };
      };
      return {
        columns: { open: board.columns.open.map(card), triaged: board.columns.triaged.map(card), resolved: board.columns.resolved.map(card) },
        counts: board.counts,
        overdue: board.overdue,
      };
    },
  };
}

export type CoordinationService = ReturnType<typeof createCoordinationService>;
