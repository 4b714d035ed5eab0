// The coordinator's assessment (考核) and ledger (台账), in the portal: the units of a plan ranked for the month,
// one unit's score explained event by event, and the plan's ledger downloaded as .xlsx and read back.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { outputDir } from './support/stack';
import { signedIn } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

/** (二) of the demo plan 002 (广州 若干措施): lead 市发展改革委; its partners include units other than 市商务局. */
const RULES_MEASURE = '促进与港澳规则衔接机制对接';

interface PlanAgency {
  code: string;
  name: string;
}
interface PlanView {
  id: string;
  title: string;
  coordinator: { code: string };
  measures: { id: string; number: string; title: string; leads: PlanAgency[]; partners: PlanAgency[] }[];
}

/** A tRPC call over HTTP with the page's session cookie, as the portal sends it (test setup only). */
async function trpc<T>(page: Page, procedure: string, input?: unknown, mutation = false): Promise<T> {
  const url = `${base()}/trpc/${procedure}`;
  const response = mutation
    ? await page.request.post(url, { headers: { 'content-type': 'application/json', origin: base() }, data: JSON.stringify(input) })
    : await page.request.get(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { origin: base() } });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok()) throw new Error(`${procedure}: ${response.status()} ${JSON.stringify(body.error)}`);
  return body.result!.data;
}

describe('the assessment (考核) and the ledger (台账)', () => {
  it("ranks the plan's units, explains one unit's score from its audit events, and downloads the ledger as .xlsx", async () => {
    const coordinator = await signedIn(journey, 'gz-coordinator', { width: 1440, height: 900 });
    const plans = await trpc<{ id: string; coordinator: { code: string } }[]>(coordinator, 'plan.list');
    const planId = plans.find((p) => p.coordinator.code === 'gz-commerce')!.id;
    const plan = await trpc<PlanView>(coordinator, 'plan.get', { id: planId });
    const measure = plan.measures.find((m) => m.title === RULES_MEASURE)!;
    const partner = measure.partners.find((p) => p.code !== 'gz-commerce')!;
    const directory = await trpc<{ id: number; code: string; name: string }[]>(coordinator, 'agency.list');
    const unit = directory.find((a) => a.code === partner.code)!;
    // Setup: the coordinator escalates the unit by hand (a yellow 督办单 at once), which costs it points this month.
    await trpc(coordinator, 'measure.escalate', { measureId: measure.id, agencyId: unit.id, reason: '考核演示：配合事项进展滞后' }, true);

    // The ranking: every unit of the plan, the escalated one below the rest.
    await coordinator.goto(`${base()}/assessment?plan=${planId}`);
    await coordinator.getByRole('heading', { level: 1, name: '考核', exact: true }).waitFor();
    const ranking = coordinator.getByRole('table', { name: '考核排名' });
    const rows = ranking.getByTestId('assessment-row');
    await rows.first().waitFor();
    const units = new Set(plan.measures.flatMap((m) => [...m.leads, ...m.partners].map((a) => a.code)));
    // Units named on a measure of the plan, districts included (各区政府 expands to them): at least the named ones.
    expect(await rows.count()).toBeGreaterThanOrEqual(units.size);
    const escalated = ranking.locator(`[data-agency="${unit.id}"]`);
    await escalated.getByRole('cell', { name: '98', exact: true }).waitFor();
    const firstRank = await rows.first().getByRole('cell').first().textContent();
    expect(firstRank).toBe('1');
    const escalatedRank = Number(await escalated.getByRole('cell').first().textContent());
    expect(escalatedRank).toBeGreaterThan(1);

    // One unit's explanation: the base, the yellow escalation with its measure and audit event.
    await escalated.getByRole('button', { name: `查看${unit.name}得分明细` }).click();
    const drawer = coordinator.getByRole('dialog', { name: new RegExp(`^${unit.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `) });
    await drawer.waitFor();
    expect(new URL(coordinator.url()).searchParams.get('agency')).toBe(String(unit.id));
    await drawer.getByTestId('explain-score').getByText('98', { exact: true }).waitFor();
    const lines = drawer.getByTestId('explain-line');
    expect(await lines.count()).toBe(2);
    expect(await lines.nth(0).textContent()).toContain('基础分');
    const yellow = lines.nth(1);
    expect(await yellow.textContent()).toContain('黄色预警');
    expect(await yellow.getByRole('cell').nth(1).textContent()).toBe('−2');
    expect(await yellow.getByRole('link').getAttribute('href')).toBe(`/measures/${measure.id}`);
    expect(await yellow.getByTestId('audit-event-id').textContent()).toMatch(/^#\d+$/);
    await mkdir(outputDir, { recursive: true });
    await coordinator.screenshot({ path: path.join(outputDir, 'assessment.png') });

    // The ledger from the plan's page: one row per measure, read back from the downloaded file.
    await coordinator.goto(`${base()}/plans/${planId}`);
    await coordinator.getByRole('heading', { level: 1, name: plan.title }).waitFor();
    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('button', { name: '导出台账' }).click()]);
    expect(download.suggestedFilename()).toMatch(/台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const saved = path.join(outputDir, `ledger-${Date.now()}.xlsx`);
    await download.saveAs(saved);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(saved)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('台账')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['序号', '编号', '措施', '牵头单位']);
    expect(sheet.actualRowCount - 2).toBe(plan.measures.length);
    const first = plan.measures[0]!;
    const row = sheet.getRow(3).values as unknown[];
    expect(row.slice(1, 5)).toEqual([1, first.number, first.title, first.leads.map((a) => a.name).join('、')]);
    // The escalated measure's row names its open escalation.
    const escalatedRow = Array.from({ length: plan.measures.length }, (_, i) => sheet.getRow(3 + i)).find((r) => r.getCell(3).value === RULES_MEASURE)!;
    expect(escalatedRow.getCell(7).value).toBe('黄色预警');
    expect(String(escalatedRow.getCell(13).value)).toContain('黄色1项');
  });
});
