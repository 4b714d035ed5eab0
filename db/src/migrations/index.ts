import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as createAgencies from './20261122T003000Z-create-agencies';
import * as createMeasures from './20261122T004000Z-create-measures';
import * as createUsers from './20261122T010000Z-create-users';
import * as createPlans from './20261122T011000Z-create-plans';
import * as createMeasureProcess from './20261122T020000Z-create-measure-process';
import * as indexLoginAttemptsByTime from './20261122T023000Z-index-login-attempts-by-time';
import * as auditRolesAndCheckpoints from './20261201T000000Z-audit-roles-and-checkpoints';
import * as createCalendarYears from './20261201T001000Z-create-calendar-years';
import * as measureEventSeq from './20261201T002000Z-measure-event-seq';
import * as indexDailyWork from './20261201T003000Z-index-daily-work';
import * as denormalizeDailyWork from './20261201T004000Z-denormalize-daily-work';
import * as indexEscalationQueue from './20261201T005000Z-index-escalation-queue';
import * as createSupervisionDocuments from './20261201T010000Z-create-supervision-documents';
import * as createAssessmentRules from './20261201T011000Z-create-assessment-rules';
import * as createIssueResponses from './20261201T012000Z-create-issue-responses';
import * as createCirculars from './20261201T013000Z-create-circulars';
import * as indexDashboards from './20261201T014000Z-index-dashboards';
import * as indexDeskReads from './20261201T015000Z-index-desk-reads';
import * as indexAuditLog from './20261201T016000Z-index-audit-log';
import * as measureDeadlines from './20261201T017000Z-measure-deadlines';
import * as createIntegrations from './20261201T018000Z-create-integrations';
import * as auditChainHead from './20261201T019000Z-audit-chain-head';

/** Every migration, in order. Listed explicitly so bundlers and reviewers see the whole history. */
export const migrations: Record<string, Migration> = {
  '20261122T003000Z-create-agencies': createAgencies,
  '20261122T004000Z-create-measures': createMeasures,
  '20261122T010000Z-create-users': createUsers,
  '20261122T011000Z-create-plans': createPlans,
  '20261122T020000Z-create-measure-process': createMeasureProcess,
  '20261122T023000Z-index-login-attempts-by-time': indexLoginAttemptsByTime,
  '20261201T000000Z-audit-roles-and-checkpoints': auditRolesAndCheckpoints,
  '20261201T001000Z-create-calendar-years': createCalendarYears,
  '20261201T002000Z-measure-event-seq': measureEventSeq,
  '20261201T003000Z-index-daily-work': indexDailyWork,
  '20261201T004000Z-denormalize-daily-work': denormalizeDailyWork,
  '20261201T005000Z-index-escalation-queue': indexEscalationQueue,
  '20261201T010000Z-create-supervision-documents': createSupervisionDocuments,
  '20261201T011000Z-create-assessment-rules': createAssessmentRules,
  '20261201T012000Z-create-issue-responses': createIssueResponses,
  '20261201T013000Z-create-circulars': createCirculars,
  '20261201T014000Z-index-dashboards': indexDashboards,
  '20261201T015000Z-index-desk-reads': indexDeskReads,
  '20261201T016000Z-index-audit-log': indexAuditLog,
  '20261201T017000Z-measure-deadlines': measureDeadlines,
  '20261201T018000Z-create-integrations': createIntegrations,
  '20261201T019000Z-audit-chain-head': auditChainHead,
};

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${result.error instanceof Error ? result.error.message : String(result.error)}`);
  }
  return result;
}
