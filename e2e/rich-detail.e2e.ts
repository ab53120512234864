/**
 * 图文详情 (issue 16): the merchant opens a product whose detail is old plain text, rewrites it in the rich-text
 * editor with a heading, bold text, a list, a centred line and a picture uploaded through the shop's storage, and
 * saves. The server keeps it as sanitized HTML, and the H5 product page on a phone renders it as rich content, the
 * picture no wider than the screen. A demo product with a rich detail renders too.
 */
import type { Page } from 'playwright-core';
import { makePng } from '../local/src/testPng';
import { apiOf, h5, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api, loginMerchant } = apiOf(() => env);
let admin: Page;
let phone: Page;
let token = '';
const problems: string[] = [];

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true, http: true });
  phone = watch(problems, await env.phone(), { console: true, http: true, who: 'storefront' });
  token = await loginMerchant();
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);
const { visible } = h5(() => phone);

// 600×300: wider than the phone, so the page has to scale it down
const PICTURE = makePng(600, 300, (x, y) => ((x >> 5) + (y >> 5)) % 2 ? [46, 125, 200] : [250, 240, 210]);

test('the merchant writes a rich detail with a picture; the H5 product page renders it', async () => {
  const created = await api(
    'productAdmin',
    'create',
    { name: '图文详情测试保温杯', code: 'E2E-RICH', onShelf: true, detail: '', skus: [{ specValues: [], price: 8800, stock: 9 }] },
    token,
  );

  await env.adminLogin(admin, 'admin', 'admin123', `/products/${created._id}/edit`);
  const editor = tid('rich-detail-editor');
  await editor.waitFor();
  await editor.click();

  await tid('rich-h2').click();
  await admin.keyboard.type('保温 12 小时');
  await admin.keyboard.press('Enter');
  await admin.keyboard.type('杯身采用');
  await tid('rich-bold').click();
  await admin.keyboard.type('316 不锈钢');
  await tid('rich-bold').click();
  await admin.keyboard.type('，');
  await tid('rich-italic').click();
  await admin.keyboard.type('不留异味');
  await tid('rich-italic').click();
  await admin.keyboard.press('Enter');
  await tid('rich-bullets').click();
  await admin.keyboard.type('容量 500 ml');
  await admin.keyboard.press('Enter');
  await admin.keyboard.type('重量 280 g');
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Enter'); // leaves the list
  await tid('rich-align-center').click();
  await admin.keyboard.type('— 实拍图 —');
  await admin.keyboard.press('Enter');
  await tid('rich-image-input').setInputFiles({ name: 'cup.png', mimeType: 'image/png', buffer: PICTURE });
  await editor.locator('img[src^="/assets/uploads/"]').waitFor();
  expect(await tid('rich-image-error').count()).toBe(0);
  expect(await editor.locator('h2').innerText()).toBe('保温 12 小时');
  expect(await editor.locator('li').count()).toBe(2);
  await editor.scrollIntoViewIfNeeded();
  await env.shot(admin, 'rich-detail-01-admin-editor');

  await tid('save-product').click();
  let saved: any = null;
  await until(async () => {
    saved = await api('productAdmin', 'get', { id: created._id }, token);
    return saved.detailFormat === 'html';
  }, 'the product saved with its rich detail');
  const picture = /<img src="(\/assets\/uploads\/[0-9a-f]{64}\.png)"/.exec(saved.detail)?.[1];
  expect(picture).toBeTruthy();
  expect(saved.detail).toContain('<h2>保温 12 小时</h2>');
  expect(saved.detail).toContain('<strong>316 不锈钢</strong>');
  expect(saved.detail).toContain('<em>不留异味</em>');
  expect(saved.detail).toMatch(/<ul><li><p>容量 500 ml<\/p><\/li><li><p>重量 280 g<\/p><\/li><\/ul>/);
  expect(saved.detail).toContain('<p style="text-align:center">— 实拍图 —</p>');

  // the storefront, on a phone
  await phone.goto(`${env.url}/h5/#/pages/product/index?id=${created._id}`);
  const body = visible('.rich-detail--html');
  await body.waitFor();
  expect(await body.locator('h2').innerText()).toBe('保温 12 小时');
  expect(await body.locator('strong').innerText()).toBe('316 不锈钢');
  expect(await body.locator('li').count()).toBe(2);
  expect(await body.locator('p', { hasText: '实拍图' }).evaluate((p) => getComputedStyle(p).textAlign)).toBe('center');
  const img = body.locator('img');
  expect(await img.getAttribute('src')).toBe(picture);
  await img.scrollIntoViewIfNeeded();
  await phone.waitForFunction(() => Array.from(document.querySelectorAll('.rich-detail--html img')).some((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth === 600));
  const [imgBox, bodyBox] = await Promise.all([img.boundingBox(), body.boundingBox()]);
  expect(imgBox!.width).toBeGreaterThan(200);
  expect(imgBox!.x + imgBox!.width).toBeLessThanOrEqual(bodyBox!.x + bodyBox!.width + 1);
  expect(imgBox!.x + imgBox!.width).toBeLessThanOrEqual(375);
  await body.locator('h2').scrollIntoViewIfNeeded();
  await env.shot(phone, 'rich-detail-02-h5-product');
  await img.scrollIntoViewIfNeeded();
  await env.shot(phone, 'rich-detail-03-h5-picture');
  expect(problems).toEqual([]);
});

test('a demo product with a rich detail, and an old plain one, both read on the phone', async () => {
  const rich = (await api('catalog', 'list', { keyword: '纯棉圆领短袖T恤', page: 1, pageSize: 1 })).items[0]._id as string;
  await phone.goto(`${env.url}/h5/#/pages/product/index?id=${rich}`);
  const body = visible('.rich-detail--html');
  await body.waitFor();
  expect(await body.locator('h3').allInnerTexts()).toEqual(['尺码建议', '洗护说明']);
  expect(await body.locator('img').count()).toBe(2);
  await body.locator('h3').first().scrollIntoViewIfNeeded();
  await env.shot(phone, 'rich-detail-04-h5-demo');

  // as a product saved before details were rich is stored: plain lines, shown as paragraphs, never as markup
  const plain = await api('productAdmin', 'create', { name: '旧详情商品', code: 'E2E-PLAIN', onShelf: true, skus: [{ specValues: [], price: 100, stock: 1 }] }, token);
  await env.stack.db.collection('products').doc(plain._id).update({ detail: '第一行\n<b>第二行</b>' });
  await phone.goto(`${env.url}/h5/#/pages/product/index?id=${plain._id}`);
  await visible('.rich-detail[data-format="plain"]').waitFor();
  expect(await visible('.rich-detail__p').allInnerTexts()).toEqual(['第一行', '第二行']);
  expect(problems).toEqual([]);
});
