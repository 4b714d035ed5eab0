// The auditor's review (审计), in Chromium against the whole stack: the audit log filtered by agency and action,
// a measure's timeline beside its raw workflow history, the chain verified, a JSON Lines export verified offline by
// `pnpm liandong audit verify` (and refused once a byte is changed or a line deleted), and no command within reach.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { outputDir, repoRoot } from './support/stack';
import { measureActions, readmeScreenshot, signedIn } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

/** (二) of the demo plan 002 (广州 若干措施): lead 市发展改革委, with partners beside 市商务局. */
const MEASURE = '促进与港澳规则衔接机制对接';

interface Agency {
  id: number;
  code: string;
  name: string;
}

/** A tRPC call over HTTP with the page's session cookie, as the portal sends it; the error's code when refused. */
async function trpc<T>(page: Page, procedure: string, input?: unknown, mutation = false): Promise<{ data?: T; status: number; code?: string }> {
  const url = `${base()}/trpc/${procedure}`;
  const response = mutation
    ? await page.request.post(url, { headers: { 'content-type': 'application/json', origin: base() }, data: JSON.stringify(input ?? null) })
    : await page.request.get(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { origin: base() } });
  const body = (await response.json()) as { result?: { data: T }; error?: { data?: { code?: string } } };
  return { data: body.result?.data, status: response.status(), code: body.error?.data?.code };
}
async function read<T>(page: Page, procedure: string, input?: unknown): Promise<T> {
  const answer = await trpc<T>(page, procedure, input);
  if (answer.status !== 200) throw new Error(`${procedure}: ${answer.status} ${answer.code}`);
  return answer.data!;
}

/** `pnpm liandong audit verify <file>`: no database, no network; its exit code and what it printed. */
function auditVerify(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'audit', 'verify', file], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Chooses an option of an antd Select by typing part of it and clicking the option whose text is exactly `label`. */
async function selectOption(page: Page, inputId: string, typed: string, label: string | RegExp): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(typed);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).first().click();
}

describe("the auditor's review (审计)", () => {
  it('filters the log, opens a timeline beside its history, verifies the chain and an export offline, and reaches no command', async () => {
    // Setup: the coordinator of 市商务局 escalates a unit of measure (二) by hand: an `escalation.raised` by 市商务局.
    const coordinator = await signedIn(journey, 'gz-coordinator');
    const plans = await read<{ id: string; title: string; coordinator: { code: string } }[]>(coordinator, 'plan.list');
    const plan = plans.find((p) => p.coordinator.code === 'gz-commerce')!;
    const detail = await read<{ measures: { id: string; number: string; title: string; partners: { code: string }[] }[] }>(coordinator, 'plan.get', { id: plan.id });
    const measure = detail.measures.find((m) => m.title === MEASURE)!;
    const directory = await read<Agency[]>(coordinator, 'agency.list');
    const commerce = directory.find((a) => a.code === 'gz-commerce')!;
    const partner = directory.find((a) => a.code === measure.partners.find((p) => p.code !== 'gz-commerce')!.code)!;
    const escalated = await trpc(coordinator, 'measure.escalate', { measureId: measure.id, agencyId: partner.id, reason: '审计演示：配合事项进展滞后' }, true);
    expect(escalated.status).toBe(200);

    // The audit log, filtered by agency and action through the filters.
    const auditor = await signedIn(journey, 'auditor', { width: 1440, height: 900 });
    await auditor.goto(`${base()}/audit`);
    await auditor.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    const rows = auditor.getByTestId('audit-row');
    await rows.first().waitFor();
    await selectOption(auditor, 'audit-agency', commerce.name, new RegExp(`^${commerce.name}$`));
    await auditor.waitForURL((url) => url.searchParams.get('agency') === String(commerce.id));
    await selectOption(auditor, 'audit-action', 'escalation.raised', /escalation\.raised/);
    await auditor.waitForURL((url) => url.searchParams.get('action') === 'escalation.raised');
    const ours = rows.filter({ hasText: MEASURE });
    await ours.first().waitFor();
    await expect.poll(async () => new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action'))))).toEqual(new Set(['escalation.raised']));
    for (const row of await rows.all()) expect(await row.textContent()).toContain(commerce.name);

    // Refusals are in the log too: the coordinator's forbidden try at the audit log itself.
    const refused = await trpc(coordinator, 'audit.events', { limit: 5 });
    expect(refused.code).toBe('FORBIDDEN');
    await auditor.goto(`${base()}/audit?action=access.forbidden&actor=gz-coordinator`);
    const refusal = rows.filter({ hasText: 'audit.events' }).first();
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-refusal')).toBe('true');
    await auditor.goBack();

    // The measure's timeline beside its raw workflow history: the escalation links to the history event that recorded it.
    await ours.first().getByTestId('audit-measure-link').click();
    await auditor.waitForURL(`${base()}/audit/measures/${measure.id}`);
    await auditor.getByTestId('audit-timeline-title').filter({ hasText: MEASURE }).waitFor();
    const raised = auditor.getByTestId('audit-timeline-event').filter({ hasText: 'escalation.raised' }).last();
    await raised.waitFor();
    expect(await auditor.getByTestId('audit-run').count()).toBeGreaterThanOrEqual(1);
    const link = raised.getByTestId('audit-history-link');
    const anchor = await link.getAttribute('data-anchor');
    expect(anchor).toBeTruthy();
    await link.click();
    const marked = auditor.locator('[data-testid="history-event"][data-marked="true"]');
    await marked.waitFor();
    // The recording activity's marker (a local activity), which links back to the audit event.
    expect(await marked.textContent()).toContain('MarkerRecorded');
    await marked.getByTestId('history-audit-link').first().waitFor();
    await mkdir(outputDir, { recursive: true });
    await auditor.screenshot({ path: path.join(outputDir, 'audit-timeline.png') });
    const [historyDownload] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('audit-history-download').click()]);
    const historyFile = path.join(outputDir, `history-${Date.now()}.json`);
    await historyDownload.saveAs(historyFile);
    const history = JSON.parse(await readFile(historyFile, 'utf8')) as { workflowId: string; runs: { runId: string; history: { events: unknown[] } }[] };
    expect(history.workflowId).toContain(measure.id);
    expect(history.runs.length).toBeGreaterThanOrEqual(1);
    expect(history.runs[0]!.history.events.length).toBeGreaterThan(0);

    // The export, filtered by agency, verified offline.
    await auditor.goto(`${base()}/audit?agency=${commerce.id}`);
    await rows.first().waitFor();
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('audit-export-jsonl').click()]);
    expect(download.suggestedFilename()).toMatch(/^liandong-audit-\d{8}-\d{6}\.jsonl$/);
    const exported = path.join(outputDir, download.suggestedFilename());
    await download.saveAs(exported);
    const good = await auditVerify(exported);
    expect(good.output).toMatch(/审计导出校验通过/);
    expect(good.code).toBe(0);
    const text = await readFile(exported, 'utf8');
    const lines = text.split('\n').filter((l) => l.length > 0);
    const firstEvent = lines.findIndex((l) => l.includes('"type":"event"'));
    expect(firstEvent).toBeGreaterThan(0);
    const events = lines.filter((l) => l.includes('"type":"event"')).map((l) => JSON.parse(l) as { actor_agency_id: number | null });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actor_agency_id === commerce.id)).toBe(true);

    // One byte changed (a digit of the first event's time) fails, naming that line.
    const target = lines[firstEvent]!;
    const at = target.indexOf('"occurred_at":"') + '"occurred_at":"'.length + 3;
    const changedLine = `${target.slice(0, at)}${target[at] === '1' ? '2' : '1'}${target.slice(at + 1)}`;
    const changed = path.join(outputDir, `changed-${download.suggestedFilename()}`);
    await writeFile(changed, [...lines.slice(0, firstEvent), changedLine, ...lines.slice(firstEvent + 1)].join('\n') + '\n');
    const bad = await auditVerify(changed);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(`第 ${firstEvent + 1} 行`);

    // A deleted line fails too.
    const deleted = path.join(outputDir, `deleted-${download.suggestedFilename()}`);
    await writeFile(deleted, [...lines.slice(0, firstEvent), ...lines.slice(firstEvent + 1)].join('\n') + '\n');
    const gone = await auditVerify(deleted);
    expect(gone.code).toBe(1);
    expect(gone.output).toMatch(/审计导出校验失败/);

    // The chain verified from the start: intact, naming what it covered (up to the checkpoint the export took, its
    // signature checked with the key `start` holds); the verification itself is logged.
    await auditor.goto(`${base()}/audit`);
    await auditor.getByTestId('audit-verify-start').click();
    const result = auditor.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/审计链完整：已校验 [\d,]+ 条事件/);
    expect(await result.textContent()).toMatch(/锚定检查点 #\d+/);
    expect(await result.textContent()).toContain('签名已验证');
    await auditor.getByTestId('audit-status').getByText(/完整/).first().waitFor();
    await auditor.screenshot({ path: readmeScreenshot('audit.png') });

    // The same auditor reaches no command: none offered on the measure page, and each refused when sent anyway.
    await auditor.goto(`${base()}/measures/${measure.id}`);
    await auditor.getByRole('heading', { level: 1 }).filter({ hasText: MEASURE }).waitFor();
    await auditor.getByTestId('measure-audit-link').waitFor();
    await auditor.getByTestId('measure-no-actions').waitFor();
    expect(await measureActions(auditor).count()).toBe(0);
    const commands: [string, unknown][] = [
      ['measure.escalate', { measureId: measure.id, agencyId: partner.id, reason: '审计员不能督办' }],
      ['measure.acceptAssignment', { measureId: measure.id, agencyId: partner.id }],
      ['measure.withdrawMeasure', { measureId: measure.id, reason: '审计员不能撤销' }],
      ['supervision.issueNotice', { measureId: measure.id, agencyId: partner.id, requirement: '审计员不能下发', answerDueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), requestId: crypto.randomUUID() }],
      ['circular.draft', { planId: plan.id, from: '2026-11-01', to: '2026-11-30', requestId: crypto.randomUUID() }],
      ['notification.markRead', { ids: 'all' }],
      ['user.create', { username: 'made.by.auditor', agency: 'gz-commerce', roles: ['officer'], password: 'a-new-password-1' }],
    ];
    for (const [procedure, input] of commands) {
      const answer = await trpc(auditor, procedure, input, true);
      expect({ procedure, code: answer.code }).toEqual({ procedure, code: 'FORBIDDEN' });
    }
  });
});
