export { appRouter, createCaller, type AppRouter } from './root';
export type { ApiContext, HttpBridge } from './context';
export * from './errors';
export { agencyListInput } from './routers/agency';
export { createServices, type ServiceDeps, type Services } from './services';
export type { ServiceLogger } from './services/logger';
export {
  createAuthService,
  sessionIdOf,
  SESSION_COOKIE,
  SESSION_IDLE_SECONDS,
  SESSION_LIFETIME_SECONDS,
  SESSION_TOUCH_SECONDS,
  SIGN_IN_LIMITS,
  WRONG_CREDENTIALS_MESSAGE,
  type ActorProfile,
  type AuthService,
  type SignInInput,
} from './services/auth';
export { hashPassword, verifyPassword, PASSWORD_HASH_OPTIONS } from './services/password';
export {
  createUserService,
  createUserInput,
  resetPasswordInput,
  passwordSchema,
  rolesSchema,
  usernameSchema,
  DEMO_PASSWORD,
  DEMO_USERS,
  type CreateUserInput,
  type DemoUser,
  type ResetPasswordInput,
  type UserService,
  type UserSummary,
} from './services/users';
export { createAgencyService, type AgencyService } from './services/agencies';
export {
  createPlanService,
  planConfirmInput,
  planPreviewInput,
  type PlanConfirmInput,
  type PlanConfirmResult,
  type PlanListItem,
  type PlanPreview,
  type PlanPreviewInput,
  type PlanService,
  type PlanView,
} from './services/plans';
export { createMeasureService, START_CONCURRENCY, SYSTEM_ACTOR, type MeasureService } from './services/measures';
export { DEFAULT_UPDATE_PACING, MEASURE_BUSY_MESSAGE, type UpdatePacingOptions } from './services/update-pacing';
export { createAuditService, REFUSAL_ACTIONS, type AuditService, type AuditLogEntry, type AuditFilter, type AuditEventsPage, type AuditStatus, type AuditVerificationRecord, type MeasureAuditTimeline, type HistoryEventView } from './services/audit';
export { auditFilterInput } from './routers/audit';
export { createNotificationService, type NotificationService } from './services/notifications';
export { createInboxService, type InboxService } from './services/inbox';
export {
  createCalendarService,
  type CalendarService,
  type CalendarSource,
  type CalendarOverview,
  type CalendarYearEntered,
  type ProcessCalendar,
} from './services/calendar';
export { createSystemService, STUCK_MEASURES_QUERY, type SystemService } from './services/system';
export {
  createApiTokenService,
  createWebhookService,
  createApiTokenInput,
  addWebhookInput,
  DEFAULT_API_RATE_LIMIT,
  parseApiRateLimit,
  type ApiTokenService,
  type ApiTokenSummary,
  type TokenCheck,
  type TokenPrincipal,
  type WebhookService,
  type WebhookEndpointSummary,
  type WebhookDeliverySummary,
} from './services/integrations';
export { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES, apiRateLimitSetting, type WebhookEventType } from '@liandong/domain';
export { REST_OPERATIONS, type RestOperation, type RestRequest, type JsonSchema } from './rest/operations';
export { openApiDocument, operationFields, inputJsonSchema } from './rest/openapi';
