import { describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import {
  assignmentRow,
  choose,
  confirm,
  currentDuty,
  dialog,
  findInInbox,
  findNotification,
  measureActions,
  measureHeading,
  openFromInbox,
  openDialog,
  openMeasureTab,
  readmeScreenshot,
  reloadUntilVisible,
  signedIn,
  subtaskRow,
  toast,
} from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

// Measures of the demo plan 002 (广州 若干措施); the first unit listed is the lead.
/** (二): lead 市发展改革委 (gz-ndrc-officer), partners 市商务局 (gz-commerce-officer), … */
const RULES_MEASURE = '促进与港澳规则衔接机制对接';
/** (十三): lead 市商务局 (gz-commerce-officer), partners 市委金融办, …, 市发展改革委 (gz-ndrc-officer), … */
const TRADE_MEASURE = '推动服务贸易与货物贸易融合发展';
/** (七): lead 市委网信办, partners …, 南沙区政府 (nansha-officer); the plan's coordinator is 市商务局 (gz-coordinator). */
const DATA_MEASURE = '推进数据跨境安全有序流动';

/** The China date `days` from now, as a date field takes it. */
function chinaDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

describe('daily work on a measure in the portal', () => {
  it('lets a partner accept and report, the lead return it, the partner resubmit from the prefilled form, and the lead accept it', async () => {
    // The partner (市商务局) finds the new assignment in its 工作台.
    const partner = await signedIn(journey, 'gz-commerce-officer');
    expect(new URL(partner.url()).pathname).toBe('/inbox');
    await partner.getByRole('heading', { level: 1, name: '工作台', exact: true }).waitFor();
    await partner.getByTestId('inbox-item').first().waitFor();
    await partner.getByTestId('inbox-total').getByText(/^共 \d+ 项待办$/).waitFor();
    await partner.screenshot({ path: readmeScreenshot('inbox.png') });

    const pending = await findInInbox(partner, base(), 'assignment.pending', RULES_MEASURE);
    await openFromInbox(partner, pending, RULES_MEASURE);
    const partnerActions = measureActions(partner);
    await partnerActions.getByRole('button', { name: '接收', exact: true }).click();
    await toast(partner, '已接收该任务').waitFor();
    await partnerActions.getByRole('button', { name: '接收', exact: true }).waitFor({ state: 'detached' });
    await openMeasureTab(partner, '承办单位');
    await assignmentRow(partner, '市商务局').getByText('已接收', { exact: true }).waitFor();

    // … and reports: progress status, % done, what was done.
    const summary = '已梳理第三批与港澳规则衔接事项清单，完成两项对接。';
    const form = await openDialog(
      partnerActions.getByRole('button', { name: /^填报第 \d+ 期报告$/ }),
      partner.getByRole('dialog').filter({ hasText: /第 \d+ 期进展报告 · 市商务局/ }),
    );
    await choose(form, '存在风险');
    await form.getByLabel('完成进度（%）').fill('40');
    await form.getByLabel('工作进展').fill(summary);
    await form.getByRole('button', { name: '提交报告' }).click();
    await confirm(partner, '确定提交报告？提交后不能修改，除非被退回。');
    await toast(partner, '报告已提交').waitFor();
    await form.waitFor({ state: 'hidden' });
    await openMeasureTab(partner, '报送');
    await currentDuty(partner, '市商务局').getByText('已报送，待审核', { exact: true }).waitFor();

    // The lead (市发展改革委, its own browser) finds the report waiting for review and returns it.
    const lead = await signedIn(journey, 'gz-ndrc-officer');
    const toReview = await findInInbox(lead, base(), 'report.review', RULES_MEASURE);
    await expect(toReview.textContent()).resolves.toContain('配合单位：市商务局');
    await openFromInbox(lead, toReview, RULES_MEASURE);
    await lead.getByTestId('measure-todo').getByText('有 1 份报告待你审核').waitFor();
    await openMeasureTab(lead, '报送');
    const comment = '请补充已对接事项的具体名称和进度依据。';
    const returning = await openDialog(lead.getByRole('button', { name: /^审核报告：市商务局 第 \d+ 期$/ }), dialog(lead, /^审核报告：市商务局 第 \d+ 期$/));
    await choose(returning, '退回修改');
    await returning.getByLabel('审核意见').fill(comment);
    await returning.getByRole('button', { name: '提交审核' }).click();
    await confirm(lead, '确定退回该报告？对方须修改后重新报送。');
    await toast(lead, '审核意见已提交').waitFor();
    await currentDuty(lead, '市商务局').getByText('已退回修改', { exact: true }).waitFor();

    // The partner hears of it (the bell, with the lead's comment) and finds it under 退回修改.
    await partner.goto(`${base()}/inbox`);
    const notice = await findNotification(partner, '报告退回修改', RULES_MEASURE);
    await expect(notice.textContent()).resolves.toContain(comment);
    await partner.keyboard.press('Escape');
    const returned = await findInInbox(partner, base(), 'report.returned', RULES_MEASURE);
    await openFromInbox(partner, returned, RULES_MEASURE);

    // The form starts from what was reported; the partner revises and submits again.
    const again = await openDialog(
      measureActions(partner).getByRole('button', { name: /^修改后重新报送第 \d+ 期$/ }),
      partner.getByRole('dialog').filter({ hasText: /第 \d+ 期进展报告 · 市商务局/ }),
    );
    await again.getByText('该报告已被退回，请按审核意见修改后重新报送。').waitFor();
    await again.getByText(/已按第 \d+ 期报送的内容预填/).waitFor();
    await expect(again.getByLabel('完成进度（%）').inputValue()).resolves.toBe('40');
    await expect(again.getByLabel('工作进展').inputValue()).resolves.toBe(summary);
    await expect(again.getByRole('radio', { name: '存在风险' }).isChecked()).resolves.toBe(true);
    await again.getByLabel('完成进度（%）').fill('60');
    await again.getByLabel('工作进展').fill(`${summary}已对接事项：香港产业测量企业备案执业、工程建设咨询联合体投标。`);
    await again.getByRole('button', { name: '提交报告' }).click();
    await confirm(partner, '确定提交报告？提交后不能修改，除非被退回。');
    await toast(partner, '报告已提交').waitFor();
    await openMeasureTab(partner, '报送');
    const partnerDuty = currentDuty(partner, '市商务局');
    await partnerDuty.getByText('已报送，待审核', { exact: true }).waitFor();
    await partnerDuty.getByText('第 2 次报送', { exact: true }).waitFor();

    // The lead reviews the resubmission and accepts it.
    const toReviewAgain = await findInInbox(lead, base(), 'report.review', RULES_MEASURE);
    await openFromInbox(lead, toReviewAgain, RULES_MEASURE);
    await openMeasureTab(lead, '报送');
    const accepting = await openDialog(lead.getByRole('button', { name: /^审核报告：市商务局 第 \d+ 期$/ }), dialog(lead, /^审核报告：市商务局 第 \d+ 期$/));
    await accepting.getByText('进展报告，第 2 次报送').waitFor();
    await choose(accepting, '通过');
    await accepting.getByRole('button', { name: '提交审核' }).click();
    await confirm(lead, '确定通过该报告？');
    const done = toast(lead, '审核意见已提交');
    await done.waitFor();
    const leadView = currentDuty(lead, '市商务局');
    await leadView.getByText('已通过', { exact: true }).waitFor();
    await expect(lead.getByRole('button', { name: /^审核报告：市商务局/ }).count()).resolves.toBe(0);
    // The README's picture of a measure page, without the passing message.
    await done.waitFor({ state: 'hidden' });
    await lead.screenshot({ path: readmeScreenshot('measure.png') });

    // The partner's measure page shows the report accepted, and nothing more to submit.
    await partner.reload();
    await measureHeading(partner, RULES_MEASURE).waitFor();
    await reloadUntilVisible(partner, currentDuty(partner, '市商务局').getByText('已通过', { exact: true }));
    await expect(measureActions(partner).getByRole('button', { name: /报送第 \d+ 期|填报第 \d+ 期/ }).count()).resolves.toBe(0);
    await findNotification(partner, '报告通过审核', RULES_MEASURE);
  }, 300_000);

  it('lets a lead hand a subtask with a due date to a partner, who completes it, and both see it done', async () => {
    const task = '梳理服务贸易与货物贸易融合发展重点企业名单';
    const note = '已形成重点企业名单 36 家，报市商务局。';
    const due = chinaDateIn(21);

    // The lead (市商务局) accepts its assignment and hands a subtask to 市发展改革委.
    const lead = await signedIn(journey, 'gz-commerce-officer');
    const pending = await findInInbox(lead, base(), 'assignment.pending', TRADE_MEASURE);
    const measureUrl = await openFromInbox(lead, pending, TRADE_MEASURE);
    await measureActions(lead).getByRole('button', { name: '接收', exact: true }).click();
    await toast(lead, '已接收该任务').waitFor();
    const create = await openDialog(measureActions(lead).getByRole('button', { name: '分解/交办' }), dialog(lead, '分解/交办子任务'));
    await create.getByLabel('任务内容').fill(task);
    const assignee = create.getByLabel('承办单位（配合单位）');
    await assignee.click();
    await assignee.fill('市发展改革委');
    await assignee.press('Enter');
    await create.getByTitle('市发展改革委', { exact: true }).waitFor();
    await create.getByLabel('截止日期').fill(due);
    await create.getByRole('button', { name: '交办', exact: true }).click();
    await toast(lead, '子任务已交办').waitFor();
    await create.waitFor({ state: 'hidden' });
    await openMeasureTab(lead, '承办单位');
    const leadRow = subtaskRow(lead, task);
    await leadRow.getByText('办理中', { exact: true }).waitFor();
    await expect(leadRow.textContent()).resolves.toMatch(new RegExp(`市发展改革委.*${due}`, 'u'));

    // The partner finds it under 子任务 and completes it.
    const partner = await signedIn(journey, 'gz-ndrc-officer');
    const item = await findInInbox(partner, base(), 'subtask.open', TRADE_MEASURE);
    await expect(item.textContent()).resolves.toContain('交办单位：市商务局');
    await openFromInbox(partner, item, TRADE_MEASURE);
    const todo = partner.getByTestId('measure-todo');
    await todo.getByText('有 1 项子任务待本单位完成').waitFor();
    await todo.getByRole('button', { name: '前往处理' }).click();
    await partner.getByRole('tab', { name: /^承办单位/, selected: true }).waitFor();
    const complete = await openDialog(subtaskRow(partner, task).getByRole('button', { name: `完成：${task}` }), dialog(partner, `完成子任务：${task}`));
    await complete.getByLabel('办理情况（可选）').fill(note);
    await complete.getByRole('button', { name: '确认完成' }).click();
    await toast(partner, '子任务已完成').waitFor();
    await complete.waitFor({ state: 'hidden' });
    await partner.getByRole('button', { name: `完成：${task}` }).waitFor({ state: 'detached' });
    await partner.getByTestId('measure-todo').waitFor({ state: 'detached' });

    // The lead hears of it, with the partner's note.
    const notice = await findNotification(lead, '子任务完成', TRADE_MEASURE);
    await expect(notice.textContent()).resolves.toContain(note);
    await lead.keyboard.press('Escape');

    // Both see the subtask done on the measure page.
    await subtaskRow(partner, task).getByText('已完成', { exact: true }).waitFor();
    await lead.goto(`${measureUrl}?tab=units`);
    await reloadUntilVisible(lead, subtaskRow(lead, task).getByText('已完成', { exact: true }));
  }, 240_000);

  it('lets a partner decline with a reason, and the coordinator’s decision reaches it', async () => {
    const reason = '数据跨境流动属市委网信办职责，南沙区无相应审批权限。';
    const ruling = '南沙是数据跨境试点区域，须配合落实，请接收。';

    // The partner (南沙区政府) declines its assignment.
    const partner = await signedIn(journey, 'nansha-officer');
    const pending = await findInInbox(partner, base(), 'assignment.pending', DATA_MEASURE);
    const measureUrl = await openFromInbox(partner, pending, DATA_MEASURE);
    const decline = await openDialog(measureActions(partner).getByRole('button', { name: '退回', exact: true }), dialog(partner, '退回任务'));
    await decline.getByLabel('退回理由').fill(reason);
    await decline.getByRole('button', { name: '确认退回' }).click();
    await confirm(partner, '确定退回该任务？退回后不能撤回。');
    await toast(partner, '已退回，等待协调办裁定').waitFor();
    await openMeasureTab(partner, '承办单位');
    const own = assignmentRow(partner, '南沙区政府');
    await own.getByText('已退回', { exact: true }).waitFor();
    await own.getByText(`退回理由：${reason}`).waitFor();
    await expect(measureActions(partner).getByRole('button', { name: '接收', exact: true }).count()).resolves.toBe(0);

    // The plan's coordinator (市商务局) finds it under 退回待裁定 and insists.
    const coordinator = await signedIn(journey, 'gz-coordinator');
    const toDecide = await findInInbox(coordinator, base(), 'decline.pending', DATA_MEASURE);
    await expect(toDecide.textContent()).resolves.toContain('退回单位：南沙区政府');
    await openFromInbox(coordinator, toDecide, DATA_MEASURE);
    await coordinator.getByTestId('measure-todo').getByText('有 1 项申请待你审批或裁定').waitFor();
    await openMeasureTab(coordinator, '承办单位');
    const arbitrate = await openDialog(coordinator.getByRole('button', { name: '裁定 南沙区政府' }), dialog(coordinator, '裁定退回：南沙区政府'));
    await arbitrate.getByText(`退回理由：${reason}`).waitFor();
    await choose(arbitrate, '维持原单位承办');
    await arbitrate.getByLabel('意见（可选）').fill(ruling);
    await arbitrate.getByRole('button', { name: '提交裁定' }).click();
    await confirm(coordinator, '确定提交裁定？提交后不能更改。');
    await toast(coordinator, '已裁定').waitFor();
    await assignmentRow(coordinator, '南沙区政府').getByText('待接收', { exact: true }).waitFor();
    await expect(coordinator.getByRole('button', { name: '裁定 南沙区政府' }).count()).resolves.toBe(0);

    // The partner hears the decision (with the coordinator's words), and the assignment waits on it again.
    await partner.goto(`${base()}/inbox`);
    const notice = await findNotification(partner, '维持原分工', DATA_MEASURE);
    await expect(notice.textContent()).resolves.toContain(ruling);
    await notice.click();
    await partner.waitForURL((url) => url.href.startsWith(measureUrl));
    await measureHeading(partner, DATA_MEASURE).waitFor();
    await openMeasureTab(partner, '承办单位');
    await assignmentRow(partner, '南沙区政府').getByText('待接收', { exact: true }).waitFor();
    await measureActions(partner).getByRole('button', { name: '接收', exact: true }).waitFor();
    await findInInbox(partner, base(), 'assignment.pending', DATA_MEASURE);
  }, 240_000);
});
