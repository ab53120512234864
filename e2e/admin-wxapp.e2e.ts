/**
 * WeChat's shipping-information upload end to end (issue 15): a shopper's paid express order, shipped by the owner in
 * the admin panel, is uploaded by the jobs (driven here as the local scheduler runs them: HTTPS to the WeChat
 * server-API simulator that `npm start` starts) and appears in the simulator as an accepted upload; the order detail
 * shows it as 已上传. The owner tests the connection in 小程序设置 (#/settings/wxapp); an upload WeChat refuses
 * (the simulator's invalid_data fault) is listed in 发货信息上传 (#/wx-shipping) with its errcode, and 重试 gets it
 * accepted once the fault is gone.
 */
import type { Page } from 'playwright-core';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { wxShippingUploader } from '@shop/functions/shared/domain/fulfilment/wxShipping';
import { wxApiClientFor } from '@shop/functions/shared/domain/wxapi/setup';
import { useE2E, watch } from './harness';
import { shotTop as shotOf, wxOrderBed } from './wxOrders';

const env = useE2E();
let admin: Page;
const problems: string[] = [];
let bed: Awaited<ReturnType<typeof wxOrderBed>>;

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  bed = await wxOrderBed(env, { shopper: 'e2e-wxapp-shopper', product: '端到端发货上传茶壶', code: 'E2E-WXAPP', price: 5800, consignee: '王五', phone: '13800002222' });
});

const $ = (sel: string) => admin.locator(sel);
const shotTop = (name: string) => shotOf(env, admin, name);
const paidOrder = () => bed.paidOrder();

/** What the local scheduler does every JOBS_INTERVAL_MS (the jobs function's timer on CloudBase): the due jobs, with shipping uploads over HTTPS to the simulator the settings name. */
async function runJobs() {
  const wx = await wxApiClientFor(env.stack.db, { env: { WXAPI_TRANSPORT: 'https' } });
  expect(wx).not.toBeNull();
  return runDueJobs(env.stack.db, new Date(), { shippingUploader: wxShippingUploader(wx!) });
}

/** The WeChat server-API simulator's record of an order's payment (over its control API). */
async function simRecord(outTradeNo: string) {
  const state = await (await fetch(`${env.stack.wxapiSimUrl}/_sim/state`)).json();
  return (state.shipping as any[]).find((s) => s.last.order_key?.out_trade_no === outTradeNo);
}

/** Ships an express order from its detail page in the admin. */
async function shipInAdmin(orderId: string, company: string, trackingNo: string) {
  await admin.goto(`${env.url}/admin/#/orders/${orderId}`);
  await $('[data-testid=order-detail-status][data-status=paid]').waitFor();
  await $('[data-testid=wx-upload-none]').waitFor();
  await $('#order-ship').click();
  await admin.locator('#ship-tracking').filter({ visible: true }).waitFor();
  await $('#ship-company').click();
  await admin.locator('.ant-select-dropdown .ant-select-item-option').filter({ visible: true }).filter({ hasText: company }).first().click();
  // on a loaded machine the choice can land after the next step: go on once the select shows it
  await admin.locator('#ship').getByTitle(company).waitFor();
  await $('#ship-tracking').fill(trackingNo);
  await $('#ship-submit').click();
  await $('[data-testid=order-detail-status][data-status=shipped]').waitFor({ timeout: 60_000 });
}

test('the owner sees 小程序设置 with the simulator’s AppID and tests the connection', async () => {
  await env.adminLogin(admin);
  const menu = $('[data-testid=side-menu]');
  await menu.getByText('微信小程序', { exact: true }).click();
  await menu.getByText('小程序设置', { exact: true }).click();
  await admin.waitForURL(/#\/settings\/wxapp/);
  await $('[data-testid=wxapp-status][data-configured=true]').waitFor();
  expect(await $('[data-testid=wxapp-view-appid]').innerText()).toMatch(/^wx[0-9a-f]{16}$/);
  expect(await $('[data-testid=wxapp-view-secret]').innerText()).toBe('已设置');
  expect(await $('#wxapp-secret').inputValue()).toBe('');
  await $('[data-testid=wxapp-test]').click();
  await $('[data-testid=wxapp-test-result][data-ok=true]').waitFor();
  expect(await $('[data-testid=wxapp-test-result]').innerText()).toContain('连接成功');
  await env.shot(admin, 'admin-wxapp-01-settings-test-ok');
});

test('a paid express order shipped in the admin becomes an accepted upload in the simulator, and the order shows 已上传', async () => {
  const order = await paidOrder();
  await shipInAdmin(order._id, '顺丰速运', 'SF77770001');
  // queued: waits for the jobs
  await $('[data-testid=wx-upload-state-0][data-status=pending]').waitFor();
  const r = await runJobs();
  expect(r.shippingInfo.sent).toBeGreaterThanOrEqual(1);
  const rec = await simRecord(order.payment.outTradeNo);
  expect(rec).toMatchObject({ status: 'shipped', last: { logistics_type: 1, delivery_mode: 1, shipping_list: [{ tracking_no: 'SF77770001', express_company: 'SF', contact: { receiver_contact: '138****2222' } }] } });
  expect(rec.uploads.at(-1)).toMatchObject({ via: 'https', answer: { errcode: 0 } });

  await admin.getByRole('button', { name: /刷\s*新/ }).first().click();
  await $('[data-testid=wx-upload-state-0][data-status=sent]').waitFor();
  expect(await $('[data-testid=wx-upload-card]').innerText()).toMatch(/已上传/);
  await $('[data-testid=wx-upload-card]').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-wxapp-02-order-uploaded');

  // the simulator's console shows it too
  const consolePage = await env.desktop();
  await consolePage.goto(`${env.stack.wxapiSimUrl}/_sim/`);
  expect(await consolePage.locator('body').innerText()).toContain('SF77770001');
  await env.shot(consolePage, 'admin-wxapp-03-simulator-console');
  await consolePage.close();
});

test('a refused upload is listed with its errcode in 发货信息上传, and 重试 gets it accepted', async () => {
  const order = await paidOrder();
  await shipInAdmin(order._id, '中通快递', 'ZT77770002');
  const r = await fetch(`${env.stack.wxapiSimUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: [{ api: 'upload_shipping_info', kind: 'invalid_data', times: 3 }] }) });
  expect(r.ok).toBe(true);
  await runJobs();

  await admin.goto(`${env.url}/admin/#/wx-shipping?status=failed`);
  const row = $(`[data-testid=wx-shipping-table] tr[data-order="${order._id}"]`);
  await row.waitFor();
  expect(await row.innerText()).toMatch(/上传失败[\s\S]*47001 data format error/);
  await shotTop('admin-wxapp-04-upload-failed');

  await fetch(`${env.stack.wxapiSimUrl}/_sim/faults`, { method: 'DELETE' });
  await row.getByRole('button', { name: /重\s*试/ }).click();
  await row.waitFor({ state: 'detached' }); // no longer failed: waits again
  await runJobs();
  expect(await simRecord(order.payment.outTradeNo)).toMatchObject({ status: 'shipped', last: { shipping_list: [{ tracking_no: 'ZT77770002' }] } });
  await admin.goto(`${env.url}/admin/#/wx-shipping?orderId=${order._id}`);
  await $(`[data-testid=wx-shipping-table] tr[data-order="${order._id}"][data-status=sent]`).waitFor();
  await shotTop('admin-wxapp-05-upload-retried');
});

test('未上传 lists a paid order never uploaded days after payment, linking to it', async () => {
  const order = await paidOrder();
  // paid five days ago (the clock of the stack is real time: the payment time is moved back instead)
  await env.stack.db.collection('orders').doc(order._id).update({ paidAt: new Date(Date.now() - 5 * 86_400_000).toISOString() });
  await admin.goto(`${env.url}/admin/#/wx-shipping`);
  await $('[data-testid=wx-shipping-tabs]').getByText('未上传', { exact: true }).click();
  await admin.waitForURL(/tab=missing/);
  const row = $(`[data-testid=wx-missing-table] tr[data-order="${order._id}"]`);
  await row.waitFor();
  expect(await row.innerText()).toMatch(/待发货[\s\S]*快递发货[\s\S]*尚未发货/);
  expect(await row.innerText()).toContain(`¥${(order.amounts.payable / 100).toFixed(2)}`);
  await shotTop('admin-wxapp-06-not-uploaded');
  await row.getByRole('link', { name: order._id }).click();
  await admin.waitForURL(new RegExp(`#/orders/${order._id}`));
  await $('[data-testid=wx-upload-none]').waitFor();
});

test('nothing went wrong in the browser', () => {
  expect(problems).toEqual([]);
});
