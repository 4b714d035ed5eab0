import type { Client } from '@temporalio/client';
import type { AuditKey, Db } from '@liandong/db';
import { createAgencyService, type AgencyService } from './agencies';
import { createAuditService, type AuditService } from './audit';
import { createAssessmentService, type AssessmentService } from './assessment';
import { createAuthService, type AuthService } from './auth';
import { createCircularsService, type CircularsService } from './circulars';
import { createCoordinationService, type CoordinationService } from './coordination';
import { createCalendarService, type CalendarService, type ProcessCalendar } from './calendar';
import { createEscalationService, type EscalationService } from './escalations';
import { createInboxService, type InboxService } from './inbox';
import type { ServiceLogger } from './logger';
import { createMeasureService, type MeasureService } from './measures';
import type { UpdatePacingOptions } from './update-pacing';
import { createNotificationService, type NotificationService } from './notifications';
import { createPlanService, type PlanService } from './plans';
import { createStatisticsService, type StatisticsService } from './statistics';
import { createSupervisionService, type SupervisionService } from './supervision';
import { createSystemService, type SystemService } from './system';
import { createUserService, type UserService } from './users';
import { createApiTokenService, createWebhookService, type ApiTokenService, type WebhookService } from './integrations';

/** What the services are built from: once per process, by the host (`createApp`) or a test. */
export interface ServiceDeps {
  db: Db;
  temporal: Client;
  /** Where measure workflows run; the default `liandong` queue when absent. */
  taskQueue?: string;
  /**
   * The process's cached working-day calendar, the one its worker reads (`liandong start`). With it, an
   * entered holiday schedule refreshes it and recomputes open deadlines at once, and new workflows start
   * under it. Without it (a standalone API), `calendar.setYear` stores the entry and leaves the recompute to
   * the worker process's own re-read.
   */
  calendar?: ProcessCalendar;
  /** Where a refusal that could not be audited is reported; stderr when absent. */
  logger?: ServiceLogger;
  /**
   * The key that signs audit checkpoints (`liandong start` loads it). With it, verification checks the
   * checkpoints' signatures and an export anchors the head in a fresh checkpoint; without it, signatures are
   * reported unchecked and an export is anchored by the latest checkpoint there is.
   */
  auditKey?: AuditKey;
  /** Each API token's allowance (LIANDONG_API_RATE_LIMIT); DEFAULT_API_RATE_LIMIT when absent. */
  apiRateLimit?: { requests: number; windowSeconds: number };
  /** Updates in flight per measure from this process, and how long to retry refusals for load; DEFAULT_UPDATE_PACING when absent. */
  measureUpdates?: UpdatePacingOptions;
}

/** Every capability of the API, one service each; procedures reach them as `ctx.services.<capability>`. */
export interface Services {
  auth: AuthService;
  users: UserService;
  agencies: AgencyService;
  plans: PlanService;
  measures: MeasureService;
  inbox: InboxService;
  escalations: EscalationService;
  /** 督办单: numbered supervision notices, signed for and answered; their PDFs. */
  supervision: SupervisionService;
  /** Dashboards per plan and per working group. */
  statistics: StatisticsService;
  /** 通报: circulars drafted from the data, edited, numbered and issued. */
  circulars: CircularsService;
  /** Agency assessment (考核) and the ledger (台账). */
  assessment: AssessmentService;
  /** The coordinator's pending decisions and the coordination-issue board (跨部门联动事项). */
  coordination: CoordinationService;
  notifications: NotificationService;
  calendar: CalendarService;
  audit: AuditService;
  system: SystemService;
  /** 接口令牌: API tokens for other systems (REST /api/v1). */
  apiTokens: ApiTokenService;
  /** 推送地址: webhook endpoints and their deliveries. */
  webhooks: WebhookService;
}

/** Builds every service once, each with what it needs, wired to each other (a confirmed plan starts its measures). */
export function createServices({ db, temporal, taskQueue, calendar, logger, auditKey, apiRateLimit, measureUpdates }: ServiceDeps): Services {
  const current = calendar && (() => calendar.current());
  const audit = createAuditService({ db, temporal, logger, auditKey });
  const agencies = createAgencyService({ db });
  const measures = createMeasureService({ db, temporal, taskQueue, calendar: current, updates: measureUpdates });
  return {
    auth: createAuthService({ db, audit }),
    users: createUserService({ db, agencies }),
    agencies,
    plans: createPlanService({ db, measures }),
    measures,
    inbox: createInboxService({ db, calendar: current }),
    escalations: createEscalationService({ db }),
    supervision: createSupervisionService({ db }),
    statistics: createStatisticsService({ db, calendar: current }),
    circulars: createCircularsService({ db }),
    assessment: createAssessmentService({ db }),
    coordination: createCoordinationService({ db }),
    notifications: createNotificationService({ db }),
    // Deadlines are recomputed here only with the process's cached calendar: recomputed against a stale one they
    // would keep the old dates. Without it, the process's own re-read (within a minute in `start`) recomputes them.
    calendar: createCalendarService({ db, measures: calendar ? measures : undefined, parties: measures, calendar }),
    audit,
    system: createSystemService({ db, temporal, taskQueue }),
    apiTokens: createApiTokenService({ db, temporal, taskQueue, logger, rateLimit: apiRateLimit }),
    webhooks: createWebhookService({ db, temporal, taskQueue, logger }),
  };
}
