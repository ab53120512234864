/**
 * Fulfilment in the H5 storefront.
 * - Store pickup: a shopper checks out with 到店自提, pays on the WeChat Pay simulator's cashier page and sees the
 *   store, the code (4-4-4) and its QR code; the paid order reads 待自提 on its detail and in the list. On a second
 *   phone a clerk logs in on the staff page (reached from 我的; a wrong password and an owner account are refused),
 *   sees their store by name, types the code with spaces: 查询订单 shows the goods and the masked shopper without using
 *   the code, 确认核销 gets 核销成功; the shopper's order is then 已完成 with the code 已核销; the same code again is
 *   refused saying when and by whom; the log lists the attempts; repeated wrong codes are throttled.
 * - Express: the merchant ships one item, then the rest (admin API); the shopper sees 部分发货 and then both parcels
 *   and confirms receipt (confirmation dialog) -> 已完成.
 */
import qrcode from 'qrcode-generator';
import type { Page, Response } from 'playwright-core';
import { apiOf, h5, leaveCashier, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api, loginMerchant } = apiOf(() => env);
let shopperPage: Page;
let clerkPage: Page;
let owner: string;
let shopper: string;
const problems: string[] = [];
/** functions whose 4xx answers are expected for now (a wrong password, wrong or used codes) */
let refusable: string[] = [];

beforeAll(async () => {
  const refused = (r: Response) => refusable.some((fn) => r.url().endsWith(`/api/fn/${fn}`));
  shopperPage = watch(problems, await env.phone(), { http: refused });
  clerkPage = watch(problems, await env.phone(), { http: refused });
  owner = await loginMerchant();
});

const on = (page: Page) => h5(page).visible;
const text = (page: Page, sel: string) => h5(page).text(sel);
const attr = (page: Page, sel: string, name: string) => h5(page).attr(sel, name);

/** The first SKU in stock of the product found by `keyword`. */
const skuOf = async (keyword: string): Promise<string> => {
  const id = (await api('catalog', 'list', { keyword, page: 1, pageSize: 1 })).items[0]._id as string;
  return (await api('catalog', 'detail', { id })).skus.find((s: any) => s.stock > 0)._id as string;
};

/** Checks out the cart with `method` on the checkout page; answers the new order's id (on its detail page). */
async function checkout(method: 'pickup' | 'express'): Promise<string> {
  const $ = on(shopperPage);
  await shopperPage.goto(`${env.url}/h5/#/pages/checkout/index?cart=1`);
  await $('#checkout-payable').waitFor();
  if (method === 'pickup') {
    await $('.delivery-option[data-method="pickup"]').click();
    await $('.store-option--active').waitFor();
  }
  await until(async () => (await $('.checkout[data-status="ready"]').count()) === 1);
  await $('#submit-order').click();
  await leaveCashier(shopperPage);
  await $('#order-status').waitFor();
  return attr(shopperPage, '.order-detail', 'data-id');
}

/** 去支付 on the order detail -> the simulator's cashier -> 确认支付 -> back on the detail, paid. */
async function payOnCashier(orderId: string, shot: string) {
  const $ = on(shopperPage);
  await $('#order-pay').click();
  await shopperPage.locator('#sim-pay').waitFor();
  await env.shot(shopperPage, shot);
  await shopperPage.locator('#sim-pay').click();
  await shopperPage.waitForURL(/\/h5\/#\/pages\/order-detail\/index/);
  await until(async () => (await $(`.order-detail[data-id="${orderId}"]`).count()) === 1 && (await attr(shopperPage, '#order-status', 'data-status')) !== 'unpaid');
}

/** The QR code on the page, module by module, from its rows of runs. */
const qrOnPage = (page: Page) =>
  on(page)('#pickup-qr').evaluate((el) =>
    Array.from(el.querySelectorAll('.qr__row')).map((row) =>
      Array.from(row.children).flatMap((run) => Array<boolean>(Number(run.getAttribute('data-len'))).fill(run.classList.contains('qr__run--dark'))),
    ),
  );
const qrOf = (text: string): boolean[][] => {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Numeric');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (__, c) => qr.isDark(r, c)));
};

test('store pickup: pay, show the code and QR, a clerk verifies it, the order completes, a second try is refused', async () => {
  const $ = on(shopperPage);
  const c$ = on(clerkPage);
  // the shopper logs in on 我的 and puts an item in the cart
  await shopperPage.goto(`${env.url}/h5/#/pages/me/index`);
  await $('.shopper-option[data-code="shopper-1"]').click();
  await until(async () => (await attr(shopperPage, '#current-shopper', 'data-openid')) !== '');
  shopper = (await api('auth', 'shopperLogin', { code: 'shopper-1' })).token;
  await api('cart', 'add', { skuId: await skuOf('每日坚果'), quantity: 2 }, shopper);

  // checkout with store pickup, pay on the cashier page
  const orderId = await checkout('pickup');
  expect(await attr(shopperPage, '#order-status', 'data-status')).toBe('unpaid');
  expect(await $('#pickup-card').count()).toBe(0); // no code before payment
  await env.shot(shopperPage, 'pickup-01-unpaid');
  await payOnCashier(orderId, 'pickup-02-cashier');
  expect(await attr(shopperPage, '#order-status', 'data-status')).toBe('paid');
  // a paid pickup order waits for its shopper at the store: 待自提 (not 待发货), on the detail and in the list
  expect(await text(shopperPage, '#order-status')).toBe('待自提');
  await shopperPage.goto(`${env.url}/h5/#/pages/orders/index`);
  await $(`.order-card[data-id="${orderId}"]`).waitFor();
  expect(await text(shopperPage, `.order-card[data-id="${orderId}"] .order-card__status`)).toBe('待自提');
  await env.shot(shopperPage, 'pickup-02b-list-awaiting-pickup');
  // 我的 has its own 待自提 shortcut with a count; it opens the 待自提 tab, which lists it; 待发货 does not
  await shopperPage.goto(`${env.url}/h5/#/pages/me/index`);
  await until(async () => Number(await attr(shopperPage, '.order-shortcut[data-status="pickup"]', 'data-count')) >= 1, 'the 待自提 count');
  expect(await text(shopperPage, '.order-shortcut[data-status="pickup"] .me-orders__label')).toBe('待自提');
  await env.shot(shopperPage, 'pickup-02c-me-shortcuts');
  await $('.order-shortcut[data-status="pickup"]').click();
  await until(async () => (await attr(shopperPage, '.order-tab--active', 'data-status')) === 'pickup', 'the 待自提 tab');
  await $(`.order-card[data-id="${orderId}"]`).waitFor();
  expect(new Set(await $('.order-card__status').allInnerTexts())).toEqual(new Set(['待自提']));
  await env.shot(shopperPage, 'pickup-02d-tab-awaiting-pickup');
  await $('.order-tab[data-status="paid"]').click();
  await until(async () => (await attr(shopperPage, '.order-tab--active', 'data-status')) === 'paid', 'the 待发货 tab');
  await until(async () => (await $('.order-card').count()) > 0 || (await $('.orders-empty').count()) > 0, 'the 待发货 list');
  expect(await $(`.order-card[data-id="${orderId}"]`).count()).toBe(0);
  expect(await $('.order-card__status').allInnerTexts()).not.toContain('待自提');
  await shopperPage.goto(`${env.url}/h5/#/pages/order-detail/index?id=${orderId}`);
  await $(`.order-detail[data-id="${orderId}"]`).waitFor();

  // the store, the code 4-4-4 and its QR code
  const placed = await api('order', 'get', { id: orderId }, shopper);
  expect(placed.delivery.method).toBe('pickup');
  expect(await text(shopperPage, '#order-store')).toContain(placed.delivery.store.name);
  expect(await text(shopperPage, '#order-store')).toContain(placed.delivery.store.address);
  await $('#pickup-code').waitFor();
  const code = await attr(shopperPage, '#pickup-code', 'data-code');
  expect(code).toMatch(/^\d{12}$/);
  expect(code).toBe((await api('order', 'pickupCode', { id: orderId }, shopper)).code);
  expect(await text(shopperPage, '#pickup-code')).toBe(`${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`);
  expect(await text(shopperPage, '#pickup-status')).toBe('待核销');
  expect(await attr(shopperPage, '#pickup-qr', 'data-text')).toBe(code);
  expect(await qrOnPage(shopperPage)).toEqual(qrOf(code));
  const box = (await $('#pickup-qr').boundingBox())!;
  expect(box.width).toBeGreaterThan(150);
  expect(Math.abs(box.width - box.height)).toBeLessThan(2);
  await $('#pickup-qr').scrollIntoViewIfNeeded();
  await env.shot(shopperPage, 'pickup-03-code');

  // the clerk: 我的 -> 店员核销 -> login (a wrong password first)
  await clerkPage.goto(`${env.url}/h5/#/pages/me/index`);
  await c$('#me-staff').scrollIntoViewIfNeeded();
  await env.shot(clerkPage, 'pickup-04a-me-staff-entry');
  await c$('#me-staff').click();
  await c$('#staff-login').waitFor();
  expect(await c$('#staff-scan').count()).toBe(0); // H5: no camera scanner, the code is typed
  // an owner account is no clerk: refused, nothing kept
  await c$('#staff-username .weui-input').fill('admin');
  await c$('#staff-password .weui-input').fill('admin123');
  await c$('#staff-login').click();
  await c$('#staff-login-error').waitFor();
  expect(await text(clerkPage, '#staff-login-error')).toBe('该账号不是门店店员，请使用店员账号登录');
  expect(await clerkPage.evaluate(() => localStorage.getItem('shop.merchantSession'))).toBeNull();
  await c$('#staff-username .weui-input').fill('clerk');
  await c$('#staff-password .weui-input').fill('wrong');
  refusable = ['auth'];
  await c$('#staff-login').click();
  await until(async () => (await text(clerkPage, '#staff-login-error')) === '用户名或密码错误');
  refusable = ['pickup'];
  expect(await text(clerkPage, '#staff-login-error')).toBe('用户名或密码错误');
  await env.shot(clerkPage, 'pickup-04b-staff-login');
  await c$('#staff-password .weui-input').fill('clerk123');
  await c$('#staff-login').click();
  await c$('#staff-code').waitFor();
  expect(await attr(clerkPage, '#staff-current', 'data-username')).toBe('clerk');
  expect(await attr(clerkPage, '#staff-current', 'data-store')).toBe(placed.delivery.store._id);
  // the store by its name, not its id
  await until(async () => (await text(clerkPage, '#staff-store')) === `门店：${placed.delivery.store.name}`, 'the store name');
  expect(await text(clerkPage, '#staff-current')).not.toContain('store-1');
  // the shopper's own session was not touched by the clerk's login (separate phones, but also separate keys)
  expect(await clerkPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('shop.')))).toEqual(['shop.merchantSession']);
  await env.shot(clerkPage, 'pickup-04c-staff-form');

  // a malformed code is refused before asking the server; a wrong one by the server
  await c$('#staff-code .weui-input').fill('1234 5678');
  await c$('#staff-lookup').click();
  await c$('#staff-error').waitFor();
  expect(await text(clerkPage, '#staff-error')).toContain('请输入 12 位数字提货码');
  const wrong = code.slice(0, 11) + String((Number(code[11]) + 1) % 10);
  await c$('#staff-code .weui-input').fill(wrong);
  await c$('#staff-lookup').click();
  await until(async () => (await attr(clerkPage, '#staff-error', 'data-code')) === 'PICKUP_CODE_INVALID');
  expect(await text(clerkPage, '#staff-error')).toContain('提货码无效');

  // the right code, typed with spaces and a dash: first the order to check (goods, the masked shopper), nothing used
  await c$('#staff-code .weui-input').fill(`${code.slice(0, 4)} ${code.slice(4, 8)}-${code.slice(8)}`);
  expect(await c$('#staff-code .weui-input').inputValue()).toBe(`${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`);
  await c$('#staff-lookup').click();
  await c$('#staff-preview').waitFor();
  expect(await attr(clerkPage, '#staff-preview', 'data-order')).toBe(orderId);
  const preview = await text(clerkPage, '#staff-preview');
  expect(preview).toContain(orderId);
  expect(preview).toContain(`${placed.lines[0].name} ×2`);
  expect(await text(clerkPage, '#staff-preview-consignee')).toMatch(/^\S\*+$/);
  expect(await c$('#staff-result').count()).toBe(0);
  expect((await api('order', 'get', { id: orderId }, shopper)).pickup.status).toBe('active');
  await env.shot(clerkPage, 'pickup-04d-preview');
  // then 确认核销: 核销成功 with the order and its items
  await c$('#staff-confirm').click();
  await c$('#staff-result').waitFor();
  expect(await c$('#staff-preview').count()).toBe(0);
  expect(await attr(clerkPage, '#staff-result', 'data-order')).toBe(orderId);
  const result = await text(clerkPage, '#staff-result');
  expect(result).toContain('核销成功');
  expect(result).toContain(orderId);
  expect(result).toContain(`${placed.lines[0].name} ×2`);
  expect(result).toMatch(/核销时间 \d{4}-\d\d-\d\d \d\d:\d\d/);
  expect(await c$('#staff-error').count()).toBe(0);
  expect(await c$('#staff-code .weui-input').inputValue()).toBe('');
  await env.shot(clerkPage, 'pickup-05-verified');

  // the shopper's order is complete, the code used
  await shopperPage.reload();
  await until(async () => (await $('#order-status').count()) === 1 && (await attr(shopperPage, '#order-status', 'data-status')) === 'completed');
  expect(await text(shopperPage, '#order-status')).toBe('已完成');
  expect(await text(shopperPage, '#pickup-status')).toBe('已核销');
  expect(await text(shopperPage, '#pickup-done')).toMatch(/^已核销 · \d{4}-\d\d-\d\d \d\d:\d\d/);
  expect(await $('#pickup-code').count()).toBe(0);
  expect(await $('#pickup-qr').count()).toBe(0);
  await env.shot(shopperPage, 'pickup-06-shopper-completed');

  // the same code again: refused, saying when and by whom
  await c$('#staff-code .weui-input').fill(code);
  await c$('#staff-lookup').click();
  await until(async () => (await attr(clerkPage, '#staff-error', 'data-code')) === 'PICKUP_CODE_USED');
  expect(await text(clerkPage, '#staff-error')).toMatch(/该提货码已于 \d{4}-\d\d-\d\d \d\d:\d\d 由 clerk 核销/);
  expect(await c$('#staff-result').count()).toBe(0);
  await env.shot(clerkPage, 'pickup-07-used-again');

  // the log: newest first, the right code, the second try and the wrong one
  await c$('#staff-log-link').click();
  await c$('#staff-log').waitFor();
  const results = await c$('.staff-log-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-result')));
  expect(results.slice(0, 3)).toEqual(['used', 'ok', 'wrong']);
  expect(await text(clerkPage, '.staff-log-row--ok')).toContain(`尾号 ${code.slice(8)}`);
  expect(await attr(clerkPage, '.staff-log-row--ok', 'data-order')).toBe(orderId);
  await env.shot(clerkPage, 'pickup-08-log');
  await clerkPage.goBack();
  await c$('#staff-code').waitFor();

  // wrong codes in a row: the clerk has to wait, and is told how long
  await until(async () => {
    await c$('#staff-code .weui-input').fill(wrong);
    await c$('#staff-lookup').click();
    await clerkPage.waitForTimeout(300);
    return (await attr(clerkPage, '#staff-error', 'data-code')) === 'PICKUP_THROTTLED';
  }, 'the throttle', 20_000);
  expect(await text(clerkPage, '#staff-error')).toMatch(/尝试过于频繁，请 \d+ 秒后再试/);
  await env.shot(clerkPage, 'pickup-09-throttled');

  // 退出: back to the login form, the merchant session gone
  await c$('#staff-logout').click();
  await c$('#staff-login').waitFor();
  expect(await clerkPage.evaluate(() => localStorage.getItem('shop.merchantSession'))).toBeNull();
  refusable = [];
  expect(problems).toEqual([]);
});

test('express: split shipping shows 部分发货 and each parcel; the shopper confirms receipt', async () => {
  const $ = on(shopperPage);
  problems.length = 0;
  await api('order', 'saveAddress', { name: '王五', phone: '13700137000', province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路 1 号', isDefault: true }, shopper);
  const nuts = await skuOf('每日坚果');
  const tee = await skuOf('TS001');
  await api('cart', 'add', { skuId: nuts, quantity: 1 }, shopper);
  await api('cart', 'add', { skuId: tee, quantity: 1 }, shopper);
  const orderId = await checkout('express');
  await payOnCashier(orderId, 'express-00-cashier');
  expect(await attr(shopperPage, '#order-status', 'data-status')).toBe('paid');
  expect(await $('#order-shipments').count()).toBe(0);
  expect(await $('#pickup-card').count()).toBe(0);

  // the merchant sends the nuts first
  const first = await api('orderAdmin', 'ship', { id: orderId, company: '顺丰速运', trackingNo: 'SF1234567890', lines: [{ skuId: nuts, quantity: 1 }] }, owner);
  expect(first.status).toBe('partly_shipped');
  await shopperPage.reload();
  await $('#order-shipments').waitFor();
  expect(await text(shopperPage, '#order-status')).toBe('部分发货');
  expect(await text(shopperPage, '#order-unshipped')).toContain('部分发货');
  const teeName = first.lines.find((l: any) => l.skuId === tee).name as string;
  const nutsName = first.lines.find((l: any) => l.skuId === nuts).name as string;
  expect(await text(shopperPage, '#order-unshipped')).toContain(teeName);
  expect(await $('.shipment').count()).toBe(1);
  expect(await text(shopperPage, '.shipment[data-no="1"]')).toContain('顺丰速运');
  expect(await text(shopperPage, '.shipment[data-no="1"]')).toContain('运单号：SF1234567890');
  expect(await text(shopperPage, '.shipment[data-no="1"]')).toContain(`${nutsName} ×1`);
  expect(await $('#order-confirm-receipt').count()).toBe(0); // not everything arrived yet
  await $('#order-shipments').scrollIntoViewIfNeeded();
  await env.shot(shopperPage, 'express-01-partly-shipped');

  // then the rest: shipped, two parcels, 确认收货
  const second = await api('orderAdmin', 'ship', { id: orderId, company: '中通快递', trackingNo: 'ZT9876543210' }, owner);
  expect(second.status).toBe('shipped');
  await shopperPage.reload();
  await until(async () => (await $('.shipment').count()) === 2);
  expect(await text(shopperPage, '#order-status')).toBe('已发货');
  expect(await $('#order-unshipped').count()).toBe(0);
  expect(await text(shopperPage, '.shipment[data-no="2"]')).toContain('中通快递');
  expect(await text(shopperPage, '.shipment[data-no="2"]')).toContain('ZT9876543210');
  expect(await text(shopperPage, '.shipment[data-no="2"]')).toContain(teeName);
  await $('#order-shipments').scrollIntoViewIfNeeded();
  await env.shot(shopperPage, 'express-02-shipped');

  // 确认收货 asks first; 再等等 changes nothing
  await $('#order-confirm-receipt').click();
  const modal = shopperPage.locator('.taro__modal .taro-modal__content').filter({ visible: true });
  await modal.waitFor();
  expect(await modal.innerText()).toContain('确认收货');
  await env.shot(shopperPage, 'express-03-confirm-dialog');
  await modal.locator('.taro-model__cancel').click();
  await modal.waitFor({ state: 'hidden' });
  expect(await attr(shopperPage, '#order-status', 'data-status')).toBe('shipped');
  await $('#order-confirm-receipt').click();
  await modal.waitFor();
  await modal.locator('.taro-model__confirm').click();
  await until(async () => (await attr(shopperPage, '#order-status', 'data-status')) === 'completed');
  expect(await text(shopperPage, '#order-status')).toBe('已完成');
  expect(await $('#order-confirm-receipt').count()).toBe(0);
  expect((await api('order', 'get', { id: orderId }, shopper)).status).toBe('completed');
  await shopperPage.getByText('已确认收货').waitFor({ state: 'hidden' });
  await env.shot(shopperPage, 'express-04-completed');
  expect(problems).toEqual([]);
});
