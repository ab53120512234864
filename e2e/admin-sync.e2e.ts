/**
 * 第三方对接 › 精斗云 (admin #/erp/*, owner only) against the stack's Jingdou Cloud simulator: the owner enters the
 * simulator's gateway URL and the demo credentials, fetches the account sets, binds the first one (the defaults
 * WSCKH / WSCCK / WSCXJ are created there) and tests the connection; the secret never comes back into the page.
 * 立即同步 pulls the materials and the status page lists FD901 (decimal quantities) as skipped. A paid order goes out
 * as a 销售出库单 and the log shows it 已同步 with its request; with the simulator's /jdy/v2 down 测试连接 reports the
 * failure and an order paid meanwhile waits as 待发送 (sent by 立即同步 once the ERP is back); an order the ERP refuses
 * becomes 失败待处理 and 重试 sends it. 对账 names an order the ERP lacks (精斗云缺少出库单). 解除绑定 at the end.
 * An operator has no 第三方对接 menu and sees the owner-only result on the URLs.
 */
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_JDY_CLIENT, DEMO_OUTER_INSTANCE_ID } from '../local/src/jdy-sim/demo';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
let ownerToken = '';
let jdySimUrl = '';
let shopperToken = '';
let skuId = '';
const problems: string[] = [];
/** the actions the pages sent to syncAdmin, with their data */
const sent: { action: string; data: Record<string, unknown> }[] = [];

const [FIRST, SECOND] = DEMO_ACCOUNTS;

beforeAll(async () => {
  if (!env.stack.jdySimUrl) throw new Error('the stack started without the Jingdou Cloud simulator');
  jdySimUrl = env.stack.jdySimUrl;
  // the refused save answers HTTP 400 (VALIDATION_FAILED) and the wrong secret HTTP 502 (ERP_UNAVAILABLE), which
  // chromium logs as failed resources
  admin = watch(problems, await env.desktop(), { console: /status of (400 \(Bad Request\)|502 \(Bad Gateway\))/ });
  admin.on('request', (r) => {
    if (r.method() !== 'POST' || !r.url().endsWith('/api/fn/syncAdmin')) return;
    sent.push(r.postDataJSON() as { action: string; data: Record<string, unknown> });
  });
  ownerToken = await loginMerchant();
  shopperToken = await loginShopper('e2e-sync-shopper');
  await ok('order', 'saveAddress', { name: '王五', phone: '13700003333', province: '上海', city: '上海', district: '徐汇', detail: '漕溪北路 9 号' }, shopperToken);
});

const tid = (id: string, page: Page = admin) => page.locator(`[data-testid="${id}"]`);
const { call: api, ok, sim: wxpaySim, loginMerchant, loginShopper } = apiOf(() => env);
/** a screenshot from the top of the page (clicking low menu entries scrolls the window) */
async function shotTop(name: string, page: Page = admin) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await env.shot(page, name);
}
/** An order of one DG006, paid through the WeChat Pay simulator. */
async function paidOrder(): Promise<string> {
  const items = [{ skuId, quantity: 1 }];
  const preview = await ok('order', 'preview', { source: { items }, couponId: null }, shopperToken);
  const order = await ok('order', 'create', { source: { items }, couponId: null, clientRequestId: `e2e-sync-${Date.now()}-${Math.random()}`, expectedPayable: preview.quote.payable }, shopperToken);
  const pay = await ok('order', 'pay', { id: order._id }, shopperToken);
  await wxpaySim('/_sim/pay', { out_trade_no: pay.outTradeNo, outcome: 'success' });
  await until(async () => (await ok('orderAdmin', 'get', { id: order._id }, ownerToken)).status === 'paid', `order ${order._id} paid`);
  return order._id as string;
}
/** The order's outbound item in the sync log, once `ready` says so. */
async function outItem(orderId: string, ready: (i: any) => boolean, what: string): Promise<any> {
  let item: any = null;
  await until(async () => {
    item = (await ok('syncAdmin', 'log', { orderId, kind: 'order_out' }, ownerToken)).items[0] ?? null;
    return !!item && ready(item);
  }, what, 30_000);
  return item;
}
let orderA = '';
let orderB = '';
let orderC = '';
let orderD = '';
const binding = async () => (await api('syncAdmin', 'binding', {}, ownerToken)).data;

/** The simulator's control API. */
async function simControl(method: 'POST' | 'DELETE' | 'GET', path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${jdySimUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

test('the owner opens 精斗云绑定 from the 第三方对接 menu: unbound, nothing stored', async () => {
  await env.adminLogin(admin, 'admin', 'admin123', '/products');
  await tid('side-menu').getByText('第三方对接').waitFor();
  await tid('side-menu').getByText('精斗云绑定').click();
  await tid('erp-binding-status').waitFor();
  expect(admin.url()).toMatch(/#\/erp\/binding$/);
  expect(await tid('erp-binding-status').getAttribute('data-status')).toBe('unbound');
  expect(await tid('erp-binding-note').innerText()).toContain('销售出库单');
  // no credentials yet: 获取账套 waits for them
  expect(await tid('erp-fetch-accounts').isDisabled()).toBe(true);
  expect(await admin.locator('#erp_clientSecret').getAttribute('placeholder')).not.toContain('已保存');
  await shotTop('sync-01-binding-empty');
});

test('a gateway that is not a URL and a short secret come back as field errors', async () => {
  const itemOf = (selector: string) => admin.locator('.ant-form-item').filter({ has: admin.locator(selector) });
  await admin.locator('#erp_baseUrl').fill('jdy-gateway');
  await admin.locator('#erp_clientId').fill(DEMO_JDY_CLIENT.clientId);
  await admin.locator('#erp_clientSecret').fill('short');
  await admin.locator('#erp_outerInstanceId').fill(DEMO_OUTER_INSTANCE_ID);
  await tid('erp-save-credentials').click();
  await itemOf('#erp_baseUrl').locator('.ant-form-item-explain-error').waitFor();
  expect(await itemOf('#erp_baseUrl').locator('.ant-form-item-explain-error').innerText()).toContain('https://api.kingdee.com');
  expect(await itemOf('#erp_clientSecret').locator('.ant-form-item-explain-error').innerText()).toContain('8');
  expect(await tid('erp-error').innerText()).toContain('标红');
  expect(await binding()).toMatchObject({ status: 'unbound', hasSecret: false });
  await shotTop('sync-01b-field-errors');
});

test('the owner saves the simulator URL and the demo credentials; the secret is not shown back', async () => {
  await admin.locator('#erp_baseUrl').fill(jdySimUrl);
  await admin.locator('#erp_clientId').fill(DEMO_JDY_CLIENT.clientId);
  await admin.locator('#erp_clientSecret').fill(DEMO_JDY_CLIENT.clientSecret);
  await admin.locator('#erp_outerInstanceId').fill(DEMO_OUTER_INSTANCE_ID);
  await tid('erp-save-credentials').click();
  await tid('erp-credentials-saved').waitFor();
  const save = sent.filter((s) => s.action === 'saveCredentials');
  expect(save).toHaveLength(2);
  expect(save[1].data).toEqual({ baseUrl: jdySimUrl, clientId: DEMO_JDY_CLIENT.clientId, clientSecret: DEMO_JDY_CLIENT.clientSecret, outerInstanceId: DEMO_OUTER_INSTANCE_ID });
  expect(await binding()).toMatchObject({ status: 'unbound', clientId: DEMO_JDY_CLIENT.clientId, outerInstanceId: DEMO_OUTER_INSTANCE_ID, hasSecret: true });
  expect(await admin.locator('#erp_clientSecret').inputValue()).toBe('');
  expect(await admin.locator('#erp_clientSecret').getAttribute('placeholder')).toBe('已保存，留空不修改');
  expect(await admin.content()).not.toContain(DEMO_JDY_CLIENT.clientSecret);
  expect(await tid('erp-fetch-accounts').isDisabled()).toBe(false);
});

test('a wrong Client Secret: 获取账套 says the secret is wrong (not an outage); saving the right one again works', async () => {
  await admin.locator('#erp_clientSecret').fill('not-the-demo-secret');
  await tid('erp-save-credentials').click();
  await until(async () => sent.filter((s) => s.action === 'saveCredentials').length === 3, 'the wrong secret saved');
  await tid('erp-fetch-accounts').click();
  await tid('erp-error').waitFor();
  const text = await tid('erp-error').innerText();
  expect(text).toContain('Client Secret 不正确');
  expect(text).not.toContain('暂时无法访问');
  expect(text).not.toContain('X-Api-Signature');
  await shotTop('sync-01c-wrong-secret');
  // saved once more (the binding is stored already): no server error
  await admin.locator('#erp_clientSecret').fill(DEMO_JDY_CLIENT.clientSecret);
  await tid('erp-save-credentials').click();
  await until(async () => sent.filter((s) => s.action === 'saveCredentials').length === 4, 'the right secret saved');
  await until(async () => (await tid('erp-error').count()) === 0 || !(await tid('erp-error').innerText()).includes('Client Secret'), 'the error gone');
  expect(await binding()).toMatchObject({ status: 'unbound', hasSecret: true });
});

test('获取账套 lists both demo account sets; binding the first creates WSCKH / WSCCK / WSCXJ', async () => {
  await tid('erp-fetch-accounts').click();
  await tid(`erp-account-${FIRST.accountId}`).waitFor();
  expect(await tid(`erp-account-${FIRST.accountId}`).innerText()).toContain(FIRST.accountName);
  expect(await tid(`erp-account-${SECOND.accountId}`).innerText()).toContain(SECOND.accountName);
  expect(await tid('erp-bind').isDisabled()).toBe(true);
  await tid(`erp-account-${FIRST.accountId}`).click();
  await env.shot(admin, 'sync-02-account-sets');
  await tid('erp-bind').click();
  await tid('erp-bind-result').waitFor();
  const result = await tid('erp-bind-result').innerText();
  for (const words of ['WSCKH 微商城客户', 'WSCCK 微商城仓库', 'WSCXJ 微商城现金']) expect(result).toContain(words);
  // the demo's own products went off shelf (they cannot be linked to the ERP's materials)
  expect(Number(await tid('erp-bind-off-shelf').getAttribute('data-count'))).toBeGreaterThan(0);
  expect(await tid('erp-bind-off-shelf').innerText()).toContain('已下架');
  expect(await tid('erp-binding-status').getAttribute('data-status')).toBe('bound');
  expect(await tid('erp-account-name').innerText()).toBe(FIRST.accountName);
  expect(await tid('erp-bound-at').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  expect(await tid('erp-defaults').innerText()).toContain('仓库：WSCCK 微商城仓库');
  expect(await binding()).toMatchObject({ status: 'bound', accountId: FIRST.accountId, accountName: FIRST.accountName });
  // the ERP now holds the defaults
  const state = await simControl('GET', `/_sim/state`);
  expect(JSON.stringify(state)).toContain('WSCCK');
  expect(await admin.content()).not.toContain(DEMO_JDY_CLIENT.clientSecret);
});

test('测试连接 answers ok with the default warehouse found', async () => {
  await tid('erp-test').click();
  await tid('erp-test-result').waitFor();
  expect(await tid('erp-test-result').getAttribute('data-ok')).toBe('true');
  expect(await tid('erp-test-result').innerText()).toMatch(/连接正常，用时 \d+ ms；默认仓库 WSCCK 存在/);
  await shotTop('sync-03-bound-tested');
});

test('立即同步 runs both directions; the status page lists FD901 as skipped (decimal quantities)', async () => {
  await tid('side-menu').getByText('同步状态').click();
  await tid('erp-status-out').waitFor();
  expect(admin.url()).toMatch(/#\/erp\/status$/);
  await tid('erp-run-now').click();
  await tid('erp-run-result').waitFor({ timeout: 60_000 });
  expect(await tid('erp-run-result').innerText()).toContain('同步已完成');
  const fd901 = tid('erp-skipped').locator('tr.ant-table-row[data-row-key="FD901"]');
  await fd901.waitFor();
  expect(await fd901.innerText()).toContain('散装高山红茶');
  expect(await fd901.innerText()).toContain('小数');
  // every inbound direction ran
  for (const d of ['materials', 'stock', 'shipments']) {
    expect(await tid(`erp-in-${d}-last-run`).innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  }
  expect(await tid('erp-in-materials').getAttribute('data-ok')).toBe('true');
  expect(await tid('erp-out-dead').locator('.ant-statistic-content-value').innerText()).toBe('0');
  expect(await tid('erp-status-account').innerText()).toContain(FIRST.accountName);
  // DG006 桌面无线充电器 came from the ERP as a new product (no SKUs), off shelf: the merchant shelves it
  const dg = (await ok('productAdmin', 'list', { code: 'DG006', page: 1, pageSize: 20 }, ownerToken)).items.find((p: { code: string }) => p.code === 'DG006');
  expect(dg).toMatchObject({ onShelf: false, erp: { materialNumber: 'DG006' } });
  await ok('productAdmin', 'batch', { ids: [dg._id], op: { kind: 'shelf', onShelf: true } }, ownerToken);
  skuId = (await ok('productAdmin', 'get', { id: dg._id }, ownerToken)).skus[0]._id;
  await shotTop('sync-04-status');
  // its stock is the ERP's: the product form shows it read-only and says where it comes from
  await admin.goto(`${env.url}/admin/#/products/${dg._id}/edit`);
  await tid('erp-stock-note').waitFor();
  expect(await tid('erp-stock-note').innerText()).toContain('WSCCK');
  expect(await admin.locator('#sku-stock-0').isDisabled()).toBe(true);
  expect(await tid('fill-stock').isDisabled()).toBe(true);
  await tid('erp-stock-note').scrollIntoViewIfNeeded();
  await env.shot(admin, 'sync-04c-product-stock-from-erp');
  await admin.goto(`${env.url}/admin/#/erp/status`);
  await tid('erp-status-out').waitFor();
  // 补发历史订单: nothing was paid before the binding in this shop, so nothing is queued
  await tid('erp-send-paid-run').click();
  await tid('erp-send-paid-result').waitFor();
  expect(await tid('erp-send-paid-result').getAttribute('data-queued')).toBe('0');
  expect(sent.filter((s) => s.action === 'sendPaidOrders').at(-1)?.data).toMatchObject({ from: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), to: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
  await tid('erp-send-paid').scrollIntoViewIfNeeded();
  await env.shot(admin, 'sync-04d-send-paid-orders');
  await tid('erp-skipped-card').scrollIntoViewIfNeeded();
  await env.shot(admin, 'sync-04b-skipped');
});

test('a paid order goes to the ERP as 销售出库单: the log shows it 已同步 with the request', async () => {
  orderA = await paidOrder();
  const item = await outItem(orderA, (i) => i.status === 'sent', 'order A sent');
  expect(item.erpNumber).toBeTruthy();
  await tid('side-menu').getByText('同步日志').click();
  const row = tid('erp-log-table').locator(`tr.ant-table-row[data-row-key="${item._id}"]`);
  await row.waitFor();
  expect(await row.getAttribute('data-status')).toBe('sent');
  expect(await tid(`erp-log-status-${item._id}`).innerText()).toBe('已同步');
  expect(await row.innerText()).toContain('订单出库');
  expect(await tid(`erp-log-erp-number-${item._id}`).innerText()).toBe(item.erpNumber);
  expect(await tid(`erp-log-order-${item._id}`).getAttribute('href')).toBe(`#/orders/${orderA}`);
  expect(await tid(`erp-log-retry-${item._id}`).count()).toBe(0);
  await tid(`erp-log-detail-${item._id}`).click();
  await tid('erp-log-drawer').waitFor();
  const request = await tid('erp-log-request').innerText();
  expect(request).toContain('WSCKH');
  expect(request).toContain('DG006');
  expect(request.split('\n').length).toBeGreaterThan(5); // pretty, not one line
  await env.shot(admin, 'sync-05a-log-drawer');
  await admin.keyboard.press('Escape');
  await tid('erp-log-drawer').waitFor({ state: 'hidden' });
  // the order search goes to the query string
  await tid('erp-log-order').locator('input').fill(orderA);
  await tid('erp-log-order').locator('input').press('Enter');
  await until(async () => admin.url().includes(`orderId=${orderA}`), 'the order id in the query string');
  await until(async () => (await tid('erp-log-table').locator('tr.ant-table-row').count()) === 1, 'one row for the order');
});

test('同步日志 opens with its filters in the query string', async () => {
  await tid('side-menu').getByText('同步日志').click();
  await tid('erp-log-table').waitFor();
  expect(admin.url()).toMatch(/#\/erp\/log$/);
  await admin.locator('#erp-log-status').click();
  await admin.locator('.ant-select-dropdown:visible').getByText('失败待处理').click();
  await until(async () => /status=dead/.test(admin.url()), 'the status in the query string');
  await until(async () => sent.filter((s) => s.action === 'log').at(-1)?.data.status === 'dead', 'the log asked for dead items');
  expect(sent.filter((s) => s.action === 'log').at(-1)?.data).toEqual({ status: 'dead', page: 1, pageSize: 20 });
  await admin.goto(`${env.url}/admin/#/erp/log`);
  // order A's item (sent in the test before): a row's details, the request and answer as JSON
  const rows = tid('erp-log-table').locator('tr.ant-table-row');
  await rows.first().waitFor();
  const id = await rows.first().getAttribute('data-row-key');
  await tid(`erp-log-detail-${id}`).click();
  await tid('erp-log-drawer').waitFor();
  expect(await tid('erp-log-response').innerText()).toContain('id_number_map');
  await admin.keyboard.press('Escape');
  await tid('erp-log-drawer').waitFor({ state: 'hidden' });
  await shotTop('sync-05-log');
});

test('with the ERP down 测试连接 shows the failure; it works again once the fault is cleared', async () => {
  await simControl('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'down', forMs: 60_000 });
  await tid('side-menu').getByText('精斗云绑定').click();
  await tid('erp-test').click();
  await tid('erp-test-result').waitFor({ timeout: 60_000 });
  expect(await tid('erp-test-result').getAttribute('data-ok')).toBe('false');
  expect(await tid('erp-test-result').innerText()).toContain('连接失败');
  expect((await tid('erp-test-error').innerText()).length).toBeGreaterThan(0);
  await shotTop('sync-06-test-down');


  // an order paid during the outage waits as 待发送, with the error
  orderB = await paidOrder();
  const item = await outItem(orderB, (i) => i.status === 'pending' && !!i.lastError, 'order B pending with an error');
  await tid('side-menu').getByText('同步状态').click();
  await tid('erp-status-out').waitFor();
  await until(async () => (await tid('erp-out-pending').locator('.ant-statistic-content-value').innerText()) === '1', 'one pending item');
  expect(await tid('erp-out-oldest').innerText()).toMatch(/\d\d-\d\d \d\d:\d\d:\d\d/);
  await shotTop('sync-06b-status-pending');
  await tid('erp-out-pending-link').click();
  await until(async () => /status=pending/.test(admin.url()), 'the log of pending items');
  const last = tid(`erp-log-last-error-${item._id}`);
  await last.waitFor();
  expect(await last.innerText()).toContain('网络不通');

  // back up: 立即同步 sends it once its retry time has come
  await simControl('DELETE', '/_sim/faults');
  await tid('side-menu').getByText('精斗云绑定').click();
  await tid('erp-test').click();
  await admin.locator('[data-testid="erp-test-result"][data-ok="true"]').waitFor({ timeout: 30_000 });
  await until(async () => Date.parse((await outItem(orderB, () => true, 'B')).nextAttemptAt) <= Date.now(), 'B due again', 60_000);
  await tid('side-menu').getByText('同步状态').click();
  await tid('erp-run-now').click();
  await tid('erp-run-result').waitFor({ timeout: 60_000 });
  await outItem(orderB, (i) => i.status === 'sent', 'order B sent after the outage');
  await until(async () => (await tid('erp-out-pending').locator('.ant-statistic-content-value').innerText()) === '0', 'nothing pending');
});

test('an order the ERP refuses becomes 失败待处理; 重试 sends it once the cause is gone', async () => {
  await simControl('POST', '/_sim/faults', { match: '/jdy/v2/scm/sal_out_bound', kind: 'error', errcode: 1030002006, description: '字段格式错误（模拟）', forMs: 60_000 });
  orderC = await paidOrder();
  const item = await outItem(orderC, (i) => i.status === 'dead', 'order C dead');
  await simControl('DELETE', '/_sim/faults');
  await tid('side-menu').getByText('同步状态').click();
  await tid('erp-status-refresh').click(); // the page may already be open
  await until(async () => (await tid('erp-out-dead').locator('.ant-statistic-content-value').innerText()) === '1', 'one dead item');
  await tid('erp-out-dead-link').click();
  await until(async () => /status=dead/.test(admin.url()), 'the log of dead items');
  const row = tid('erp-log-table').locator(`tr.ant-table-row[data-row-key="${item._id}"]`);
  await row.waitFor();
  expect(await tid(`erp-log-status-${item._id}`).innerText()).toBe('失败待处理');
  expect(await tid(`erp-log-last-error-${item._id}`).innerText()).toContain('1030002006');
  await shotTop('sync-06c-log-dead');
  await tid(`erp-log-retry-${item._id}`).click();
  await outItem(orderC, (i) => i.status === 'sent', 'order C sent after the retry');
  // the list (still filtered by 失败待处理) no longer holds it; without the filter it is 已同步
  await until(async () => (await row.count()) === 0, 'the retried row gone from the dead list');
  await admin.goto(`${env.url}/admin/#/erp/log?orderId=${orderC}`);
  await tid(`erp-log-status-${item._id}`).filter({ hasText: '已同步' }).waitFor();
});

test('对账 starts empty, then reports the orders and documents it checked', async () => {
  await tid('side-menu').getByText('对账').click();
  await tid('erp-reconcile-none').waitFor();
  expect(admin.url()).toMatch(/#\/erp\/reconcile$/);
  expect(await admin.locator('#erp-reconcile-days').inputValue()).toBe('7');
  const value = async (id: string) => Number(await tid(id).locator('.ant-statistic-content-value').innerText());
  await tid('erp-reconcile-run').click();
  await tid('erp-reconcile-report').waitFor({ timeout: 60_000 });
  expect(sent.filter((s) => s.action === 'reconcile').at(-1)?.data).toEqual({ days: 7 });
  // A, B and C went out: nothing to report
  expect(await value('erp-reconcile-orders')).toBe(3);
  expect(await value('erp-reconcile-documents')).toBe(3);
  expect(await value('erp-reconcile-problems')).toBe(0);
  await tid('erp-reconcile-clean').waitFor();
  await tid('erp-reconcile-since-binding').waitFor();

  // D is paid while the ERP is down and still waits when the ERP is back: the report names it
  await simControl('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'down', forMs: 60_000 });
  orderD = await paidOrder();
  await outItem(orderD, (i) => i.status === 'pending' && !!i.lastError, 'order D pending');
  await simControl('DELETE', '/_sim/faults');
  await admin.locator('#erp-reconcile-days').fill('3');
  await tid('erp-reconcile-run').click();
  const row = tid('erp-reconcile-table').locator(`tr.ant-table-row[data-order="${orderD}"]`);
  await row.waitFor({ timeout: 60_000 });
  expect(sent.filter((s) => s.action === 'reconcile').at(-1)?.data).toEqual({ days: 3 });
  expect(await row.getAttribute('data-problem')).toBe('missing_in_erp');
  expect(await row.innerText()).toContain('精斗云缺少出库单');
  // and says in words what to do
  expect(await row.innerText()).toContain('同步日志');
  expect(await row.innerText()).toMatch(/¥\d+\.\d\d/);
  expect(await value('erp-reconcile-orders')).toBe(4);
  expect(await value('erp-reconcile-problems')).toBe(1);
  await shotTop('sync-07-reconcile');
  // a reload shows the stored report
  await admin.reload();
  await tid('erp-reconcile-report').waitFor();
  expect(await tid('erp-reconcile-report').innerText()).toContain('上次对账结果');
});

test('解除绑定 (confirmed) leaves the shop unbound; 获取账套 is offered again', async () => {
  await tid('side-menu').getByText('精斗云绑定').click();
  await tid('erp-unbind').click();
  await tid('erp-unbind-confirm').waitFor();
  await admin.waitForTimeout(300); // the popover's opening animation (on a loaded machine a click during it can be lost)
  await tid('erp-unbind-confirm').click();
  await admin.locator('[data-testid="erp-binding-status"][data-status="unbound"]').waitFor();
  expect(await binding()).toMatchObject({ status: 'unbound', hasSecret: true, clientId: DEMO_JDY_CLIENT.clientId });
  await tid('erp-fetch-accounts').waitFor();
  expect(await tid('erp-fetch-accounts').isDisabled()).toBe(false);
  await tid('side-menu').getByText('同步状态').click();
  await tid('erp-status-unbound').waitFor();
  expect(await tid('erp-run-now').isDisabled()).toBe(true);
  await shotTop('sync-08-unbound');
});

test('an operator has no 第三方对接 menu and sees the owner-only result', async () => {
  const op = watch(problems, await env.desktop(), { who: 'operator' });
  await env.adminLogin(op, 'operator', 'operator123', '/products');
  await tid('side-menu', op).getByText('商品列表').waitFor();
  expect(await tid('side-menu', op).getByText('第三方对接').count()).toBe(0);
  for (const path of ['/erp/binding', '/erp/status', '/erp/log', '/erp/reconcile']) {
    await op.goto(`${env.url}/admin/#${path}`);
    await tid('erp-owner-only', op).waitFor();
  }
  expect(await tid('erp-owner-only', op).innerText()).toContain('只有店主可以管理精斗云对接');
  await env.shot(op, 'sync-09-operator');
  expect(problems).toEqual([]);
});
