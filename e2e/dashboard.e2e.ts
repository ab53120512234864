/**
 * 概况 (#/dashboard), the page the owner lands on: three orders are paid through the function API and the WeChat Pay
 * simulator's /_sim/pay (two shoppers), one is refunded whole (the demo simulator settles it). The headline figures
 * equal the orders' sums, the trend chart draws them (a canvas, its total the paid amount), the top-products tables
 * list the product, and each to-do card counts what the list it links to holds (asked of the same lists' API). Then
 * the period switch, a to-do card's link and the owner's stock-warning setting.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok, sim, loginMerchant, loginShopper } = apiOf(() => env);
let admin: Page;
const problems: string[] = [];

let owner = '';
let skuId = '';
let productId = '';
const PRODUCT = '端到端概况测试茶杯';
const PRICE = 4500; // ¥45.00
/** the orders the first test pays (the second reads its reports) */
let paidOrders: any[] = [];

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  owner = await loginMerchant();
  const p = await ok('productAdmin', 'create', { name: PRODUCT, code: 'E2E-DASH', specs: [], skus: [{ specValues: [], price: PRICE, originalPrice: 0, stock: 50 }], onShelf: true }, owner);
  skuId = p.skus[0]._id;
  productId = p._id;
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);

async function paidOrder(token: string, quantity: number) {
  const items = [{ skuId, quantity }];
  const preview = await ok('order', 'preview', { source: { items }, couponId: null }, token);
  const order = await ok('order', 'create', { source: { items }, couponId: null, clientRequestId: `e2e-dash-${Date.now()}-${Math.random()}`, expectedPayable: preview.quote.payable }, token);
  const pay = await ok('order', 'pay', { id: order._id }, token);
  await sim('/_sim/pay', { out_trade_no: pay.outTradeNo, outcome: 'success' });
  await until(async () => (await ok('orderAdmin', 'get', { id: order._id }, owner)).status === 'paid', `order ${order._id} paid`);
  return ok('orderAdmin', 'get', { id: order._id }, owner);
}

const value = async (id: string) => Number(await tid(id).getAttribute('data-value'));
const count = async (key: string) => Number(await tid(`todo-${key}`).getAttribute('data-count'));

test('three orders paid and one refunded: 概况 shows their sums, the chart and the to-do counts of the lists', async () => {
  const alice = await loginShopper('e2e-dash-alice');
  const bob = await loginShopper('e2e-dash-bob');
  for (const t of [alice, bob]) await ok('order', 'saveAddress', { name: '赵六', phone: '13700003333', province: '上海', city: '上海', district: '静安', detail: '南京西路 9 号' }, t);
  const orders = [await paidOrder(alice, 1), await paidOrder(alice, 2), await paidOrder(bob, 3)];
  paidOrders = orders;
  const refunded = orders[1];
  const r = await ok('orderAdmin', 'refund', { id: refunded._id, amount: refunded.payment.amount, reason: '端到端退款' }, owner);
  await until(async () => (await ok('orderAdmin', 'refunds', { id: refunded._id }, owner)).some((x: any) => x._id === r._id && x.status === 'SUCCESS'), 'refund settled');
  const paid = orders.reduce((n, o) => n + o.payment.amount, 0);

  // the owner logs in and lands on 概况
  await env.adminLogin(admin);
  await tid('dashboard').waitFor();
  expect(admin.url()).toContain('#/dashboard');
  await until(async () => (await tid('stat-paidAmount').getAttribute('data-value')) !== '', 'figures');
  expect(await value('stat-paidAmount')).toBe(paid);
  expect(await value('stat-paidOrders')).toBe(3);
  expect(await value('stat-payingCustomers')).toBe(2);
  expect(await value('stat-avgOrderValue')).toBe(Math.round(paid / 3));
  expect(await value('stat-refundAmount')).toBe(refunded.payment.amount);
  expect(await value('stat-newCustomers')).toBe(2);
  expect(await tid('stat-paidAmount').innerText()).toContain((paid / 100).toFixed(2));

  // the chart is drawn, from the same figures
  const chart = tid('trend-chart');
  await chart.locator('canvas').first().waitFor();
  expect(Number(await chart.getAttribute('data-total'))).toBe(paid);
  // the best sellers
  await tid('top-units').getByText(PRODUCT).waitFor();
  const units = orders.reduce((n, o) => n + o.lines[0].quantity, 0);
  await tid('top-units').locator('tr', { hasText: PRODUCT }).getByText(String(units), { exact: true }).waitFor();

  // each to-do card counts what its list holds
  const total = async (fn: string, action: string, input: Record<string, unknown>) => (await ok(fn, action, { page: 1, pageSize: 1, ...input }, owner)).total as number;
  const threshold = Number(await tid('todo-stockAlert').getAttribute('data-count')) >= 0 ? (await ok('statsAdmin', 'getSettings', {}, owner)).stockAlert : 0;
  const lists: Record<string, number> = {
    toShip: await total('orderAdmin', 'list', { tab: 'paid' }), // no pickup orders here: the 待发货 tab holds only express ones
    toPickup: 0,
    cancelRequests: await total('orderAdmin', 'list', { tab: 'cancelRequests' }),
    refundAbnormal: await total('orderAdmin', 'refundList', { status: 'ABNORMAL' }),
    aftersales: (await total('aftersaleAdmin', 'list', { status: 'pending' })) + (await total('aftersaleAdmin', 'list', { status: 'returned' })),
    stockAlert: await total('productAdmin', 'list', { maxStock: threshold - 1 }),
    erpFailed: await total('syncAdmin', 'log', { status: 'dead' }),
    wxShippingPending: (await total('wxappAdmin', 'shippingUploads', { status: 'pending' })) + (await total('wxappAdmin', 'shippingUploads', { status: 'failed' })),
  };
  expect(lists.toShip).toBe(2);
  for (const [key, n] of Object.entries(lists)) expect([key, await count(key)]).toEqual([key, n]);
  await admin.evaluate(() => window.scrollTo(0, 0));
  await env.shot(admin, 'dashboard-01-today');

  // 近7天: the same orders, nothing before
  await tid('period-switch').getByText('近7天').click();
  await until(async () => (await tid('dashboard').getAttribute('data-period')) === '7d', '7d loaded');
  expect(await value('stat-paidAmount')).toBe(paid);
  expect(await value('stat-payingCustomers')).toBe(2);
  expect(await tid('trend-chart').getAttribute('data-points')).toBe('7');
  await tid('trend-chart').locator('canvas').first().waitFor();
  await env.shot(admin, 'dashboard-02-7d');

  // 待发货 opens the order list's 待发货 tab with those orders
  await tid('todo-link-toShip').click();
  await admin.waitForURL(/#\/orders\?tab=paid/);
  await admin.getByText(orders[0]._id).first().waitFor();

  // the owner raises the stock warning above the product's stock: it is counted
  await tid('side-menu').getByText('概况').click();
  await tid('stock-alert-setting').click();
  await admin.locator('input[data-testid="stock-alert-input"], [data-testid="stock-alert-input"] input').first().fill('1000');
  await tid('stock-alert-save').click();
  await until(async () => (await tid('stock-alert-setting').innerText()).includes('1000'), 'threshold saved');
  expect(await count('stockAlert')).toBe(await total('productAdmin', 'list', { maxStock: 999 }));
  expect(await count('stockAlert')).toBeGreaterThan(0);
  expect(productId).toBeTruthy();

  // every card's link opens a list showing as many as the card counts (its pagination's total, or its rows)
  const keys = await admin.locator('[data-testid^="todo-link-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('todo-link-'.length)));
  expect(keys.sort()).toEqual(['aftersales', 'cancelRequests', 'erpFailed', 'refundAbnormal', 'stockAlert', 'toPickup', 'toShip', 'wxShippingPending']);
  const listed = async (): Promise<number | null> => {
    if ((await admin.locator('.ant-spin-spinning').count()) || !(await admin.locator('.ant-table').count())) return null;
    const totalText = admin.locator('.ant-pagination-total-text');
    if (await totalText.count()) return Number((await totalText.first().innerText()).match(/\d+/)?.[0]);
    return admin.locator('.ant-table-tbody tr.ant-table-row').count();
  };
  for (const key of keys) {
    await tid('side-menu').getByText('概况').click();
    await tid(`todo-link-${key}`).waitFor();
    const n = await count(key);
    await tid(`todo-link-${key}`).click();
    await admin.waitForURL((u) => !u.hash.startsWith('#/dashboard'));
    await until(async () => (await listed()) === n, `${key}: the list shows ${n}`);
  }
  expect(problems).toEqual([]);
});

test('数据中心: the trade, product and customer reports of the last 7 days hold the same orders, and export to XLSX', async () => {
  expect(paidOrders).toHaveLength(3);
  const paid = paidOrders.reduce((n, o) => n + o.payment.amount, 0);
  const units = paidOrders.reduce((n, o) => n + o.lines[0].quantity, 0);
  await tid('side-menu').getByText('数据中心').click();
  await admin.waitForURL(/#\/data/);
  await until(async () => (await tid('data-center').getAttribute('data-kind')) === 'trade', 'trade report');
  expect(await value('report-total-paidAmount')).toBe(paid);
  expect(await value('report-total-paidOrders')).toBe(3);
  expect(await value('report-total-payingCustomers')).toBe(2);
  await tid('trend-chart').locator('canvas').first().waitFor();
  expect(Number(await tid('trend-chart').getAttribute('data-total'))).toBe(paid);
  await admin.evaluate(() => window.scrollTo(0, 0)); // the menu item sits low: clicking it scrolled the window
  await env.shot(admin, 'datacenter-01-trade');

  // 导出 XLSX: the file holds the same days, today's row the orders' sums
  const dir = mkdtempSync(join(tmpdir(), 'e2e-datacenter-'));
  const download = admin.waitForEvent('download');
  await tid('report-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^交易报表-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}-\d{8}-\d{6}\.xlsx$/);
  const saved = join(dir, file.suggestedFilename());
  await file.saveAs(saved);
  const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.readFile(saved).Sheets['交易'], { header: 1 });
  expect(rows).toHaveLength(1 + 7 + 1);
  expect(rows[7].slice(1, 4)).toEqual([paid / 100, 3, 2]);
  expect(rows[8].slice(0, 2)).toEqual(['合计', paid / 100]);

  // 商品分析: the product, its units and amount
  await tid('report-tabs').getByText('商品分析').click();
  await until(async () => (await tid('data-center').getAttribute('data-kind')) === 'product', 'product report');
  expect(await value('report-total-units')).toBe(units);
  expect(await value('report-total-amount')).toBe(paidOrders.reduce((n, o) => n + o.lines[0].payable, 0));
  await tid('report-table').locator('tr', { hasText: PRODUCT }).getByText(String(units), { exact: true }).waitFor();
  await env.shot(admin, 'datacenter-02-product');

  // 客户分析: two payers, alice bought twice
  await tid('report-tabs').getByText('客户分析').click();
  await until(async () => (await tid('data-center').getAttribute('data-kind')) === 'customer', 'customer report');
  expect(await value('report-payingCustomers')).toBe(2);
  expect(await value('report-newCustomers')).toBe(2);
  expect(await value('report-repeatCustomers')).toBe(1);
  expect(await tid('report-table').locator('tr.ant-table-row').count()).toBe(2);
  await env.shot(admin, 'datacenter-03-customer');
  const customers = admin.waitForEvent('download');
  await tid('report-export').click();
  const customerFile = join(dir, (await customers).suggestedFilename());
  await (await customers).saveAs(customerFile);
  const book = XLSX.readFile(customerFile);
  expect(book.SheetNames).toEqual(['客户概况', '按天', '消费排行']);
  expect(problems).toEqual([]);
});
