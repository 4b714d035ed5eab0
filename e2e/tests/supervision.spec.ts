import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { DEMO_PASSWORD } from './support/portal';
import { confirm, openDialog, readmeScreenshot, settled, signedIn, toast } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

// ---- setting up through the API, as a coordinator's own tools would -----------------------------

/** Signs in over HTTP and returns the session cookie, as a browser would send it back. */
async function apiSession(username: string): Promise<string> {
  const res = await fetch(`${base()}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base() },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('liandong_session='));
  if (res.status !== 200 || !cookie) throw new Error(`${username} could not sign in: ${res.status} ${await res.text()}`);
  return cookie;
}

async function mutate<T>(cookie: string, procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${base()}/trpc/${procedure}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base(), cookie }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (res.status !== 200) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body)}`);
  return body.result!.data;
}

const suffix = Date.now().toString(36);
/** The measure the journey follows: 市发展改革委 (gz-ndrc-officer) leads it and never reports. */
const MEASURE = `推进跨境数据督办试点（${suffix}）`;
const OTHERS = [`完善口岸通关协同机制（${suffix}）`, `优化涉外营商服务（${suffix}）`];

/**
 * A plan of 市商务局 (gz-coordinator) whose reporting runs in seconds: a 20 s cycle, its report due a second after
 * it ends, blue one unit (1 s) later and yellow five, red only after an hour. So within half a minute of real time
 * each unit's missing report is a yellow escalation in the coordinator's queue.
 */
let coordinatorCookie = '';
async function confirmFastPlan(): Promise<string> {
  const coordinator = await apiSession('gz-coordinator');
  coordinatorCookie = coordinator;
  const title = `督办单演示方案（${suffix}）`;
  const measures = [
    { number: '1', title: MEASURE, leadCodes: ['gz-development-reform'], partnerCodes: [] },
    { number: '2', title: OTHERS[0]!, leadCodes: ['gz-district-nansha'], partnerCodes: [] },
    { number: '3', title: OTHERS[1]!, leadCodes: ['gz-commerce'], partnerCodes: [] },
  ];
  const { planId } = await mutate<{ planId: string }>(coordinator, 'plan.confirm', {
    sourceText: `${title}\n${measures.map((m) => `${m.number}${m.title}。`).join('\n')}`,
    meta: {
      title,
      coordinatorAgencyCode: 'gz-commerce',
      reportingPolicy: { cadence: 'PT20S', unit: 'PT1S', dueOffsetWorkingDays: 1, reminderLeadWorkingDays: 0, escalation: { blue: 1, yellow: 5, red: 3600 } },
    },
    measures,
  });
  return planId;
}

// ---- what the people see -------------------------------------------------------------------------

/**
 * Waits for what time or another person's action makes appear, loading the page again while it is not there.
 * Each look waits up to 15 s: on a busy machine a page and its queries may take longer than a few seconds.
 */
async function reloadUntilVisible(page: Page, target: Locator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await target.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(15_000, deadline - Date.now())) });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await page.reload();
  }
}

const escalationRow = (page: Page, measureTitle: string) => page.getByTestId('escalation-row').filter({ hasText: measureTitle });

/** The coordinator's queue of one plan, waiting (reloading) until the measure's escalation stands at `level`. */
async function queueRowAt(page: Page, planId: string, measureTitle: string, level: 'yellow' | 'blue'): Promise<Locator> {
  await page.goto(`${base()}/escalations?plan=${planId}`);
  await page.getByRole('heading', { level: 1, name: '督办' }).waitFor();
  const row = escalationRow(page, measureTitle).and(page.locator(`[data-level="${level}"]`));
  try {
    await reloadUntilVisible(page, row, 150_000);
  } catch (error) {
    // What the API says, beside what the page showed: which of the two was missing it.
    const res = await fetch(`${base()}/trpc/escalation.queue?input=${encodeURIComponent(JSON.stringify({ planId }))}`, { headers: { origin: base(), cookie: coordinatorCookie } });
    throw new Error(`no ${level} escalation of “${measureTitle}” in the queue; the API says ${res.status} ${await res.text()}`, { cause: error });
  }
  return row;
}

/** The unit's inbox tab of a notice kind (督办单待签收 / 督办单待答复), and the measure's row in it. */
async function noticeInInbox(page: Page, tab: RegExp, kind: string, measureTitle: string): Promise<Locator> {
  await page.goto(`${base()}/inbox`);
  await page.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
  const tabButton = page.getByRole('tab', { name: tab });
  await reloadUntilVisible(page, tabButton);
  await tabButton.click();
  const row = page.locator(`[data-testid="inbox-item"][data-kind="${kind}"]`).filter({ has: page.getByRole('link', { name: measureTitle }) });
  await reloadUntilVisible(page, row);
  return row;
}

const noticeStatus = (page: Page) => page.getByRole('group', { name: '督办单操作' }).locator('..').getByTestId('notice-status');

describe('a supervision notice (督办单) from the escalation queue to its answer', () => {
  it('climbs to the queue, is issued, signed for and answered by the unit, and concluded when the coordinator resolves the escalation', { timeout: 240_000 }, async () => {
    const planId = await confirmFastPlan();

    // The coordinator (市商务局) finds the overdue report in 督办 once it has climbed to yellow.
    const coordinator = await signedIn(journey, 'gz-coordinator');
    const row = await queueRowAt(coordinator, planId, MEASURE, 'yellow');
    await expect(row.textContent()).resolves.toContain('市发展改革委');
    await row.getByText('待签收', { exact: true }).waitFor();
    // The README's picture of the queue: the plan's three units, all overdue.
    await coordinator.goto(`${base()}/escalations`);
    for (const title of [MEASURE, ...OTHERS]) await reloadUntilVisible(coordinator, escalationRow(coordinator, title), 60_000);
    await coordinator.getByTestId('escalations-total').waitFor();
    await coordinator.screenshot({ path: readmeScreenshot('escalations.png') });

    // … and issues a 督办单 from the row, prefilled with the measure and the unit.
    const issuing = await openDialog(escalationRow(coordinator, MEASURE).getByRole('button', { name: '下发督办单' }), coordinator.getByRole('dialog').filter({ hasText: '督办要求' }));
    await expect(issuing.getByTestId('notice-unit').textContent()).resolves.toBe('市发展改革委');
    await issuing.getByLabel('督办要求').fill('请于答复时限前报送第1期进展报告，并书面说明逾期原因及整改措施。');
    await issuing.getByRole('button', { name: '下发' }).click();
    await confirm(coordinator, '确定下发督办单？下发后将编号并通知责任单位。');
    await toast(coordinator, '督办单已下发').waitFor();

    await coordinator.goto(`${base()}/supervision`);
    const listed = coordinator.getByTestId('notice-row').filter({ hasText: MEASURE });
    await reloadUntilVisible(coordinator, listed);
    const number = (await listed.getAttribute('data-number'))!;
    expect(number).toMatch(/^督办〔\d{4}〕第1号$/);
    await listed.getByText('待签收', { exact: true }).waitFor();

    // The unit's officer (市发展改革委) finds it in 工作台, opens it, signs for it and answers.
    const officer = await signedIn(journey, 'gz-ndrc-officer');
    const unsigned = await noticeInInbox(officer, /^督办单待签收/, 'notice.unsigned', MEASURE);
    await expect(unsigned.textContent()).resolves.toContain('督办单位：市商务局');
    await unsigned.getByRole('link', { name: MEASURE }).click();
    await officer.waitForURL(/\/supervision\/notices\/[0-9a-f-]{36}$/);
    await officer.getByRole('heading', { level: 1, name: number }).waitFor();
    const sheet = officer.getByRole('article', { name: '督办单正文' });
    await sheet.getByText(number, { exact: true }).waitFor();
    await sheet.getByText(/^第\d+期进展报告，应于.+前报送，已逾期/).waitFor();
    await officer.getByRole('group', { name: '督办单操作' }).getByRole('button', { name: '签收' }).click();
    await toast(officer, '已签收督办单').waitFor();
    await noticeStatus(officer).getByText('已签收', { exact: true }).waitFor();

    const answer = '第1期进展报告已于今日补报；逾期系数据口径调整所致，已明确专人按期报送。';
    const answering = await openDialog(officer.getByRole('group', { name: '督办单操作' }).getByRole('button', { name: '答复' }), officer.getByRole('dialog').filter({ hasText: `答复督办单 ${number}` }));
    await answering.getByLabel('答复内容').fill(answer);
    await answering.getByRole('button', { name: '提交答复' }).click();
    await confirm(officer, '确定提交答复？提交后不能修改。');
    await toast(officer, '答复已提交').waitFor();
    await noticeStatus(officer).getByText('已答复', { exact: true }).waitFor();
    await sheet.getByText(answer).waitFor();
    // Nothing of it waits in the inbox any more.
    await officer.goto(`${base()}/inbox`);
    await officer.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
    await officer.getByRole('tab', { name: /^督办单待/ }).waitFor({ state: 'detached' });

    // The coordinator sees it answered, then acknowledges and resolves the escalation with a decision.
    await coordinator.goto(`${base()}/supervision`);
    await reloadUntilVisible(coordinator, coordinator.getByTestId('notice-row').filter({ hasText: number }).getByText('已答复', { exact: true }));
    await coordinator.goto(`${base()}/escalations?plan=${planId}`);
    const open = escalationRow(coordinator, MEASURE);
    await open.getByRole('button', { name: '签收' }).click();
    await toast(coordinator, '已签收该督办').waitFor();
    await open.getByText('已签收', { exact: true }).waitFor();
    const resolving = await openDialog(open.getByRole('button', { name: '办结' }), coordinator.getByRole('dialog').filter({ hasText: `办结督办：1 ${MEASURE}` }));
    await resolving.getByLabel('办结意见').fill('已答复并补报，督办办结。');
    await resolving.getByRole('button', { name: '办结' }).click();
    await confirm(coordinator, '确定办结该督办？办结后不再跟踪。');
    await toast(coordinator, '督办已办结').waitFor();

    // The notice shows 已办结, and its PDF carries its number.
    await coordinator.goto(`${base()}/supervision`);
    const concluded = coordinator.getByTestId('notice-row').filter({ hasText: number });
    await reloadUntilVisible(coordinator, concluded.getByText('已办结', { exact: true }));
    await concluded.getByRole('link', { name: number }).click();
    await coordinator.getByRole('heading', { level: 1, name: number }).waitFor();
    await settled(coordinator.getByRole('article', { name: '督办单正文' }));
    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('button', { name: '下载PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    const pdf = await getDocumentProxy(new Uint8Array(await readFile((await download.path())!)));
    const { text } = await extractText(pdf, { mergePages: true });
    const compact = text.replace(/\s+/g, '');
    expect(compact).toContain(number);
    expect(compact).toContain('已办结');
  });
});
