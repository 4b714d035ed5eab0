// The coordinator's decisions (待决事项), in Chromium against the whole stack: an extension requested in time
// and approved after the report fell overdue stops the overdue escalation; a lead's closure request (申请办结)
// is approved (销号) with its evidence and final KPI values shown.
import type { Page } from 'playwright-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { useJourney } from './support/journey';
import { DEMO_PASSWORD } from './support/portal';
import { choose, confirm, dialog, measureActions, measureHeading, openDialog, openMeasureTab, reloadUntilVisible, signedIn, toast } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

// ---- set-up through the API ----------------------------------------------------------------------

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

async function call<T>(cookie: string, procedure: string, input: unknown, method: 'GET' | 'POST'): Promise<T> {
  const url = method === 'GET' ? `${base()}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}` : `${base()}/trpc/${procedure}`;
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', origin: base(), cookie }, ...(method === 'POST' ? { body: JSON.stringify(input) } : {}) });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (res.status !== 200) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body)}`);
  return body.result!.data;
}

const suffix = Date.now().toString(36);
/** Led by 市发展改革委 (gz-ndrc-officer) alone: its own extension request is the coordinator's to decide. */
const EXTENDED = `数据跨境试点延期演示（${suffix}）`;
/** Also led by 市发展改革委; it has a quantitative target for the closure's final value. */
const CLOSING = `通关便利化试点办结演示（${suffix}）`;
const EVIDENCE = '五个试点项目全部落地，验收材料已归档（见附件清单）。';

let planId: string;
let extendedId: string;
let closingId: string;

/**
 * A plan of 市商务局 (gz-coordinator) whose reporting runs in seconds: a 70 s cycle, its report due 3 s after it
 * ends, blue one second later, the next rungs only after an hour. The cycle's reports are collected until 140 s.
 */
beforeAll(async () => {
  const coordinator = await apiSession('gz-coordinator');
  const title = `待决事项演示方案（${suffix}）`;
  const measures = [
    { number: '1', title: EXTENDED, leadCodes: ['gz-development-reform'], partnerCodes: [] },
    {
      number: '2',
      title: CLOSING,
      leadCodes: ['gz-development-reform'],
      partnerCodes: [],
      kpis: [{ metric: '试点项目数', target: 5, unit: '个', comparator: '>=', deadline: 2027, text: '到2027年试点项目达到5个' }],
    },
  ];
  ({ planId } = await call<{ planId: string }>(
    coordinator,
    'plan.confirm',
    {
      sourceText: `${title}\n${measures.map((m) => `${m.number}${m.title}。`).join('\n')}`,
      meta: { title, coordinatorAgencyCode: 'gz-commerce', reportingPolicy: { cadence: 'PT70S', unit: 'PT1S', dueOffsetWorkingDays: 3, reminderLeadWorkingDays: 0, escalation: { blue: 1, yellow: 3600, red: 7200 } } },
      measures,
    },
    'POST',
  ));
  const plan = await call<{ measures: { id: string; title: string }[] }>(coordinator, 'plan.get', { id: planId }, 'GET');
  extendedId = plan.measures.find((m) => m.title === EXTENDED)!.id;
  closingId = plan.measures.find((m) => m.title === CLOSING)!.id;

  // Before its report is due, the lead asks for more time: until shortly before the cycle closes.
  const lead = await apiSession('gz-ndrc-officer');
  const page = await call<{ cycle: { dueAt: string; closesAt: string; duties: { agencyId: number; dueAt: string }[] } }>(lead, 'measure.get', { measureId: extendedId }, 'GET');
  expect(Date.now()).toBeLessThan(Date.parse(page.cycle.duties[0]!.dueAt));
  await call(lead, 'measure.requestExtension', { measureId: extendedId, agencyId: page.cycle.duties[0]!.agencyId, requestedDueAt: new Date(Date.parse(page.cycle.closesAt) - 10_000).toISOString(), reason: '跨境数据评估结果尚未出具' }, 'POST');
});

// ---- what the people see -------------------------------------------------------------------------

async function openDecisions(page: Page, kind: 'extension' | 'closure') {
  await page.goto(`${base()}/decisions?plan=${planId}&kind=${kind}`);
  await page.getByRole('heading', { level: 1, name: '待决事项' }).waitFor();
}

const decisionRow = (page: Page, kind: 'extension' | 'closure', measureTitle: string) => page.getByTestId(`decision-${kind}`).filter({ hasText: measureTitle });

/** The measure page's 督办与协调 tab, and its table of escalations. */
async function escalationsOn(page: Page, measureId: string, title: string) {
  await page.goto(`${base()}/measures/${measureId}`);
  await measureHeading(page, title).waitFor();
  await openMeasureTab(page, '督办与协调');
  return page.getByTestId('escalations');
}

describe('the coordinator’s decisions (待决事项)', () => {
  it('approves a lead’s closure request (申请办结) with its evidence and final KPI values shown; the measure is closed (已销号)', { timeout: 120_000 }, async () => {
    // The lead applies for closure on the measure page, with the final value of its target.
    const lead = await signedIn(journey, 'gz-ndrc-officer');
    await lead.goto(`${base()}/measures/${closingId}`);
    await measureHeading(lead, CLOSING).waitFor();
    const form = await openDialog(measureActions(lead).getByRole('button', { name: '申请办结' }), dialog(lead, '申请办结'));
    await form.getByLabel('完成情况与佐证').fill(EVIDENCE);
    await form.getByLabel('试点项目数').fill('6');
    await form.getByRole('button', { name: '提交申请' }).click();
    await confirm(lead, '确定申请办结？');
    await toast(lead, '办结申请已提交，等待协调办审批').waitFor();

    // The coordinator finds it on 待决事项 with the evidence and the final value against the target.
    const coordinator = await signedIn(journey, 'gz-coordinator');
    await openDecisions(coordinator, 'closure');
    const row = decisionRow(coordinator, 'closure', CLOSING);
    await reloadUntilVisible(coordinator, row);
    await row.getByText(EVIDENCE).waitFor();
    await expect(row.getByRole('list', { name: '最终指标与目标' }).textContent()).resolves.toMatch(/试点项目数：6\s*\/\s*>=5个\s*达标/);

    const review = await openDialog(row.getByRole('button', { name: /^审核/ }), dialog(coordinator, /^办结申请：/));
    await expect(review.getByTestId('closure-evidence').textContent()).resolves.toBe(EVIDENCE);
    const kpis = review.getByRole('table', { name: '最终指标与目标' });
    await expect(kpis.getByRole('row').filter({ hasText: '试点项目数' }).textContent()).resolves.toMatch(/试点项目数6>=5个达标/);
    await choose(review, '同意销号');
    await review.getByRole('button', { name: '作出决定' }).click();
    await confirm(coordinator, '确定同意销号吗？销号后本措施不再督办，且不能撤回。');
    await toast(coordinator, '已作出办结决定').waitFor();
    await row.waitFor({ state: 'detached' });

    // The measure is closed for everyone.
    await lead.goto(`${base()}/measures/${closingId}`);
    await measureHeading(lead, CLOSING).waitFor();
    await lead.getByText('本措施已销号，不再督办。').waitFor();
    await lead.getByText('已销号', { exact: true }).first().waitFor();
  });

  it('approves an extension requested before the due date, and the overdue escalation raised since stops', { timeout: 180_000 }, async () => {
    // The due date passes without a report: an overdue escalation (逾期督办) opens on the measure.
    const coordinator = await signedIn(journey, 'gz-coordinator');
    const escalations = await escalationsOn(coordinator, extendedId, EXTENDED);
    await reloadUntilVisible(coordinator, escalations.getByRole('row').filter({ hasText: '逾期督办' }), 150_000);
    await openMeasureTab(coordinator, '督办与协调');
    await escalations.getByRole('row').filter({ hasText: '逾期督办' }).filter({ hasText: '市发展改革委' }).waitFor();

    // The coordinator opens 待决事项 and approves the lead's extension (the lead may not decide its own).
    await openDecisions(coordinator, 'extension');
    const row = decisionRow(coordinator, 'extension', EXTENDED);
    await reloadUntilVisible(coordinator, row);
    await row.getByText('跨境数据评估结果尚未出具').waitFor();
    const deciding = await openDialog(row.getByRole('button', { name: /^审批/ }), dialog(coordinator, /^延期申请：市发展改革委/));
    await choose(deciding, '同意');
    await deciding.getByRole('button', { name: '作出决定' }).click();
    await confirm(coordinator, '确定作出延期决定吗？批准后截止时间随之调整，督办随之停止。');
    await toast(coordinator, '已作出延期决定').waitFor();
    await row.waitFor({ state: 'detached' });

    // The escalation has stopped: gone from the measure's escalations and from the coordinator's queue.
    const after = await escalationsOn(coordinator, extendedId, EXTENDED);
    await after.getByText('暂无督办事项').waitFor();
    const queue = await call<{ rows: { measureId: string }[]; total: number }>(await apiSession('gz-coordinator'), 'escalation.queue', { measureId: extendedId }, 'GET');
    expect(queue.total).toBe(0);
    const pending = await call<{ counts: { extension: number } }>(await apiSession('gz-coordinator'), 'decision.pending', { planId, kind: 'extension' }, 'GET');
    expect(pending.counts.extension).toBe(0);
  });
});
