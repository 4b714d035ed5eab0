// The daily work as a person meets it: the inbox (工作台), the measure page, its dialogs and the bell.
// Selectors are what the person sees (roles, labels, texts from the portal's zh-CN messages); the
// data-testid of rows is used only where a table row has nothing else to name it.
// (The DOM library types the functions that `evaluate` runs in the page.)
/// <reference lib="dom" />
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { signIn } from './portal';
import type { Journey } from './journey';
import { repoRoot } from './stack';

/** The size of the README's screenshots. */
export const README_VIEWPORT = { width: 1280, height: 720 } as const;
/** Committed screenshots the README shows; the journeys write them with stable names. */
export const readmeScreenshot = (name: string) => path.join(repoRoot, 'docs', 'screenshots', name);

/** A fresh browser context (its own cookies and storage) signed in as `username`, closed after the test. */
export async function signedIn(journey: Journey, username: string, viewport: { width: number; height: number } = README_VIEWPORT): Promise<Page> {
  const context = journey.track(await journey.browser.newContext({ viewport }));
  const page = await context.newPage();
  await page.goto(`${journey.stack.baseUrl}/login`);
  await signIn(page, username);
  return page;
}

/**
 * Waits for what another person's action makes appear on this page, loading the page again while it is
 * not there: a page fetched before the action shows it only once read again. Each look waits up to 5 s.
 */
export async function reloadUntilVisible(page: Page, target: Locator, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await target.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await page.reload();
  }
}

// ---- the inbox (工作台) ---------------------------------------------------------------------

export const INBOX_TAB = {
  'assignment.pending': /^待接收/,
  'report.due': /^待报送/,
  'report.returned': /^退回修改/,
  'report.review': /^待审核/,
  'subtask.open': /^子任务/,
  'decline.pending': /^退回待裁定/,
} as const;
export type InboxKind = keyof typeof INBOX_TAB;

/** One row of the inbox table: an item of `kind` about the measure titled `measureTitle`. */
export function inboxItem(page: Page, kind: InboxKind, measureTitle: string): Locator {
  return page.locator(`[data-testid="inbox-item"][data-kind="${kind}"]`).filter({ has: page.getByRole('link', { name: measureTitle }) });
}

/**
 * Opens the inbox, waits until an item of `kind` about the measure waits there (another agency's action
 * puts it there), and opens its tab; returns the row.
 */
export async function findInInbox(page: Page, baseUrl: string, kind: InboxKind, measureTitle: string): Promise<Locator> {
  if (new URL(page.url()).pathname !== '/inbox') await page.goto(`${baseUrl}/inbox`);
  await page.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
  const tab = page.getByRole('tab', { name: INBOX_TAB[kind] });
  await reloadUntilVisible(page, tab);
  await tab.click();
  await page.waitForURL((url) => url.searchParams.get('kind') === kind);
  const row = inboxItem(page, kind, measureTitle);
  await reloadUntilVisible(page, row);
  return row;
}

/** Follows the row's link to the measure page and waits for the measure's heading. */
export async function openFromInbox(page: Page, row: Locator, measureTitle: string): Promise<string> {
  await row.getByRole('link', { name: measureTitle }).click();
  await page.waitForURL(/\/measures\/[0-9a-f-]{36}/);
  await measureHeading(page, measureTitle).waitFor();
  return page.url().split('?')[0]!;
}

// ---- the measure page ------------------------------------------------------------------------

export const measureHeading = (page: Page, title: string) => page.getByRole('heading', { level: 1, name: title });

/** The measure-level buttons: only what the signed-in person may do now. */
export const measureActions = (page: Page) => page.getByRole('group', { name: '本措施可执行的操作' });

/** Opens a tab of the measure page (概况 / 承办单位 / 报送 / 督办与协调); counts in the tab names are ignored. */
export async function openMeasureTab(page: Page, name: '概况' | '承办单位' | '报送' | '督办与协调'): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('tab', { name: new RegExp(`^${name}`), selected: true }).waitFor();
}

/** An agency's name cell, with or without the 本单位 tag beside it. */
const agencyCell = (agencyName: string) => new RegExp(`^${agencyName}\\s*(本单位)?$`);

/** The current cycle's row of one agency on the 报送 tab. */
export const currentDuty = (page: Page, agencyName: string) =>
  page.getByTestId('current-cycle').getByRole('row').filter({ has: page.getByRole('cell', { name: agencyCell(agencyName) }) });

/** One agency's row in 牵头单位与配合单位 on the 承办单位 tab. */
export const assignmentRow = (page: Page, agencyName: string) =>
  page.getByRole('region', { name: '牵头单位与配合单位' }).getByRole('row').filter({ has: page.getByRole('cell', { name: agencyCell(agencyName) }) });

/** One subtask's row in 子任务（分解/交办） on the 承办单位 tab. */
export const subtaskRow = (page: Page, task: string) =>
  page.getByRole('region', { name: '子任务（分解/交办）' }).getByRole('row').filter({ has: page.getByRole('cell', { name: task, exact: true }) });

/** A command's dialog, by its title. */
export const dialog = (page: Page, title: string | RegExp) => page.getByRole('dialog', { name: title });

/**
 * Waits until a dialog (a modal, a drawer, a popover) is fully shown: it and what holds it opaque and no
 * longer moving in. A click that lands while it still zooms can press on a button and let go beside it,
 * which is no click at all.
 */
export async function settled(target: Locator): Promise<Locator> {
  await target.waitFor();
  await target.evaluate(
    (element) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const still = () => {
          for (let e: Element | null = element; e; e = e.parentElement) {
            if (getComputedStyle(e).opacity !== '1' || e.getAnimations().some((a) => a.playState === 'running')) return false;
          }
          return true;
        };
        const check = () => {
          if (still()) resolve();
          else if (Date.now() > deadline) reject(new Error('the dialog was still fading or moving in after 10 s'));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
  return target;
}

/** Clicks what opens a dialog (a command's form, the report drawer), and returns the dialog once it stands still. */
export async function openDialog(trigger: Locator, target: Locator): Promise<Locator> {
  await trigger.click();
  return settled(target);
}

/** Picks an option of a radio group by its words, as a person clicks them, and waits until it is the chosen one. */
export async function choose(scope: Locator, option: string): Promise<void> {
  await scope.getByText(option, { exact: true }).click();
  await scope.getByRole('radio', { name: option, checked: true }).waitFor({ state: 'attached' });
}

/** Answers the "cannot be undone" question a command asks before it is sent, and waits for the question to go. */
export async function confirm(page: Page, question: string): Promise<void> {
  const box = await settled(page.getByRole('dialog').filter({ hasText: question }));
  await box.getByRole('button', { name: '确定', exact: true }).click();
  await box.waitFor({ state: 'hidden' });
}

/** The success message a command shows once the server recorded it. */
export const toast = (page: Page, text: string) => page.getByText(text, { exact: true });

// ---- the notification bell ---------------------------------------------------------------------

/**
 * Opens the bell and waits for a notification of this kind about the measure (reloading while the
 * notification has not arrived); returns it, the list left open.
 */
export async function findNotification(page: Page, kindTitle: string, measureTitle: string): Promise<Locator> {
  const panel = page.getByTestId('notification-panel');
  const item = panel.getByTestId('notification-item').filter({ hasText: kindTitle }).filter({ hasText: measureTitle });
  const deadline = Date.now() + 45_000;
  for (;;) {
    const bell = page.getByRole('button', { name: /^通知/ });
    if ((await bell.getAttribute('aria-expanded')) !== 'true') await openDialog(bell, panel);
    try {
      await item.first().waitFor({ state: 'visible', timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) });
      return item.first();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await page.reload();
  }
}
