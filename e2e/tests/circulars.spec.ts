// A 通报 (circular) in the portal: the working-group office's coordinator drafts it from the data of a plan, edits a
// paragraph, issues it (it gets the office's first number of the year) and downloads it as a PDF, read back here.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { outputDir } from './support/stack';
import { settled, signedIn, toast } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

/** (二) of the demo plan 002 (广州 若干措施): lead 市发展改革委; its partners include units other than 市商务局. */
const RULES_MEASURE = '促进与港澳规则衔接机制对接';

interface PlanView {
  id: string;
  title: string;
  coordinator: { code: string };
  measures: { id: string; number: string; title: string; partners: { code: string; name: string }[] }[];
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

/** Today in China, as a date field takes it. */
const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('a circular (通报)', () => {
  it('is drafted from the data, edited, issued as 通报〔YYYY〕第1号 and downloaded as a PDF that says so', async () => {
    const coordinator = await signedIn(journey, 'gz-coordinator', { width: 1440, height: 900 });
    const plans = await trpc<{ id: string; title: string; coordinator: { code: string } }[]>(coordinator, 'plan.list');
    const planSummary = plans.find((p) => p.coordinator.code === 'gz-commerce')!;
    const plan = await trpc<PlanView>(coordinator, 'plan.get', { id: planSummary.id });
    const measure = plan.measures.find((m) => m.title === RULES_MEASURE)!;
    const partner = measure.partners.find((p) => p.code !== 'gz-commerce')!;
    // plan.get names agencies by code; the directory gives the id a command takes.
    const directory = await trpc<{ id: number; code: string; name: string }[]>(coordinator, 'agency.list');
    const unit = directory.find((a) => a.code === partner.code)!;
    // Setup: the coordinator escalates a unit by hand (yellow at once), so the circular has a warning to list.
    await trpc(coordinator, 'measure.escalate', { measureId: measure.id, agencyId: unit.id, reason: '通报演示：配合事项进展滞后' }, true);

    // 起草通报: the plan, this month so far.
    await coordinator.goto(`${base()}/supervision?tab=circulars`);
    await coordinator.getByRole('heading', { level: 1, name: '督办单与通报' }).waitFor();
    await coordinator.getByRole('button', { name: '起草通报' }).click();
    // By its words: a dialog's accessible name is not to be relied on in a bundle built under NODE_ENV=test (antd's ids).
    const draftForm = await settled(coordinator.getByRole('dialog').filter({ hasText: '根据当前数据自动生成通报草稿' }));
    await draftForm.getByLabel('通报范围').click();
    await coordinator.locator('.ant-select-item-option').filter({ hasText: plan.title }).click();
    const today = chinaToday();
    await draftForm.getByLabel('起始日期').fill(`${today.slice(0, 7)}-01`);
    await draftForm.getByLabel('截止日期').fill(today);
    await draftForm.getByRole('button', { name: '生成草稿' }).click();
    await toast(coordinator, '通报草稿已生成').waitFor();

    // The editor opens on the draft written from the data: the escalated unit is in its warnings.
    const editor = await settled(coordinator.getByRole('dialog').filter({ hasText: '编辑通报草稿' }));
    await editor.getByLabel('通报标题').waitFor();
    expect(await editor.getByLabel('通报标题').inputValue()).toContain(`《${plan.title}》`);
    await editor.getByLabel('小标题 1').waitFor();
    expect(await editor.getByLabel('小标题 1').inputValue()).toBe('一、红色、黄色预警事项');
    await editor.getByRole('table', { name: '红色、黄色预警事项' }).getByRole('cell', { name: unit.name, exact: true }).waitFor();
    const edited = '经工作组办公室核查，本月各项措施总体按计划推进，但仍有单位配合事项进展滞后，现通报如下。';
    await editor.getByLabel('段落 1', { exact: true }).fill(edited);
    await editor.getByRole('button', { name: '保存' }).click();
    await toast(coordinator, '通报草稿已保存').waitFor();
    await editor.waitFor({ state: 'hidden' });

    // 签发, confirmed: the office's first number of the year.
    const row = coordinator.getByTestId('circular-row').filter({ hasText: plan.title });
    await row.getByText('草稿', { exact: true }).first().waitFor();
    await row.getByRole('button', { name: '签发' }).click();
    const question = await settled(coordinator.getByRole('dialog').filter({ hasText: '确认签发该通报？' }));
    await question.getByRole('button', { name: '确认签发' }).click();
    const number = `通报〔${today.slice(0, 4)}〕第1号`;
    await toast(coordinator, `通报已签发：${number}`).waitFor();
    await row.getByRole('cell', { name: number, exact: true }).waitFor();

    // The printable page shows the issued document; its PDF carries the number, the edited paragraph and the unit.
    await row.getByRole('link', { name: /工作推进情况的通报$/ }).click();
    await coordinator.getByRole('heading', { level: 1, name: number }).waitFor();
    const sheet = await settled(coordinator.getByRole('article', { name: '通报全文' }));
    expect(await sheet.getByTestId('document-number').textContent()).toBe(number);
    await sheet.getByText(edited).waitFor();
    await mkdir(outputDir, { recursive: true });
    await coordinator.screenshot({ path: path.join(outputDir, 'circular.png'), fullPage: true });
    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('button', { name: '下载PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${number}-.+\\.pdf$`));
    const pdf = await getDocumentProxy(new Uint8Array(await readFile((await download.path())!)));
    const { text } = await extractText(pdf, { mergePages: true });
    const compact = text.replace(/\s+/g, '');
    expect(compact).toContain(number);
    expect(compact).toContain(edited);
    expect(compact).toContain(unit.name);
    expect(compact).not.toContain('草稿');
  });
});
