import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ZodError } from 'zod';
import { loadDemoPlans } from '@liandong/db';
import { findAgencyByCode, listCalendarYears, loadWorkingCalendar } from '@liandong/db/queries';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import type { Actor, CalendarYear, Role, WorkingCalendar } from '@liandong/domain';
import { getMeasureStateQuery, measureWorkflowId } from '@liandong/workflows';
import { createActivities } from '@liandong/workflows/activities';
import { callerFor } from '../test-support/context';
import { createCalendarService, type CalendarService } from './calendar';
import { createMeasureService } from './measures';

let t: TestDatabase;
let connection: Connection;
let workerConnection: NativeConnection;
let client: Client;
let service: CalendarService;
let stopWorker: () => Promise<void>;
let planIds: string[];
let startedMeasures: number;
/** What the worker's activities read, as the process's cached calendar would hold it. */
let workerCalendar: WorkingCalendar;
const taskQueue = `api-calendar-${randomUUID()}`;

/** A 2027 schedule shaped like the notice's (the real one is published late in 2026). */
const year2027: CalendarYear = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    ...['06', '07', '08', '09', '10', '11', '12', '13', '14'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-20', name: '春节' }],
};

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  workerCalendar = await loadWorkingCalendar(t.appDb);
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue,
    workflowBundle: { code: inject('workflowBundle') },
    activities: createActivities({ db: t.db, calendar: () => workerCalendar }),
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
  };
  const measures = createMeasureService({ db: t.db, temporal: client, taskQueue });
  // As the app role: the privileges the running system has on calendar_years.
  service = createCalendarService({ db: t.appDb, measures, calendar: { refresh: async () => (workerCalendar = await loadWorkingCalendar(t.appDb)) } });
  ({ planIds } = await loadDemoPlans(t.db));
  // The first plan's measures run (their deadlines computed without 2027 data); the second's stay unstarted fixtures.
  startedMeasures = (await measures.startWorkflows(planIds[0])).measures;
});
afterAll(async () => {
  await stopWorker?.();
  await workerConnection?.close();
  await connection?.close();
  await t?.drop();
});

const actor = (agencyId: number, ...roles: Role[]): Actor => ({ userId: randomUUID(), username: `u${agencyId}-${roles.join('-')}`, displayName: 'u', agencyId, roles });
const agency = async (code: string) => (await findAgencyByCode(t.db, code))!.id;
const calendarEvents = () => t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'calendar.year_entered').execute();

/** A measure of the unstarted plan whose open deadlines are set by hand. */
async function measureDueOn(seq: number, dueAt: string): Promise<string> {
  const { id } = await t.db.selectFrom('measures').select('id').where('planId', '=', planIds[1]!).where('seq', '=', seq).executeTakeFirstOrThrow();
  await t.db.updateTable('measures').set({ cycleDueAt: new Date(dueAt) }).where('id', '=', id).execute();
  await t.db.updateTable('assignments').set({ dueAt: new Date(dueAt) }).where('measureId', '=', id).execute();
  return id;
}

describe('entering a year of holidays', () => {
  it('refuses anyone but an admin, and stores nothing', async () => {
    const coordinator = actor(await agency('gz-commerce'), 'coordinator', 'auditor');
    await expect(service.enterYear(coordinator, year2027)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor({ db: t.appDb, temporal: client, taskQueue }, coordinator).calendar.setYear(year2027)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await listCalendarYears(t.db)).toEqual([]);
    expect(await calendarEvents()).toEqual([]);
  });

  it('names the field of bad input and changes nothing', async () => {
    const admin = actor(await agency('gz-commerce'), 'admin');
    const bad = { ...year2027, workdays: [{ date: '2027-02-13', name: '春节' }] };
    await expect(service.enterYear(admin, bad)).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'workdays.0.date', message: '2027-02-13 is also listed as a holiday' });
    await expect(service.enterYear(admin, { ...year2027, holidays: [{ date: '2026-12-31', name: '元旦' }] })).rejects.toMatchObject({ field: 'holidays.0.date' });
    // Over tRPC, the error names the field as the portal shows it.
    const error = await callerFor({ db: t.appDb, temporal: client, taskQueue }, admin)
      .calendar.setYear(bad)
      .then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(((error as { cause?: unknown }).cause as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['workdays.0.date']);
    expect(await listCalendarYears(t.db)).toEqual([]);
    expect(await calendarEvents()).toEqual([]);
  });

  it('refuses NUL or a broken surrogate in a holiday name, naming it, and stores nothing', async () => {
    const admin = actor(await agency('gz-commerce'), 'admin');
    for (const name of ['元\u0000旦', '元旦\uD800']) {
      const odd = { ...year2027, holidays: [{ date: '2027-01-01', name }] };
      await expect(service.enterYear(admin, odd)).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'holidays.0.name' });
      const error = await callerFor({ db: t.appDb, temporal: client, taskQueue }, admin)
        .calendar.setYear(odd)
        .then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      expect(((error as { cause?: unknown }).cause as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['holidays.0.name']);
    }
    expect(await listCalendarYears(t.db)).toEqual([]);
    expect(await calendarEvents()).toEqual([]);
  });

  it('answers a measure’s calendar gaps only to those who may read the measure', async () => {
    const measureId = await measureDueOn(2, '2027-03-01T16:00:00Z');
    const participants = await t.db.selectFrom('assignments').select(['agencyId', 'role']).where('measureId', '=', measureId).execute();
    const lead = participants.find((p) => p.role === 'lead')!.agencyId;
    const { coordinatorAgencyId } = await t.db.selectFrom('plans').select('coordinatorAgencyId').where('id', '=', planIds[1]!).executeTakeFirstOrThrow();
    const onIt = [coordinatorAgencyId, ...participants.map((p) => p.agencyId)];
    const stranger = (await t.db.selectFrom('agencies').select('id').where('id', 'not in', onIt).limit(1).executeTakeFirstOrThrow()).id;
    expect(await service.forMeasure(actor(lead, 'officer'), measureId)).toEqual({ measureId, calendarUncovered: [2027] });
    expect(await service.forMeasure(actor(stranger, 'auditor'), measureId)).toEqual({ measureId, calendarUncovered: [2027] });
    await expect(service.forMeasure(actor(stranger, 'officer'), measureId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.forMeasure(actor(stranger, 'coordinator'), measureId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.forMeasure(actor(lead, 'officer'), randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Over tRPC, with the measure service's view of the parties.
    const caller = (who: Actor) => callerFor({ db: t.appDb, temporal: client, taskQueue }, who);
    await expect(caller(actor(stranger, 'officer')).calendar.measure({ measureId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller(actor(lead, 'officer')).calendar.measure({ measureId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await caller(actor(lead, 'officer')).calendar.measure({ measureId })).toEqual({ measureId, calendarUncovered: [2027] });
  });

  it('flags measures with deadlines in a year that has no holiday schedule', async () => {
    const in2027 = await measureDueOn(0, '2027-03-01T16:00:00Z');
    const in2030 = await measureDueOn(1, '2030-03-01T16:00:00Z');
    const admin = actor(await agency('gz-commerce'), 'admin');
    expect(await service.forMeasure(admin, in2027)).toEqual({ measureId: in2027, calendarUncovered: [2027] });
    const gaps = await service.uncovered(admin);
    expect(gaps.find((g) => g.year === 2027)?.measureIds).toContain(in2027);
    expect(gaps.find((g) => g.year === 2030)?.measureIds).toEqual([in2030]);
    // An officer sees no overview; a coordinator only the plans their agency coordinates.
    await expect(service.overview(actor(await agency('gz-commerce'), 'officer'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const coordinatorOf = async (planId: string) =>
      actor((await t.db.selectFrom('plans').select('coordinatorAgencyId').where('id', '=', planId).executeTakeFirstOrThrow()).coordinatorAgencyId, 'coordinator');
    expect((await service.uncovered(await coordinatorOf(planIds[1]!))).flatMap((g) => g.measureIds)).toContain(in2030);
    expect((await service.uncovered(await coordinatorOf(planIds[0]!))).flatMap((g) => g.measureIds)).not.toContain(in2030);
  });

  it('stores, audits once and lists an entry, then recomputes open deadlines with the new calendar', async () => {
    const admin = actor(await agency('gz-commerce'), 'admin');
    const before = workerCalendar.version;
    const result = await service.enterYear(admin, year2027);
    expect(result).toMatchObject({ year: 2027, replaced: false, previousVersion: before, recomputeFailed: null });
    expect(result.version).not.toBe(before);
    // Every running measure had deadlines computed without 2027: all recomputed, now on the new version.
    expect(result.recomputed).toBe(startedMeasures);
    const { id: measureId } = await t.db.selectFrom('measures').select('id').where('planId', '=', planIds[0]!).where('number', '=', '(二)').executeTakeFirstOrThrow();
    const state = await client.workflow.getHandle(measureWorkflowId(measureId)).query(getMeasureStateQuery);
    expect(state.calendarVersion).toBe(result.version);

    const events = await calendarEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: admin.username, subjectType: 'calendar', subjectId: '2027', measureId: null });
    expect(events[0]!.payload).toMatchObject({ year: 2027, holidays: year2027.holidays, workdays: year2027.workdays });

    const overview = await service.overview(admin);
    expect(overview.version).toBe(result.version);
    expect(overview.entered).toEqual([expect.objectContaining({ year: 2027, holidays: year2027.holidays, workdays: year2027.workdays, enteredBy: admin.username, replacesPackage: false })]);
    expect(overview.coveredYears).toContain(2027);
    expect(overview.uncovered.map((u) => u.year)).toEqual([2030]);
    const listed = await callerFor({ db: t.appDb, temporal: client, taskQueue }, admin).calendar.list();
    expect(listed.entered.map((e) => e.year)).toEqual([2027]);
  });

  it('replaces an entry of the same year; the same dates keep the version, so nothing is recomputed', async () => {
    const admin = actor(await agency('gz-commerce'), 'admin');
    const renamed = { ...year2027, workdays: [{ date: '2027-02-20', name: '春节调休' }] };
    const result = await service.enterYear(admin, renamed);
    expect(result).toMatchObject({ year: 2027, replaced: true, recomputed: 0 });
    expect(result.version).toBe(result.previousVersion);
    expect(await calendarEvents()).toHaveLength(2);
    expect((await listCalendarYears(t.db))[0]!.workdays).toEqual(renamed.workdays);
  });
});
