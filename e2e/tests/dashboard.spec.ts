// The dashboards (统计): the working group's coordinator opens /dashboard, every chart draws with its caption,
// one chart switches to its table, and the plan selector narrows it to one plan.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { readmeScreenshot, signedIn } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

/** (二) of the demo plan 002 (广州 若干措施): lead 市发展改革委. */
const RULES_MEASURE = '促进与港澳规则衔接机制对接';

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

const CHART_TITLES = ['措施状态', '督办亮灯', '各单位待办与逾期', '各单位按时报送率', '量化指标完成进度', '月度趋势（近12个月）'];

describe('the dashboards (统计)', () => {
  it("draws the working group's charts with captions, shows a chart as a table, and narrows to one plan", async () => {
    const coordinator = await signedIn(journey, 'gz-coordinator');
    const plans = await trpc<{ id: string; title: string; measureCount: number; coordinator: { code: string } }[]>(coordinator, 'plan.list');
    const ours = plans.filter((p) => p.coordinator.code === 'gz-commerce');
    const plan = ours[0]!;
    const total = ours.reduce((sum, p) => sum + p.measureCount, 0);
    // Setup: the coordinator escalates one measure as a whole (a yellow 督办单), so one light is not green.
    const view = await trpc<{ measures: { id: string; title: string }[] }>(coordinator, 'plan.get', { id: plan.id });
    const measure = view.measures.find((m) => m.title === RULES_MEASURE)!;
    await trpc(coordinator, 'measure.escalate', { measureId: measure.id, agencyId: null, reason: '统计演示：整体推进滞后' }, true);

    await coordinator.goto(`${base()}/dashboard`);
    await coordinator.getByRole('heading', { level: 1, name: '统计', exact: true }).waitFor();
    const figure = (title: string) => coordinator.getByRole('figure', { name: title, exact: true });

    // Every chart draws (an SVG inside its drawing) and says what it shows.
    for (const title of CHART_TITLES) {
      const drawing = figure(title).locator('[data-drawing]');
      await drawing.locator('svg').first().waitFor();
      const caption = (await figure(title).locator('figcaption').textContent()) ?? '';
      expect(caption.length, `${title} has a caption`).toBeGreaterThan(10);
      // The drawing is named by its caption for screen readers.
      await expect(drawing.getAttribute('role')).resolves.toBe('img');
      await expect(drawing.getAttribute('aria-label')).resolves.toBe(caption);
    }
    const status = await figure('措施状态').locator('figcaption').textContent();
    expect(status).toMatch(new RegExp(`^截至\\d+月\\d+日，本工作组${ours.length}个方案共${total}项措施：`));
    const lights = await figure('督办亮灯').locator('figcaption').textContent();
    expect(lights).toMatch(/中0项红色预警、1项黄色预警、/);
    await coordinator.screenshot({ path: readmeScreenshot('dashboard.png') });

    // The agencies' chart as a table: the agencies with a duty, most overdue and then most open work first, 10 a page.
    const group = await trpc<{ agencies: { agencyName: string; openItems: number; overdue: number }[] }>(coordinator, 'dashboard.group', {});
    expect(group.agencies.map((a) => a.agencyName)).toContain('市发展改革委');
    const workload = figure('各单位待办与逾期');
    await workload.getByRole('button', { name: '表格', exact: true }).click();
    const table = workload.getByRole('table');
    await expect(table.getByRole('columnheader', { name: '逾期未报' }).count()).resolves.toBe(1);
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(10, group.agencies.length));
    const first = group.agencies[0]!;
    expect((await rows.first().locator('td').allTextContents()).map((c) => c.trim())).toEqual([first.agencyName, String(first.openItems), String(first.overdue)]);
    expect(await workload.locator('[data-drawing]').count()).toBe(0);
    await workload.getByRole('button', { name: '表格', exact: true }).click();
    await workload.locator('[data-drawing] svg').first().waitFor();

    // One plan: chosen in the selector, kept in the URL.
    await coordinator.getByLabel('统计范围').click();
    await coordinator.getByRole('option', { name: plan.title }).click();
    await coordinator.waitForURL((url) => url.searchParams.get('plan') === plan.id);
    await figure('措施状态').locator('figcaption').getByText(new RegExp(`本方案共${plan.measureCount}项措施`)).waitFor();
  });
});
