// Keeping a measure's workflow within Temporal's limits on Updates when many people act on it at once
// (a reporting deadline): at most 10 Updates in flight per workflow (more are refused RESOURCE_EXHAUSTED),
// at most 2,000 per run (the workflow continues as new long before).
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { grpcStatusIn, ServiceUnavailableError } from '../errors';

/** What a person hears when a measure stays over the limits for the whole retry window (HTTP 503). */
export const MEASURE_BUSY_MESSAGE = '此措施当前提交过多，请稍后重试 (too many submissions to this measure right now)';

export interface UpdatePacingOptions {
  /**
   * Updates this process sends to one measure at once. Temporal admits 10 per workflow; API processes × this
   * must stay below it (two at 4). Measured here (server 1.29.1, SDK 1.24): once a burst meets the limit,
   * the worker's workflow tasks fail and some updates are refused or recorded twice in the audit log; below
   * it, 50 concurrent reports to one measure are all taken exactly once.
   */
  inFlightPerMeasure?: number;
  /** How long an update may wait for a slot and retry refusals for load before the person hears 503. */
  retryForMs?: number;
}

export const DEFAULT_UPDATE_PACING = { inFlightPerMeasure: 4, retryForMs: 120_000 } as const satisfies Required<UpdatePacingOptions>;

/**
 * The server refused the update for load without applying it: the same update (same id) may be sent again.
 * RESOURCE_EXHAUSTED is the in-flight limit (the SDK has already retried it ~10 times over ~40 s);
 * FAILED_PRECONDITION naming the total is a run at 2,000 Updates, which continues as new shortly;
 * UnprocessedUpdate is the server's rejection of an update a failed workflow task never took up.
 */
export function isRefusedForLoad(error: unknown): boolean {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'UnprocessedUpdate') return true;
  const status = grpcStatusIn(error);
  return status !== null && (status.code === 8 || (status.code === 9 && /total number of distinct updates/.test(status.details)));
}

/** Thrown by KeyedSemaphore.run when no slot came free in time; the work never ran. */
export class SlotTimeout extends Error {}

interface Lane {
  active: number;
  waiting: (() => void)[];
}

/**
 * At most `limit` tasks per key at once, started in arrival order. A key has an entry only while it has
 * tasks running or waiting, so ten thousand measures touched once hold nothing afterwards.
 */
export class KeyedSemaphore {
  readonly #lanes = new Map<string, Lane>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the limit must be a whole number of 1 or more, not ${limit}`);
  }

  /** Keys with tasks running or waiting. */
  get size(): number {
    return this.#lanes.size;
  }

  /** Runs `work` once one of the key's slots is free; SlotTimeout if none is within `timeoutMs`. */
  async run<T>(key: string, work: () => Promise<T>, timeoutMs = Infinity): Promise<T> {
    let lane = this.#lanes.get(key);
    if (!lane) this.#lanes.set(key, (lane = { active: 0, waiting: [] }));
    if (lane.active < this.limit && lane.waiting.length === 0) lane.active += 1;
    else await this.#wait(key, lane, timeoutMs);
    try {
      return await work();
    } finally {
      lane.active -= 1;
      const next = lane.waiting.shift();
      if (next) next();
      else this.#forgetIfIdle(key, lane);
    }
  }

  #wait(key: string, lane: Lane, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grant = () => {
        clearTimeout(timer);
        lane.active += 1;
        resolve();
      };
      lane.waiting.push(grant);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          lane.waiting.splice(lane.waiting.indexOf(grant), 1);
          this.#forgetIfIdle(key, lane);
          reject(new SlotTimeout(`no slot for ${key} within ${timeoutMs} ms`));
        }, timeoutMs);
      }
    });
  }

  #forgetIfIdle(key: string, lane: Lane) {
    if (lane.active === 0 && lane.waiting.length === 0 && this.#lanes.get(key) === lane) this.#lanes.delete(key);
  }
}

/**
 * Sends a measure's updates within the limits: a few at a time per measure from this process, and an
 * update refused for load is sent again (the same update id, so it is never applied twice) with jittered,
 * growing pauses until `retryForMs` has passed since it was asked for; then 503 MEASURE_BUSY_MESSAGE.
 */
export function createUpdatePacing(
  options: UpdatePacingOptions = {},
  clock: { now: () => number; sleep: (ms: number) => Promise<void>; random: () => number } = { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random },
) {
  const { inFlightPerMeasure, retryForMs } = { ...DEFAULT_UPDATE_PACING, ...options };
  const gate = new KeyedSemaphore(inFlightPerMeasure);
  const busy = (cause: unknown) => new ServiceUnavailableError('temporal', MEASURE_BUSY_MESSAGE, { cause });

  return {
    async send<T>(measureId: string, update: () => Promise<T>): Promise<T> {
      const deadline = clock.now() + retryForMs;
      try {
        return await gate.run(
          measureId,
          async () => {
            for (let attempt = 0; ; attempt += 1) {
              try {
                return await update();
              } catch (error) {
                if (!isRefusedForLoad(error)) throw error;
                const pause = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + clock.random());
                if (clock.now() + pause > deadline) throw busy(error);
                await clock.sleep(pause);
              }
            }
          },
          retryForMs,
        );
      } catch (error) {
        throw error instanceof SlotTimeout ? busy(error) : error;
      }
    },
    /** Measures with updates in flight or waiting in this process. */
    get measuresInFlight(): number {
      return gate.size;
    },
  };
}
