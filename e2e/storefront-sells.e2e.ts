/**
 * Issue 17, "a storefront that sells", in the H5 storefront on a phone: the address form's 所在地区 picked from the
 * region table (saved with its codes; an address typed before the picker still opens and saves), the product page's
 * 促销 (the demo's 满减), a coupon claimed from its 领券 row, the cart icon's count after 加入购物车, 提交订单 going
 * straight to the WeChat Pay simulator's cashier (cancel, then pay) and landing on the order detail, and 我的's
 * 退款/售后 count.
 */
import type { Page } from 'playwright-core';
import { apiOf, h5, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api } = apiOf(() => env);
let page: Page;
let shopper: string;
const problems: string[] = [];

beforeAll(async () => {
  page = watch(problems, await env.phone(), { console: /status of 404/, http: (r) => r.url().endsWith('/favicon.ico') });
  await page.goto(`${env.url}/h5/#/pages/me/index`);
  await h5(page).visible('.shopper-option[data-code="shopper-2"]').click();
  await until(async () => ((await h5(page).visible('#current-shopper').getAttribute('data-openid')) ?? '') !== '', 'login');
  shopper = (await api('auth', 'shopperLogin', { code: 'shopper-2' })).token;
});
afterAll(() => expect(problems).toEqual([]));

const { visible, text, attr, pickRegion } = h5(() => page);
const productId = async (keyword: string) => (await api('catalog', 'list', { keyword, page: 1, pageSize: 1 })).items[0]._id as string;

test('所在地区: province, city and district picked from the list are saved with their codes', async () => {
  await page.goto(`${env.url}/h5/#/pages/address-edit/index`);
  await visible('#addr-region').waitFor();
  // H5 has no WeChat address book: no 微信地址导入
  expect(await visible('#addr-import-wx').count()).toBe(0);
  await visible('#addr-name .weui-input').fill('李四');
  await visible('#addr-phone .weui-input').fill('13700000000');
  // the sheet's third list, before the district is tapped
  await visible('#addr-region').click();
  await visible('.region-sheet .region-item[data-code="330000"]').click();
  await visible('.region-sheet .region-item[data-code="330100"]').click();
  await visible('.region-sheet .region-list[data-level="2"]').waitFor();
  await env.shot(page, 'sells-01-region-sheet');
  await visible('.region-sheet .sheet__close').click();
  await pickRegion('330000', '330100', '330106');
  expect(await text('#addr-region')).toContain('浙江省 杭州市 西湖区');
  await visible('#addr-detail .weui-input').fill('文三路 90 号');
  await env.shot(page, 'sells-02-address-form');
  await visible('#addr-save').click();
  await until(async () => (await api('order', 'addresses', {}, shopper)).length === 1, 'the address saved');
  const [saved] = await api('order', 'addresses', {}, shopper);
  expect(saved).toMatchObject({ province: '浙江省', city: '杭州市', district: '西湖区', provinceCode: '330000', cityCode: '330100', districtCode: '330106', isDefault: true });
});

test('an address typed before the picker opens with its names and saves without codes', async () => {
  const old = await api('order', 'saveAddress', { name: '王五', phone: '13500000000', province: '上海', city: '上海', district: '静安', detail: '南京西路 1 号' }, shopper);
  await page.goto(`${env.url}/h5/#/pages/address-edit/index?id=${old._id}`);
  await until(async () => (await text('#addr-region')).includes('上海 上海 静安'), 'the old region shown');
  await visible('#addr-detail .weui-input').fill('南京西路 2 号');
  await visible('#addr-save').click();
  await until(async () => (await api('order', 'addresses', {}, shopper)).some((a: any) => a.detail === '南京西路 2 号'), 'the old address saved');
  const again = (await api('order', 'addresses', {}, shopper)).find((a: any) => a._id === old._id);
  expect(again).toMatchObject({ province: '上海', city: '上海', district: '静安' });
  expect(again.provinceCode).toBeUndefined();
});

test('product page: the 满减 campaign, a coupon claimed from the 领券 row, the cart count after 加入购物车', async () => {
  await page.goto(`${env.url}/h5/#/pages/product/index?id=${await productId('TS001')}`);
  await visible('#offer-campaigns').waitFor();
  expect(await text('#offer-campaigns')).toContain('满减');
  expect(await text('#offer-campaigns')).toContain('满¥199减¥30，满¥299减¥60');
  expect(await text('#offer-freight')).toContain('快递');
  await env.shot(page, 'sells-03-product');

  const couponId = (await api('coupon', 'centre', {}, shopper)).find((c: any) => c.name === '满100享9折').couponId as string;
  await visible('#offer-coupons').click();
  await visible('.offer-coupon-sheet').waitFor();
  const btn = visible(`.offer-coupon-sheet .claim-btn[data-id="${couponId}"]`);
  expect(await btn.getAttribute('data-state')).toBe('open');
  await env.shot(page, 'sells-04-coupon-sheet');
  await btn.click();
  await until(async () => (await btn.getAttribute('data-state')) === 'claimed', 'the coupon claimed');
  expect((await api('coupon', 'mine', { status: 'usable' }, shopper)).items.some((c: any) => c.couponId === couponId)).toBe(true);
  await visible('.offer-coupon-sheet .sheet__close').click();

  // a product without specs: 加入购物车 adds one unit and the cart icon counts it
  const before = (await api('cart', 'count', {}, shopper)).count as number;
  await page.goto(`${env.url}/h5/#/pages/product/index?id=${await productId('每日坚果')}`);
  await visible('#add-to-cart').click();
  await until(async () => (await attr('#cart-badge', 'data-count')) === String(before + 1), 'the cart badge counts the new unit');
  expect(await text('#cart-badge')).toBe(String(before + 1));
  await env.shot(page, 'sells-05-cart-badge');
});

test('提交订单 opens the cashier; cancelling lands on the unpaid order, paying on the paid one', async () => {
  await page.goto(`${env.url}/h5/#/pages/product/index?id=${await productId('每日坚果')}`);
  await visible('#buy-now').click();
  await visible('#submit-order').waitFor();
  await until(async () => (await attr('#checkout-address', 'data-id')) !== '', 'the default address');
  expect(await text('#points-rate')).toMatch(/^\d+ 积分可抵 ¥\d+\.\d\d$/);
  await env.shot(page, 'sells-06-checkout');
  await visible('#submit-order').click();
  await page.waitForURL(/\/_sim\/cashier/);
  await page.locator('#sim-cancel').click();
  await page.waitForURL(/order-detail/);
  await until(async () => (await attr('#order-status', 'data-status')) === 'unpaid', 'back on the unpaid order');
  expect(page.url()).not.toMatch(/[?&]pay=1/);
  // 去支付 again, and pay
  await visible('#order-pay').click();
  await page.waitForURL(/\/_sim\/cashier/);
  await page.locator('#sim-pay').click();
  await page.waitForURL(/order-detail/);
  await until(async () => (await attr('#order-status', 'data-status')) === 'paid', 'paid');
  await env.shot(page, 'sells-07-paid-order');
});

test('我的: 退款/售后 counts the open after-sales requests', async () => {
  const [order] = (await api('order', 'list', { status: 'paid', page: 1, pageSize: 1 }, shopper)).items;
  const lines = [{ skuId: (await api('aftersale', 'quote', { orderId: order._id }, shopper)).lines[0].skuId as string, quantity: 1 }];
  const q = await api('aftersale', 'quote', { orderId: order._id, lines }, shopper);
  await api('aftersale', 'apply', { orderId: order._id, type: 'refund', reason: '不想要了', lines, amount: q.max }, shopper);
  await page.goto(`${env.url}/h5/#/pages/me/index`);
  await until(async () => (await attr('#me-aftersales', 'data-count')) === '1', 'the after-sales count');
  expect(await text('#me-aftersales .order-shortcut__count')).toBe('1');
  await env.shot(page, 'sells-08-me');
});
