/**
 * 店铺装修 end to end: the owner makes a 商品分组, then builds the home page from modules in the admin (a banner with an
 * uploaded picture, a notice, the group), orders them, sees the phone preview, publishes; the H5 storefront's home on
 * a phone shows exactly those modules. 恢复上一版 then brings the demo's page back.
 */
import type { Page } from 'playwright-core';
import { makePng } from '../local/src/testPng';
import { apiOf, h5, until, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
let phone: Page;
const problems: string[] = [];
const { ok } = apiOf(() => env);

const PNG = makePng(300, 136, (x, y) => ((x >> 4) + (y >> 4)) % 2 ? [30, 120, 200] : [250, 200, 60]);
const GROUP = '装修测试分组';
const NOTICE = '装修公告：本周全场包邮';
const BANNER_TITLE = '装修测试横幅';
const PICKED = ['降噪', '四件套'];

beforeAll(async () => {
  admin = watch(problems, await env.desktop());
  phone = watch(problems, await env.phone(), { who: 'phone' });
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);
/** the open antd select dropdown's option with this text */
const option = (text: string) => admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();

test('the owner builds a home page from modules, publishes it, and the storefront shows it; restore brings the previous one back', async () => {
  await env.adminLogin(admin);

  // 商品管理 → 商品分组: a group of two products picked by hand
  await admin.locator('.ant-menu-item').filter({ hasText: '商品分组' }).click();
  await tid('groups-title').waitFor();
  await tid('group-new').click();
  await tid('group-name').fill(GROUP);
  for (const name of PICKED) {
    await tid('group-add-product').click();
    await admin.locator('#activity-pick-product').click();
    await admin.locator('#activity-pick-product').fill(name);
    await option(name).click();
    await tid('pick-product-summary').waitFor();
    await tid('pick-ok').click();
    await tid('pick-ok').waitFor({ state: 'detached' });
  }
  expect(await tid('group-products').locator('.ant-list-item').count()).toBe(2);
  await tid('group-save').click();
  await tid('group-table').locator('tr').filter({ hasText: GROUP }).waitFor();

  // 店铺设置 → 店铺装修: the demo's published page is the draft; start from an empty page
  await admin.locator('.ant-menu-item').filter({ hasText: '店铺装修' }).click();
  await tid('decoration-title').waitFor();
  await tid('module-0').waitFor();
  expect(await tid('decoration-versions').innerText()).toContain('已发布 v1');
  // the demo's first banner links to a product, named in its link field
  await until(async () => (await tid('banner-link-0-target').innerText()).includes('宽松oversize卫衣'), 'the linked product\'s name');
  while (await tid('module-remove-0').count()) await tid('module-remove-0').click();

  // a banner with an uploaded picture and a title
  await tid('add-banner').click();
  await tid('banner-image-0').locator('input[type=file]').setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: PNG });
  await tid('banner-image-0-preview').waitFor();
  await tid('banner-title-0').fill(BANNER_TITLE);
  // a product group first (added before the notice, then moved below it)
  await tid('add-productGroup').click();
  await tid('group-title').fill('本周推荐');
  await admin.getByText('商品分组（手动挑选）').click();
  await tid('group-select').click();
  await option(GROUP).click();
  await tid('add-notice').click();
  await tid('notice-text').fill(NOTICE);
  await tid('module-up-2').click();
  expect(await tid('module-list').locator('[data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['banner', 'notice', 'productGroup']);
  // the phone preview follows the draft
  expect(await tid('phone-preview').locator('.pv-module').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['banner', 'notice', 'productGroup']);
  expect(await tid('phone-preview').innerText()).toContain(NOTICE);
  await tid('module-2').click();
  await env.shot(admin, 'decoration-01-editor');

  // 发布: saved and published in one go
  await tid('decoration-publish').click();
  await until(async () => (await tid('decoration-versions').innerText()).includes('已发布 v2'), 'the publication');
  const home = await ok('catalog', 'home', {});
  expect(home).toMatchObject({ source: 'published', version: 2 });
  expect(home.modules.map((m: { kind: string }) => m.kind)).toEqual(['banner', 'notice', 'productGroup']);

  // the storefront's home on a phone: the banner, the notice, then the group's two products, in that order
  const { visible, text } = h5(phone);
  await phone.goto(`${env.url}/h5/`);
  await visible('.notice-bar').waitFor();
  expect(await visible('.banner').count()).toBe(1);
  expect(await text('.banner__title')).toBe(BANNER_TITLE);
  expect(await visible('.banner__image img, img.banner__image').first().getAttribute('src')).toMatch(/\/assets\/uploads\/[0-9a-f]{64}\.png$/);
  expect(await text('.notice-bar__text')).toBe(NOTICE);
  await visible('.product-group .product-card').first().waitFor();
  const names = await visible('.product-group .product-card').allInnerTexts();
  expect(names).toHaveLength(2);
  PICKED.forEach((n, i) => expect(names[i]).toContain(n));
  expect(await text('.product-group .section-title')).toContain('本周推荐');
  expect(await visible('#flash-entry').count()).toBe(0);
  const order = await phone
    .locator('.taro_page:not([style*="display: none"]) .home')
    .evaluate((el) => Array.from(el.querySelectorAll('.banner-swiper, .notice-bar, .product-group')).map((e) => ['banner-swiper', 'notice-bar', 'product-group'].find((c) => e.classList.contains(c))));
  expect(order).toEqual(['banner-swiper', 'notice-bar', 'product-group']);
  await env.shot(phone, 'decoration-02-phone-home');

  // 恢复上一版: the demo's page is published again (and is the draft)
  await tid('decoration-restore').click();
  await admin.locator('.ant-popconfirm .ant-btn-primary').click();
  await until(async () => (await tid('decoration-versions').innerText()).includes('已发布 v3'), 'the restore');
  expect(await tid('module-0').getAttribute('data-kind')).toBe('banner');
  expect((await ok('catalog', 'home', {})).modules.length).toBeGreaterThan(5);
  await phone.reload();
  await visible('.banner').first().waitFor();
  expect(await visible('.banner').count()).toBe(3);
  expect(problems).toEqual([]);
});
