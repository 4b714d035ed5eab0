import { agencyRouter } from './routers/agency';
import { authRouter } from './routers/auth';
import { calendarRouter } from './routers/calendar';
import { escalationRouter } from './routers/escalation';
import { inboxRouter } from './routers/inbox';
import { measureRouter } from './routers/measure';
import { notificationRouter } from './routers/notification';
import { planRouter } from './routers/plan';
import { systemRouter } from './routers/system';
import { userRouter } from './routers/user';
import { supervisionRouter } from './routers/supervision';
import { dashboardRouter } from './routers/dashboard';
import { assessmentRouter } from './routers/assessment';
import { ledgerRouter } from './routers/ledger';
import { decisionRouter } from './routers/decision';
import { issueRouter } from './routers/issue';
import { circularRouter } from './routers/circular';
import { auditRouter } from './routers/audit';
import { apiTokenRouter, webhookRouter } from './routers/integration';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  agency: agencyRouter,
  auth: authRouter,
  calendar: calendarRouter,
  escalation: escalationRouter,
  inbox: inboxRouter,
  measure: measureRouter,
  notification: notificationRouter,
  plan: planRouter,
  system: systemRouter,
  user: userRouter,
  supervision: supervisionRouter,
  circular: circularRouter,
  dashboard: dashboardRouter,
  assessment: assessmentRouter,
  ledger: ledgerRouter,
  decision: decisionRouter,
  issue: issueRouter,
  audit: auditRouter,
  apiToken: apiTokenRouter,
  webhook: webhookRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
