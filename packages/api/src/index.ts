export { appRouter, createCaller, type AppRouter } from './root';
export type { ApiContext, HttpBridge } from './context';
export * from './errors';
export * from './auth';
export { createMeasureService, listStuckMeasures, STUCK_MEASURES_QUERY, SYSTEM_ACTOR, type MeasureService } from './services/measures';
export { createAuditService, type AuditService, type MeasureTimeline } from './services/audit';
export { createNotificationService, type NotificationService } from './services/notifications';
export { createInboxService, type InboxService } from './services/inbox';
export { createCalendarService, type CalendarService, type CalendarSource, type CalendarOverview, type CalendarYearEntered } from './services/calendar';
