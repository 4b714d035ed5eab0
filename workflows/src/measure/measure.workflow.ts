import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  calendarNeeds,
  decide,
  fromV1State,
  initialState,
  nextWakeUp,
  rememberUpdate,
  rollover,
  rolloverDue,
  rolloverNeeds,
  tick,
  validate,
  type CalendarNeeds,
  type DecideRules,
  type MeasureCommand,
  type MeasureCommandType,
  type MeasureEvent,
  type MeasureState,
  type Refusal,
} from '@liandong/domain/measure';
import { SEARCH_ATTRIBUTES } from '../search-attributes';
import type { MeasureActivities } from './measure.activities';
import * as m from './measure.messages';
import type { CommandResult, MeasureWorkflowInput } from './measure.messages';

export * from './measure.messages';

// A short database write on the command's path: a local activity runs inside the workflow task,
// one server round trip fewer than a regular one. A write that can never succeed fails at once.
const local = proxyLocalActivities<MeasureActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 6, nonRetryableErrorTypes: ['RecordingRefused'] },
});

/**
 * Updates a run accepts before it continues as new. Temporal refuses more than 2,000 per run, and Update
 * ids are deduplicated within a run only: the carried state remembers the latest ones (AlreadyApplied).
 */
const UPDATES_PER_RUN = 1_000;

/** A refusal of the decision core, as the failure the caller of the update sees. */
function refuse(refusal: Refusal): never {
  const type = refusal.kind === 'InvalidInput' ? 'InvalidInput' : refusal.kind;
  throw ApplicationFailure.create({ message: refusal.message, type, nonRetryable: true, details: refusal.field ? [{ field: refusal.field }] : [] });
}

const COMMANDS: readonly MeasureCommandType[] = [
  'acceptAssignment', 'declineAssignment', 'arbitrateDecline', 'requestTransfer', 'decideTransfer', 'createSubtask', 'completeSubtask',
  'submitReport', 'reviewReport', 'escalate', 'acknowledgeEscalation', 'resolveEscalation', 'raiseIssue', 'triageIssue', 'resolveIssue',
  'respondIssue', 'requestExtension', 'decideExtension', 'applyClosure', 'decideClosure', 'syncAssignments', 'withdrawMeasure', 'reinstateMeasure', 'recomputeDeadlines',
];

/** The id of what a command created, for the caller (a subtask, a report, an escalation …). */
function createdId(events: MeasureEvent[]): string | undefined {
  for (const e of events) {
    if (e.type === 'subtask.created') return e.subtaskId;
    if (e.type === 'report.submitted') return e.reportId;
    if (e.type === 'escalation.raised') return e.escalationId;
    if (e.type === 'issue.raised') return e.issueId;
    if (e.type === 'issue.responded') return e.responseId;
    if (e.type === 'extension.requested') return e.extensionId;
    if (e.type === 'closure.requested') return e.closureId;
  }
  return undefined;
}

/**
 * One long-running workflow per measure (`measure-<id>`), a thin shell around the decision core in
 * `@liandong/domain/measure`: commands arrive as updates (the validator asks the core), timers feed
 * the core the passing time, and every decision's events are recorded, in decision order, before
 * its state is kept. Each reporting cycle continues as new, so histories stay small.
 */
export async function measureWorkflowV2(input: MeasureWorkflowInput): Promise<MeasureState> {
  const info = workflowInfo();
  const fresh = !input.carried && !input.legacy;
  let state: MeasureState;
  if (input.carried) state = input.carried;
  else if (input.legacy) state = fromV1State(input.legacy, Date.now());
  else if (input.firstCycle) state = initialState(input, input.firstCycle);
  else throw ApplicationFailure.nonRetryable('a new measure workflow needs its first cycle (startMeasureWorkflow computes it)');

  // Rules added while measures were running, asked once per run before anything else: a run recorded
  // before a rule existed replays without it (and keeps deciding without it until it continues as new).
  const rules: DecideRules = { extensionBeforeDue: patched('extension-before-due') };
  // A burst of commands (a reporting deadline) continues as new after `updatesPerRun` of them, or when the
  // server suggests it, not only at a cycle's end.
  const boundedUpdates = patched('continue-as-new-after-updates');
  const updatesPerRun = input.updatesPerRun ?? UPDATES_PER_RUN;
  let updatesThisRun = 0;
  const runIsFull = () => boundedUpdates && (updatesThisRun >= updatesPerRun || workflowInfo().continueAsNewSuggested);
  const isClosed = () => state.status === 'closed';
  const continueWithState = () => continueAsNew<typeof measureWorkflowV2>({ ...input, firstCycle: undefined, legacy: undefined, carried: state });

  // One decision at a time, in arrival order: each decides against the state the previous one left,
  // and the read model receives batches in the order they were decided.
  let busy = fresh; // a new measure records its start before anything else
  const waiting: (() => void)[] = [];
  async function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (busy) await new Promise<void>((resolve) => waiting.push(resolve));
    busy = true;
    try {
      return await work();
    } finally {
      release();
    }
  }
  function release() {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  }

  let wake = false;
  /** When the main loop's timer fires (null: it waits for a command). A command wakes it only to fire sooner. */
  let plannedWakeAt: number | null = null;
  /** Since when the timers' decisions cannot be recorded: shown in the Temporal UI and to the admin (LiandongStuck). */
  let stuckSince: number | null = null;
  function markStuck(error: unknown) {
    if (stuckSince === null) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.stuck, value: 'stuck' }]);
    stuckSince ??= Date.now();
    log.error('the measure cannot record what it decided; it will try again', { measureId: state.measureId, since: new Date(stuckSince).toISOString(), error: String(error) });
  }

  /** Keeps `next` only once its events are recorded; a recording that fails changes nothing. */
  async function commit(next: MeasureState, events: MeasureEvent[], key: string, actor: { name: string; agencyId: number | null }): Promise<void> {
    if (events.length > 0) {
      next.seq = state.seq + 1;
      await local.recordMeasureEvents({
        key: `${info.workflowId}/${key}`,
        measureId: state.measureId,
        workflowId: info.workflowId,
        runId: info.runId,
        occurredAt: new Date().toISOString(),
        actor,
        events,
        seq: next.seq,
      });
    }
    const statusChanged = next.status !== state.status;
    state = next;
    if (statusChanged) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: state.status }]);
    // Re-planning the timer costs a cancelled and a new timer in the history: only when it must fire sooner.
    const wakeAt = nextWakeUp(state);
    if (state.status === 'closed' || (wakeAt !== null && (plannedWakeAt === null || wakeAt < plannedWakeAt))) wake = true;
  }

  const answer = (needs: CalendarNeeds) => local.answerCalendar({ policy: state.policy, startedAt: state.startedAt, needs });

  // ---- queries and updates ----------------------------------------------------

  setHandler(m.getMeasureStateQuery, () => state);

  for (const type of COMMANDS) {
    const update = m[`${type}Update`] as unknown as Parameters<typeof setHandler>[0];
    const asCommand = (args: object) => ({ ...args, type }) as MeasureCommand;
    setHandler(
      update as never,
      ((args: object) => {
        const updateId = currentUpdateInfo()?.id ?? uuid4();
        updatesThisRun += 1;
        if (runIsFull()) wake = true; // the main loop continues as new once the handlers in flight finish
        return exclusive(async (): Promise<CommandResult> => {
          const command = asCommand(args);
          // Decided again under the lock: an earlier command may have changed the state since validation.
          // One instant for the whole decision: the calendar answers are keyed by it.
          const now = Date.now();
          const refusal = validate(state, command, now, rules);
          if (refusal) refuse(refusal);
          const needs = calendarNeeds(state, command, now);
          const answers = needs ? await answer(needs) : undefined;
          const decision = decide(state, command, { now, newId: uuid4, answers, rules });
          if (!decision.ok) refuse(decision.refusal);
          rememberUpdate(decision.state, updateId);
          try {
            await commit(decision.state, decision.events, updateId, { name: command.actor.username, agencyId: command.actor.agencyId });
          } catch (error) {
            // The decision is dropped whole: the measure keeps its state and its timers.
            log.warn('a command could not be recorded; nothing changed', { measureId: state.measureId, command: type, error: String(error) });
            throw ApplicationFailure.create({ message: recordingFailureMessage(error), type: 'RecordingFailed', nonRetryable: true });
          }
          return { seq: state.seq, status: state.status, events: decision.events.map((e) => e.type), created: createdId(decision.events) };
        });
      }) as never,
      {
        validator: ((args: object) => {
          const id = currentUpdateInfo()?.id;
          if (id && state.appliedUpdateIds.includes(id)) throw ApplicationFailure.create({ message: `update ${id} was already applied`, type: 'AlreadyApplied', nonRetryable: true });
          const refusal = validate(state, asCommand(args), Date.now(), rules);
          if (refusal) refuse(refusal);
        }) as never,
      },
    );
  }
  setHandler(m.upgradeToCoreUpdate, () => 'current' as const);

  // ---- timers: reminders, the escalation ladder, cycle rollover -------------------

  /** Feeds the passing time to the core; true when the cycle rolled over (time to continue as new). */
  async function onTimers(): Promise<boolean> {
    const now = Date.now();
    const ticked = tick(state, now, uuid4);
    await commit(ticked.state, ticked.events, `t${state.seq + 1}@${now}`, { name: 'system', agencyId: null });
    if (!rolloverDue(state, Date.now())) return false;
    const rolled = rollover(state, Date.now(), await answer(rolloverNeeds(state)));
    rolled.state.run += 1;
    await commit(rolled.state, rolled.events, `cycle/${rolled.state.cycle.index}`, { name: 'system', agencyId: null });
    return true;
  }

  if (fresh) {
    // Commands that arrive with the start wait for it, so the audit log keeps decision order.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await commit(state, [{ type: 'measure.started', cycleIndex: state.cycle.index, dueAt: state.cycle.dueAt, notify: state.assignments.map((a) => a.agencyId) }], 'started', { name: 'system', agencyId: null });
        break;
      } catch (error) {
        markStuck(error);
        await sleep(Math.min(3_600_000, 1_000 * 2 ** attempt));
      }
    }
    if (stuckSince !== null) {
      stuckSince = null;
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.stuck, value: null }]);
    }
    release();
  }

  for (;;) {
    if (state.status === 'closed') break;
    if (runIsFull()) {
      await condition(allHandlersFinished);
      // A command in flight may have closed the measure meanwhile: then the run ends here instead.
      if (isClosed()) break;
      await continueWithState();
    }
    const wakeAt = nextWakeUp(state);
    const backoff = stuckSince === null ? 0 : Math.min(3_600_000, Math.max(1_000, (Date.now() - stuckSince) / 2));
    const at = wakeAt === null ? null : Math.max(wakeAt, Date.now() + backoff);
    plannedWakeAt = at;
    if (at === null) await condition(() => wake);
    else if (at > Date.now()) await condition(() => wake, at - Date.now());
    wake = false;
    plannedWakeAt = null;
    if (nextWakeUp(state) === null || (nextWakeUp(state) ?? Infinity) > Date.now()) continue;
    let rolled: boolean;
    try {
      rolled = await exclusive(onTimers);
    } catch (error) {
      // The database refuses or is away: nothing changed; try again later, and say so loudly.
      markStuck(error);
      continue;
    }
    if (stuckSince !== null) {
      stuckSince = null;
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.stuck, value: null }]);
      log.info('the measure records again', { measureId: state.measureId });
    }
    if (rolled || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueWithState();
    }
  }
  await condition(allHandlersFinished);
  return state;
}

/** The database's reason when it refused the record (RecordingRefused), else a plea to try again. */
function recordingFailureMessage(error: unknown): string {
  for (let e = error as { type?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type === 'RecordingRefused' && e.message) return e.message;
  }
  return 'the change could not be recorded; nothing changed, try again';
}
