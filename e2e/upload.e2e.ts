/**
 * A merchant uploads a product picture in the product form: a real PNG drawn in the test goes through the upload
 * button (productAdmin.uploadImage), shows as the cover thumbnail, and after saving the product's images on the
 * server include an /assets/uploads/ url that serves the PNG. A file that is not a picture is refused with a message,
 * both by the browser's check (SVG) and by the server's check of the bytes (text renamed .png).
 */
import type { Page } from 'playwright-core';
import { makePng } from '../local/src/testPng';
import { apiOf, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
let token = '';
const problems: string[] = [];

beforeAll(async () => {
  admin = watch(problems, await env.desktop());
  token = await loginMerchant();
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);

const { call, loginMerchant } = apiOf(() => env);
const api = (fn: string, action: string, data: unknown) => call(fn, action, data, token);

// a 160×160 picture: orange and cream diagonal stripes with a dark square in the middle
const PNG = makePng(160, 160, (x, y) => (x > 56 && x < 104 && y > 56 && y < 104 ? [40, 50, 70] : (x + y) % 40 < 20 ? [235, 110, 40] : [250, 225, 160]));

test('the merchant uploads a PNG in the product form, saves, and the product shows the stored picture', async () => {
  await env.adminLogin(admin, 'admin', 'admin123', '/products');
  await tid('product-table').waitFor();
  await tid('new-product').click();
  await admin.locator('#name').waitFor();
  await admin.locator('#name').fill('上传图片测试马克杯');
  await admin.locator('#code').fill('E2E-UPLOAD');
  await tid('sku-price-0').fill('39');
  await tid('sku-stock-0').fill('5');

  // refused in the browser: an SVG (it can carry scripts)
  const input = tid('image-upload');
  expect(await input.getAttribute('type')).toBe('file');
  await input.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await tid('image-error').waitFor();
  expect(await tid('image-error').innerText()).toMatch(/logo\.svg.*只支持 PNG、JPEG、GIF、WebP/);

  // refused by the server, which looks at the bytes: text that claims to be a PNG
  await input.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await admin.waitForFunction(() => /fake\.png 上传失败/.test(document.querySelector('[data-testid="image-error"]')?.textContent ?? ''));
  expect(await tid('image-error').innerText()).toMatch(/fake\.png 上传失败：只支持 PNG、JPEG、GIF、WebP 格式的图片（only PNG, JPEG, GIF and WebP/);
  expect(await tid('image-0').count()).toBe(0);
  await tid('images-field').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-09-upload-refused');

  // a real PNG: uploaded, shown as the cover
  await input.setInputFiles({ name: 'mug.png', mimeType: 'image/png', buffer: PNG });
  await tid('image-0').waitFor();
  const src = await tid('image-0').locator('img').getAttribute('src');
  expect(src).toMatch(/^\/assets\/uploads\/[0-9a-f]{64}\.png$/);
  await admin.waitForFunction(() => {
    const img = document.querySelector('[data-testid="image-0"] img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth === 160;
  });
  expect(await tid('image-error').count()).toBe(0);
  await tid('images-field').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-10-upload-form');

  await tid('save-product').click();
  let product: any = null;
  for (let i = 0; i < 50 && !product; i++) {
    await admin.waitForTimeout(200);
    product = (await api('productAdmin', 'list', { code: 'E2E-UPLOAD' })).data?.items?.[0] ?? null;
  }
  expect(product).not.toBeNull();
  const uploaded = product.images.filter((u: string) => u.startsWith('/assets/uploads/'));
  expect(uploaded).toEqual([src]);
  const res = await fetch(`${env.url}${uploaded[0]}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), PNG)).toBe(0);
  expect(problems).toEqual([]);
});
