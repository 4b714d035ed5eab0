// Faults on the production topology, under load: every acknowledged command exists exactly once, in the
// read model and in the audit log. One cluster serves the whole file, so its cost (a Temporal server on
// PostgreSQL, two workers, two API processes) is paid once; each test leaves it running.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '@liandong/devstack';
import {
  alive,
  createFaultPlan,
  freshDir,
  reportLedger,
  sleep,
  startCluster,
  startOwnPostgres,
  waitFor,
  type Answer,
  type Cluster,
  type FaultPlan,
  type TestPostgres,
} from './support';

let postgres: TestPostgres;
let cluster: Cluster;

beforeAll(async () => {
  const dir = await freshDir('cluster');
  postgres = await startOwnPostgres(dir);
  cluster = await startCluster(dir, postgres);
});

afterAll(async () => {
  const code = await cluster?.stop();
  await postgres?.stop();
  expect(code).toBe(0);
});

/** One partner report per (partner, measure) pair, `count` in all, each with a summary no other carries. */
function reports(plan: FaultPlan, tag: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const partner = plan.partners[i % plan.partners.length]!;
    const measureId = plan.measureIds[Math.floor(i / plan.partners.length) % plan.measureIds.length]!;
    return { partner, measureId, summary: `${tag}-${i}`, key: randomUUID(), percentDone: i % 101 };
  });
}

function submit(plan: FaultPlan, r: ReturnType<typeof reports>[number]): Promise<Answer<{ events?: string[] }>> {
  return r.partner.api.call('POST', `/measures/${r.measureId}/reports`, { cycleIndex: plan.cycleIndex, content: { progressStatus: 'on_track', percentDone: r.percentDone, summary: r.summary } }, r.key);
}

/** Every summary stored once, and as many `report.submitted` audit events as report rows. */
async function expectExactlyOnce(plan: FaultPlan, sent: ReturnType<typeof reports>, before: number): Promise<void> {
  const ledger = await reportLedger(postgres.url, plan.measureIds);
  const counts = sent.map((r) => ledger.bySummary.get(r.summary) ?? 0);
  expect(counts.filter((n) => n !== 1), 'summaries stored other than once').toEqual([]);
  expect(ledger.reports - before).toBe(sent.length);
  expect(ledger.audited).toBe(ledger.reports);
}

describe('processes die under load', () => {
  // A partner reports once per cycle: each test has its own plan, so every report it sends is a new one.
  let plan: FaultPlan;
  let plan2: FaultPlan;
  beforeAll(async () => {
    plan = await createFaultPlan(cluster.url, '进程故障测试方案', 50);
    plan2 = await createFaultPlan(cluster.url, '接口进程故障测试方案', 20);
  });

  it('kill -9 of a worker during 500 concurrent report submissions: the other worker carries on, nothing is lost or doubled', async () => {
    const before = (await reportLedger(postgres.url, plan.measureIds)).reports;
    const state = await cluster.state();
    expect(state.workers).toHaveLength(2);
    const [victim, survivor] = state.workers.map((w) => ({ index: w.index, pid: w.pid! })) as [{ index: number; pid: number }, { index: number; pid: number }];
    const batch = reports(plan, 'worker-kill', 500);
    let acknowledged = 0;
    const answers = batch.map((r) => submit(plan, r).then((a) => ((acknowledged += a.status === 200 ? 1 : 0), a)));
    await waitFor('the first 50 reports to be acknowledged', () => (acknowledged >= 50 ? true : undefined), 300_000, 100);
    const mark = cluster.output().length;
    process.kill(victim.pid, 'SIGKILL');

    const settled = await Promise.all(answers);
    expect(settled.filter((a) => a.status !== 200).map((a) => `${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
    expect(acknowledged).toBe(500);
    // The submissions went on while the dead worker was away: the survivor served them.
    expect(alive(survivor.pid)).toBe(true);
    await cluster.waitForOutput(new RegExp(`worker ${victim.index} \\(pid ${victim.pid}\\) exited`), 60_000, mark);
    await expectExactlyOnce(plan, batch, before);
    const after = await cluster.state();
    expect(after.workers.find((w) => w.index === survivor.index)?.pid).toBe(survivor.pid);
    expect(after.workers.find((w) => w.index === victim.index)?.pid).not.toBe(victim.pid);
  });

  it('kill -9 of an API process: the client’s retry with the same request id is applied once', async () => {
    const before = (await reportLedger(postgres.url, plan2.measureIds)).reports;
    const [victim, survivor] = (await cluster.state()).apis.map((a) => ({ index: a.index, pid: a.pid! })) as [{ index: number; pid: number }, { index: number; pid: number }];
    const batch = reports(plan2, 'api-kill', 200);
    let acknowledged = 0;
    const answers = batch.map((r) => submit(plan2, r).then((a) => ((acknowledged += a.status === 200 ? 1 : 0), a)));
    await waitFor('the first 40 reports to be acknowledged', () => (acknowledged >= 40 ? true : undefined), 300_000, 50);
    process.kill(victim.pid, 'SIGKILL');

    const settled = await Promise.all(answers);
    expect(settled.filter((a) => a.status !== 200).map((a) => `${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
    // Some requests were cut off with the process and sent again, with the same Idempotency-Key.
    const retried = settled.filter((a) => a.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    await expectExactlyOnce(plan2, batch, before);
    expect(alive(survivor.pid)).toBe(true);
    await waitFor('the killed API process to be replaced', async () => ((await cluster.state()).apis.every((a) => a.pid !== undefined && a.pid !== victim.pid && alive(a.pid)) ? true : undefined), 60_000);
  });
});

describe('dependencies go away and come back', () => {
  it('a Temporal server restart in the middle of a cycle: reminders and escalations still fire, once each', async () => {
    // Seconds for days: cycle 0 ends 40 s after the start; a reminder 1 s before the due date (2 s after the end);
    // blue / yellow / red 2 / 4 / 6 s overdue.
    const policy = { cadence: 'PT40S', unit: 'PT1S', dueOffsetWorkingDays: 2, reminderLeadWorkingDays: 1, escalation: { blue: 2, yellow: 4, red: 6 } };
    const plan = await createFaultPlan(cluster.url, '服务重启测试方案', 3, policy);
    const { temporal } = await cluster.state();
    const mark = cluster.output().length;
    const killedAt = new Date();
    process.kill(temporal.pid!, 'SIGKILL');
    await cluster.waitForOutput(/Temporal server .*restarted/, 180_000, mark);

    // What the measures decided after the restart: reminders and red escalations for every partner.
    const partners = plan.partners.length * plan.measureIds.length;
    const fired = await waitFor(
      'reminders and red escalations for every partner after the restart',
      () =>
        withClient(postgres.url, async (db) => {
          const { rows } = await db.query<{ action: string; n: string }>(
            "select action, count(*) as n from audit_events where measure_id = any($1) and occurred_at > $2 and action in ('reminder.sent', 'escalation.raised') group by action",
            [plan.measureIds, killedAt],
          );
          const red = await db.query<{ n: string }>("select count(*) as n from escalations where measure_id = any($1) and kind = 'overdue' and level = 'red'", [plan.measureIds]);
          const n = Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
          return (n['reminder.sent'] ?? 0) >= partners && (n['escalation.raised'] ?? 0) >= partners && Number(red.rows[0]!.n) >= partners ? n : undefined;
        }),
      240_000,
      1_000,
    );
    expect(fired['reminder.sent']).toBeGreaterThanOrEqual(partners);
    // Once each: one reminder per partner and cycle, one overdue escalation per partner and cycle.
    await withClient(postgres.url, async (db) => {
      const reminders = await db.query("select measure_id, subject_id, payload->>'cycleIndex' as c, count(*) from audit_events where measure_id = any($1) and action = 'reminder.sent' group by 1, 2, 3 having count(*) > 1", [plan.measureIds]);
      expect(reminders.rows).toEqual([]);
      const escalations = await db.query("select measure_id, agency_id, cycle_index, count(*) from escalations where measure_id = any($1) and kind = 'overdue' group by 1, 2, 3 having count(*) > 1", [plan.measureIds]);
      expect(escalations.rows).toEqual([]);
    });
  });

  it('PostgreSQL stopped for 10 s: the API answers 503 with a code, recovers by itself, and work resumes', async () => {
    const plan = await createFaultPlan(cluster.url, '数据库中断测试方案', 5);
    const before = (await reportLedger(postgres.url, plan.measureIds)).reports;
    const apisBefore = (await cluster.state()).apis.map((a) => a.pid).sort();
    const partner = plan.partners[0]!;

    await postgres.stop();
    const stoppedAt = Date.now();
    // While it is away: a read and a command are refused with 503 and a code that names the dependency.
    const read = await partner.api.call<{ error: { code: string; dependency?: string } }>('GET', '/assignments?role=partner', undefined, undefined, 0);
    expect(read.status).toBe(503);
    expect(read.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'database' });
    const ready = await fetch(`${cluster.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(/database/);
    // Reports sent during the outage, by a client that retries 503s with the same key, until it comes back.
    const batch = reports(plan, 'pg-stop', 50);
    const answers = batch.map((r) => submit(plan, r));
    await sleep(Math.max(0, 10_000 - (Date.now() - stoppedAt)));
    await postgres.start();

    const settled = await Promise.all(answers);
    expect(settled.filter((a) => a.status !== 200).map((a) => `${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
    expect(settled.some((a) => a.failures.includes('503'))).toBe(true);
    await expectExactlyOnce(plan, batch, before);
    // By itself: the same API processes serve again, and the system is ready (no measure left stuck).
    expect((await cluster.state()).apis.map((a) => a.pid).sort()).toEqual(apisBefore);
    await waitFor('/readyz to say ready', async () => {
      const res = await fetch(`${cluster.url}/readyz`);
      const body = (await res.json()) as { status: string };
      return res.status === 200 && body.status === 'ready' ? body : undefined;
    }, 180_000, 1_000);
  });
});
