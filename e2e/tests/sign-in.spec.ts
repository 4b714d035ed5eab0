import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn } from './support/portal';
import { useJourney } from './support/journey';
import { outputDir } from './support/stack';

const journey = useJourney();

async function freshPage(): Promise<Page> {
  const context = await journey.browser.newContext({ viewport: { width: 1280, height: 800 } });
  journey.track(context);
  return context.newPage();
}

describe('signing in to the portal', () => {
  it('shows the server’s error for a wrong password and stays on the sign-in page', async () => {
    const page = await freshPage();
    await page.goto(`${journey.stack.baseUrl}/plans`);
    await page.waitForURL(/\/login\?next=%2Fplans$/);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill('gd-coordinator');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: path.join(outputDir, 'sign-in-error.png') });

    // The same person then types the right password and gets to the page they asked for.
    await page.getByLabel('密码').fill('liandong-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/plans$/);
    await page.getByText('省商务厅协调员').waitFor();
  });

  it('sends a signed-out visitor to sign in and back to the page they asked for, then signs out', async () => {
    const page = await freshPage();
    await page.goto(`${journey.stack.baseUrl}/agencies?level=province`);
    await page.waitForURL(/\/login\?next=%2Fagencies%3Flevel%3Dprovince$/);
    await signIn(page, 'auditor');
    await page.waitForURL(/\/agencies\?level=province$/);
    await page.getByRole('heading', { name: '机构目录' }).waitFor();
    await page.getByText('审计员').waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${journey.stack.baseUrl}/plans`);
    await page.waitForURL(/\/login\?next=%2Fplans$/);
    await expect(page.getByRole('navigation').count()).resolves.toBe(0);
  });

  it('speaks English on request, the domain terms with their Chinese words', async () => {
    const page = await freshPage();
    await page.goto(`${journey.stack.baseUrl}/login?lang=en`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('gz-coordinator');
    await page.getByLabel('Password').fill('liandong-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in lands on the inbox (工作台); the plans are one menu click away.
    await page.waitForURL(/\/inbox$/);
    await page.getByRole('heading', { name: 'Inbox (工作台)' }).waitFor();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Plans', exact: true }).click();
    await page.waitForURL(/\/plans$/);
    await page.getByRole('columnheader', { name: 'Coordinator (协调办)' }).waitFor();
    await page.getByRole('link', { name: '广州市关于以高水平开放推动服务贸易和数字贸易高质量发展的若干措施' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.getByRole('columnheader', { name: 'Lead (牵头单位)' }).waitFor();
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count()).toBe(22);
    await page.screenshot({ path: path.join(outputDir, 'plan-detail-en.png'), fullPage: true });
  });
});
