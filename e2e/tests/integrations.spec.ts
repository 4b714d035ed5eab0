// The admin's integrations page (接口与推送), in Chromium against the whole stack: an API token made for 市商务局 and
// shown once, then revoked; a webhook endpoint added with two events (its whsec_ secret shown once), its secret
// rotated, paused and resumed; a bad URL refused beside its field with nothing added; and an officer kept out.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useJourney } from './support/journey';
import { openDialog, readmeScreenshot, settled, signedIn, toast } from './support/work';

const journey = useJourney();
const base = () => journey.stack.baseUrl;

/** A receiver on 127.0.0.1 that accepts every delivery, so the endpoint added here never fails. */
let receiver: Server;
let receiverUrl: string;
beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/liandong/webhook`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** A tRPC query over HTTP with the page's session cookie, as the portal sends it. */
async function read<T>(page: Page, procedure: string): Promise<T> {
  const response = await page.request.get(`${base()}/trpc/${procedure}`, { headers: { origin: base() } });
  expect(response.status(), procedure).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** Chooses an agency in an antd Select (AgencySelect) by typing its name and clicking the option that is exactly it. */
async function chooseAgency(page: Page, inputId: string, name: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(name);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: new RegExp(`^${name}$`) }).click();
}

/** Answers a confirmation by pressing its button (吊销, 轮换密钥, 删除), and waits for it to go. */
async function confirmWith(page: Page, question: string | RegExp, button: string): Promise<void> {
  const box = await settled(page.getByRole('dialog').filter({ hasText: question }));
  await box.getByRole('button', { name: button, exact: true }).click();
  await box.waitFor({ state: 'hidden' });
}

/** The secret shown once: its text, after checking the dialog says it will not be shown again; then closed. */
async function readSecretOnce(page: Page, title: string, once: string): Promise<string> {
  const reveal = await settled(page.getByRole('dialog', { name: title }));
  await reveal.getByText(once).waitFor();
  await reveal.getByRole('button', { name: /复制/ }).waitFor();
  const secret = (await reveal.getByTestId('secret-value').innerText()).trim();
  await reveal.getByRole('button', { name: '我已保存，关闭' }).click();
  // Closed is forgotten: nothing of it stays in the page once the dialog has gone.
  await page.getByTestId('secret-reveal').waitFor({ state: 'detached' });
  expect(await page.content()).not.toContain(secret);
  return secret;
}

interface EndpointRow {
  id: string;
  agencyName: string;
  url: string;
  status: string;
}

describe("the admin's integrations page (接口与推送)", () => {
  it('makes a token shown once and revokes it; adds, rotates, pauses and resumes a webhook; refuses a bad URL beside its field; keeps an officer out', async () => {
    const admin = await signedIn(journey, 'admin');
    await admin.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '接口与推送' }).click();
    await admin.waitForURL(/\/integrations$/);
    await admin.getByRole('heading', { level: 1, name: '接口与推送' }).waitFor();
    await admin.getByRole('tab', { name: '接口令牌', selected: true }).waitFor();

    // ---- 接口令牌: made for 市商务局, shown once.
    const tokenName = `OA 系统 ${Date.now().toString(36)}`;
    const create = await openDialog(admin.getByRole('button', { name: '新建令牌' }), admin.getByRole('dialog', { name: '新建接口令牌' }));
    await chooseAgency(admin, 'create-token_agency', '市商务局');
    await create.getByLabel('名称').fill(tokenName);
    await create.getByRole('button', { name: '生成令牌' }).click();
    const token = await readSecretOnce(admin, `接口令牌：${tokenName}`, '令牌只显示这一次');
    expect(token).toMatch(/^ld_[A-Za-z0-9_-]{43}$/);

    const tokenRow = admin.getByTestId('token-row').filter({ hasText: tokenName });
    await tokenRow.getByText('市商务局', { exact: true }).waitFor();
    await tokenRow.getByText('承办人', { exact: true }).waitFor();
    await tokenRow.getByText(`${token.slice(0, 10)}…`, { exact: true }).waitFor();
    await tokenRow.getByTestId('token-state').getByText('有效', { exact: true }).waitFor();
    await tokenRow.getByText('从未使用', { exact: true }).waitFor();
    expect(await admin.content()).not.toContain(token);

    // Reloading shows the list, never the token again.
    await admin.reload();
    await tokenRow.waitFor();
    expect(await admin.content()).not.toContain(token);
    expect(await admin.getByTestId('secret-reveal').count()).toBe(0);

    // Revoked after a confirmation: 已吊销, and no revoke button any more.
    await tokenRow.getByRole('button', { name: `吊销令牌 ${tokenName}` }).click();
    await confirmWith(admin, `吊销令牌“${tokenName}”`, '吊销');
    await toast(admin, `已吊销令牌“${tokenName}”`).waitFor();
    await tokenRow.getByTestId('token-state').getByText('已吊销', { exact: true }).waitFor();
    await tokenRow.getByRole('button', { name: `吊销令牌 ${tokenName}` }).waitFor({ state: 'detached' });

    // ---- 推送地址: added for 市商务局 with two events, its secret shown once.
    await admin.getByRole('tab', { name: '推送地址' }).click();
    await admin.waitForURL(/tab=webhooks/);
    const before = await read<EndpointRow[]>(admin, 'webhook.list');
    const add = await openDialog(admin.getByRole('button', { name: '添加推送地址' }), admin.getByRole('dialog', { name: '添加推送地址' }));
    await chooseAgency(admin, 'add-webhook_agency', '市商务局');
    await add.getByLabel('推送地址（URL）').fill(receiverUrl);
    await add.getByRole('checkbox', { name: /^报送提醒/ }).check();
    await add.getByRole('checkbox', { name: /^逾期/ }).check();
    await add.getByLabel('说明（可选）').fill('e2e：市商务局 OA 待办推送');
    await add.getByRole('button', { name: '添加', exact: true }).click();
    const secret = await readSecretOnce(admin, '签名密钥', '签名密钥只显示这一次');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await toast(admin, '已添加推送地址').waitFor();

    const row = admin.locator(`[data-testid="webhook-row"][data-url="${receiverUrl}"]`);
    await row.getByText('市商务局', { exact: true }).waitFor();
    await row.getByText('report.due', { exact: true }).waitFor();
    await row.getByText('report.overdue', { exact: true }).waitFor();
    await row.getByTestId('webhook-status').getByText('正常', { exact: true }).waitFor();
    expect(await admin.content()).not.toContain(secret);

    // 轮换密钥: a new secret, shown once; the old one signs beside it for 24 hours.
    await row.getByRole('button', { name: `轮换密钥：${receiverUrl}` }).click();
    await confirmWith(admin, /旧密钥在此后 24 小时内仍同时签名/, '轮换密钥');
    const rotated = await readSecretOnce(admin, '新的签名密钥', '旧密钥在 24 小时内');
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await row.getByText(/旧密钥同时签名至/).waitFor();

    // 暂停 / 恢复.
    await row.getByRole('button', { name: `暂停：${receiverUrl}` }).click();
    await toast(admin, '已暂停推送').waitFor();
    await row.getByTestId('webhook-status').getByText('已暂停', { exact: true }).waitFor();
    await row.getByRole('button', { name: `恢复：${receiverUrl}` }).click();
    await toast(admin, '已恢复推送，积压的事件将按顺序投递').waitFor();
    await row.getByTestId('webhook-status').getByText('正常', { exact: true }).waitFor();

    // Its deliveries open in a drawer.
    const drawer = await openDialog(row.getByRole('button', { name: `投递记录：${receiverUrl}` }), admin.getByRole('dialog').filter({ hasText: '投递记录 · 市商务局' }));
    await drawer.getByRole('table').waitFor();
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.getByRole('button', { name: '关闭' })).click();
    // Gone, not still sliding out, before the screenshot.
    await admin.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });

    await admin.screenshot({ path: readmeScreenshot('integrations.png') });

    // A URL that is no web address: the message beside the URL field, and nothing added.
    const bad = await openDialog(admin.getByRole('button', { name: '添加推送地址' }), admin.getByRole('dialog', { name: '添加推送地址' }));
    await chooseAgency(admin, 'add-webhook_agency', '市商务局');
    await bad.getByLabel('推送地址（URL）').fill('javascript:alert(1)');
    await bad.getByRole('checkbox', { name: /^全部/ }).check();
    await bad.getByRole('button', { name: '添加', exact: true }).click();
    const urlItem = bad.locator('.ant-form-item').filter({ has: admin.getByLabel('推送地址（URL）') });
    await urlItem.locator('.ant-form-item-explain-error').filter({ hasText: '推送地址须以 http:// 或 https:// 开头' }).waitFor();
    expect(await bad.locator('.ant-form-item-explain-error').count()).toBe(1);
    expect(await admin.getByTestId('secret-reveal').count()).toBe(0);
    await bad.getByRole('button', { name: '取消' }).click();
    await bad.waitFor({ state: 'hidden' });
    const after = await read<EndpointRow[]>(admin, 'webhook.list');
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((e) => e.url.startsWith('javascript:'))).toEqual([]);
    expect(await admin.getByTestId('webhook-row').count()).toBe(after.filter((e) => e.status !== 'removed').length);

    // The same page in English, on request.
    await admin.getByRole('button', { name: 'English', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'Integrations (接口与推送)' }).waitFor();
    await admin.getByRole('tab', { name: 'Webhooks (推送地址)', selected: true }).waitFor();
    await row.getByTestId('webhook-status').getByText('Active', { exact: true }).waitFor();

    // ---- An officer sees no menu item, and the forbidden page at the address.
    const officer = await signedIn(journey, 'gz-commerce-officer');
    const menu = officer.getByRole('navigation', { name: '主菜单' });
    await menu.getByRole('link', { name: '工作台' }).waitFor();
    expect(await menu.getByRole('link', { name: '接口与推送' }).count()).toBe(0);
    await officer.goto(`${base()}/integrations`);
    await officer.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
    expect(await officer.getByRole('heading', { level: 1, name: '接口与推送' }).count()).toBe(0);
    const refused = await officer.request.get(`${base()}/trpc/apiToken.list`, { headers: { origin: base() } });
    expect(refused.status()).toBe(403);
  });
});
