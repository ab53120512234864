/**
 * A merchant logs in to the admin panel, creates a product with two SKUs and puts it on shelf;
 * a shopper then finds it by search in the H5 storefront and sees each SKU's price and stock.
 * Also: a wrong password is refused; a CSV with a broken row reports the line and imports nothing.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiOf, h5, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
const problems: string[] = [];

beforeAll(async () => {
  admin = watch(problems, await env.desktop());
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);

test('a wrong password is refused with the server message', async () => {
  await env.submitAdminLogin(admin, 'admin', 'wrong-password');
  await tid('login-error').waitFor();
  expect(await tid('login-error').innerText()).toMatch(/用户名或密码错误|wrong username or password/);
});

test('the merchant creates a product with two SKUs, puts it on shelf, and a shopper finds it by search', async () => {
  await admin.locator('#password').fill('admin123');
  await admin.locator('button[type=submit]').click();
  await tid('dashboard').waitFor(); // the owner lands on 概况
  await tid('side-menu').getByText('商品列表').click();
  await tid('product-table').waitFor();
  await env.shot(admin, 'admin-01-products');

  await tid('new-product').click();
  await admin.locator('#name').waitFor();
  await admin.locator('#name').fill('端到端测试保温杯');
  await admin.locator('#summary').fill('316 不锈钢，12 小时保温');
  await admin.locator('#slug').fill('e2e-thermos');
  await admin.locator('#code').fill('E2E-CUP');
  await tid('add-spec').click();
  await tid('spec-name-0').fill('容量');
  for (const v of ['350ml', '500ml']) {
    await tid('spec-value-input-0').fill(v);
    await tid('spec-value-input-0').press('Enter');
  }
  await tid('sku-price-0').waitFor();
  await tid('sku-price-0').fill('79.90');
  await tid('sku-stock-0').fill('12');
  await tid('sku-price-1').fill('99');
  await tid('sku-stock-1').fill('0');
  if ((await tid('on-shelf').getAttribute('aria-checked')) !== 'true') await tid('on-shelf').click();
  await env.shot(admin, 'admin-02-form');
  await tid('save-product').click();
  // saved: the product exists on the server with both SKUs, on shelf, prices in fen
  let id = '';
  for (let i = 0; i < 50 && !id; i++) {
    await admin.waitForTimeout(200);
    const r = await api('catalog', 'list', { keyword: 'e2e-cup' });
    id = r.data.items[0]?._id ?? '';
  }
  expect(id).not.toBe('');
  await env.shot(admin, 'admin-03-saved');
  const detail = await api('catalog', 'detail', { id });
  expect(detail.data.skus.map((s: any) => [s.specValues[0], s.price, s.stock])).toEqual([
    ['350ml', 7990, 12],
    ['500ml', 9900, 0],
  ]);

  // the shopper searches in the storefront and picks the in-stock SKU; the sold-out one is disabled
  const shop = await env.phone();
  const { visible } = h5(shop);
  await shop.goto(`${env.url}/h5/#/pages/search/index`);
  await visible('.search-input .weui-input').fill('保温杯');
  await visible('.search-input .weui-input').press('Enter');
  await visible('.product-card').filter({ hasText: '端到端测试保温杯' }).first().click();
  await visible('#product-price').waitFor();
  expect((await visible('#product-price').innerText()).trim()).toBe('¥79.90 - ¥99.00');
  await visible('.sku-open').click();
  expect(await visible('.sku-value[data-value="500ml"]').getAttribute('class')).toContain('sku-value--disabled');
  // the only in-stock value may already be chosen for the shopper; choose it if not
  if (!(await visible('.sku-value[data-value="350ml"]').getAttribute('class'))!.includes('--active')) await visible('.sku-value[data-value="350ml"]').click();
  expect((await visible('#sku-price').innerText()).trim()).toBe('¥79.90');
  expect(await visible('#sku-stock').innerText()).toContain('12');
  await env.shot(shop, 'admin-04-shopper-finds-it');
});

test('a CSV with a broken row names the line and imports nothing', async () => {
  const before = (await api('catalog', 'list', {})).data.total;
  const dir = mkdtempSync(join(tmpdir(), 'csv-'));
  const file = join(dir, 'products.csv');
  writeFileSync(file, 'name,slug,price,stock\n好商品,good-one,12.5,3\n坏价格,bad-price,abc,1\n');
  await admin.goto(`${env.url}/admin/#/import`);
  await tid('csv-file').setInputFiles(file);
  await tid('csv-submit').click();
  await tid('import-errors').waitFor();
  expect(await tid('import-errors').innerText()).toContain('3');
  await env.shot(admin, 'admin-05-import-errors');
  expect((await api('catalog', 'list', {})).data.total).toBe(before);
  expect(problems).toEqual([]);
});

const { call: api } = apiOf(() => env);
