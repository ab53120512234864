/** A shopper browses the demo shop in the H5 storefront: home -> category -> product -> picks a SKU; searches. */
import type { Page } from 'playwright-core';
import { h5, useE2E, watch } from './harness';

const env = useE2E();
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  page = watch(problems, await env.phone(), { http: true });
});

const { visible, text } = h5(() => page);
async function until(cond: () => Promise<boolean>, ms = 30_000) {
  for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(100)) if (await cond()) return;
  throw new Error('condition not met in time');
}

test('home -> category -> product -> pick a SKU shows its price and stock', async () => {
  await page.goto(`${env.url}/h5/`);
  await visible('.product-card').first().waitFor();
  await visible('.banner').first().waitFor();
  expect(await visible('.banner').count()).toBe(3);
  expect(await visible('.category-shortcut').count()).toBe(7);
  await env.shot(page, 'storefront-01-home');

  // 服饰 (clothing) is the first category
  await visible('.category-shortcut').first().click();
  await visible('.category-item--active').first().waitFor();
  expect(await text('.category-item--active')).toContain('服饰');
  await visible('.category-products .product-card').first().waitFor();
  expect(await visible('.category-products .product-card').count()).toBe(6);
  await env.shot(page, 'storefront-02-category');

  // open the T-shirt (colour x size), pick a colour and a size
  await visible('.category-products .product-card', ).filter({ hasText: '纯棉圆领短袖T恤' }).first().click();
  await visible('#product-price').waitFor();
  expect(await text('.product-name')).toBe('纯棉圆领短袖T恤');
  expect(await text('#product-price')).toBe('¥59.00 - ¥64.90');
  await env.shot(page, 'storefront-03-product');

  await visible('.sku-open').click();
  await visible('.sku-popup').waitFor();
  await visible('.sku-spec[data-spec="颜色"] .sku-value[data-value="黑色"]').click();
  await visible('.sku-spec[data-spec="尺码"] .sku-value[data-value="XL"]').click();
  // the server's own figures for that SKU
  const detail = await fetch(`${env.url}/api/fn/catalog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'list', data: { keyword: 'TS001' } }),
  }).then((r) => r.json());
  const id = detail.data.items[0]._id;
  const full = await fetch(`${env.url}/api/fn/catalog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'detail', data: { id } }),
  }).then((r) => r.json());
  const sku = full.data.skus.find((s: { specValues: string[] }) => s.specValues.join('/') === '黑色/XL');
  expect(await text('#sku-price')).toBe(`¥${(sku.price / 100).toFixed(2)}`);
  expect(await text('#sku-stock')).toContain(String(sku.stock));
  expect(await text('#sku-selected')).toContain('黑色');
  expect(await visible('.sku-popup').getAttribute('data-sku')).toBe(sku._id);
  // with the picker open, its own buttons are the ones to tap (they carry the ids #add-to-cart / #buy-now)
  expect(await visible('.sku-popup #add-to-cart').getAttribute('disabled')).toBeNull();
  expect(await visible('.sku-popup #buy-now').count()).toBe(1);
  await env.shot(page, 'storefront-04-sku');
});

test('search finds products by keyword and shows an empty state otherwise', async () => {
  await page.goto(`${env.url}/h5/#/pages/search/index`);
  await visible('.search-input .weui-input').waitFor();
  await visible('.search-input .weui-input').fill('耳机');
  await visible('.search-input .weui-input').press('Enter');
  // the page may list products before the keyword applies: wait until the results are the keyword's
  await until(async () => (await visible('.search-total').count()) > 0 && (await text('.search-total')) === '1');
  await visible('.product-card').first().waitFor();
  expect(await visible('.product-card').count()).toBe(1);
  expect(await text('.product-card .product-card__name')).toContain('降噪蓝牙耳机');
  await env.shot(page, 'storefront-05-search');
  await visible('.search-input .weui-input').fill('不存在的商品');
  await visible('.search-input .weui-input').press('Enter');
  await visible('.search-empty').waitFor();
  expect(problems).toEqual([]);
});
