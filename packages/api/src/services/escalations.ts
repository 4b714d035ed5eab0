import { escalationQueueScope, type Actor, type EscalationLevel } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { findPlanCoordinatorAgencyId, listOpenEscalations, type EscalationQueueRow } from '@liandong/db/queries';
import { ForbiddenError } from '../errors';

const DAY_MS = 86_400_000;

export interface EscalationQueueInput {
  level?: EscalationLevel;
  planId?: string;
  agencyId?: number;
  measureId?: string;
  limit: number;
  offset: number;
}

export type EscalationQueueEntry = EscalationQueueRow & {
  /** Whole days since it was raised (calendar days: an escalation waits on weekends too). */
  ageDays: number;
  acknowledged: boolean;
};

export interface EscalationServiceDeps {
  db: Db;
  clock?: () => Date;
}

/** 督办: the open escalations of the plans a coordinator's agency coordinates (every plan for auditors and admins). */
export function createEscalationService({ db, clock = () => new Date() }: EscalationServiceDeps) {
  return {
    /** Red first, then oldest first; FORBIDDEN for officers, and for a coordinator naming a plan it does not coordinate. */
    async queue(actor: Actor, input: EscalationQueueInput): Promise<{ rows: EscalationQueueEntry[]; total: number }> {
      const scope = escalationQueueScope(actor);
      if (scope === null) throw new ForbiddenError('无权访问: the escalation queue is for coordinators, auditors and admins');
      const coordinatorAgencyId = scope.all ? null : scope.coordinatorAgencyId;
      // A plan named outright is refused rather than shown empty: the filter is not a way to probe other plans.
      if (coordinatorAgencyId !== null && input.planId !== undefined && (await findPlanCoordinatorAgencyId(db, input.planId)) !== coordinatorAgencyId) {
        throw new ForbiddenError(`无权访问: your agency does not coordinate plan ${input.planId}`);
      }
      const list = await listOpenEscalations(db, { ...input, coordinatorAgencyId });
      const now = clock().getTime();
      return {
        total: list.total,
        rows: list.rows.map((row) => ({ ...row, ageDays: Math.max(0, Math.floor((now - row.raisedAt.getTime()) / DAY_MS)), acknowledged: row.status === 'acknowledged' })),
      };
    },
  };
}

export type EscalationService = ReturnType<typeof createEscalationService>;
