import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { canReadMeasure, cycleWindow, mayAttempt, participantsOf, WorkingCalendar, type Actor, type EscalationLevel, type MeasureParticipants } from '@liandong/domain';
import { isMeasureOverdue, type MeasureCommandType, type ReportContent } from '@liandong/domain/measure';
import type { Db } from '@liandong/db';
import {
  agencyNames,
  findCoordinationIssues,
  findEscalations,
  findIssueResponders,
  findLatestReport,
  findMeasure,
  findMeasureParticipants,
  findReports,
  latestKpiValues,
  listMeasureEvents,
  listMeasureKpis,
  listMeasuresToRun,
  listReportHistory,
  listWithdrawnMeasures,
  missingAgencyIds,
  setMeasureWorkflowIds,
  type ReportRow,
} from '@liandong/db/queries';
import * as m from '@liandong/workflows';
import type { measureWorkflowV2 } from '@liandong/workflows/workflows';
import { AppError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../errors';
import { REFUSAL_ACTIONS } from './audit';
import { createUpdatePacing, type UpdatePacingOptions } from './update-pacing';

type Handle = WorkflowHandle<typeof measureWorkflowV2>;
type MeasureUpdate<A> = UpdateDefinition<m.CommandResult, [A]>;

/** Liandong itself, for actions no person takes (recomputing deadlines after a calendar release at start-up). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system', displayName: '系统', agencyId: 0, roles: ['admin'] };

/** The type a running measure started with before the decision core; `start` moves it onto the core. */
const FIRST_WORKFLOW_TYPE = 'measureWorkflow';

/**
 * References to agencies outside the measure a command carries, by field: each must exist in the
 * directory before the workflow sees it (the workflow itself checks references to its own parties).
 */
function agencyReferences(input: Record<string, unknown>): { field: string; id: unknown }[] {
  const refs: { field: string; id: unknown }[] = [];
  for (const field of ['toAgencyId', 'reassignToAgencyId'] as const) {
    if (input[field] !== undefined && input[field] !== null) refs.push({ field, id: input[field] });
  }
  for (const field of ['neededAgencyIds', 'responderAgencyIds'] as const) {
    const ids = input[field];
    if (Array.isArray(ids)) ids.forEach((id, i) => refs.push({ field: `${field}[${i}]`, id }));
  }
  if (Array.isArray(input.assignments)) (input.assignments as { agencyId?: unknown }[]).forEach((a, i) => refs.push({ field: `assignments[${i}].agencyId`, id: a?.agencyId }));
  return refs;
}

/**
 * Every action on a measure, as the API calls it: each becomes a Workflow Update on `measure-<id>`,
 * whose validator asks the decision core; its refusal comes back as a typed error with the reason.
 * `requestId` makes a retried or double-clicked request the same update. `updates` paces them within
 * Temporal's per-workflow limits, so a burst at a deadline waits rather than being refused.
 */
export function createMeasureService({
  db,
  temporal,
  taskQueue,
  calendar,
  updates,
}: {
  db: Db;
  temporal: Client;
  taskQueue?: string;
  calendar?: () => WorkingCalendar;
  updates?: UpdatePacingOptions;
}) {
  const handle = (measureId: string): Handle => temporal.workflow.getHandle<typeof measureWorkflowV2>(m.measureWorkflowId(measureId));
  const pacing = createUpdatePacing(updates);

  /** References the workflow cannot check itself: agencies named by id must be in the directory. */
  async function checkReferences(input: Record<string, unknown>): Promise<void> {
    const refs = agencyReferences(input).filter((r): r is { field: string; id: number } => Number.isInteger(r.id) && (r.id as number) > 0 && (r.id as number) <= 2_147_483_647);
    if (refs.length === 0) return;
    const missing = new Set(await missingAgencyIds(db, [...new Set(refs.map((r) => r.id))]));
    const bad = refs.find((r) => missing.has(r.id));
    if (bad) throw new AppError('BAD_INPUT', `${bad.field}: agency ${bad.id} is not in the agency directory`, bad.field);
  }

  async function run<A extends m.WithActor>(measureId: string, update: MeasureUpdate<A>, args: A, requestId?: string): Promise<m.CommandResult> {
    await checkReferences(args as unknown as Record<string, unknown>);
    // One id for every attempt: an update sent again after a refusal for load is the same update.
    const updateId = requestId ?? randomUUID();
    try {
      return await pacing.send(measureId, () => handle(measureId).executeUpdate(update, { args: [args], updateId }));
    } catch (error) {
      // A retry of a request applied in an earlier run (before continue-as-new): it succeeded then.
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'AlreadyApplied') {
        const state = await handle(measureId).query(m.getMeasureStateQuery);
        return { seq: state.seq, status: state.status, events: [] };
      }
      throw await toServiceError(error, measureId);
    }
  }

  /** The workflow's refusal, as the typed error the API maps to a status code. */
  async function toServiceError(error: unknown, measureId: string): Promise<unknown> {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const { type, message, details } = error.cause;
      if (type === 'Forbidden') return new ForbiddenError(message);
      if (type === 'InvalidInput') return new AppError('BAD_INPUT', message, (details?.[0] as { field?: string } | undefined)?.field);
      return new InvalidTransitionError(message);
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
   * A measure still running on the first workflow version moves onto the decision core: it continues
   * as new as `measureWorkflowV2`, carrying its state over. Waits until the new run is there.
   */
  async function upgradeToCore(measureId: string): Promise<boolean> {
    const description = await handle(measureId).describe();
    if (description.type !== FIRST_WORKFLOW_TYPE || description.status.name !== 'RUNNING') return false;
    await handle(measureId).executeUpdate(m.upgradeToCoreUpdate);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const now = await handle(measureId).describe();
      if (now.type === m.MEASURE_WORKFLOW_TYPE && now.status.name === 'RUNNING') return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`measure ${measureId} did not move onto the decision core within 10 s`);
  }

  /**
   * A running workflow started before a plan revision learns what the revision says (audited): a
   * measure listed again after being withdrawn is reinstated, then its assignments are brought in line.
   */
  async function reconcile(measureId: string, wanted: m.MeasureWorkflowInput['assignments'], actor: Actor): Promise<void> {
    await upgradeToCore(measureId);
    let state = await handle(measureId).query(m.getMeasureStateQuery);
    if (state.status === 'closed') return;
    if (state.status === 'withdrawn') {
      await run(measureId, m.reinstateMeasureUpdate, { actor, comment: '方案修订：本措施重新列入方案' });
      state = await handle(measureId).query(m.getMeasureStateQuery);
    }
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
    await upgradeToCore(measureId);
    await run(measureId, m.withdrawMeasureUpdate, { actor, reason: '方案修订：本措施已从方案中删除' });
    return true;
  }

  const command =
    <A extends m.WithActor>(update: MeasureUpdate<A>) =>
    (actor: Actor, measureId: string, input: Omit<A, 'actor'>, requestId?: string) =>
      run(measureId, update, { ...input, actor } as A, requestId);

  /** Live state from the workflow, or the typed error (NOT_FOUND for an unknown measure). */
  async function readState(measureId: string): Promise<m.MeasureState> {
    try {
      return await handle(measureId).query(m.getMeasureStateQuery);
    } catch (error) {
      throw await toServiceError(error, measureId);
    }
  }

  /**
   * Who stands on the measure now, for a policy check. The read model names them without a round trip to the
   * workflow; a measure outside any plan asks the workflow. NOT_FOUND for an unknown measure.
   */
  async function participants(measureId: string): Promise<MeasureParticipants> {
    return (await findMeasureParticipants(db, measureId)) ?? participantsOf(await readState(measureId));
  }

  const commands = {
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
    respondIssue: command(m.respondIssueUpdate),
    requestExtension: command(m.requestExtensionUpdate),
    decideExtension: command(m.decideExtensionUpdate),
    applyClosure: command(m.applyClosureUpdate),
    decideClosure: command(m.decideClosureUpdate),
    recomputeDeadlines: command(m.recomputeDeadlinesUpdate),
    withdrawMeasure: command(m.withdrawMeasureUpdate),
    reinstateMeasure: command(m.reinstateMeasureUpdate),
    syncAssignments: command(m.syncAssignmentsUpdate),
  } satisfies Record<MeasureCommandType, unknown>;
  type Commands = typeof commands;

  /**
   * A person's command, checked against the policy first: outsiders, auditors and roles that can never
   * send it are refused before the workflow is asked. The workflow's validator still judges the state.
   */
  const authorized =
    <T extends keyof Commands>(type: T) =>
    async (actor: Actor, measureId: string, input: Parameters<Commands[T]>[2], requestId?: string): Promise<m.CommandResult> => {
      const parties = await participants(measureId);
      // An issue's responders need hold no assignment: the policy asks for the agencies the coordinator named.
      if (type === 'respondIssue') parties.responderAgencyIds = await findIssueResponders(db, measureId, (input as { issueId: string }).issueId);
      if (!mayAttempt(actor, type, parties)) throw new ForbiddenError(FORBIDDEN_COMMAND);
      // Scoped to the person and the command: someone else's request id, or another command's, is never mistaken for this one.
      const updateId = requestId === undefined ? undefined : `${actor.userId}:${type}:${requestId}`;
      return (commands[type] as (a: Actor, id: string, i: typeof input, r?: string) => Promise<m.CommandResult>)(actor, measureId, input, updateId);
    };

  return {
    /**
     * Brings the workflows in line with the stored plans (one plan, or every active plan), idempotently:
     * every open measure runs (started, or reinstated if a revision had withdrawn it) with its current
     * assignments, and every withdrawn one is dormant. `actor` is who confirmed the revision.
     * Measures go `concurrency` at a time (each is a few round trips to Temporal); `onProgress` hears
     * each one finish. A failure does not stop the others: they all run, then the failures are thrown together.
     */
    async startWorkflows(
      planId?: string,
      actor: Actor = SYSTEM_ACTOR,
      { onProgress, concurrency = START_CONCURRENCY }: { onProgress?: (done: number, total: number) => void; concurrency?: number } = {},
    ): Promise<{ measures: number; withdrawn: number }> {
      const [measures, removed] = await Promise.all([listMeasuresToRun(db, planId), listWithdrawnMeasures(db, planId)]);
      const total = measures.length + removed.length;
      let done = 0;
      const failures: { measureId: string; error: unknown }[] = [];
      const started: string[] = [];
      /** Workflows this call created: in line once their first workflow task (the recording of measure.started) ran. */
      const created: string[] = [];
      let withdrawn = 0;
      /** `work` returns false when the measure is not done yet (created: it is done in the second pass). */
      const step = (measureId: string, work: () => Promise<boolean | void>) => async () => {
        let finished = true;
        try {
          finished = (await work()) !== false;
        } catch (error) {
          failures.push({ measureId, error });
        }
        if (!finished) return;
        done += 1;
        onProgress?.(done, total);
      };
      onProgress?.(0, total);
      await runBounded(concurrency, [
        ...measures.map((measure) =>
          step(measure.measureId, async () => {
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
              // The first cycle under the calendar the worker reads (entered holiday schedules included).
              await m.startMeasureWorkflow(temporal, input, { taskQueue, leadAgencyCodes, calendar: calendar?.(), whenRunning: 'fail' });
              // Created by this call, it runs exactly `input`: nothing to bring in line. It is waited for in the second
              // pass, so that the worker records the first measures while the last ones are being started.
              started.push(measure.measureId);
              created.push(measure.measureId);
              return false;
            } catch (error) {
              if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
            }
            started.push(measure.measureId);
            // There already: running, it learns the revision; a closed measure's finished workflow is never started again.
            if ((await handle(measure.measureId).describe()).status.name !== 'RUNNING') return;
            await reconcile(measure.measureId, input.assignments, actor);
          }),
        ),
        ...removed.map(({ measureId }) =>
          step(measureId, async () => {
            if (await withdraw(measureId, actor)) withdrawn += 1;
          }),
        ),
      ]);
      // A query waits for the workflow's first task: when this returns, every measure.started is recorded.
      await runBounded(
        concurrency,
        created.map((measureId) => step(measureId, async () => void (await handle(measureId).query(m.getMeasureStateQuery)))),
      );
      await setMeasureWorkflowIds(db, started.map((measureId) => ({ measureId, workflowId: m.measureWorkflowId(measureId) })));
      if (failures.length > 0) {
        const first = failures[0]!;
        const reason = first.error instanceof Error ? first.error.message : String(first.error);
        throw new AggregateError(
          failures.map((f) => f.error),
          `${failures.length} of ${total} measure workflows could not be brought in line (first: measure ${first.measureId}: ${reason})`,
        );
      }
      return { measures: measures.length, withdrawn };
    },

    /** Live state from the workflow (the read model serves lists). No authorization: callers inside the server only. */
    state: readState,

    /** Measures this process has updates in flight or waiting for (none once it is idle). */
    measuresWithUpdatesInFlight: () => pacing.measuresInFlight,

    participants,

    /**
     * The measure page for a reader: the measure, its parties and their assignments, the current cycle with
     * each duty's report, open subtasks, escalations, extension requests and issues, with agency names.
     * NOT_FOUND for an unknown id; FORBIDDEN (无权访问) for anyone the policy keeps out, who learns nothing more.
     */
    async get(actor: Actor, measureId: string): Promise<MeasurePage> {
      const row = await findMeasure(db, measureId);
      if (!row) throw new NotFoundError('measure', measureId);
      const state = await readState(measureId);
      if (!canReadMeasure(actor, participantsOf(state))) throw new ForbiddenError(FORBIDDEN_READ);
      const record = await readRecord(db, measureId, state, actor.agencyId);
      return measurePage(row, state, record, await agencyNames(db, [...agenciesNamedIn(state), ...agenciesNamedInRecord(record)]), new Date());
    },

    /** Every command without the policy check: for the server's own flows (plan revisions, calendar corrections, tests). */
    ...commands,

    /** The commands a person sends through the API: the policy's pre-check, then the workflow. */
    authorized: {
      acceptAssignment: authorized('acceptAssignment'),
      declineAssignment: authorized('declineAssignment'),
      arbitrateDecline: authorized('arbitrateDecline'),
      requestTransfer: authorized('requestTransfer'),
      decideTransfer: authorized('decideTransfer'),
      createSubtask: authorized('createSubtask'),
      completeSubtask: authorized('completeSubtask'),
      submitReport: authorized('submitReport'),
      reviewReport: authorized('reviewReport'),
      escalate: authorized('escalate'),
      acknowledgeEscalation: authorized('acknowledgeEscalation'),
      resolveEscalation: authorized('resolveEscalation'),
      raiseIssue: authorized('raiseIssue'),
      triageIssue: authorized('triageIssue'),
      resolveIssue: authorized('resolveIssue'),
      respondIssue: authorized('respondIssue'),
      requestExtension: authorized('requestExtension'),
      decideExtension: authorized('decideExtension'),
      applyClosure: authorized('applyClosure'),
      decideClosure: authorized('decideClosure'),
      withdrawMeasure: authorized('withdrawMeasure'),
      reinstateMeasure: authorized('reinstateMeasure'),
    },

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

/** What an outsider hears about a measure it may not see, and about a command it may not send. */
export const FORBIDDEN_READ = '无权访问：您所在单位不参与该措施 (you may not see this measure)';
export const FORBIDDEN_COMMAND = '无权访问：您无权对该措施执行此操作 (you may not do this on this measure)';

/**
 * The measure page's data (措施详情). The workflow's live state says who owes what now; the read model adds what
 * people wrote (report content, review comments, issue texts), the KPIs with their latest values, and the
 * audit log's story of the measure. Agency names come from the directory.
 */
export interface MeasurePage {
  id: string;
  number: string;
  section: string | null;
  title: string;
  body: string;
  status: m.MeasureState['status'];
  /** 完成时限: the date (yyyy-mm-dd, China) the plan says the measure is due; null when ongoing or not stated. */
  dueOn: string | null;
  /** 长期: the plan gives the measure no end date; it is never overdue. */
  ongoing: boolean;
  /** The deadline phrase as the plan writes it (`2025年底前`, `长期坚持`), null when none. */
  deadlineText: string | null;
  /** 逾期未办结: `dueOn` has passed in China and the measure is not closed (read model status). */
  overdue: boolean;
  plan: { id: string; title: string | null; documentNumber: string | null } | null;
  coordinator: AgencyRef;
  assignments: (AgencyRef & { role: 'lead' | 'partner'; status: string; declineReason: string | null; transferTo: AgencyRef | null })[];
  cycle: { index: number; periodStart: string; periodEnd: string; dueAt: string; closesAt: string; duties: Duty[] };
  /** Duties of earlier cycles still in play: a report awaiting review, returned, or still owed. */
  carried: Duty[];
  subtasks: (m.MeasureState['subtasks'][number] & { assignee: AgencyRef })[];
  escalations: (Omit<m.MeasureState['escalations'][number], 'agencyId' | 'climbAt'> & { agency: AgencyRef | null; reason: string | null; raisedAt: string | null })[];
  extensions: (Omit<m.MeasureState['extensions'][number], 'agencyId'> & { agency: AgencyRef })[];
  issues: {
    id: string;
    status: 'open' | 'triaged';
    raisedBy: AgencyRef;
    title: string | null;
    description: string | null;
    neededAgencies: AgencyRef[];
    responders: AgencyRef[];
    dueAt: string | null;
    raisedAt: string | null;
  }[];
  closure: m.MeasureState['closure'];
  /** The measure's quantitative targets (量化指标), each with the newest value reported for it. */
  kpis: MeasureKpiView[];
  /**
   * Earlier cycles' reports (before the current cycle), the last revision of each unit's, for the last
   * `HISTORY_CYCLES` cycles that have any; newest cycle first. Long texts are abridged (`HISTORY_TEXT` characters).
   */
  history: PastReport[];
  /** The reader's own agency's newest report on this measure (any cycle), in full: what its next report starts from (最多报一次). */
  lastReport: LastReport | null;
  /** What happened on the measure, newest first: the last `TIMELINE_LIMIT` audit events (refusals left out). */
  timeline: TimelineEntry[];
  /** Older events exist beyond `timeline` (the audit export has them all). */
  timelineHasMore: boolean;
}
interface AgencyRef {
  agencyId: number;
  name: string;
}
interface DutyReport {
  status: 'submitted' | 'accepted' | 'returned';
  revision: number;
  late: boolean;
  /** What the unit wrote in this revision; null only when the read model does not hold it (never expected). */
  content: ReportContent | null;
  submittedAt: string | null;
  /** The reviewer's comment (审核意见) once accepted or returned. */
  reviewComment: string | null;
  reviewedAt: string | null;
}
interface Duty extends AgencyRef {
  cycleIndex: number;
  dueAt: string;
  extended: boolean;
  report: DutyReport | null;
}
interface PastReport {
  cycleIndex: number;
  periodStart: string;
  periodEnd: string;
  agency: AgencyRef;
  kind: 'partner' | 'combined';
  revision: number;
  status: 'submitted' | 'accepted' | 'returned';
  late: boolean;
  submittedAt: string;
  content: ReportContent;
  /** Some text of `content` was abridged for the page. */
  abridged: boolean;
  reviewComment: string | null;
  reviewedAt: string | null;
}
interface LastReport {
  cycleIndex: number;
  kind: 'partner' | 'combined';
  revision: number;
  status: 'submitted' | 'accepted' | 'returned';
  submittedAt: string;
  content: ReportContent;
}
export interface MeasureKpiView {
  metric: string;
  target: number;
  unit: string;
  comparator: '>=' | '<=' | '=';
  /** The year the target is due by, if the clause names one. */
  deadline: number | null;
  /** The clause the target was read from. */
  text: string;
  /** The newest value reported (the lead's accepted combined report first), or null when none has been. */
  latest: { value: number; cycleIndex: number; agency: AgencyRef; kind: 'partner' | 'combined'; status: 'submitted' | 'accepted' | 'returned'; submittedAt: string } | null;
}
/** One event of the measure's story, as a reader sees it: no hashes, no internal ids. */
export interface TimelineEntry {
  at: string;
  /** The event's name as the audit log records it (`report.submitted`); the portal words it. */
  action: string;
  /** Who did it: the person's display name with their agency, or Liandong itself (`system`, named 系统: timers, plan revisions). */
  actor: { name: string; agency: AgencyRef | null; system: boolean };
  /** What the event concerns, from its payload: the unit, the cycle, the words a person wrote (abridged). */
  summary: {
    agency: AgencyRef | null;
    toAgency: AgencyRef | null;
    cycleIndex: number | null;
    kind: 'partner' | 'combined' | null;
    revision: number | null;
    progressStatus: ReportContent['progressStatus'] | null;
    percentDone: number | null;
    level: EscalationLevel | null;
    dueAt: string | null;
    text: string | null;
  };
}

/** Bounds that keep the page small however long a measure runs: earlier cycles listed, characters of each of their texts. */
const HISTORY_CYCLES = 12;
const HISTORY_TEXT = 1_000;
/** Timeline entries, and characters of the words quoted in each. */
const TIMELINE_LIMIT = 200;
const SUMMARY_TEXT = 140;

/** What the read model adds to the live state for the page; read after the reader is authorized. */
interface MeasureRecord {
  reports: Map<string, ReportRow>;
  history: ReportRow[];
  lastReport: ReportRow | null;
  kpis: Awaited<ReturnType<typeof listMeasureKpis>>;
  latest: Map<string, Awaited<ReturnType<typeof latestKpiValues>>[number]>;
  events: Awaited<ReturnType<typeof listMeasureEvents>>;
  issues: Map<string, Awaited<ReturnType<typeof findCoordinationIssues>>[number]>;
  escalations: Map<string, Awaited<ReturnType<typeof findEscalations>>[number]>;
}

/** One round of independent reads, each through an index on the measure (or a primary key). */
async function readRecord(db: Db, measureId: string, s: m.MeasureState, readerAgencyId: number): Promise<MeasureRecord> {
  const reportIds = [...s.cycle.duties, ...s.carried].flatMap((d) => (d.report ? [d.report.reportId] : []));
  const kpisAndLatest = listMeasureKpis(db, measureId).then(async (kpis) => ({ kpis, latest: await latestKpiValues(db, measureId, kpis.map((k) => k.metric)) }));
  const [reports, history, lastReport, { kpis, latest }, events, issues, escalations] = await Promise.all([
    findReports(db, measureId, reportIds),
    listReportHistory(db, measureId, { beforeCycle: s.cycle.index, cycles: HISTORY_CYCLES }),
    readerAgencyId > 0 ? findLatestReport(db, measureId, readerAgencyId) : Promise.resolve(undefined),
    kpisAndLatest,
    listMeasureEvents(db, measureId, { limit: TIMELINE_LIMIT + 1, exceptActions: Object.values(REFUSAL_ACTIONS) }),
    findCoordinationIssues(db, measureId, s.issues.map((i) => i.id)),
    findEscalations(db, measureId, s.escalations.map((e) => e.id)),
  ]);
  return {
    reports: new Map(reports.map((r) => [r.id, r])),
    history,
    lastReport: lastReport ?? null,
    kpis,
    latest: new Map(latest.map((l) => [l.metric, l])),
    events,
    issues: new Map(issues.map((i) => [i.id, i])),
    escalations: new Map(escalations.map((e) => [e.id, e])),
  };
}

function agenciesNamedIn(s: m.MeasureState): number[] {
  return [
    s.parties.coordinatorAgencyId,
    ...s.assignments.flatMap((a) => [a.agencyId, ...(a.transferToAgencyId ? [a.transferToAgencyId] : [])]),
    ...[...s.cycle.duties, ...s.carried].map((d) => d.agencyId),
    ...s.subtasks.map((t) => t.assigneeAgencyId),
    ...s.escalations.flatMap((e) => (e.agencyId === null ? [] : [e.agencyId])),
    ...s.extensions.map((e) => e.agencyId),
    ...s.issues.map((i) => i.raisedByAgencyId),
  ];
}

function agenciesNamedInRecord(r: MeasureRecord): number[] {
  return [
    ...r.history.map((h) => h.agencyId),
    ...[...r.latest.values()].map((l) => l.agencyId),
    ...[...r.issues.values()].flatMap((i) => [...i.neededAgencyIds, ...i.responderAgencyIds]),
    ...r.events.flatMap((e) => {
      const about = payloadAgencies(e.payload);
      return [...(e.actorAgencyId === null ? [] : [e.actorAgencyId]), ...(about.agencyId === null ? [] : [about.agencyId]), ...(about.toAgencyId === null ? [] : [about.toAgencyId])];
    }),
  ];
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const abridge = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const contentOf = (r: ReportRow): ReportContent => ({
  progressStatus: r.progressStatus,
  percentDone: r.percentDone,
  kpiValues: r.kpiValues,
  summary: r.summary,
  problems: r.problems,
  supportRequested: r.supportRequested,
});

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** The agency an event concerns, and the one it moves something to, as its payload names them. */
function payloadAgencies(p: Record<string, unknown>): { agencyId: number | null; toAgencyId: number | null } {
  return {
    agencyId: num(p.agencyId) ?? num(p.fromAgencyId) ?? num(p.raisedByAgencyId) ?? num(p.assigneeAgencyId),
    toAgencyId: num(p.toAgencyId),
  };
}
/** The words a person wrote with the event (a reason, a comment, a decision…), the first one present. */
const WRITTEN = ['reason', 'comment', 'decision', 'resolution', 'title', 'note', 'evidence'] as const;
const PROGRESS = new Set(['on_track', 'at_risk', 'blocked', 'done']);
const LEVELS = new Set(['blue', 'yellow', 'red']);

function measurePage(row: NonNullable<Awaited<ReturnType<typeof findMeasure>>>, s: m.MeasureState, record: MeasureRecord, names: Map<number, string>, now: Date): MeasurePage {
  const ref = (agencyId: number): AgencyRef => ({ agencyId, name: names.get(agencyId) ?? `#${agencyId}` });
  const optionalRef = (agencyId: number | null): AgencyRef | null => (agencyId === null ? null : ref(agencyId));
  const duty = (d: m.MeasureState['carried'][number]): Duty => {
    const stored = d.report ? record.reports.get(d.report.reportId) : undefined;
    return {
      ...ref(d.agencyId),
      cycleIndex: d.cycleIndex,
      dueAt: d.schedule.dueAt,
      extended: d.extendedDueAt !== undefined,
      report: d.report && {
        status: d.report.status,
        revision: d.report.revision,
        late: d.report.late,
        content: stored ? contentOf(stored) : null,
        submittedAt: stored ? stored.submittedAt.toISOString() : null,
        reviewComment: stored?.reviewComment ?? null,
        reviewedAt: iso(stored?.reviewedAt ?? null),
      },
    };
  };
  const startedAt = new Date(s.startedAt);
  const past = (r: ReportRow): PastReport => {
    const { start, end } = cycleWindow(s.policy, startedAt, r.cycleIndex);
    const content = contentOf(r);
    const abridged = { ...content, summary: abridge(content.summary, HISTORY_TEXT), problems: abridge(content.problems, HISTORY_TEXT), supportRequested: abridge(content.supportRequested, HISTORY_TEXT) };
    return {
      cycleIndex: r.cycleIndex,
      periodStart: start.toISOString(),
      periodEnd: end.toISOString(),
      agency: ref(r.agencyId),
      kind: r.kind,
      revision: r.revision,
      status: r.status,
      late: r.late,
      submittedAt: r.submittedAt.toISOString(),
      content: abridged,
      abridged: abridged.summary !== content.summary || abridged.problems !== content.problems || abridged.supportRequested !== content.supportRequested,
      reviewComment: r.reviewComment === null ? null : abridge(r.reviewComment, HISTORY_TEXT),
      reviewedAt: iso(r.reviewedAt),
    };
  };
  const entry = (e: MeasureRecord['events'][number]): TimelineEntry => {
    const p = e.payload;
    const about = payloadAgencies(p);
    const written = WRITTEN.map((k) => str(p[k])).find((v) => v !== null) ?? null;
    const content = typeof p.content === 'object' && p.content !== null ? (p.content as Record<string, unknown>) : {};
    return {
      at: e.occurredAt.toISOString(),
      action: e.action,
      actor: e.actorDisplayName === null && e.actor === SYSTEM_ACTOR.username
        ? { name: SYSTEM_ACTOR.displayName, agency: null, system: true }
        : { name: e.actorDisplayName ?? e.actor, agency: optionalRef(e.actorAgencyId), system: false },
      summary: {
        agency: optionalRef(about.agencyId),
        toAgency: optionalRef(about.toAgencyId),
        cycleIndex: num(p.cycleIndex),
        kind: p.kind === 'partner' || p.kind === 'combined' ? p.kind : null,
        revision: num(p.revision),
        progressStatus: PROGRESS.has(content.progressStatus as string) ? (content.progressStatus as ReportContent['progressStatus']) : null,
        percentDone: num(content.percentDone),
        level: LEVELS.has(p.level as string) ? (p.level as EscalationLevel) : null,
        dueAt: str(p.dueAt) ?? str(p.requestedDueAt),
        text: written === null ? null : abridge(written, SUMMARY_TEXT),
      },
    };
  };
  return {
    id: row.id,
    number: row.number,
    section: row.section,
    title: row.title,
    body: row.body,
    status: s.status,
    dueOn: row.dueOn,
    ongoing: row.ongoing,
    deadlineText: row.deadlineText,
    overdue: isMeasureOverdue({ dueOn: row.dueOn, ongoing: row.ongoing, status: row.status }, now),
    plan: row.planId ? { id: row.planId, title: row.planTitle, documentNumber: row.planDocumentNumber } : null,
    coordinator: ref(s.parties.coordinatorAgencyId),
    assignments: s.assignments
      .filter((a) => a.status !== 'withdrawn')
      .map((a) => ({ ...ref(a.agencyId), role: a.role, status: a.status, declineReason: a.declineReason ?? null, transferTo: a.transferToAgencyId ? ref(a.transferToAgencyId) : null })),
    cycle: { index: s.cycle.index, periodStart: s.cycle.periodStart, periodEnd: s.cycle.periodEnd, dueAt: s.cycle.dueAt, closesAt: s.cycle.closesAt, duties: s.cycle.duties.map(duty) },
    carried: s.carried.map(duty),
    subtasks: s.subtasks.map((t) => ({ ...t, assignee: ref(t.assigneeAgencyId) })),
    escalations: s.escalations.map(({ agencyId, climbAt: _climbAt, ...e }) => {
      const stored = record.escalations.get(e.id);
      return { ...e, agency: optionalRef(agencyId), reason: stored?.reason ?? null, raisedAt: iso(stored?.raisedAt ?? null) };
    }),
    extensions: s.extensions.map(({ agencyId, ...e }) => ({ ...e, agency: ref(agencyId) })),
    issues: s.issues.map((i) => {
      const stored = record.issues.get(i.id);
      return {
        id: i.id,
        status: i.status,
        raisedBy: ref(i.raisedByAgencyId),
        title: stored?.title ?? null,
        description: stored?.description ?? null,
        neededAgencies: (stored?.neededAgencyIds ?? []).map(ref),
        responders: (stored?.responderAgencyIds ?? []).map(ref),
        dueAt: iso(stored?.dueAt ?? null),
        raisedAt: iso(stored?.raisedAt ?? null),
      };
    }),
    closure: s.closure,
    kpis: record.kpis.map((k) => {
      const latest = record.latest.get(k.metric.trim());
      return {
        metric: k.metric,
        target: k.target,
        unit: k.unit,
        comparator: k.comparator,
        deadline: k.deadlineYear,
        text: k.sourceText,
        latest: latest
          ? { value: latest.value, cycleIndex: latest.cycleIndex, agency: ref(latest.agencyId), kind: latest.kind, status: latest.status, submittedAt: new Date(latest.submittedAt).toISOString() }
          : null,
      };
    }),
    history: record.history.map(past),
    lastReport: record.lastReport && {
      cycleIndex: record.lastReport.cycleIndex,
      kind: record.lastReport.kind,
      revision: record.lastReport.revision,
      status: record.lastReport.status,
      submittedAt: record.lastReport.submittedAt.toISOString(),
      content: contentOf(record.lastReport),
    },
    timeline: record.events.slice(0, TIMELINE_LIMIT).map(entry),
    timelineHasMore: record.events.length > TIMELINE_LIMIT,
  };
}

/**
 * Measures brought in line at once (a plan's confirmation, start-up): enough to overlap the round trips to Temporal,
 * each about 70–100 ms on 2 cores, few enough not to flood a dev server. The plan launch bench measured 1,000 measures
 * at 8 and at 16 (docs/BENCHMARKS.md).
 */
export const START_CONCURRENCY = 16;

/** Runs `tasks` with at most `limit` in flight; each task handles its own errors. */
async function runBounded(limit: number, tasks: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), tasks.length) }, lane));
}

