/** Handler tests for productAdmin.uploadImage: through the gateway, stored by the local adapter, served at /assets/uploads/. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_UPLOAD_MAX_BYTES } from '@shop/types';
import { startTestGateway, type TestGateway } from './testing';
import { makePng } from './testPng';

let gw: TestGateway;
let owner: string;
let operator: string;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  operator = await gw.merchantToken('operator');
});
afterAll(() => gw.close());

const PNG = makePng(24, 16);
// a minimal JFIF header is enough for the type check: the server never decodes pictures
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);
const upload = (filename: string, bytes: Buffer | string, token = owner) =>
  gw.call('productAdmin', 'uploadImage', { filename, contentBase64: typeof bytes === 'string' ? bytes : bytes.toString('base64') }, token);
const uploads = () => (existsSync(join(gw.assetsDir, 'uploads')) ? readdirSync(join(gw.assetsDir, 'uploads')) : []);

test('a PNG is stored under its SHA-256 and then served at the returned url with the same bytes', async () => {
  const r = await upload('cup.png', PNG);
  expect(r.status).toBe(200);
  expect(r.body.data).toEqual({ url: expect.stringMatching(/^\/assets\/uploads\/[0-9a-f]{64}\.png$/), bytes: PNG.length, contentType: 'image/png' });
  const got = await gw.app.inject({ method: 'GET', url: r.body.data.url });
  expect(got.statusCode).toBe(200);
  expect(got.headers['content-type']).toBe('image/png');
  expect(Buffer.compare(got.rawPayload, PNG)).toBe(0);
});

test('the url can be used as a product image', async () => {
  const { url } = (await upload('cup.png', PNG)).body.data;
  const p = await gw.ok('productAdmin', 'create', { name: '上传图片的商品', code: 'UP1', images: [url], skus: [{ specValues: [], price: 100, stock: 1 }] }, owner);
  expect(p.images).toEqual([url]);
});

test('the same picture twice gives the same url and one file', async () => {
  const before = uploads().length;
  const a = await upload('a.png', makePng(8, 8, () => [1, 2, 3]));
  const b = await upload('another-name.png', makePng(8, 8, () => [1, 2, 3]), operator);
  expect(a.body.data.url).toBe(b.body.data.url);
  expect(uploads().length).toBe(before + 1);
  expect(uploads().filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('the type comes from the bytes: a JPEG named .png gets .jpg and image/jpeg', async () => {
  const r = await upload('photo.png', JPEG);
  expect(r.body.data).toMatchObject({ url: expect.stringMatching(/\.jpg$/), contentType: 'image/jpeg', bytes: JPEG.length });
  const got = await gw.app.inject({ method: 'GET', url: r.body.data.url });
  expect(got.headers['content-type']).toBe('image/jpeg');
});

test.each([
  ['an SVG (it can carry scripts)', 'logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
  ['an SVG named .png', 'logo.png', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')],
  ['a text file', 'notes.txt', Buffer.from('just some text, not a picture')],
  ['a text file named .jpg', 'notes.jpg', Buffer.from('just some text, not a picture')],
])('%s is refused with VALIDATION_FAILED and nothing is stored', async (_name, filename, bytes) => {
  const before = uploads().length;
  const r = await upload(filename, bytes);
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/PNG, JPEG, GIF and WebP/) });
  expect(uploads().length).toBe(before);
});

test.each([
  ['not base64', '%%% not base64 %%%'],
  ['a data: URL instead of bare base64', `data:image/png;base64,${PNG.toString('base64')}`],
  ['empty', ''],
])('%s is VALIDATION_FAILED', async (_name, text) => {
  const r = await upload('x.png', text);
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION_FAILED');
});

test('2 MB is accepted, 2 MB + 1 byte is PAYLOAD_TOO_LARGE', async () => {
  const big = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length, 0)]);
  const ok = await upload('max.png', big(IMAGE_UPLOAD_MAX_BYTES));
  expect(ok.status).toBe(200);
  expect(ok.body.data.bytes).toBe(IMAGE_UPLOAD_MAX_BYTES);
  const before = uploads().length;
  const r = await upload('too-big.png', big(IMAGE_UPLOAD_MAX_BYTES + 1));
  expect(r.status).toBe(413);
  expect(r.body).toEqual({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/2 MB/) } });
  expect(uploads().length).toBe(before);
});

test('a body over the gateway limit (3 MB) gets a PAYLOAD_TOO_LARGE envelope', async () => {
  const r = await upload('huge.png', Buffer.alloc(3 * 1024 * 1024, 1));
  expect(r.status).toBe(413);
  expect(r.body).toEqual({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/3 MB/) } });
});

test('shoppers and clerks are FORBIDDEN, anonymous callers UNAUTHENTICATED', async () => {
  const shopper = await gw.shopperToken();
  const clerk = await gw.merchantToken('clerk');
  for (const token of [shopper, clerk]) {
    const r = await upload('cup.png', PNG, token);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  }
  const anon = await gw.call('productAdmin', 'uploadImage', { filename: 'cup.png', contentBase64: PNG.toString('base64') });
  expect(anon.body.error.code).toBe('UNAUTHENTICATED');
});

test('unknown fields are refused (strict input)', async () => {
  const r = await gw.call('productAdmin', 'uploadImage', { filename: 'cup.png', contentBase64: PNG.toString('base64'), path: '../x' }, owner);
  expect(r.body.error.code).toBe('VALIDATION_FAILED');
});
