import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { WorkingCalendar, type Actor } from '@liandong/domain';
import type { Db } from '@liandong/db';
import { listMeasuresToRun, listWithdrawnMeasures, setMeasureWorkflowIds } from '@liandong/db/queries';
import * as m from '@liandong/workflows';
import type { measureWorkflow } from '@liandong/workflows/workflows';
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '../errors';

type Handle = WorkflowHandle<typeof measureWorkflow>;
type MeasureUpdate<A> = UpdateDefinition<m.MeasureState, [A]>;

/** Liandong itself, for actions no person takes (recomputing deadlines after a calendar release at start-up). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system', displayName: '系统', agencyId: 0, roles: ['admin'] };

/**
 * Every action on a measure, as the API calls it: each becomes a Workflow Update on `measure-<id>`,
 * whose validator decides; its refusal comes back as a typed error with the workflow's reason.
 * `requestId` makes a retried or double-clicked request the same update.
 */
export function createMeasureService({ db, temporal, taskQueue }: { db: Db; temporal: Client; taskQueue?: string }) {
  const handle = (measureId: string): Handle => temporal.workflow.getHandle<typeof measureWorkflow>(m.measureWorkflowId(measureId));

  async function run<A extends m.WithActor>(
    measureId: string,
    update: MeasureUpdate<A>,
    args: A,
    requestId?: string,
  ): Promise<m.MeasureState> {
    try {
      return await handle(measureId).executeUpdate(update, { args: [args], ...(requestId ? { updateId: requestId } : {}) });
    } catch (error) {
      // A retry of a request applied in an earlier run (before continue-as-new): it succeeded then.
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'AlreadyApplied') {
        return handle(measureId).query(m.getMeasureStateQuery);
      }
      throw await toServiceError(error, measureId);
    }
  }

  /** The workflow's refusal, as the typed error the API maps to a status code. */
  async function toServiceError(error: unknown, measureId: string): Promise<unknown> {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      if (error.cause.type === 'Forbidden') return new ForbiddenError(error.cause.message);
      return new InvalidTransitionError(error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) {
      // A closed measure's workflow has completed: updates find no running execution.
      const closed = await handle(measureId)
        .describe()
        .then((d) => d.status.name === 'COMPLETED', () => false);
      return closed ? new InvalidTransitionError('the measure is closed (已销号)') : new NotFoundError('measure', measureId);
    }
    return error;
  }

  /**
   * A running workflow started before a plan revision learns what the revision says (audited): a
   * measure listed again after being withdrawn is reinstated, then its assignments are brought in line.
   */
  async function reconcile(measureId: string, wanted: m.MeasureWorkflowInput['assignments'], actor: Actor): Promise<void> {
    let state = await handle(measureId).query(m.getMeasureStateQuery);
    if (state.status === 'closed') return;
    if (state.status === 'withdrawn') state = await run(measureId, m.reinstateMeasureUpdate, { actor, comment: '方案修订：本措施重新列入方案' });
    const key = (list: { agencyId: number; role: string }[]) => list.map((a) => `${a.agencyId}:${a.role}`).sort().join();
    if (key(state.assignments.filter((a) => a.status !== 'withdrawn')) === key(wanted)) return;
    await run(measureId, m.syncAssignmentsUpdate, { actor, assignments: wanted });
  }

  /** A measure the revision removed stops reminding and escalating (its workflow goes dormant, audited). */
  async function withdraw(measureId: string, actor: Actor): Promise<boolean> {
    const state = await handle(measureId)
      .query(m.getMeasureStateQuery)
      .catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      });
    if (!state || state.status === 'closed' || state.status === 'withdrawn') return false;
    await run(measureId, m.withdrawMeasureUpdate, { actor, reason: '方案修订：本措施已从方案中删除' });
    return true;
  }

  const command =
    <A extends m.WithActor>(update: MeasureUpdate<A>) =>
    (actor: Actor, measureId: string, input: Omit<A, 'actor'>, requestId?: string) =>
      run(measureId, update, { ...input, actor } as A, requestId);

  return {
    /**
     * Brings the workflows in line with the stored plans (one plan, or every active plan), idempotently:
     * every open measure runs (started, or reinstated if a revision had withdrawn it) with its current
     * assignments, and every withdrawn one is dormant. `actor` is who confirmed the revision.
     */
    async startWorkflows(planId?: string, actor: Actor = SYSTEM_ACTOR): Promise<{ measures: number; withdrawn: number }> {
      const measures = await listMeasuresToRun(db, planId);
      for (const measure of measures) {
        const input: m.MeasureWorkflowInput = {
          measureId: measure.measureId,
          planId: measure.planId,
          parties: { leadAgencyIds: measure.assignments.filter((a) => a.role === 'lead').map((a) => a.agencyId), coordinatorAgencyId: measure.coordinatorAgencyId },
          assignments: measure.assignments.map((a) => ({ agencyId: a.agencyId, role: a.role })),
          policy: measure.policy,
          startedAt: measure.startedAt.toISOString(),
        };
        const leadAgencyCodes = measure.assignments.filter((a) => a.role === 'lead').map((a) => a.agencyCode);
        try {
          await m.startMeasureWorkflow(temporal, input, { taskQueue, leadAgencyCodes });
        } catch (error) {
          // A closed measure's finished workflow is never started again.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          continue;
        }
        await reconcile(measure.measureId, input.assignments, actor);
      }
      await setMeasureWorkflowIds(db, measures.map((x) => ({ measureId: x.measureId, workflowId: m.measureWorkflowId(x.measureId) })));
      let withdrawn = 0;
      for (const { measureId } of await listWithdrawnMeasures(db, planId)) {
        if (await withdraw(measureId, actor)) withdrawn += 1;
      }
      return { measures: measures.length, withdrawn };
    },

    /** Live state from the workflow (the read model serves lists). */
    async state(measureId: string): Promise<m.MeasureState> {
      try {
        return await handle(measureId).query(m.getMeasureStateQuery);
      } catch (error) {
        throw await toServiceError(error, measureId);
      }
    },

    acceptAssignment: command(m.acceptAssignmentUpdate),
    declineAssignment: command(m.declineAssignmentUpdate),
    arbitrateDecline: command(m.arbitrateDeclineUpdate),
    requestTransfer: command(m.requestTransferUpdate),
    decideTransfer: command(m.decideTransferUpdate),
    createSubtask: command(m.createSubtaskUpdate),
    completeSubtask: command(m.completeSubtaskUpdate),
    submitReport: command(m.submitReportUpdate),
    reviewReport: command(m.reviewReportUpdate),
    escalate: command(m.escalateUpdate),
    acknowledgeEscalation: command(m.acknowledgeEscalationUpdate),
    resolveEscalation: command(m.resolveEscalationUpdate),
    raiseIssue: command(m.raiseIssueUpdate),
    triageIssue: command(m.triageIssueUpdate),
    resolveIssue: command(m.resolveIssueUpdate),
    requestExtension: command(m.requestExtensionUpdate),
    decideExtension: command(m.decideExtensionUpdate),
    applyClosure: command(m.applyClosureUpdate),
    decideClosure: command(m.decideClosureUpdate),
    recomputeDeadlines: command(m.recomputeDeadlinesUpdate),
    withdrawMeasure: command(m.withdrawMeasureUpdate),
    reinstateMeasure: command(m.reinstateMeasureUpdate),

    /**
     * After a calendar correction (a new `chinese-days` release): every open measure whose deadlines
     * were computed with another calendar version recomputes them; each change is audited.
     */
    async recomputeStaleDeadlines(actor: Actor, calendar: WorkingCalendar = new WorkingCalendar()): Promise<{ recomputed: string[] }> {
      const recomputed: string[] = [];
      for (const measure of await listMeasuresToRun(db)) {
        const state = await handle(measure.measureId).query(m.getMeasureStateQuery).catch(() => null);
        if (!state || state.status === 'closed' || state.status === 'withdrawn' || state.calendarVersion === calendar.version) continue;
        await run(measure.measureId, m.recomputeDeadlinesUpdate, { actor });
        recomputed.push(measure.measureId);
      }
      return { recomputed };
    },
  };
}

export type MeasureService = ReturnType<typeof createMeasureService>;

