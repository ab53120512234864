/**
 * Issue 4 end to end: a shopper pays an order on the WeChat Pay simulator's cashier page (H5), the goods ship and
 * arrive, the shopper asks for a return and refund with a tracking number; the merchant agrees, gives the return
 * address and confirms receipt in the admin panel; the refund settles through the simulator and the shopper sees it.
 */
import type { Page, Response } from 'playwright-core';
import { apiOf, h5, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api } = apiOf(() => env);
let phone: Page;
let desk: Page;
const problems: string[] = [];

beforeAll(async () => {
  const favicon = (r: Response) => r.url().endsWith('/favicon.ico');
  phone = watch(problems, await env.phone(), { http: favicon });
  desk = watch(problems, await env.desktop(), { http: favicon });
});

const { visible: see } = h5(() => phone);

test('pay on the cashier page, return and refund handled in the admin, the shopper sees the refund', async () => {
  // the shopper logs in on the 我的 tab; the order is placed through the API as the same shopper
  await phone.goto(`${env.url}/h5/#/pages/me/index`);
  await see('.shopper-option[data-code="shopper-2"]').click();
  await until(async () => ((await see('#current-shopper').getAttribute('data-openid')) ?? '') !== '', 'login');
  const shopper = (await api('auth', 'shopperLogin', { code: 'shopper-2' })).token;
  await api('order', 'saveAddress', { name: '王五', phone: '13500000000', province: '上海', city: '上海', district: '静安', detail: '南京西路 1 号' }, shopper);
  const product = (await api('catalog', 'list', { keyword: '保温杯', page: 1, pageSize: 1 })).items[0] ?? (await api('catalog', 'list', { page: 1, pageSize: 1 })).items[0];
  const detail = await api('catalog', 'detail', { id: product._id });
  const sku = detail.skus.find((s: any) => s.stock > 0);
  const items = [{ skuId: sku._id, quantity: 1 }];
  const preview = await api('order', 'preview', { source: { items }, couponId: null }, shopper);
  const order = await api('order', 'create', { source: { items }, couponId: null, clientRequestId: `e2e-pay-${Date.now()}`, expectedPayable: preview.quote.payable }, shopper);

  // 去支付 → the simulator's cashier → 确认支付 → back on the order, paid
  await phone.goto(`${env.url}/h5/#/pages/order-detail/index?id=${order._id}`);
  await see('#order-pay').click();
  await phone.waitForURL(/\/_sim\/cashier/);
  expect(await phone.locator('#sim-amount').innerText()).toContain((order.amounts.payable / 100).toFixed(2));
  await env.shot(phone, 'pay-return-01-cashier');
  await phone.locator('#sim-pay').click();
  await phone.waitForURL(/order-detail/);
  await until(async () => (await see('#order-status').getAttribute('data-status')) === 'paid', 'paid');
  await env.shot(phone, 'pay-return-02-paid');

  // the merchant ships it and the shopper confirms receipt
  const owner = (await api('auth', 'merchantLogin', { username: 'admin', password: 'admin123' })).token;
  await api('orderAdmin', 'ship', { id: order._id, company: '顺丰速运', trackingNo: 'SF7000000001' }, owner);
  await api('order', 'confirmReceipt', { id: order._id }, shopper);

  // 申请售后: return and refund, the whole line, the most it may refund
  await phone.goto(`${env.url}/h5/#/pages/order-detail/index?id=${order._id}`);
  await see('#order-aftersale').click();
  await see('#as-type-return_refund').click();
  await see('#as-reason').click();
  await see('.reason-option[data-reason="商品质量问题"]').click();
  await see('#as-desc textarea, textarea#as-desc').first().fill('杯盖漏水');
  await env.shot(phone, 'pay-return-03-apply');
  await see('#as-submit').click();
  await until(async () => (await see('#as-status').count()) > 0 && (await see('#as-status').getAttribute('data-status')) === 'pending', 'request pending');
  const requestId = (await api('aftersale', 'mine', { orderId: order._id }, shopper)).items[0]._id as string;

  // the merchant agrees in the admin, with the return address
  await desk.goto(`${env.url}/admin/`);
  await desk.locator('#username').fill('admin');
  await desk.locator('#password').fill('admin123');
  await desk.locator('button[type=submit]').click();
  await desk.locator('[data-testid=side-menu]').getByText('售后管理').waitFor();
  await desk.goto(`${env.url}/admin/#/aftersales/${requestId}`);
  await desk.locator('#as-agree').click();
  await desk.locator('#as-return-name').fill('售后部');
  await desk.locator('#as-return-phone').fill('021-66668888');
  await desk.locator('#as-return-address').fill('上海市徐汇区虹梅路 100 号 3 楼售后部');
  await desk.locator('#as-agree-submit').click();
  await desk.locator('#as-status').filter({ hasText: '待买家退货' }).waitFor();

  // the shopper sends the goods back with a tracking number
  await phone.goto(`${env.url}/h5/#/pages/aftersale-detail/index?id=${requestId}`);
  await until(async () => (await see('#as-status').getAttribute('data-status')) === 'awaiting_return', 'awaiting return');
  await see('#as-company input, input#as-company').first().fill('顺丰速运');
  await see('#as-tracking input, input#as-tracking').first().fill('SF7000000099');
  await see('#as-ship-back').click();
  await until(async () => (await see('#as-status').getAttribute('data-status')) === 'returned', 'returned');

  // the merchant confirms receipt: the refund runs and settles through the simulator
  await desk.reload();
  await desk.locator('#as-receive').click();
  if (await desk.locator('#as-receive-confirm').count()) await desk.locator('#as-receive-confirm').click();
  await desk.locator('[data-testid=as-refund-status]').filter({ hasText: '已退款' }).waitFor({ timeout: 15_000 });
  await env.shot(desk, 'pay-return-04-admin-refunded');

  // the shopper sees the refund on the request and on the order
  await phone.goto(`${env.url}/h5/#/pages/aftersale-detail/index?id=${requestId}`);
  await until(async () => (await see('#as-status').getAttribute('data-status')) === 'refunded', 'refunded');
  await env.shot(phone, 'pay-return-05-refunded');
  await phone.goto(`${env.url}/h5/#/pages/order-detail/index?id=${order._id}`);
  await until(async () => (await see('#order-refunds').count()) > 0, 'refunds shown');
  expect(await see('#order-refunds').innerText()).toContain('已退款');
  const refunds = await api('order', 'refunds', { id: order._id }, shopper);
  expect(refunds).toEqual([expect.objectContaining({ status: 'SUCCESS', source: 'aftersale' })]);
  expect(problems).toEqual([]);
});
