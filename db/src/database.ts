import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AgenciesTable } from './tables/agencies';
import type { AppliedCommandsTable } from './tables/applied-commands';
import type { AssessmentRulesTable } from './tables/assessment';
import type { AssignmentsTable } from './tables/assignments';
import type { AuditCheckpointsTable } from './tables/audit-checkpoints';
import type { AuditEventDaysTable, AuditEventPlansTable, AuditEventStragglersTable } from './tables/audit-log-index';
import type { CalendarYearsTable } from './tables/calendar-years';
import type { CircularCountersTable, CircularsTable } from './tables/circulars';
import type { IssueResponsesTable } from './tables/coordination';
import type { InboxItemsTable } from './tables/inbox-items';
import type { ApiTokensTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './tables/integrations';
import type { LoginAttemptsTable } from './tables/login-attempts';
import type { MeasureKpisTable } from './tables/measure-kpis';
import type { MeasuresTable } from './tables/measures';
import type { PlansTable } from './tables/plans';
import type {
  AuditEventsTable,
  ClosureRequestsTable,
  CoordinationIssuesTable,
  EscalationsTable,
  ExtensionRequestsTable,
  NotificationsTable,
  ReportsTable,
  SubtasksTable,
} from './tables/process';
import type { SessionsTable } from './tables/sessions';
import type { SupervisionNoticeCountersTable, SupervisionNoticesTable } from './tables/supervision';
import type { UsersTable } from './tables/users';

export interface Database {
  agencies: AgenciesTable;
  measures: MeasuresTable;
  assignments: AssignmentsTable;
  appliedCommands: AppliedCommandsTable;
  users: UsersTable;
  sessions: SessionsTable;
  loginAttempts: LoginAttemptsTable;
  subtasks: SubtasksTable;
  reports: ReportsTable;
  escalations: EscalationsTable;
  coordinationIssues: CoordinationIssuesTable;
  extensionRequests: ExtensionRequestsTable;
  closureRequests: ClosureRequestsTable;
  notifications: NotificationsTable;
  auditEvents: AuditEventsTable;
  auditCheckpoints: AuditCheckpointsTable;
  auditEventPlans: AuditEventPlansTable;
  auditEventDays: AuditEventDaysTable;
  auditEventStragglers: AuditEventStragglersTable;
  plans: PlansTable;
  measureKpis: MeasureKpisTable;
  calendarYears: CalendarYearsTable;
  inboxItems: InboxItemsTable;
  assessmentRules: AssessmentRulesTable;
  issueResponses: IssueResponsesTable;
  circulars: CircularsTable;
  circularCounters: CircularCountersTable;
  supervisionNotices: SupervisionNoticesTable;
  supervisionNoticeCounters: SupervisionNoticeCountersTable;
  apiTokens: ApiTokensTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
}

export type Db = Kysely<Database>;

// int8 and numeric as JS numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// KPI targets (numeric) are plain decimals such as 3700 or 5.5.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export function createDb(connectionString: string, options: { max?: number; connectionTimeoutMillis?: number } = {}): Db {
  // pg waits for a connection for ever by default: while PostgreSQL is away (or the pool is exhausted) a request
  // fails after this long instead (503), and the pool, which drops broken clients, connects afresh once it is back.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000 });
  // A server shutdown (FATAL 57P01) on an idle client must not crash the process (STACK.md).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}
