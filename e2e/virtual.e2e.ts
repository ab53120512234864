/**
 * Virtual goods (虚拟商品, no logistics), storefront and admin: a shopper buys the demo's 电子礼品卡 — the checkout
 * page asks for no address and offers no delivery method, the freight is 0 — and pays on the WeChat Pay simulator's
 * cashier page; the order waits with no note. The owner opens it in the admin panel, finds 虚拟发货 (no 发货), writes
 * the card number in the dialog and the order completes; the shopper then reads the note on the order, and WeChat's
 * shipping-information upload is queued as virtual delivery (logistics type 3). A cart mixing the card with a
 * physical item is refused at checkout, saying to check them out separately.
 */
import type { Page } from 'playwright-core';
import { apiOf, h5, leaveCashier, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok, call } = apiOf(() => env);
let shopperPage: Page;
let admin: Page;
const problems: string[] = [];

beforeAll(async () => {
  shopperPage = watch(problems, await env.phone());
  admin = watch(problems, await env.desktop());
});

const on = (page: Page) => h5(page).visible;
const text = (page: Page, sel: string) => h5(page).text(sel);
const attr = (page: Page, sel: string, name: string) => h5(page).attr(sel, name);

test('a gift card: no address or freight at checkout, 虚拟发货 with a note in the admin, the shopper reads it', async () => {
  const $ = on(shopperPage);
  const owner = (await ok('auth', 'merchantLogin', { username: 'admin', password: 'admin123' })).token;
  // a demo virtual product (电子礼品卡) with stock
  const cards = (await ok('catalog', 'list', { keyword: '电子礼品卡', page: 1, pageSize: 5 })).items;
  let skuId = '';
  for (const c of cards) {
    const sku = (await ok('catalog', 'detail', { id: c._id })).skus.find((s: any) => s.stock > 0);
    if (sku && (await ok('productAdmin', 'get', { id: c._id }, owner)).type === 'virtual') {
      skuId = sku._id;
      break;
    }
  }
  expect(skuId).not.toBe('');

  // the shopper logs in and buys it at once (立即购买 items in the URL)
  await shopperPage.goto(`${env.url}/h5/#/pages/me/index`);
  await $('.shopper-option[data-code="shopper-2"]').click();
  await until(async () => (await attr(shopperPage, '#current-shopper', 'data-openid')) !== '');
  const shopper = (await ok('auth', 'shopperLogin', { code: 'shopper-2' })).token;

  // mixed with a physical item: refused, saying to check out separately
  const nuts = (await ok('catalog', 'list', { keyword: '每日坚果', page: 1, pageSize: 1 })).items[0]._id;
  const nutsSku = (await ok('catalog', 'detail', { id: nuts })).skus.find((s: any) => s.stock > 0)._id;
  const items = (list: { skuId: string; quantity: number }[]) => encodeURIComponent(JSON.stringify(list));
  await shopperPage.goto(`${env.url}/h5/#/pages/checkout/index?items=${items([{ skuId, quantity: 1 }, { skuId: nutsSku, quantity: 1 }])}`);
  await $('.checkout-fatal').waitFor();
  expect(await text(shopperPage, '.checkout-fatal')).toContain('请与实物商品分开结算');
  await env.shot(shopperPage, 'virtual-00-mixed-refused');

  await shopperPage.goto(`${env.url}/h5/#/pages/checkout/index?items=${items([{ skuId, quantity: 1 }])}`);
  await $('#checkout-payable').waitFor();
  await until(async () => (await $('.checkout[data-status="ready"]').count()) === 1);
  expect(await attr(shopperPage, '.checkout', 'data-method')).toBe('virtual');
  await $('#checkout-virtual').waitFor();
  expect(await $('#checkout-address').count()).toBe(0);
  expect(await $('.delivery-option').count()).toBe(0);
  const preview = await ok('order', 'preview', { source: { items: [{ skuId, quantity: 1 }] }, couponId: null }, shopper);
  expect(preview.quote.freight).toBe(0);
  // no logistics, so no 运费 row in the breakdown (not even 免运费)
  await $('.breakdown-row[data-kind="goods"]').waitFor();
  expect(await $('.breakdown-freight').count()).toBe(0);
  expect(await text(shopperPage, '.breakdown')).not.toContain('运费');
  await env.shot(shopperPage, 'virtual-01-checkout');
  await $('#submit-order').click();
  await leaveCashier(shopperPage);
  await $('#order-status').waitFor();
  const orderId = await attr(shopperPage, '.order-detail', 'data-id');

  // pay on the cashier page
  await $('#order-pay').click();
  await shopperPage.locator('#sim-pay').waitFor();
  await shopperPage.locator('#sim-pay').click();
  await shopperPage.waitForURL(/\/h5\/#\/pages\/order-detail\/index/);
  await until(async () => (await $(`.order-detail[data-id="${orderId}"]`).count()) === 1 && (await attr(shopperPage, '#order-status', 'data-status')) === 'paid');
  expect(await $('#order-virtual-note').count()).toBe(0);
  await $('.breakdown-row[data-kind="goods"]').waitFor();
  expect(await $('.breakdown-freight').count()).toBe(0); // the detail's breakdown neither
  await env.shot(shopperPage, 'virtual-02-paid');

  // the owner: 虚拟发货 (no 发货), an empty note is refused by the form, then the card number
  await admin.goto(`${env.url}/admin/`);
  await admin.locator('#username').fill('admin');
  await admin.locator('#password').fill('admin123');
  await admin.locator('button[type=submit]').click();
  await admin.locator('[data-testid=current-user]').waitFor();
  await admin.goto(`${env.url}/admin/#/orders/${orderId}`);
  await admin.locator('#order-fulfil-virtual').waitFor();
  expect(await admin.locator('#order-ship').count()).toBe(0);
  await admin.locator('#order-fulfil-virtual').click();
  await admin.locator('#virtual-submit').click();
  await admin.locator('.ant-form-item-explain-error').filter({ hasText: '请填写顾客收到的内容' }).waitFor();
  const note = '卡号 8888 0000 1234，密码 ABCD-EFGH';
  await admin.locator('#virtual-note').fill(note);
  await env.shot(admin, 'virtual-03-admin-dialog');
  await admin.locator('#virtual-submit').click();
  await admin.locator('[data-testid=order-detail-status][data-status=completed]').waitFor();
  expect(await admin.locator('#order-virtual-note').innerText()).toContain(note);
  expect(await admin.locator('#order-fulfil-virtual').count()).toBe(0);
  await env.shot(admin, 'virtual-04-admin-fulfilled');

  // the shopper reads the note; WeChat is told: virtual delivery
  await shopperPage.reload();
  await until(async () => (await $('#order-status').count()) === 1 && (await attr(shopperPage, '#order-status', 'data-status')) === 'completed');
  expect(await text(shopperPage, '#order-virtual-note')).toBe(note);
  await $('#order-virtual').scrollIntoViewIfNeeded();
  await env.shot(shopperPage, 'virtual-05-shopper-note');
  const uploads = await ok('orderAdmin', 'shippingUploads', { id: orderId }, owner);
  expect(uploads).toEqual([expect.objectContaining({ payload: expect.objectContaining({ logistics_type: 3 }) })]);
  // express shipping is refused for it
  expect((await call('orderAdmin', 'ship', { id: orderId, company: '顺丰速运', trackingNo: 'SF1234567890' }, owner)).error.code).toBe('INVALID_STATE');

  // after-sales: nothing to send back or swap, so 仅退款 only (even when the link asks for 换货)
  await shopperPage.goto(`${env.url}/h5/#/pages/aftersale-apply/index?orderId=${orderId}&type=exchange`);
  await $('#as-type-refund').waitFor();
  expect(await $('.as-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))).toEqual(['refund']);
  expect(await attr(shopperPage, '#as-type-refund', 'data-checked')).toBe('1');
  await env.shot(shopperPage, 'virtual-06-aftersale-refund-only');
  const refused = await call('aftersale', 'apply', { orderId, type: 'return_refund', lines: [{ skuId, quantity: 1 }], reason: '其他', amount: 1 }, shopper);
  expect(refused.error).toMatchObject({ code: 'INVALID_STATE', details: { deliveryMethod: 'virtual' } });
  expect(problems.filter((p) => !/status of (400|409)/.test(p))).toEqual([]);
});
