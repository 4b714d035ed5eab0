export { appRouter, createCaller, type AppRouter } from './root';
export type { ApiContext, HttpBridge } from './context';
export * from './errors';
export * from './auth';
export { createMeasureService, SYSTEM_ACTOR, type MeasureService } from './services/measures';
export { createAuditService, type AuditService, type MeasureTimeline } from './services/audit';
export { createNotificationService } from './services/notifications';
