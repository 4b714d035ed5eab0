import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signIn, signedInPage } from './support/portal';
import { useJourney } from './support/journey';
import { outputDir } from './support/stack';

const journey = useJourney();

/** A small notice in 003's style; one partner name (省数据资源局) is not in the directory. */
const NOTICE = [
  '广东省人民政府办公厅关于印发联动测试行动方案的通知',
  '粤办函〔2099〕7号',
  '各地级以上市人民政府,省政府各部门:',
  '  现将《联动测试行动方案》印发给你们,请认真组织实施。',
  '广东省人民政府办公厅',
  '2099年3月1日',
  '联动测试行动方案',
  '  一、重点任务',
  '  1. 扩大服务贸易开放。推动出台跨境服务贸易负面清单。(省商务厅牵头,省财政厅、省数据资源局按职责分工负责)',
  '  2. 提升通关便利化水平。到2026年,争取进出口总额突破9000亿元。(省交通运输厅牵头,海关总署广东分署、省商务厅按职责分工负责)',
  '  3. 优化营商环境。推进照后减证。(省市场监管局牵头,省商务厅按职责分工负责)',
].join('\n');

/**
 * A notice whose clauses carry deadlines (完成时限: one long past, one 长期, one ahead) under a note on how its clauses
 * read (列第一位者为牵头单位); its last item names no unit, so the importer marks it for review (待核) instead of guessing.
 */
const DEADLINES = [
  '广东省人民政府办公厅关于印发联动期限测试方案的通知',
  '粤办函〔2099〕9号',
  '各地级以上市人民政府,省政府各部门:',
  '  现将《联动期限测试方案》印发给你们,请认真组织实施。',
  '广东省人民政府办公厅',
  '2099年3月1日',
  '联动期限测试方案',
  '  各项措施列第一位者为牵头单位,下同。',
  '  一、重点任务',
  '  1. 扩大服务贸易开放。推动出台跨境服务贸易负面清单。(省商务厅、省财政厅,2020年底前)',
  '  2. 提升通关便利化水平。持续优化通关流程。(省交通运输厅、省商务厅,长期坚持)',
  '  3. 优化营商环境。推进照后减证。(省市场监管局、省商务厅,2099年6月底前)',
  '  4. 加强统筹保障。建立工作台账。',
].join('\n');
const CONVENTION = '各项措施列第一位者为牵头单位,下同';

async function newContext(username?: string) {
  const context = await journey.browser.newContext({ viewport: { width: 1440, height: 900 } });
  journey.track(context);
  const page = await context.newPage();
  if (username) {
    await page.goto(`${journey.stack.baseUrl}/login`);
    await signIn(page, username);
  }
  return page;
}

describe('importing a plan in the portal', () => {
  let planUrl: string;

  it('lets an admin paste a notice, fix the unknown partner by a suggestion, confirm, and see the plan with its 3 measures', async () => {
    const page = await newContext();
    await page.goto(`${journey.stack.baseUrl}/import`);
    await page.waitForURL(/\/login\?next=%2Fimport$/);
    await signIn(page, 'admin');
    expect(new URL(page.url()).pathname).toBe('/import');

    await page.getByLabel('方案原文').fill(NOTICE);
    await page.getByRole('button', { name: '识别' }).click();
    const unknownName = page.getByRole('button', { name: '待确认：省数据资源局' });
    await unknownName.waitFor();
    await expect(page.getByTestId('unresolved-count').textContent()).resolves.toContain('1 个单位名称待确认');
    await expect(page.getByRole('button', { name: '确认导入' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('方案名称').inputValue()).resolves.toBe('联动测试行动方案');
    await expect(page.getByLabel('发文字号').inputValue()).resolves.toBe('粤办函〔2099〕7号');
    await page.getByText('进出口总额 ≥ 9000亿元（2026年）').waitFor();
    await page.screenshot({ path: path.join(outputDir, 'import.png'), fullPage: true });

    await unknownName.click();
    const dialog = page.getByRole('dialog', { name: '确认单位：省数据资源局' });
    await dialog.getByRole('button', { name: '省政务服务数据管理局', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '省数据资源局 → 省政务服务数据管理局' }).waitFor();
    await expect(page.getByTestId('unresolved-count').textContent()).resolves.toContain('所有单位名称均已识别');

    await page.getByRole('button', { name: '确认导入' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    planUrl = page.url();
    await page.getByText('方案已导入，共 3 项措施').waitFor();
    await page.getByRole('heading', { name: '联动测试行动方案' }).waitFor();
    const rows = page.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/扩大服务贸易开放.*省商务厅.*省财政厅.*省政务服务数据管理局/u);
    await expect(rows.nth(1).textContent()).resolves.toContain('进出口总额 ≥ 9000亿元');
    await page.screenshot({ path: path.join(outputDir, 'import-plan.png'), fullPage: true });
  });

  it('shows what importing the same document again changes, and applies it to the same plan', async () => {
    const page = await newContext('admin');
    const revised = `${NOTICE.replace('省数据资源局', '省政务服务数据管理局').replace('3. 优化营商环境。', '3. 持续优化营商环境。')}\n  4. 培育贸易新业态。支持离岸贸易发展。(省商务厅牵头)`;
    await page.goto(`${journey.stack.baseUrl}/import`);
    await page.getByLabel('方案原文').fill(revised);
    await page.getByRole('button', { name: '识别' }).click();
    const diff = page.getByTestId('import-diff');
    await diff.waitFor();
    await expect(diff.textContent()).resolves.toMatch(/新增措施（1）.*4 培育贸易新业态.*修改措施（1）.*3 持续优化营商环境.*原 优化营商环境 → 新 持续优化营商环境/u);
    await page.screenshot({ path: path.join(outputDir, 'import-diff.png'), fullPage: true });

    await page.getByRole('button', { name: '更新已有方案' }).click();
    await page.waitForURL(planUrl);
    await page.getByText('已更新已有方案，共 2 处变化').waitFor();
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count()).toBe(4);
    await page.getByRole('cell', { name: '持续优化营商环境', exact: true }).waitFor();
  });

  it('shows each measure’s deadline, clause and convention, marks the unreadable item 待核, and the plan page shows the due dates', async () => {
    const page = await newContext('admin');
    await page.goto(`${journey.stack.baseUrl}/import`);
    await page.getByLabel('方案原文').fill(DEADLINES);
    await page.getByRole('button', { name: '识别' }).click();
    await page.getByLabel('措施 1 完成时限（yyyy-mm-dd）').waitFor();

    // The plan's note once above the rows, and under each title the clause as written and the note it applied.
    await expect(page.getByTestId('plan-conventions').textContent()).resolves.toContain(CONVENTION);
    const rows = page.locator('tbody tr.ant-table-row');
    await expect(rows.nth(0).getByTestId('measure-clause').textContent()).resolves.toBe('依据：(省商务厅、省财政厅,2020年底前)');
    await expect(rows.nth(0).getByTestId('measure-convention').textContent()).resolves.toBe(`约定：${CONVENTION}`);
    // 完成时限: the phrase as written, the date read from it, 长期 ticked for the ongoing one.
    await expect(rows.nth(0).getByTestId('deadline-written').textContent()).resolves.toBe('原文：2020年底前');
    await expect(page.getByLabel('措施 1 完成时限（yyyy-mm-dd）').inputValue()).resolves.toBe('2020-12-31');
    await expect(page.getByLabel('措施 2：长期').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('措施 2 完成时限（yyyy-mm-dd）').isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('措施 3 完成时限（yyyy-mm-dd）').inputValue()).resolves.toBe('2099-06-30');
    // Item 4 names no unit: marked 待核 with the reason, on its own background, never guessed.
    await expect(rows.nth(3).getAttribute('data-review')).resolves.toBe('true');
    await expect(rows.nth(3).getByTestId('needs-review').textContent()).resolves.toMatch(/待核.*未找到责任分工 \(no responsibility clause found\)/u);
    await expect(rows.nth(0).getByTestId('needs-review').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(outputDir, 'import-deadlines.png'), fullPage: true });

    // The reviewer gives item 4 its lead and a date; a date that does not exist is named beside the field first.
    await rows.nth(3).getByRole('button', { name: '添加牵头单位' }).click();
    const dialog = page.getByRole('dialog', { name: '添加单位' });
    await dialog.locator('#fix-agency-select').fill('省商务厅');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^省商务厅$/u }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByLabel('措施 4 完成时限（yyyy-mm-dd）').fill('2099-02-30');
    await page.getByRole('button', { name: '确认导入' }).click();
    await rows.nth(3).getByRole('alert').filter({ hasText: '措施 4 的完成时限应为' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/import');
    await page.getByLabel('措施 4 完成时限（yyyy-mm-dd）').fill('2099-12-31');

    await page.getByRole('button', { name: '确认导入' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.getByText('方案已导入，共 4 项措施').waitFor();
    const stored = page.locator('tbody tr.ant-table-row');
    await expect.poll(() => stored.count()).toBe(4);
    const deadlineOf = async (i: number) => (await stored.nth(i).getByTestId('measure-deadline').textContent())?.trim();
    // 2020-12-31 has passed without closure: 逾期未办结. 长期 is never overdue.
    await expect(deadlineOf(0)).resolves.toBe('2020-12-31逾期未办结');
    await expect(deadlineOf(1)).resolves.toBe('长期');
    await expect(deadlineOf(2)).resolves.toBe('2099-06-30');
    await expect(deadlineOf(3)).resolves.toBe('2099-12-31');
    await page.screenshot({ path: path.join(outputDir, 'import-deadlines-plan.png'), fullPage: true });
  });

  it('names bad input beside the field, and reads an uploaded .txt like pasted text', async () => {
    const page = await newContext('gd-coordinator');
    await page.goto(`${journey.stack.baseUrl}/import`);
    await page.getByLabel('方案原文').fill('没有任何措施的一段话。');
    await page.getByRole('button', { name: '识别' }).click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '无法识别该方案：no measures found' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/import');

    await page.getByRole('tab', { name: '上传文件' }).click();
    const uploaded = NOTICE.replace('粤办函〔2099〕7号', '粤办函〔2099〕8号').replaceAll('联动测试行动方案', '联动上传测试方案');
    await page.locator('input[type=file]').setInputFiles({ name: '联动上传测试方案.txt', mimeType: 'text/plain', buffer: Buffer.from(uploaded) });
    await page.getByText('联动上传测试方案.txt').waitFor();
    await page.getByRole('button', { name: '识别' }).click();
    await page.getByRole('button', { name: '待确认：省数据资源局' }).waitFor();
    await expect(page.getByLabel('方案名称').inputValue()).resolves.toBe('联动上传测试方案');
    await expect(page.getByLabel('发文字号').inputValue()).resolves.toBe('粤办函〔2099〕8号');
    // A coordinator (not an admin) imports only plans their own agency coordinates.
    await expect(page.locator('#plan-coordinator').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('import-diff').count()).resolves.toBe(0);
  });

  it('reads an uploaded PDF of the Guangdong plan, and says in one line why an encrypted one cannot be read', async () => {
    const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'packages', 'domain', 'src', 'importer', 'files', 'fixtures');
    const page = await newContext('gd-coordinator');
    await page.goto(`${journey.stack.baseUrl}/import`);
    await page.getByRole('tab', { name: '上传文件' }).click();
    await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'encrypted.pdf'));
    await page.getByRole('button', { name: '识别' }).click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: 'password-protected' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/import');

    await page.locator('input[type=file]').setInputFiles(path.join(fixtures, '003.pdf'));
    await page.getByText('003.pdf').waitFor();
    await page.getByRole('button', { name: '识别' }).click();
    await page.getByText('措施 · 共 20 项措施').waitFor();
    await expect(page.getByLabel('发文字号').inputValue()).resolves.toBe('粤府函〔2024〕9号');
    // Measure 4 states 到2025年: the preview shows it as the due date.
    await expect(page.getByLabel('措施 4 完成时限（yyyy-mm-dd）').inputValue()).resolves.toBe('2025-12-31');
  });

  it('keeps officers out: no import in their menu, and /import shows 无权访问 without the form', async () => {
    const { context, page } = await signedInPage(journey.browser, journey.stack.baseUrl, 'gz-commerce-officer');
    journey.track(context);
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await menu.getByRole('link', { name: '方案', exact: true }).waitFor();
    await expect(menu.getByRole('link', { name: '导入方案' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '导入方案' }).count()).resolves.toBe(0);
    await page.getByText('市商务局承办人').waitFor();

    await page.goto(`${journey.stack.baseUrl}/import`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    await expect(page.getByLabel('方案原文').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(outputDir, 'import-forbidden.png'), fullPage: true });
  });
});
