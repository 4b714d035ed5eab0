import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/portal';
import { launchBrowser, outputDir, removeDataDir, repoRoot, startStack, type Stack } from './support/stack';

const dataDir = path.join(repoRoot, '.data', `e2e-${randomBytes(4).toString('hex')}`);
let stack: Stack | undefined;
let browser: Browser;
/** The directory needs a signed-in person, like every page but sign-in; one officer's session serves all tests. */
let officer: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  stack = await startStack(dataDir);
  officer = (await signedInPage(browser, stack.baseUrl, 'gd-transport-officer')).context;
});
afterAll(async () => {
  await officer?.close();
  await browser?.close();
  await stack?.stop();
  await removeDataDir(dataDir);
});

describe('the agency directory in the portal', () => {
  it('shows agencies from the database, in Chinese by default', async () => {
    const page = await officer.newPage();
    await page.goto(`${stack!.baseUrl}/agencies`);
    await page.getByRole('heading', { name: '机构目录' }).waitFor();
    await page.getByRole('cell', { name: '省商务厅', exact: true }).waitFor();
    const api = (await (await fetch(`${stack!.baseUrl}/api/v1/agencies`)).json()) as { agencies: unknown[] };
    expect(api.agencies.length).toBeGreaterThan(50);
    await page.getByText(`共 ${api.agencies.length} 个机构`).waitFor();
    await expect(page.getByRole('cell', { name: '海关总署广东分署', exact: true }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(outputDir, 'agencies.png'), fullPage: true });
    await page.close();
  });

  it('filters by name as the user types', async () => {
    const page = await officer.newPage();
    await page.goto(`${stack!.baseUrl}/agencies`);
    await page.getByRole('cell', { name: '省商务厅', exact: true }).waitFor();
    await page.getByPlaceholder('按名称或简称搜索').fill('海关');
    const firstColumn = page.locator('tbody tr.ant-table-row td:first-child');
    await expect.poll(async () => page.getByRole('cell', { name: '市商务局', exact: true }).count()).toBe(0);
    await expect.poll(() => firstColumn.allTextContents()).toSatisfy((names: string[]) => names.length > 0 && names.every((n) => n.includes('海关') || n.includes('分署')));
    await expect(page.getByText(/^共 \d+ 个机构$/).textContent()).resolves.toBe(`共 ${await firstColumn.count()} 个机构`);
    await page.close();
  });

  it('switches to English on request', async () => {
    const page = await officer.newPage();
    await page.goto(`${stack!.baseUrl}/agencies?lang=en`);
    await page.getByRole('heading', { name: 'Agency directory (机构目录)' }).waitFor();
    await page.getByRole('columnheader', { name: 'Name', exact: true }).waitFor();
    await page.close();
  });

  it('stops everything on SIGTERM and keeps the data for the next start', async () => {
    const code = await stack!.stop();
    expect(code).toBe(0);
    expect(stack!.output()).toContain('all stopped');
    stack = await startStack(dataDir, 120_000);
    expect(stack.output()).toContain('migrations: 0 applied');
    expect(stack.output()).toContain('agency directory: 0 new agencies');
    const res = await fetch(`${stack.baseUrl}/api/v1/agencies?search=${encodeURIComponent('市商务局')}`);
    const body = (await res.json()) as { agencies: { name: string }[] };
    expect(body.agencies.map((a) => a.name)).toContain('市商务局');
  }, 300_000);
});
