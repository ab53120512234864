/**
 * 店铺信息 (issue 16) and 客服 (issue 15): before the owner sets a phone, the H5 product page has no 客服, and the home
 * page shows the shop's name beside its first character; the owner fills 店铺信息 in the admin (a wrong phone is
 * refused under its field, a logo uploaded), and then the home page shows the logo and the new name, and the product
 * page's bottom bar and the order page show 客服 with that phone, which asks before calling it.
 */
import type { Page } from 'playwright-core';
import { makePng } from '../local/src/testPng';
import { apiOf, h5, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api } = apiOf(() => env);
let admin: Page;
let phone: Page;
const problems: string[] = [];

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true, http: true });
  phone = watch(problems, await env.phone(), { console: true, http: true, who: 'storefront' });
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);
const { visible, text, attr } = h5(() => phone);
const productId = async (keyword: string) => (await api('catalog', 'list', { keyword, page: 1, pageSize: 1 })).items[0]._id as string;

const LOGO = makePng(120, 120, (x, y) => ((x - 60) ** 2 + (y - 60) ** 2 < 45 ** 2 ? [233, 59, 61] : [255, 255, 255]));

test('no logo set: the H5 home page shows the shop name beside its first character', async () => {
  await phone.goto(`${env.url}/h5/#/pages/home/index`);
  await visible('#shop-header').waitFor();
  expect(await text('#shop-name')).toBe('微商城');
  expect(await text('#shop-logo-fallback')).toBe('微');
  expect(await visible('#shop-logo').count()).toBe(0);
  await env.shot(phone, 'shop-info-00-home-no-logo');
});

test('no phone set: the H5 product page has no 客服', async () => {
  await phone.goto(`${env.url}/h5/#/pages/product/index?id=${await productId('每日坚果')}`);
  await visible('#product-price').waitFor();
  await phone.waitForTimeout(500); // catalog.shopInfo has answered
  expect(await visible('#product-service').count()).toBe(0);
});

test('the owner sets 店铺信息; the product page and the order page show 客服 with the phone', async () => {
  await env.adminLogin(admin, 'admin', 'admin123', '/settings/shop');
  await tid('shop-info-form').waitFor();
  expect(await admin.locator('.ant-menu-item-selected').innerText()).toContain('店铺信息');
  expect(await admin.locator('#shop-name').inputValue()).toBe('微商城');

  // a wrong phone is refused in the form, nothing is sent
  await admin.locator('#shop-name').fill('林记好物');
  await admin.locator('#shop-service-phone').fill('12345');
  await tid('shop-info-save').click();
  await admin.getByText('请输入手机号、带区号的固定电话').waitFor();
  expect((await api('catalog', 'shopInfo', {})).name).toBe('微商城');

  await admin.locator('#shop-service-phone').fill('021-61234567');
  await admin.locator('[data-testid="shop-logo"] input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO });
  await tid('shop-logo-preview').waitFor();
  await admin.locator('#shop-share-title').fill('林记好物，天天上新');
  const picture = (await api('catalog', 'detail', { id: await productId('TS001') })).images[0] as string;
  await tid('shop-share-image-url').fill(picture);
  await tid('shop-share-image-url').press('Enter');
  await tid('shop-share-image-preview').waitFor();
  await env.shot(admin, 'shop-info-01-admin');
  await tid('shop-info-save').click();
  await admin.getByText('店铺信息已保存').waitFor();

  const info = await api('catalog', 'shopInfo', {});
  expect(info).toMatchObject({ name: '林记好物', servicePhone: '021-61234567', shareTitle: '林记好物，天天上新', shareImage: picture });
  expect(info.logo).toMatch(/^\/assets\/uploads\/[0-9a-f]{64}\.png$/);

  // the storefront's home page, opened again: the uploaded logo and the new name at the top
  await phone.goto(`${env.url}/h5/#/pages/home/index`);
  await phone.reload();
  await visible('#shop-logo').waitFor();
  expect(await text('#shop-name')).toBe('林记好物');
  expect(await visible('#shop-logo-fallback').count()).toBe(0);
  expect(await visible('#shop-logo img').getAttribute('src')).toBe(info.logo);
  await phone.waitForFunction(() => {
    const img = document.querySelector('.taro_page:not([style*="display: none"]) #shop-logo img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth === 120;
  });
  await env.shot(phone, 'shop-info-01b-home-logo');

  // the storefront, opened again: 客服 in the product page's bottom bar, asking before it calls
  await phone.goto(`${env.url}/h5/#/pages/product/index?id=${await productId('TS001')}`);
  await phone.reload();
  await visible('#product-service').waitFor();
  expect(await text('#product-service')).toBe('客服');
  expect(await attr('#product-service', 'data-phone')).toBe('021-61234567');
  // the bar keeps its buttons on one line, side by side, inside the phone's width
  const boxes = await Promise.all(['.product-bar__home >> nth=0', '#product-service', '.product-bar__cart', '#add-to-cart', '#buy-now'].map((s) => visible(s).boundingBox()));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width - 1);
  expect(boxes[4]!.x + boxes[4]!.width).toBeLessThanOrEqual(375);
  expect(new Set(boxes.map((b) => Math.round(b!.y + b!.height / 2))).size).toBe(1);
  await env.shot(phone, 'shop-info-02-product-bar');
  await visible('#product-service').click();
  await phone.getByText('客服电话：021-61234567').waitFor();
  await env.shot(phone, 'shop-info-03-product-service');
  await phone.getByText('取消', { exact: true }).click();
  await phone.getByText('客服电话：021-61234567').waitFor({ state: 'hidden' });

  // the order page: log in as demo shopper 1, an order placed through the API, 联系客服 with the phone
  await phone.goto(`${env.url}/h5/#/pages/me/index`);
  await visible('.shopper-option[data-code="shopper-1"]').click();
  await until(async () => (await attr('#current-shopper', 'data-openid')) !== '');
  const shopper = (await api('auth', 'shopperLogin', { code: 'shopper-1' })).token as string;
  const detail = await api('catalog', 'detail', { id: await productId('每日坚果') });
  const input = { source: { items: [{ skuId: detail.skus[0]._id, quantity: 1 }] }, couponId: null, delivery: { method: 'pickup' } };
  const preview = await api('order', 'preview', input, shopper);
  const order = await api('order', 'create', { ...input, delivery: { method: 'pickup', storeId: preview.delivery.storeId }, clientRequestId: crypto.randomUUID(), expectedPayable: preview.quote.payable }, shopper);
  await phone.goto(`${env.url}/h5/#/pages/order-detail/index?id=${encodeURIComponent(order._id)}`);
  await visible('#order-service').waitFor();
  expect(await text('#order-service')).toBe('联系客服 客服电话 021-61234567 ›');
  await visible('#order-service').scrollIntoViewIfNeeded();
  await env.shot(phone, 'shop-info-04-order-service');
  await visible('#order-service').click();
  await phone.getByText('客服电话：021-61234567').waitFor();
  await phone.getByText('取消', { exact: true }).click();
  expect(problems).toEqual([]);
});
