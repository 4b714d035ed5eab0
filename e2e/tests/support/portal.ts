import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The password `liandong start` gives every demo account (packages/api/src/auth/demo-users.ts). */
export const DEMO_PASSWORD = 'liandong-demo';

/** Signs in on the sign-in page the way a person does: type, press Enter, land where the app sends them. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/login')) throw new Error(`expected the sign-in page, at ${page.url()}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByLabel('密码').press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** A fresh browser context (its own cookies) signed in as `username`, and a page in it. */
export async function signedInPage(browser: Browser, baseUrl: string, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await signIn(page, username);
  return { context, page };
}
