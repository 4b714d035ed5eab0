import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Actor } from '@liandong/domain';
import type { AuditKey, Db } from '@liandong/db';
import { listAuditEvents, recordAuditEvent, verifyAuditChain, type AuditVerification, type NewAuditEvent } from '@liandong/db/queries';
import { measureWorkflowId } from '@liandong/workflows';
import { consoleLogger, type ServiceLogger } from './logger';

/** A row of the audit log page: the event with the names a person reads (actor, agency, measure, plan). */
export interface AuditLogEntry {
  id: number;
  occurredAt: Date;
  /** The username as recorded (`anonymous`, `system` …) and, for a user, their display name. */
  actor: string;
  actorName: string | null;
  actorAgencyId: number | null;
  actorAgencyName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  measureId: string | null;
  measureNumber: string | null;
  measureTitle: string | null;
  planId: string | null;
  planTitle: string | null;
  payload: Record<string, unknown>;
  workflowId: string | null;
  runId: string | null;
  prevHash: string;
  hash: string;
}

/** What `audit.events` filters by (the router's `auditFilterInput`). */
export interface AuditFilter {
  from?: string;
  to?: string;
  agencyId?: number;
  actor?: string;
  action?: string;
  planId?: string;
  measureId?: string;
}

export interface AuditEventsPage {
  events: AuditLogEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** The chain as the audit page's header states it. */
export interface AuditStatus {
  /** Events in the log (exact). */
  events: number;
  head: { id: number; hash: string; occurredAt: Date } | null;
  checkpoint: { seq: number; lastEventId: number; lastHash: string; eventCount: number; recordedAt: Date } | null;
  /** The latest `audit.verified` event: who verified, when, from where, and the result. */
  lastVerification: { eventId: number; at: Date; actor: string; from: 'checkpoint' | 'start'; ok: boolean; checked: number; brokenAt: number | null; reason: string | null } | null;
  /** Whether this process holds the audit key, so signatures are checked. */
  keyConfigured: boolean;
}

/** A verification as the page shows it, with the id of the `audit.verified` event that records it. */
export type AuditVerificationRecord = AuditVerification & { eventId: number; verifiedAt: Date };

/** One event of a workflow run's raw history, as Temporal recorded it. */
export interface HistoryEventView {
  eventId: number;
  eventTime: string;
  eventType: string;
  /** The event's attributes as historyToJSON gives them (payloads decoded to JSON where they are JSON). */
  attributes: unknown;
}

/** The timeline page: the measure's audit events beside every run of its workflow's history. */
export interface MeasureAuditTimeline {
  measureId: string;
  workflowId: string;
  number: string;
  title: string;
  planId: string;
  planTitle: string;
  /** Oldest first; `history` links the event to the history event that recorded it (the recording activity's scheduling). */
  events: (AuditLogEntry & { history: { runId: string; eventId: number } | null })[];
  runs: { runId: string; status: string; startTime: string; closeTime: string | null; events: HistoryEventView[] }[];
}

export interface MeasureTimeline {
  measureId: string;
  workflowId: string;
  /** The audit log's events for the measure, oldest first. */
  events: Awaited<ReturnType<typeof listAuditEvents>>;
  /** Every run of the measure's workflow (continue-as-new makes one per cycle), with its raw history. */
  runs: { runId: string; status: string; startTime: string; history: unknown }[];
}

/** The refusals the audit log records beside every state change (the workflows record those). */
export const REFUSAL_ACTIONS = {
  /** A sign-in that opened no session: wrong password, unknown or disabled user, or refused unchecked (rate limit). */
  signInFailed: 'auth.sign_in_failed',
  /** A signed-in person asked for something they may not do or see. */
  forbidden: 'access.forbidden',
} as const;

/** `invalid_input`: refused before anything was looked up (no username, or one holding NUL or a broken surrogate). */
export type SignInFailure = 'wrong_password' | 'unknown_user' | 'disabled' | 'rate_limited' | 'invalid_input';

export interface SignInFailed {
  /** As tried (normalised), whether or not such a user exists; never the password. */
  username: string;
  ip: string | null;
  userAgent: string | null;
  reason: SignInFailure;
  /** For `rate_limited`: when the person may try again. */
  retryAt?: Date;
}

export interface ForbiddenAttempt {
  actor: Actor;
  /** The tRPC procedure, e.g. `measure.get`. */
  procedure: string;
  /** What was asked for, when the input names it. */
  subject: { type: 'measure' | 'plan'; id: string } | null;
  /** The refusal the person got. */
  message: string;
}

/**
 * What auditors read: the chain's verification, and a measure's timeline beside its raw workflow history.
 * Also where refusals are appended to the chain (`signInFailed`, `forbidden`).
 */
export function createAuditService({ db, temporal, logger = consoleLogger, auditKey }: { db: Db; temporal: Client; logger?: ServiceLogger; auditKey?: AuditKey }) {
  /**
   * Appends a refusal in a transaction of its own. A failed write is logged, never thrown: the person's
   * answer (UNAUTHORIZED, FORBIDDEN) must not become a 500 because the log could not be written.
   */
  async function recordRefusal(event: Omit<NewAuditEvent, 'eventKey' | 'occurredAt' | 'workflowId' | 'runId'>): Promise<boolean> {
    try {
      await recordAuditEvent(db, { ...event, eventKey: `${event.action}:${randomUUID()}`, occurredAt: new Date(), workflowId: null, runId: null });
      return true;
    } catch (error) {
      logger.error({ err: error, action: event.action, actor: event.actor, subjectId: event.subjectId }, 'audit event could not be recorded');
      return false;
    }
  }

  async function measureTimeline(measureId: string): Promise<MeasureTimeline> {
    const workflowId = measureWorkflowId(measureId);
    const events = await listAuditEvents(db, { measureId, limit: 100_000 });
    const runs: MeasureTimeline['runs'] = [];
    for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      const history = await temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      runs.push({ runId: run.runId, status: run.status.name, startTime: run.startTime.toISOString(), history: JSON.parse(historyToJSON(history)) });
    }
    runs.sort((a, b) => a.startTime.localeCompare(b.startTime));
    return { measureId, workflowId, events, runs };
  }

  const notYet = (what: string): never => {
    throw new Error(`${what}: not implemented yet (issue 10)`);
  };
  void auditKey;

  return {
    verifyChain: (): Promise<AuditVerification> => verifyAuditChain(db),

    /** The audit log, newest first, filtered: auditors and admins (FORBIDDEN otherwise). */
    events: async (actor: Actor, input: AuditFilter & { before?: number; limit: number }): Promise<AuditEventsPage> => notYet(`events ${actor.username} ${input.limit}`),
    /** Every action name the log holds, sorted. */
    actions: async (actor: Actor): Promise<string[]> => notYet(`actions ${actor.username}`),
    status: async (actor: Actor): Promise<AuditStatus> => notYet(`status ${actor.username}`),
    /** Verifies (with the key's signatures when configured) and appends `audit.verified` with the result. */
    verify: async (actor: Actor, input: { from: 'checkpoint' | 'start' }): Promise<AuditVerificationRecord> => notYet(`verify ${actor.username} ${input.from}`),
    timeline: async (actor: Actor, measureId: string): Promise<MeasureAuditTimeline> => notYet(`timeline ${actor.username} ${measureId}`),
    /**
     * The export as lines (no newline at their ends): JSON Lines (`liandong-audit-export/1`) or CSV (a header
     * row first). Checks the actor and the filter before the first line, and appends `audit.exported`.
     */
    exportLines: async (actor: Actor, filter: AuditFilter, format: 'jsonl' | 'csv'): Promise<AsyncIterable<string>> => notYet(`export ${actor.username} ${format} ${JSON.stringify(filter)}`),
    /** The raw history of every run of the measure's workflow, as one JSON document for download. */
    historyJson: async (actor: Actor, measureId: string): Promise<string> => notYet(`history ${actor.username} ${measureId}`),

    measureTimeline,

    /** The timeline as one JSON document, for export and offline verification. */
    async exportMeasure(measureId: string): Promise<string> {
      return JSON.stringify(await measureTimeline(measureId), null, 2);
    },

    /** `auth.sign_in_failed` about the account tried; nobody is signed in, so the actor is `anonymous`. */
    signInFailed(failure: SignInFailed): Promise<boolean> {
      const { username, ip, userAgent, reason, retryAt } = failure;
      return recordRefusal({
        actor: 'anonymous',
        actorAgencyId: null,
        action: REFUSAL_ACTIONS.signInFailed,
        subjectType: 'user',
        subjectId: username,
        measureId: null,
        payload: { username, ip, userAgent, reason, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) },
      });
    },

    /** `access.forbidden`: who asked which procedure for what, and what they were told. */
    forbidden(attempt: ForbiddenAttempt): Promise<boolean> {
      const { actor, procedure, subject, message } = attempt;
      return recordRefusal({
        actor: actor.username,
        // Liandong itself and the shell act as agency 0, which is not in the directory.
        actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
        action: REFUSAL_ACTIONS.forbidden,
        subjectType: subject?.type ?? 'procedure',
        subjectId: subject?.id ?? procedure,
        measureId: subject?.type === 'measure' ? subject.id : null,
        payload: { procedure, userId: actor.userId, roles: actor.roles, message, ...(subject ? { [`${subject.type}Id`]: subject.id } : {}) },
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
