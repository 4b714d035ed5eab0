// Start-up steps shared by `liandong start` (one process) and `liandong cluster start` (the production topology).
import { createUserService, SYSTEM_ACTOR, type Services } from '@liandong/api';
import { createDb, loadDemoPlans, migrateToLatest, seedReferenceData, type Db } from '@liandong/db';
import type { WorkingCalendar } from '@liandong/domain';
import { uncoveredCalendarLines } from './commands/calendar';
import { demoDataEnabled, demoDataReason } from './demo';
import type { StartEnv } from './env';

type Log = (line: string) => void;

/**
 * Migrations as the owner (`ownerUrl`), then, as the app role (`db`), the agency directory and, where enabled,
 * the demo plans and users (demo.ts). Each step is idempotent: every start runs them all.
 */
export async function prepareDatabase({ ownerUrl, db, env, log }: { ownerUrl: string; db: Db; env: Pick<StartEnv, 'DATABASE_URL' | 'LIANDONG_DEMO'>; log: Log }): Promise<void> {
  const owner = createDb(ownerUrl, { max: 2 });
  const migrated = await migrateToLatest(owner).finally(() => owner.destroy());
  log(`  migrations: ${migrated.results?.length ?? 0} applied`);
  const seeded = await seedReferenceData(db);
  log(`  agency directory: ${seeded.agenciesInserted} new agencies`);
  if (demoDataEnabled(env)) {
    const demoPlans = await loadDemoPlans(db);
    log(`  demo plans: ${demoPlans.loaded} loaded`);
    const demo = await createUserService({ db }).ensureDemoUsers();
    log(`  demo users: ${demo.created.length} new (${demoDataReason(env)})`);
  } else {
    log(`  demo data: off (${demoDataReason(env)})`);
  }
}

/**
 * Every open measure of every stored plan runs as a workflow (idempotent across restarts), deadlines computed
 * under an older calendar are recomputed, and years without a holiday schedule are named.
 */
export async function startMeasureWorkflows({
  services,
  calendar,
  log,
  onProgress = () => {},
}: {
  services: Services;
  calendar: WorkingCalendar;
  log: Log;
  onProgress?: (done: number, total: number) => void;
}): Promise<void> {
  let progressLoggedAt = Date.now();
  const workflows = await services.measures.startWorkflows(undefined, SYSTEM_ACTOR, {
    onProgress: (done, total) => {
      onProgress(done, total);
      if (done < total && Date.now() - progressLoggedAt >= 2_000) {
        progressLoggedAt = Date.now();
        log(`  measure workflows: ${done}/${total} …`);
      }
    },
  });
  const dormant = workflows.withdrawn > 0 ? `, ${workflows.withdrawn} withdrawn ones put to sleep` : '';
  log(`  measure workflows: ${workflows.measures} running${dormant} (Temporal UI: search LiandongPlanId)`);
  // A newer calendar release (holidays, 调休) since deadlines were computed: recompute them, audited.
  const { recomputed } = await services.measures.recomputeStaleDeadlines(SYSTEM_ACTOR, calendar);
  if (recomputed.length > 0) log(`  calendar changed: deadlines recomputed for ${recomputed.length} measures`);
  // Deadlines in a year the calendar has no holiday schedule for count only weekends as days off.
  for (const line of uncoveredCalendarLines(await services.calendar.uncovered(SYSTEM_ACTOR))) log(line);
}

/** A holiday schedule entered from another process changed the calendar: open deadlines follow it. */
export async function recomputeDeadlines(services: Services, fresh: WorkingCalendar, log: Log): Promise<void> {
  const again = await services.measures.recomputeStaleDeadlines(SYSTEM_ACTOR, fresh).catch((error: unknown) => {
    log(`calendar changed (${fresh.version}), but recomputing deadlines failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (again) log(`calendar changed (${fresh.version}): deadlines recomputed for ${again.recomputed.length} measures`);
}
