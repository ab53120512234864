/**
 * 概况 (#/dashboard), the page the owner lands on: three orders are paid through the function API and the WeChat Pay
 * simulator's /_sim/pay (two shoppers), one is refunded whole (the demo simulator settles it). The headline figures
 * equal the orders' sums, the trend chart draws them (a canvas, its total the paid amount), the top-products tables
 * list the product, and each to-do card counts what the list it links to holds (asked of the same lists' API). Then
 * the period switch, a to-do card's link and the owner's stock-warning setting.
 */
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
  expect(problems).toEqual([]);
});
