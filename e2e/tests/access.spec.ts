import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { DEMO_PASSWORD } from './support/portal';
import { outputDir } from './support/stack';
import { measureHeading, signedIn } from './support/work';

const journey = useJourney();

/** Plan 002's measure (二): 市发展改革委 leads, 市商务局 and others partner; no provincial agency takes part. */
const RULES_MEASURE = '促进与港澳规则衔接机制对接';
/** Words of the same measure's text (具体内容). */
const RULES_BODY = '湾区通';

describe('who sees what, and in which language', () => {
  it('keeps an officer out of a measure its agency has no part in, opened by its address: 无权访问 and nothing of the measure', async () => {
    // An officer of the lead agency finds the measure under 我的措施; its address is what gets passed around.
    const insider = await signedIn(journey, 'gz-ndrc-officer');
    await insider.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的措施' }).click();
    await insider.getByRole('heading', { level: 1, name: '我的措施' }).waitFor();
    await insider.getByRole('link', { name: RULES_MEASURE }).click();
    await insider.waitForURL(/\/measures\/[0-9a-f-]{36}$/);
    await measureHeading(insider, RULES_MEASURE).waitFor();
    const measureUrl = insider.url();

    // 省交通运输厅 has no part in plan 002: the page says 无权访问, and neither it nor the API's answer tells anything of the measure.
    const outsider = await signedIn(journey, 'gd-transport-officer');
    const answer = outsider.waitForResponse((response) => new URL(response.url()).pathname.includes('measure.get'));
    await outsider.goto(measureUrl);
    await outsider.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
    const response = await answer;
    expect(response.status()).toBe(403);
    const body = await response.text();
    expect(body).not.toContain(RULES_MEASURE);
    expect(body).not.toContain(RULES_BODY);
    const html = await outsider.content();
    expect(html).not.toContain(RULES_MEASURE);
    expect(html).not.toContain(RULES_BODY);
    expect(await outsider.title()).not.toContain(RULES_MEASURE);
    await expect(outsider.getByRole('group', { name: '本措施可执行的操作' }).count()).resolves.toBe(0);
    await outsider.screenshot({ path: path.join(outputDir, 'measure-forbidden.png') });

    await outsider.getByRole('button', { name: '返回工作台' }).click();
    await outsider.waitForURL(/\/inbox$/);
    await outsider.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
  });

  it('switches the language at once, and keeps it after a reload and after signing out and in again', async () => {
    const page = await signedIn(journey, 'gz-commerce-officer');
    await page.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox (工作台)' }).waitFor();
    await expect(page.getByRole('heading', { level: 1, name: '工作台', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My measures' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inbox (工作台)' }).waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('gz-commerce-officer');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(/\/inbox$/);
    await page.getByRole('heading', { level: 1, name: 'Inbox (工作台)' }).waitFor();
    await page.getByRole('tab', { name: /^To accept \(接收\)/ }).waitFor();
    await page.screenshot({ path: path.join(outputDir, 'inbox-en.png') });

    // And back: Chinese is remembered the same way.
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  });
});
